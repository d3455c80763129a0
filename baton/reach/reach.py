"""Reach against the population (DESIGN.md rule 7): who took part in a scope (an activity, a stage
run, a programme, a structure, or the whole organisation over a period), by category, compared with
the organisation's population profile as representation ratios.

**Representation ratio** of a group = (share of the participants who answered the category who are
in the group) / (share of the population, leaving out its not-stated count, in the group). 1 means
the group took part in proportion; 0.5 half as much; 2 twice.

**95% confidence interval**: the Wilson score interval (z = 1.96) on the participants' share,
divided by the population's share. The population's share is taken as known (a census or a
registered list, not a sample), so only the participants' share is uncertain.

**Not stated** ("Not stated", "Not known" and no answer recorded at all, including people with no
equality monitoring) is shown as a count but left out of the ratios, on both sides.

**Suppression**: every count, share, ratio and interval goes through `suppression.suppress`; a
group whose count is hidden shows no share, ratio or interval either (each would give the count
back), and a category whose number of answers is hidden shows no ratios at all.

**Gaps**: a group is under-represented when the upper end of its interval is below 1 (with 95%
confidence fewer took part than the population would suggest); a declared target group of an
activity (`EngagementActivity.target_groups`, matched to monitored groups by the words in
`TARGET_WORDS`) is a gap when nobody in it has taken part.

Fixed number of queries, whatever the size: one for the headcount, one grouped count per category,
one for the profile's groups and one for the codes' labels."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from baton.people.models import EqualityCode, EqualityRecord, Participation, Person

from .models import CATEGORIES, CATEGORY_CHOICES, CORE20, IMD_QUINTILE, PopulationProfile
from .suppression import SUPPRESSED, THRESHOLD, suppress

Z = 1.959963984540054  # the 97.5th percentile of the normal distribution: a 95% interval
NOT_STATED_LABELS = {"not stated", "not known"}
QUINTILE_LABELS = {"1": "1 (most deprived: Core20)", "5": "5 (least deprived)"}
NOT_STATED = "Not stated"
# The categories reach compares (Core20 is IMD quintile 1: one row, not a category of its own).
COMPARED = [key for key, _ in CATEGORY_CHOICES if key != CORE20]

# What a declared target group's words mean, as monitored groups: (category, codes).
TARGET_WORDS: list[tuple[str, str, tuple[str, ...]]] = [
    (r"\bcarers?\b", "carer", ("Y",)),
    (r"\byoung (people|adults)\b|\byouth\b|\bteenagers?\b", "age_band", ("0-15", "16-24")),
    (r"\bchildren\b", "age_band", ("0-15",)),
    (r"\bolder (people|adults)\b|\belderly\b|\bover[- ]65s?\b", "age_band", ("65-74", "75-84", "85+")),
    (r"\bwomen\b|\bfemales?\b", "sex", ("2",)),
    (r"\bmen\b|\bmales?\b", "sex", ("1",)),
    (r"\bdisab", "disability", ("Y",)),
    (r"\bblack\b", "ethnic_category", ("M", "N", "P")),
    (r"\basian\b|\bsouth asian\b", "ethnic_category", ("H", "J", "K", "L")),
    (r"\bmixed\b", "ethnic_category", ("D", "E", "F", "G")),
    (r"\bcore ?20\b|\bdeprived\b|\bdeprivation\b", "imd_quintile", ("1",)),
    (r"\blgbt|\bgay\b|\blesbian|\bbisexual", "sexual_orientation", ("2", "3", "4")),
]


def wilson(n: int, total: int, z: float = Z) -> tuple[float, float]:
    """The Wilson score interval of the proportion n / total (Wilson 1927), which stays inside 0
    to 1 and behaves at small counts and at 0, unlike the normal approximation."""
    if total <= 0:
        return (0.0, 1.0)
    p = n / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass
class Group:
    code: str
    label: str
    count: int | None  # participants, None when hidden
    population: int = 0
    population_share: float | None = None
    share: float | None = None
    ratio: float | None = None
    low: float | None = None
    high: float | None = None
    target: bool = False

    @property
    def shown(self) -> str:
        return SUPPRESSED if self.count is None else f"{self.count:,}"

    @property
    def under(self) -> bool:
        """Under-represented with 95% confidence."""
        return self.high is not None and self.high < 1

    @property
    def ratio_text(self) -> str:
        if self.ratio is None:
            return "not shown" if self.count is None else "no population figure"
        return f"{self.ratio:.2f} ({self.low:.2f} to {self.high:.2f})"


@dataclass
class Category:
    key: str
    label: str
    groups: list[Group] = field(default_factory=list)
    answered: int | None = None
    not_stated: int | None = None

    @property
    def gaps(self) -> list[Group]:
        return [g for g in self.groups if g.under]

    @property
    def lowest(self) -> Group | None:
        rated = [g for g in self.groups if g.ratio is not None]
        return min(rated, key=lambda g: g.ratio or 0) if rated else None

    def cell(self, value: int | None) -> str:
        return SUPPRESSED if value is None else f"{value:,}"


@dataclass
class Reach:
    scope: str
    people: int | None  # everyone who took part (None: fewer than 5)
    profile: PopulationProfile | None
    categories: list[Category] = field(default_factory=list)
    target_gaps: list[str] = field(default_factory=list)  # declared target groups with nobody
    unmatched_targets: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.people is not None

    @property
    def gaps(self) -> list[tuple[Category, Group]]:
        return [(c, g) for c in self.categories for g in c.gaps]

    @property
    def has_gaps(self) -> bool:
        return bool(self.target_gaps or self.gaps)

    def category(self, key: str) -> Category | None:
        return next((c for c in self.categories if c.key == key), None)

    def gap_lines(self) -> list[str]:
        lines = [f"Nobody from the target group “{t}” has taken part." for t in self.target_gaps]
        lines += [f"{c.label}: {g.label} under-represented (ratio {g.ratio_text})." for c, g in self.gaps]
        return lines


# Who took part --------------------------------------------------------------------------------------


def participations_in(*, activity=None, stage_run=None, programme=None, structure=None, organisation=None, period=None):
    """The participations of a scope (one of them); with `period`, those overlapping it."""
    found = Participation.objects.all()
    if activity is not None:
        found = found.filter(activity=activity)
    elif stage_run is not None:
        found = found.filter(activity__stage_run=stage_run)
    elif programme is not None:
        found = found.filter(Q(activity__stage_run__programme=programme))
    elif structure is not None:
        found = found.filter(structure=structure)
    elif organisation is not None:
        found = found.filter(person__organisation=organisation)
    else:
        raise ValueError("choose a scope")
    if period is not None:
        found = found.filter(starts_on__lte=period.end).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
    return found


def current_profile(organisation) -> PopulationProfile | None:
    return PopulationProfile.objects.for_org(organisation).newest_first().first()


def codes() -> tuple[dict[str, list[tuple[str, str]]], dict[str, set[str]]]:
    """Each category's codes and labels in order (IMD quintiles added), and its not-stated codes
    ("Not stated", "Not known"). One query."""
    labels: dict[str, list[tuple[str, str]]] = {}
    unstated: dict[str, set[str]] = {}
    for category, code, label in EqualityCode.objects.order_by("category", "position", "code").values_list(
        "category", "code", "label"
    ):
        labels.setdefault(category, []).append((code, label))
        if label.strip().lower() in NOT_STATED_LABELS:
            unstated.setdefault(category, set()).add(code)
    labels[IMD_QUINTILE] = [(str(q), QUINTILE_LABELS.get(str(q), str(q))) for q in range(1, 6)]
    return labels, unstated


def code_labels() -> dict[str, list[tuple[str, str]]]:
    return codes()[0]


def population_of(profile) -> dict[str, dict[str, int]]:
    """A population profile's counts by category and code (empty without a profile). One query."""
    population: dict[str, dict[str, int]] = {}
    if profile is not None:
        for category, code, count in profile.groups.values_list("category", "code", "count"):
            population.setdefault(category, {})[code] = count
    return population


