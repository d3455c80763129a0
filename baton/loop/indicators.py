"""The loop's board indicators (DESIGN.md section 6), each defined once, here, and used by every
page, the API and (later) the board pack; and the loop's dropped batons.

Which insight counts: an item *actioned* (status "answered") or *declined* (status "closed") on or
after `since`. Items resolved before then predate the rule in Baton and are not counted as
dropped, so that turning the loop on does not flag years of history at once; by default `since` is
the start of the financial year (the hub's period)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Exists, Min, OuterRef
from django.utils import timezone

from baton.cycle.models import InsightItem

from .models import Commitment

RESOLVED = (InsightItem.Status.ANSWERED, InsightItem.Status.CLOSED)


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def resolved_insight(organisation, since: date):
    """Insight actioned or declined on or after `since`."""
    return InsightItem.objects.for_org(organisation).filter(status__in=RESOLVED, resolved_at__gte=_start(since))


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


def completion(organisation, since: date) -> Completion:
    """ "You said, we did" completion: of the insight items actioned (answered) or declined (closed)
    on or after `since`, the share with at least one commitment whose response is published on the
    public pages. None (no percentage) when nothing was resolved. Two queries."""
    resolved = resolved_insight(organisation, since)
    published = Commitment.objects.published().filter(insight_items=OuterRef("pk"))
    return Completion(published=resolved.filter(Exists(published)).count(), resolved=resolved.count())


def median_days_to_response(organisation, since: date) -> float | None:
    """Median days from insight to response: for each insight item whose first response (the
    earliest `done_on` of the commitments made from it) came on or after `since`, the days from the
    item being recorded to that response; the median over those items. None when no item has a
    response in the period. One query."""
    rows = (
        InsightItem.objects.for_org(organisation)
        .filter(commitments__done_on__isnull=False)
        .annotate(first_done=Min("commitments__done_on"))
        .filter(first_done__gte=since)
        .values_list("created_at", "first_done")
    )
    days = [max(0, (done - timezone.localtime(created).date()).days) for created, done in rows]
    return statistics.median(days) if days else None


def overdue(organisation, today: date):
    return Commitment.objects.for_org(organisation).overdue(today)
