"""The Cycle's board indicators (DESIGN.md section 6), each defined once, here: stage coverage,
baton integrity and the ladder profile. The hub, the programme pages, the API and the board pack
read them through `core.registry`. Each runs a fixed number of queries, whatever the size."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from baton.core import registry
from baton.core.registry import of as _of
from baton.core.registry import start_of as _start

from . import stages
from .models import EngagementActivity, Handover, Programme, StageRun

# The ladder of engagement, lowest first. "Involve" and above share power with people; inform and
# consult do not (the share the board watches).
LADDER = tuple(EngagementActivity.Ladder)
SHARING_POWER = (
    EngagementActivity.Ladder.INVOLVE,
    EngagementActivity.Ladder.COLLABORATE,
    EngagementActivity.Ladder.DEVOLVE,
)


def _after(day: date) -> datetime:
    """The first moment after `day` ends, in Baton's time zone."""
    return _start(day + timedelta(days=1))


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@registry.indicator(
    "cycle.stage_coverage",
    "Stage coverage per programme",
    element="strategy",
    unit="percent",
    app="cycle",
    better="higher",
    per_programme=True,
    order=10,
)
def stage_coverage(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """Numerator: the stages of the Engagement Cycle (five) each programme has run: a stage counts
    once it has a stage run opened on or before the last day of the period (a run still awaiting
    its hand-over has not run). Denominator: five stages for each programme recorded by the last
    day of the period. For one programme, the share of its five stages; for the organisation, the
    programmes' average. Period: everything up to its last day (coverage builds up; it does not
    restart each month). Exclusions: programmes recorded after the period. No value when there is
    no programme. Two queries."""
    programmes = Programme.objects.for_org(organisation).filter(created_at__lt=_after(period.end))
    if programme is not None:
        programmes = programmes.filter(pk=programme.pk)
    count = programmes.count()
    if not count:
        return registry.Reading(None, "No programme was recorded by the end of this period.", 0, 0)
    run = (
        StageRun.objects.filter(programme__in=programmes, opened_on__lte=period.end)
        .values("programme", "stage")
        .distinct()
        .count()
    )
    total = len(stages.STAGES) * count
    who = "" if programme is not None else f" across {_plural(count, 'programme', 'programmes')}"
    return registry.Reading(100 * run / total, f"{_of(run, total)} stages run{who}", run, total)


@registry.indicator(
    "cycle.baton_integrity",
    "Baton integrity",
    element="data",
    unit="percent",
    app="cycle",
    better="higher",
    per_programme=True,
    order=11,
)
def baton_integrity(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """Numerator: stage-to-stage transitions in the period whose hand-over has been accepted.
    Denominator: every transition in the period: each hand-over made in the period, and each stage
    run closed in the period with no hand-over and no engagement lead's reason why none is needed
    (a dropped baton). Period: the day the hand-over was made, or the run closed. Exclusions:
    hand-overs still waiting that are within the organisation's limit for accepting them (not yet
    decided either way); runs an engagement lead excused from handing over. No value when there
    was no transition. Two queries."""
    handovers = Handover.objects.for_org(organisation).filter(
        created_at__gte=_start(period.start), created_at__lt=_after(period.end)
    )
    runs = (
        StageRun.objects.for_org(organisation)
        .closed_without_handover()
        .filter(closed_on__range=(period.start, period.end))
    )
    if programme is not None:
        handovers = handovers.filter(from_run__programme=programme)
        runs = runs.filter(programme=programme)
    cutoff = timezone.now() - timedelta(days=organisation.handover_limit_days)
    counts = handovers.exclude(status__in=Handover.WAITING, created_at__gte=cutoff).aggregate(
        made=Count("pk"), accepted=Count("pk", filter=Q(status=Handover.Status.ACCEPTED))
    )
    dropped = runs.count()
    total = counts["made"] + dropped
    if not total:
        return registry.Reading(None, "No stage handed over or closed in this period.", 0, 0)
    return registry.Reading(
        100 * counts["accepted"] / total,
        f"{_of(counts['accepted'], total)} transitions between stages had an accepted hand-over",
        counts["accepted"],
        total,
    )


@registry.indicator(
    "cycle.ladder_profile",
    "Ladder profile",
    element="data",
    unit="percent",
    app="cycle",
    better="higher",
    per_programme=True,
    order=12,
)
def ladder_profile(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """Numerator: engagement activities starting in the period at 'involve' or higher on the
    ladder of engagement (involve, collaborate, devolve: people share power). Denominator: every
    engagement activity starting in the period. The details give the count at each level, inform
    to devolve. Period: the activity's start date. Exclusions: none. No value when no activity
    started in the period. One query."""
    found = EngagementActivity.objects.for_org(organisation).filter(start_date__range=(period.start, period.end))
    if programme is not None:
        found = found.filter(stage_run__programme=programme)
    rows = found.order_by().values("ladder_level").annotate(n=Count("pk"))
    by_level = {row["ladder_level"]: row["n"] for row in rows}
    total = sum(by_level.values())
    if not total:
        return registry.Reading(None, "No engagement activity started in this period.", 0, 0)
    sharing = sum(by_level.get(level, 0) for level in SHARING_POWER)
    details = tuple(f"{level.label}: {_of(by_level.get(level, 0), total)}" for level in LADDER)
    return registry.Reading(
        100 * sharing / total,
        f"{_of(sharing, total)} activities at involve or higher",
        sharing,
        total,
        details,
    )
