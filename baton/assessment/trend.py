"""The self-assessment trend (a board indicator, DESIGN.md section 6): each framework's items
scored across completed periods, oldest to newest, with each framework's total (the CCG domains out
of 15). Defined once here; the trend page, the API and the hub panel all use it. A fixed number of
queries, whatever the number of periods."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Assessment, Framework, Item, Rating


@dataclass
class Row:
    item: Item
    scores: list  # per period: int | None


@dataclass
class FrameworkTrend:
    framework: Framework
    rows: list[Row]
    totals: list  # per period: int | None (None where an item is unscored)
    out_of: int
    labels: dict  # score -> label


def build(assessments: list[Assessment]) -> list[FrameworkTrend]:
    """The trend for `assessments` (in the order to show them). Three queries."""
    ids = [a.pk for a in assessments]
    scores = {
        (r["assessment_id"], r["item_id"]): r["score"]
        for r in Rating.objects.filter(assessment_id__in=ids).values("assessment_id", "item_id", "score")
    }
    result = []
    for framework in Framework.objects.prefetch_related("items", "levels").order_by("order", "pk"):
        items = list(framework.items.all())
        levels = list(framework.levels.all())
        top = max((lv.score for lv in levels), default=0)
        rows = [Row(item, [scores.get((a.pk, item.pk)) for a in assessments]) for item in items]
        totals = []
        for column in range(len(assessments)):
            column_scores = [row.scores[column] for row in rows]
            totals.append(None if any(s is None for s in column_scores) else sum(column_scores))
        result.append(FrameworkTrend(framework, rows, totals, top * len(items), {lv.score: lv.label for lv in levels}))
    return result


def latest_completed(organisation) -> Assessment | None:
    return Assessment.objects.for_org(organisation).completed().order_by("-period_end", "-pk").first()
