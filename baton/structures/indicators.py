"""The register's board indicator (DESIGN.md section 6), defined once, here: structure health, the
share of structures meeting "function before form" (DESIGN.md rule 5) by the register's own checks,
`Structure.flags()`. The hub's element 6 status, the board pack's "structure health" section and
the indicators' pages and API all read it from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Max, Q
from django.utils import timezone

from baton.core import registry

from .models import Structure


def as_at(period: registry.Period, today: date | None = None) -> date:
    """The day a period's snapshot is taken: its last day, or today while it has not ended."""
    return min(period.end, today or timezone.localdate())


@dataclass(frozen=True)
class Health:
    """The register as it stood on `on`: every structure with the reasons it is flagged (an empty
    list: healthy), in the register's order."""

    on: date
    structures: tuple[tuple[Structure, tuple[str, ...]], ...]

    @property
    def total(self) -> int:
        return len(self.structures)

    @property
    def flagged(self) -> list[tuple[Structure, tuple[str, ...]]]:
        return [(s, flags) for s, flags in self.structures if flags]

    @property
    def healthy(self) -> int:
        return self.total - len(self.flagged)

    def having(self, start: str) -> int:
        """How many structures are flagged with a reason starting `start`."""
        return sum(1 for _, flags in self.structures if any(f.startswith(start) for f in flags))


def health(organisation, on: date, programme=None) -> Health:
    """Every structure of the organisation in the register on `on` (added by the end of that day, or
    entered later with a meeting held by then: it existed; those serving `programme` if given) with its "function before form" flags as they stood that
    day (`Structure.flags(on, last_met_on)`, the latest meeting held on or before it). One query."""
    added_by = timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))
    rows = (
        Structure.objects.for_org(organisation)
        .annotate(last_met_on=Max("meetings__held_on", filter=Q(meetings__held_on__lte=on)))
        .filter(Q(created_at__lt=added_by) | Q(last_met_on__isnull=False))
        .select_related("type", "feeds_board")
        .order_by("name", "pk")
    )
    if programme is not None:
        rows = rows.filter(programme=programme)
    return Health(on, tuple((s, tuple(s.flags(on, s.last_met_on))) for s in rows))


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


REASONS = (  # (the flag's start, words for one structure, words for several)
    ("No stated purpose", "states no purpose", "state no purpose"),
    ("Not linked to a decision body", "feeds no decision body", "feed no decision body"),
    (
        "No date of review",
        "has no date of review for its terms of reference",
        "have no date of review for their terms of reference",
    ),
    (
        "Terms of reference out of date",
        "has terms of reference not reviewed in the last year",
        "have terms of reference not reviewed in the last year",
    ),
    ("No meeting recorded", "has never met", "have never met"),
    ("No meeting in the last six months", "has not met in six months", "have not met in six months"),
    ("Review overdue", "is past its review date", "are past their review date"),
)


def reasons_in_words(h: Health) -> tuple[str, ...]:
    """One line per reason structures are flagged: "2 structures state no purpose."."""
    lines = []
    for start, one, many in REASONS:
        n = h.having(start)
        if n:
            lines.append(f"{_plural(n, 'structure')} {one if n == 1 else many}.")
    return tuple(lines)


@registry.indicator(
    "structures.health",
    "Structure health",
    element="structures",
    unit="percent",
    app="structures",
    better="higher",
    monthly=False,
    per_programme=True,
    order=60,
)
def structure_health(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """Structure health: the share of the organisation's engagement structures meeting "function
    before form" (DESIGN.md rule 5) as the register stood on the last day of the period (today,
    while the period has not ended).

    Numerator: structures with no flag, meaning each states its purpose, names the decision body it
    feeds (a board in Baton or a body outside it), had its terms of reference reviewed within the
    year before that day, met within the six months before it (a meeting planned for later does
    not count) and is not past its next review date (`Structure.flags`, the register's own checks).
    Denominator: every structure in the register that day (added on or before it, or added later
    with a meeting recorded on or before it); with `programme`, only the structures serving that
    programme.
    Exclusions: structures added after the period with no meeting by its end; structures deleted
    from the register.
    A snapshot, not a monthly series: the register keeps only the latest review date, purpose and
    decision body, so a past month cannot be rebuilt. None when the register is empty. One query."""
    h = health(organisation, as_at(period), programme)
    if not h.total:
        return registry.Reading(None, "No structures in the register", 0, 0)
    share = 100 * h.healthy / h.total
    return registry.Reading(
        share,
        f"{h.healthy} of {_plural(h.total, 'structure')} healthy ({round(share)}%)",
        h.healthy,
        h.total,
        reasons_in_words(h),
    )