def answer_code(key: str, value) -> str | None:
    """An equality record's answer as the code reach counts: the IMD decile as its quintile;
    None for no answer."""
    if key == IMD_QUINTILE:
        return None if value is None else str((value + 1) // 2)
    return value or None


def _all_counts(people: QuerySet) -> dict[str, dict[str, int]]:
    """Each compared category's answers counted, from one query: the equality records of `people`
    (one row a person: their answers), counted here. At a large ICB a month's participants are
    tens of thousands, a count per category was a query each over the same people."""
    fields = ["imd_decile" if key == IMD_QUINTILE else key for key in COMPARED]
    raw: dict[str, Counter[str]] = {key: Counter() for key in COMPARED}
    for row in EqualityRecord.objects.filter(person__in=people).values_list(*fields).iterator(chunk_size=5000):
        for key, value in zip(COMPARED, row, strict=True):
            code = answer_code(key, value)
            if code is not None:
                raw[key][code] += 1
    return {key: dict(found) for key, found in raw.items()}


def measure(participations: QuerySet, organisation, *, scope: str, targets: str = "", profile=None) -> Reach:
    """The reach of the people with `participations` (each person once), suppressed, against the
    organisation's newest population profile (or `profile`). See the module's docstring."""
    profile = profile if profile is not None else current_profile(organisation)
    people = Person.objects.filter(pk__in=participations.values("person_id")).values("pk")
    headcount = people.count()
    if 0 < headcount < THRESHOLD:
        return Reach(scope, None, profile)
    population = population_of(profile)
    labels, unstated = codes()
    raw = _all_counts(people) if headcount else {key: {} for key in COMPARED}
    return _build(scope, headcount, profile, population, unstated, labels, raw, targets)


def measure_months(participations: QuerySet, organisation, months: list, *, scope: str = "") -> list[Reach]:
    """The reach of each of `months` (periods, oldest first): for each, exactly what `measure` gives
    for the participations overlapping it, from five queries in all instead of five a month. At
    a large ICB the 24 months of the board pack's reach charts were 24 counts over tens of
    thousands of people each (12 s); here each person's months are worked out once (numpy), and
    each category is counted for every month at once."""
    import numpy as np

    profile = current_profile(organisation)
    if not months:
        return []
    window = participations.filter(starts_on__lte=max(m.end for m in months)).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=min(m.start for m in months))
    )
    rows = list(window.values_list("person_id", "starts_on", "ends_on"))
    population = population_of(profile)
    labels, unstated = codes()
    if rows:
        person_ids, starts, ends = zip(*rows, strict=True)
        never = date.max.toordinal()
        people, row_person = np.unique(np.array(person_ids, dtype=np.int64), return_inverse=True)
        first = np.array([d.toordinal() for d in starts])
        last = np.array([never if d is None else d.toordinal() for d in ends])
        month_start = np.array([m.start.toordinal() for m in months])
        month_end = np.array([m.end.toordinal() for m in months])
        overlaps = (first[:, None] <= month_end[None, :]) & (last[:, None] >= month_start[None, :])
        took_part = np.zeros((len(people), len(months)), dtype=bool)  # person x month
        np.logical_or.at(took_part, row_person.ravel(), overlaps)
        fields = ["imd_decile" if key == IMD_QUINTILE else key for key in COMPARED]
        answers = EqualityRecord.objects.filter(person__in=Person.objects.filter(pk__in=window.values("person_id")))
        index = {int(pk): n for n, pk in enumerate(people)}
        answered: dict[str, list[tuple[int, str]]] = {key: [] for key in COMPARED}
        for person_id, *values in answers.values_list("person_id", *fields).iterator(chunk_size=5000):
            n = index[person_id]
            for key, value in zip(COMPARED, values, strict=True):
                code = answer_code(key, value)
                if code is not None:
                    answered[key].append((n, code))
        headcounts = took_part.sum(axis=0)
        raw_months: list[dict[str, dict[str, int]]] = [{key: {} for key in COMPARED} for _ in months]
        for key, pairs in answered.items():
            by_code: dict[str, list[int]] = {}
            for n, code in pairs:
                by_code.setdefault(code, []).append(n)
            for code, who in by_code.items():
                for m, count in enumerate(took_part[np.array(who)].sum(axis=0)):
                    if count:
                        raw_months[m][key][code] = int(count)
    else:
        headcounts = np.zeros(len(months), dtype=np.int64)
        raw_months = [{key: {} for key in COMPARED} for _ in months]
    found = []
    for headcount, raw in zip(headcounts.tolist(), raw_months, strict=True):
        if 0 < headcount < THRESHOLD:
            found.append(Reach(scope, None, profile))
        else:
            found.append(_build(scope, headcount, profile, population, unstated, labels, raw, ""))
    return found


