"""The loop's board indicators (DESIGN.md section 6), each defined once, here, and used by every
page, the API and the board pack (registered with `core.registry.indicator` below); and the
loop's dropped batons.

Which insight counts: an item *actioned* (status "answered") or *declined* (status "closed") on or
after `since`. Items resolved before then predate the rule in Baton and are not counted as
dropped, so that turning the loop on does not flag years of history at once; by default `since` is
the start of the financial year (the hub's period)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from baton.core import registry
from baton.core.registry import of as _of
from baton.core.registry import start_of as _start
from baton.cycle.models import InsightItem

from .models import NO_RESPONSE, Commitment

RESOLVED = (InsightItem.Status.ANSWERED, InsightItem.Status.CLOSED)


def resolved_insight(organisation, since: date, until: date | None = None):
    """Insight actioned or declined on or after `since` (and on or before `until`, if given)."""
    found = InsightItem.objects.for_org(organisation).filter(status__in=RESOLVED, resolved_at__gte=_start(since))
    if until is not None:
        found = found.filter(resolved_at__lt=_start(until + timedelta(days=1)))
    return found


def dropped_insight(organisation, since: date):
    """Dropped batons of the loop: insight actioned or declined on or after `since` with no
    commitment made from it. Making a commitment from an item takes it off the list."""
    made = Commitment.insight_items.through.objects.filter(insightitem_id=OuterRef("pk"))
    return resolved_insight(organisation, since).exclude(Exists(made))


@dataclass(frozen=True)
class Completion:
    published: int  # resolved items with a commitment whose response is published
    resolved: int  # all resolved items

    @property
    def percent(self) -> int | None:
        return round(100 * self.published / self.resolved) if self.resolved else None


def completion(organisation, since: date, until: date | None = None) -> Completion:
    """ "You said, we did" completion: of the insight items actioned (answered) or declined (closed)
    on or after `since` (to `until`, if given), the share with at least one commitment whose
    response is published on the public pages. None (no percentage) when nothing was resolved. Two
    queries."""
    resolved = resolved_insight(organisation, since, until)
    published = Commitment.objects.published().filter(insight_items=OuterRef("pk"))
    return Completion(published=resolved.filter(Exists(published)).count(), resolved=resolved.count())


def days_to_response(organisation, since: date, until: date | None = None) -> list[int]:
    """For each insight item whose first response (the earliest `done_on` of the commitments made
    from it) came on or after `since` (to `until`, if given), the days from the item being
    recorded to that response. One query."""
    rows = _first_responses(organisation, since, until)
    return [max(0, (done - timezone.localtime(created).date()).days) for created, done in rows]


def _first_responses(organisation, since: date, until: date | None):
    """(recorded at, first response day) of each insight item whose first response came on or
    after `since` (to `until`, if given)."""
    found = (
        InsightItem.objects.for_org(organisation)
        .filter(commitments__done_on__isnull=False)
        .annotate(first_done=Min("commitments__done_on"))
        .filter(first_done__gte=since)
    )
    if until is not None:
        found = found.filter(first_done__lte=until)
    return found.values_list("created_at", "first_done")


def median_days_to_response(organisation, since: date, until: date | None = None) -> float | None:
    """Median days from insight to response: the median of `days_to_response`. None when no item
    has a response in the period. One query."""
    days = days_to_response(organisation, since, until)
    return statistics.median(days) if days else None


def overdue(organisation, today: date):
    return Commitment.objects.for_org(organisation).overdue(today)


def overdue_on(organisation, day: date):
    """Commitments overdue on `day`: made before it, due before it, and with no response on or
    before it (none yet, or one recorded later). On today, the same as `overdue(today)`."""
    return (
        Commitment.objects.for_org(organisation)
        .filter(created_at__lt=_start(day + timedelta(days=1)), due_on__lt=day)
        .filter(Q(response=NO_RESPONSE) | Q(done_on__gt=day))
    )


# The board indicators (core.registry.indicator) ----------------------------------------------------


@registry.indicator(
    "loop.completion",
    "You said, we did: completion",
    element="data",
    unit="percent",
    app="loop",
    better="higher",
    order=50,
)
def completion_indicator(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """Numerator: insight items actioned (answered) or declined (closed) in the period that have at
    least one commitment whose response is published on the public pages. Denominator: every
    insight item actioned or declined in the period (by the day it was resolved). Period: the
    day the item was resolved. Exclusions: insight still open, and items resolved outside the
    period. No value when nothing was resolved in the period. Two queries."""
    return _completion_reading(completion(organisation, period.start, period.end))


def _month_of(months: list[registry.Period]) -> dict[tuple[int, int], int]:
    """Where each calendar month of `months` is in the list, by (year, month)."""
    return {(m.start.year, m.start.month): n for n, m in enumerate(months)}


@registry.indicator_series("loop.completion")
def completion_months(organisation, months: list[registry.Period], programme=None) -> list[registry.Reading]:
    """`completion_indicator` for each calendar month of `months`, from one query grouped by the
    month the item was resolved (in Baton's time zone, as `start_of` reads a period)."""
    where = _month_of(months)
    counts = [(0, 0)] * len(months)
    published = Commitment.objects.published().filter(insight_items=OuterRef("pk"))
    grouped = (
        resolved_insight(organisation, months[0].start, months[-1].end)
        .annotate(month=TruncMonth("resolved_at"), answered=Exists(published))
        .values("month")
        .annotate(resolved=Count("pk"), published=Count("pk", filter=Q(answered=True)))
    )
    for row in grouped:
        n = where.get((row["month"].year, row["month"].month))
        if n is not None:
            counts[n] = (row["published"], row["resolved"])
    return [_completion_reading(Completion(published=p, resolved=r)) for p, r in counts]


def _completion_reading(done: Completion) -> registry.Reading:
    if not done.resolved:
        return registry.Reading(None, "No insight was actioned or declined in this period.", 0, 0)
    return registry.Reading(
        100 * done.published / done.resolved,
        f"{_of(done.published, done.resolved)} of the insight actioned or declined has a published response",
        done.published,
        done.resolved,
    )


@registry.indicator(
    "loop.median_days",
    "Median days from insight to response",
    element="data",
    unit="days",
    app="loop",
    better="lower",
    order=51,
)
def median_days_indicator(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """The median, over insight items whose first response came in the period, of the days from
    the item being recorded to that first response (the earliest response day of the commitments
    made from it; a response recorded before the item counts as 0 days). Period: the day of the
    first response. Exclusions: items with no commitment, or whose commitments have no response
    yet. No value when no item had its first response in the period. One query."""
    return _median_reading(days_to_response(organisation, period.start, period.end))


def _median_reading(days: list[int]) -> registry.Reading:
    if not days:
        return registry.Reading(None, "No insight had its first response in this period.", None, 0)
    median = statistics.median(days)
    items = "1 insight item" if len(days) == 1 else f"{len(days)} insight items"
    return registry.Reading(float(median), f"a median of {median:g} days, over {items}", len(days), None)


@registry.indicator_series("loop.median_days")
def median_days_months(organisation, months: list[registry.Period], programme=None) -> list[registry.Reading]:
    """`median_days_indicator` for each calendar month of `months`, from one query: every first
    response in the months' span, put in the month it came in."""
    where = _month_of(months)
    days: list[list[int]] = [[] for _ in months]
    for created, done in _first_responses(organisation, months[0].start, months[-1].end):
        n = where.get((done.year, done.month))
        if n is not None:
            days[n].append(max(0, (done - timezone.localtime(created).date()).days))
    return [_median_reading(found) for found in days]


@registry.indicator(
    "loop.overdue",
    "Overdue commitments",
    element="data",
    unit="count",
    app="loop",
    better="lower",
    order=52,
)
def overdue_indicator(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """The number of commitments overdue on the last day of the period (or today, while the period
    runs): made by then, due before that day, and with no response recorded on or before it.
    Exclusions: commitments answered by that day, whatever the answer. A count, never without a
    value: 0 is a real reading. One query."""
    day = min(period.end, timezone.localdate())
    n = overdue_on(organisation, day).count()
    said = "1 commitment was" if n == 1 else f"{n} commitments were"
    return registry.Reading(float(n), f"{said} overdue on {day.day} {day:%B %Y}", n, None)
