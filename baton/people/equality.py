"""Equality monitoring, only as counts: the aggregates of a group of people (the organisation, a
structure's current members, an activity's participants), with small numbers suppressed.

Suppression (DESIGN.md rule 7, and the NHS's small-numbers practice):

- **primary**: a count from 1 to 4 is shown as "fewer than 5" (0 is shown: it discloses nobody);
- **secondary**: within a category the cells add up to the total shown, so if exactly one cell is
  suppressed it could be worked out by subtraction; the next-smallest non-zero cell is then
  suppressed too (always possible: a total of 5 or more leaves another non-zero cell);
- a group with fewer than 5 people with answers shows nothing but that fact.

Every view of the aggregates (page, section, API) writes an audit event: who, when, which group."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from baton.core import audit
from baton.core.models import AuditEvent

from .models import EqualityCode, EqualityRecord, Participation, Person

THRESHOLD = 5
SUPPRESSED = "fewer than 5"
NO_ANSWER = "No answer recorded"


@dataclass
class Cell:
    label: str
    count: int | None  # None: suppressed

    @property
    def shown(self) -> str:
        return SUPPRESSED if self.count is None else f"{self.count:,}"


@dataclass
class Category:
    key: str
    label: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Report:
    scope: str  # "the organisation", "members of <structure>", ...
    people: int  # people in the group
    total: int | None  # people in the group with equality answers (None: suppressed)
    categories: list[Category]

    @property
    def shown(self) -> bool:
        return self.total is not None


def suppress(counts: list[int]) -> list[int | None]:
    """Primary suppression of counts 1 to 4, then secondary suppression of the next-smallest
    non-zero cell where exactly one cell was suppressed."""
    shown: list[int | None] = [None if 0 < n < THRESHOLD else n for n in counts]
    if sum(1 for s in shown if s is None) == 1:
        candidates = [(n, i) for i, n in enumerate(shown) if n]
        if candidates:
            shown[min(candidates)[1]] = None
    return shown


def report(people, scope: str) -> Report:
    """The suppressed aggregates of `people` (a QuerySet of Person). A fixed number of queries:
    one count, one group-by per category, one for the codes' labels."""
    records = EqualityRecord.objects.filter(person__in=people.values("pk"))
    headcount = people.count()
    total = records.count()
    if total < THRESHOLD:
        return Report(scope, headcount, None, [])
    codes: dict[str, list[tuple[str, str]]] = {}
    for c in EqualityCode.objects.all().order_by("category", "position", "code"):
        codes.setdefault(c.category, []).append((c.code, c.label))
    categories = []
    for key, label in [*EqualityCode.Category.choices, ("imd_quintile", "Index of Multiple Deprivation quintile")]:
        if key == "imd_quintile":
            rows = _quintiles(records)
        else:
            found = dict(records.exclude(**{key: ""}).values_list(key).annotate(n=Count("pk")))
            rows = [(name, found.pop(code, 0)) for code, name in codes.get(key, [])]
            rows += [(f"Code {code}", n) for code, n in sorted(found.items())]
        answered = sum(n for _, n in rows)
        rows.append((NO_ANSWER, total - answered))
        counts = suppress([n for _, n in rows])
        categories.append(Category(key, label, [Cell(name, n) for (name, _), n in zip(rows, counts, strict=True)]))
    return Report(scope, headcount, total, categories)


def _quintiles(records) -> list[tuple[str, int]]:
    grouped = dict(records.exclude(imd_decile=None).values_list("imd_decile").annotate(n=Count("pk")))
    names = {1: "1 (most deprived)", 5: "5 (least deprived)"}
    return [(names.get(q, str(q)), grouped.get(2 * q - 1, 0) + grouped.get(2 * q, 0)) for q in range(1, 6)]


def organisation_people(organisation_id):
    return Person.objects.for_org(organisation_id).active()


def structure_members(structure, today=None):
    """People with a participation in the structure covering today."""
    today = today or timezone.localdate()
    current = Participation.objects.filter(structure=structure, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    return Person.objects.active().filter(pk__in=current.values("person_id"))


def activity_people(activity):
    return Person.objects.active().filter(pk__in=Participation.objects.filter(activity=activity).values("person_id"))


def audit_view(record, *, by, organisation, scope: str, shown: Report) -> AuditEvent:
    """Who looked at which group's equality monitoring, and when (the event's time)."""
    return audit.record(
        record,
        AuditEvent.Verb.ACTION,
        by=by,
        action="view_equality_aggregates",
        after={"scope": scope, "people": shown.people, "shown": shown.shown},
        organisation=organisation,
    )
