"""The Cycle's sections of the board pack (`core.registry.board_section`):

- "Foresight for plans": the needs and priorities coming through the first two stages (identify
  needs and aspirations; develop priorities, strategies and plans): insight recorded there in the
  period by stage and by theme, and the runs of those stages open and closed;
- "Dropped batons": hand-overs not accepted in time, stage runs closed in the period without a
  hand-over, and insight never carried forward.

A fixed number of queries whatever the organisation's size (the lists are the oldest or newest
few, with their totals)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from baton.core import registry
from baton.core.registry import BoardTable, Period

from . import stages
from .models import Handover, InsightItem, StageRun

FORESIGHT_STAGES = ("needs", "plan")
LISTED = 15  # rows of a list in the pack; the total is said in words
TOP_THEMES = 10


def _bounds(period: Period) -> tuple[datetime, datetime]:
    """The period as [start, end) moments in Baton's time zone, so an index on a timestamp serves it."""
    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end, time.max))
    return start, end


def _label(stage: str) -> str:
    return stages.label(stage)


@registry.board_section(
    "foresight", "Foresight for plans", template="cycle/_board_foresight.jinja", app="cycle", order=20
)
def foresight_section(organisation, period: Period) -> dict[str, Any] | None:
    start, end = _bounds(period)
    items = InsightItem.objects.for_org(organisation).filter(
        stage_run__stage__in=FORESIGHT_STAGES, created_at__gte=start, created_at__lte=end
    )
    by_stage = dict(items.values_list("stage_run__stage").annotate(n=Count("pk")))
    themes: Counter[str] = Counter()
    for text in items.exclude(themes="").values_list("themes", flat=True):
        for theme in {t.strip().capitalize() for t in text.split(",") if t.strip()}:
            themes[theme] += 1
    runs = (
        StageRun.objects.for_org(organisation)
        .filter(stage__in=FORESIGHT_STAGES)
        .aggregate(
            opened=Count("pk", filter=Q(opened_on__gte=period.start, opened_on__lte=period.end)),
            closed=Count("pk", filter=Q(closed_on__gte=period.start, closed_on__lte=period.end)),
            live=Count("pk", filter=~Q(status=StageRun.Status.CLOSED)),
        )
    )
    newest = list(items.select_related("stage_run__programme").order_by("-created_at", "-pk")[:LISTED])
    total = sum(by_stage.values())
    if not total and not runs["opened"] and not runs["closed"] and not runs["live"]:
        return None
    stage_table = BoardTable(
        "Insight recorded in the first two stages",
        ("Stage", "Insight items recorded in the period"),
        tuple((_label(s), by_stage.get(s, 0)) for s in FORESIGHT_STAGES),
    )
    theme_table = BoardTable(
        "Themes of the insight coming through",
        ("Theme", "Insight items"),
        tuple(themes.most_common(TOP_THEMES)),
    )
    item_table = BoardTable(
        "The newest needs and priorities",
        ("Insight", "Programme", "Stage", "Recorded", "Status"),
        tuple(
            (
                i.title,
                i.stage_run.programme.name,
                _label(i.stage_run.stage),
                timezone.localtime(i.created_at).date(),
                i.get_status_display(),
            )
            for i in newest
        ),
    )
    tables = [stage_table] + ([theme_table] if themes else []) + ([item_table] if newest else [])
    return {
        "total": total,
        "runs": runs,
        "stage_table": stage_table,
        "theme_table": theme_table if themes else None,
        "item_table": item_table if newest else None,
        "listed": LISTED,
        "tables": tables,
    }


@registry.board_section(
    "dropped_batons", "Dropped batons", template="cycle/_board_dropped.jinja", app="cycle", order=90
)
def dropped_batons_section(organisation, period: Period) -> dict[str, Any]:
    """As the pack is made: what is dropped now (overdue hand-overs, insight never carried forward)
    and the runs closed in the period without a hand-over."""
    now = timezone.now()
    limit = organisation.handover_limit_days
    overdue_qs = Handover.objects.overdue(organisation, now)
    overdue = list(overdue_qs.with_parties()[:LISTED])
    overdue_total = overdue_qs.count()
    closed_qs = (
        StageRun.objects.for_org(organisation)
        .closed_without_handover()
        .filter(closed_on__gte=period.start, closed_on__lte=period.end)
    )
    closed = list(closed_qs.select_related("programme").order_by("-closed_on", "-pk")[:LISTED])
    closed_total = closed_qs.count()
    dropped_qs = InsightItem.objects.for_org(organisation).dropped()
    by_programme = list(
        dropped_qs.values_list("stage_run__programme__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "stage_run__programme__name")[:LISTED]
    )
    dropped_total = sum(n for _, n in by_programme) if len(by_programme) < LISTED else dropped_qs.count()
    overdue_table = BoardTable(
        "Hand-overs not accepted in time",
        ("Programme", "From stage", "To stage", "Handed over", "Days overdue", "Waiting for"),
        tuple(
            (
                h.from_run.programme.name,
                _label(h.from_run.stage),
                _label(h.to_stage),
                timezone.localtime(h.created_at).date(),
                max(0, (now - h.due_by(limit)).days),
                h.next_owner.get_full_name() or h.next_owner.username if h.next_owner else "Nobody",
            )
            for h in overdue
        ),
    )
    closed_table = BoardTable(
        "Stage runs closed without a hand-over",
        ("Programme", "Stage", "Closed on"),
        tuple((r.programme.name, _label(r.stage), r.closed_on) for r in closed),
    )
    dropped_table = BoardTable(
        "Insight never carried forward, by programme",
        ("Programme", "Insight items"),
        tuple((name, n) for name, n in by_programme),
    )
    tables = [t for t in (overdue_table, closed_table, dropped_table) if t.rows]
    return {
        "overdue_total": overdue_total,
        "closed_total": closed_total,
        "dropped_total": dropped_total,
        "overdue_table": overdue_table if overdue else None,
        "closed_table": closed_table if closed else None,
        "dropped_table": dropped_table if by_programme else None,
        "limit": limit,
        "listed": LISTED,
        "tables": tables,
    }