def _build(scope, headcount, profile, population, unstated, labels, raw, targets) -> Reach:
    cells: dict[tuple[str, str], int] = {("", "people"): headcount}
    equations: list[dict[tuple[str, str], int]] = []
    layout: dict[str, list[tuple[str, str]]] = {}
    for key in COMPARED:
        skip = unstated.get(key, set())
        found = raw[key]
        known = [(c, lab) for c, lab in labels.get(key, []) if c not in skip]
        extra = sorted(set(found) - {c for c, _ in labels.get(key, [])})
        rows = known + [(c, f"Code {c}") for c in extra]
        if not population.get(key) and not any(found.get(c) for c, _ in rows):
            continue  # neither the population nor anyone who took part has this category
        layout[key] = rows
        for code, _ in rows:
            cells[(key, code)] = found.get(code, 0)
        answered = sum(found.get(c, 0) for c, _ in rows)
        cells[(key, "=answered")] = answered
        cells[(key, "=not_stated")] = headcount - answered
        equations.append({**{(key, c): 1 for c, _ in rows}, (key, "=answered"): -1})
        equations.append({(key, "=answered"): 1, (key, "=not_stated"): 1, ("", "people"): -1})
    shown = suppress(cells, equations)
    reach = Reach(scope, shown[("", "people")], profile)
    wanted = target_groups(targets)
    for key, rows in layout.items():
        pop = {c: n for c, n in population.get(key, {}).items() if c not in unstated.get(key, set())}
        pop_total = sum(pop.values())
        answered = shown[(key, "=answered")]
        category = Category(
            key,
            CATEGORIES.get(key, key),
            answered=answered,
            not_stated=shown[(key, "=not_stated")],
        )
        for code, label in rows:
            count = shown[(key, code)]
            group = Group(code, label, count, population=pop.get(code, 0))
            group.target = any(key == k and code in codes for _, k, codes in wanted)
            if pop_total:
                group.population_share = pop.get(code, 0) / pop_total
            if count is not None and answered:
                group.share = count / answered
                if group.population_share:
                    low, high = wilson(count, answered)
                    group.ratio = group.share / group.population_share
                    group.low, group.high = low / group.population_share, high / group.population_share
            category.groups.append(group)
        reach.categories.append(category)
    for words, key, codes in wanted:
        matched = reach.category(key)
        if matched is None or all(g.count == 0 for g in matched.groups if g.code in codes):
            reach.target_gaps.append(words)
    reach.unmatched_targets = [t for t in _split(targets) if not any(t == w for w, _, _ in wanted)]
    return reach


def _split(targets: str) -> list[str]:
    return [t.strip() for t in re.split(r"[,;]|\band\b", targets or "") if t.strip()]


def target_groups(targets: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """The declared target groups Baton can match to monitored groups: (words, category, codes)."""
    found = []
    for words in _split(targets):
        for pattern, key, codes in TARGET_WORDS:
            if re.search(pattern, words, re.IGNORECASE):
                found.append((words, key, codes))
                break
    return found


def is_open(activity, today: date) -> bool:
    """Not ended: no end date, or one today or later."""
    return activity.end_date is None or activity.end_date >= today
