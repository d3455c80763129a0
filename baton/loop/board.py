"""The loop's section of the board pack (`core.registry.board_section`): "You said, we did".
Commitments made from insight in the period, the responses recorded (adopted, partly, not
adopted), what was published on the public pages, what is overdue now, and the loop's dropped
batons: insight actioned or declined in the period with no commitment made from it. A fixed number
of queries whatever the number of commitments."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from baton.core import registry
from baton.core.registry import BoardTable, Period

from .indicators import dropped_insight
from .models import Commitment

LISTED = 15


@registry.board_section("you_said_we_did", "You said, we did", template="loop/_board.jinja", app="loop", order=50)
def loop_section(organisation, period: Period) -> dict[str, Any] | None:
    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end, time.max))
    today = timezone.localdate()
    commitments = Commitment.objects.for_org(organisation)
    counts = commitments.aggregate(
        made=Count("pk", filter=Q(created_at__gte=start, created_at__lte=end)),
        responded=Count("pk", filter=Q(done_on__gte=period.start, done_on__lte=period.end)),
        adopted=Count("pk", filter=Q(done_on__gte=period.start, done_on__lte=period.end, response="adopted")),
        partly=Count("pk", filter=Q(done_on__gte=period.start, done_on__lte=period.end, response="partly")),
        not_adopted=Count("pk", filter=Q(done_on__gte=period.start, done_on__lte=period.end, response="not_adopted")),
        published=Count("pk", filter=Q(published_at__gte=start, published_at__lte=end) & ~Q(response="")),
        overdue=Count("pk", filter=Q(response="", due_on__lt=today)),
    )
    published = list(
        commitments.published()
        .filter(published_at__gte=start, published_at__lte=end)
        .select_related("programme")
        .order_by("-published_at", "-pk")[:LISTED]
    )
    dropped_qs = dropped_insight(organisation, period.start).filter(resolved_at__lte=end)
    dropped = list(dropped_qs.select_related("stage_run__programme").order_by("resolved_at", "pk")[:LISTED])
    dropped_total = len(dropped) if len(dropped) < LISTED else dropped_qs.count()
    if not any(counts.values()) and not dropped:
        return None
    responses = BoardTable(
        "Responses to commitments recorded in the period",
        ("Response", "Commitments"),
        (
            ("Adopted", counts["adopted"]),
            ("Partly adopted", counts["partly"]),
            ("Not adopted", counts["not_adopted"]),
            ("All responses", counts["responded"]),
        ),
    )
    said_did = BoardTable(
        "You said, we did: published in the period",
        ("Programme", "You said", "We did", "Response", "Published"),
        tuple(
            (
                c.programme.name,
                c.public_said,
                c.public_did,
                c.get_response_display(),
                timezone.localtime(c.published_at).date() if c.published_at else None,
            )
            for c in published
        ),
    )
    dropped_table = BoardTable(
        "Insight actioned or declined with no commitment",
        ("Insight", "Programme", "Resolved"),
        tuple(
            (
                i.title,
                i.stage_run.programme.name,
                timezone.localtime(i.resolved_at).date() if i.resolved_at else None,
            )
            for i in dropped
        ),
    )
    tables = [responses] + ([said_did] if published else []) + ([dropped_table] if dropped else [])
    return {
        "counts": counts,
        "responses": responses,
        "said_did": said_did if published else None,
        "dropped_table": dropped_table if dropped else None,
        "dropped_total": dropped_total,
        "listed": LISTED,
        "tables": tables,
    }
