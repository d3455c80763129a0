"""Insight's section of the board pack (`core.registry.board_section`): "Insight on current
services", from the imported patient feedback. Comments received in the period, their sentiment
by month over the last 24 months with the negative share as an XmR chart (Making Data Count), and
the themes mentioned most, with what changed against the period before. Four queries whatever the
number of comments. Counts under 5 are not shown (DESIGN.md rule 7), nor anything they could be
worked out from: a second count of a month when only one is hidden (its total is shown), a share
or a change whose parts include one under 5."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from baton.core import registry
from baton.core.registry import BoardTable, Period
from baton.core.xmr import analyse

from .models import FeedbackComment, FeedbackTheme

MONTHS = 24
TOP = 10
FEWEST = 5  # counts under this are not shown
NOT_LABELLED = "Labelling not possible"


SUPPRESSED = "fewer than 5"


def shown(n: int) -> int | str:
    """A count of comments as the pack shows it: under 5, "fewer than 5"."""
    return n if n == 0 or n >= FEWEST else SUPPRESSED


def shown_parts(total: int, parts: list[int]) -> list[int | str]:
    """A total and its parts as the pack shows them: each count under 5 hidden, and when only one
    part is hidden, the next smallest too, so that no hidden count can be worked out from the total
    less the others (DESIGN.md rule 7)."""
    hidden = {i for i, n in enumerate(parts) if 0 < n < FEWEST}
    if len(hidden) == 1 and total >= FEWEST and len(parts) > 1:  # a hidden total gives nothing away
        rest = sorted((n, i) for i, n in enumerate(parts) if i not in hidden)
        hidden.add(rest[0][1])
    return [SUPPRESSED if i in hidden else n for i, n in enumerate(parts)]


def safe_share(part: int, whole: int) -> float | None:
    """The percentage `part` is of `whole`, or None when it would give away a count under 5 (of the
    part, or of the rest)."""
    if whole < FEWEST or 0 < part < FEWEST or 0 < whole - part < FEWEST:
        return None
    return round(100 * part / whole, 1)


def first_month(period: Period, months: int = MONTHS) -> date:
    year, month = period.end.year, period.end.month - (months - 1)
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


@registry.board_section(
    "insight", "Insight on current services", template="insight/_board.jinja", app="insight", order=10
)
def insight_section(organisation, period: Period) -> dict[str, Any] | None:
    comments = FeedbackComment.objects.for_org(organisation)
    negative, positive, mixed = Q(sentiment__gte=4), Q(sentiment__lte=2), Q(sentiment=3)
    in_period = comments.filter(received_on__gte=period.start, received_on__lte=period.end).aggregate(
        n=Count("pk"), neg=Count("pk", filter=negative), labelled=Count("pk", filter=Q(sentiment__isnull=False))
    )
    start = first_month(period)
    by_month = {
        m: row
        for m, *row in comments.filter(received_on__gte=start, received_on__lte=period.end)
        .annotate(m=TruncMonth("received_on"))
        .values_list("m")
        .annotate(
            n=Count("pk"),
            pos=Count("pk", filter=positive),
            mix=Count("pk", filter=mixed),
            neg=Count("pk", filter=negative),
        )
        .order_by("m")
        .values_list("m", "n", "pos", "mix", "neg")
    }
    if not in_period["n"] and not by_month:
        return None
    months = Period(start, period.end).months()
    rows, series = [], []
    for m in months:
        n, pos, mix, neg = by_month.get(m.start, (0, 0, 0, 0))
        share = safe_share(neg, pos + mix + neg)
        series.append((m.label, share))
        unlabelled = n - pos - mix - neg
        parts = shown_parts(n, [pos, mix, neg, unlabelled])
        rows.append((m.label, shown(n), *parts[:3], "" if share is None else share))
    chart = analyse(series, better="lower", floor=0.0, ceiling=100.0, unit="percent")

    themes = FeedbackTheme.objects
    days = (period.end - period.start).days + 1
    before = Period(period.start - timedelta(days=days), period.start - timedelta(days=1))
    top = list(
        themes.filter(
            organisation=organisation, comment__received_on__gte=period.start, comment__received_on__lte=period.end
        )
        .exclude(code=NOT_LABELLED)
        .values_list("code")
        .annotate(k=Count("pk"))
        .order_by("-k", "code")[:TOP]
    )
    earlier = dict(
        themes.filter(
            organisation=organisation,
            code__in=[code for code, _ in top],
            comment__received_on__gte=before.start,
            comment__received_on__lte=before.end,
        )
        .values_list("code")
        .annotate(k=Count("pk"))
    )
    theme_rows = tuple(
        (code, shown(k), shown(earlier.get(code, 0)), _change(k, earlier.get(code, 0))) for code, k in top
    )
    n, neg, labelled = in_period["n"], in_period["neg"], in_period["labelled"]
    summary = (
        f"{n:,} comments were received from {period.label}."
        if n >= FEWEST
        else (
            "No comments were received in the period."
            if not n
            else "Fewer than 5 comments were received in the period."
        )
    )
    share = safe_share(neg, labelled)
    if share is not None:
        summary += f" {round(share)}% of those with a sentiment were negative."
    tables = [
        BoardTable(
            "Feedback sentiment by month",
            ("Month", "Comments", "Positive", "Neutral or mixed", "Negative", "Negative share (%)"),
            tuple(rows),
        ),
    ]
    if theme_rows:
        tables.append(
            BoardTable(
                "Feedback themes mentioned most",
                ("Theme", "Comments in the period", "In the period before", "Change"),
                theme_rows,
            )
        )
    return {
        "summary": summary,
        "chart": chart,
        "months": tables[0],
        "themes": tables[1] if theme_rows else None,
        "before": before,
        "tables": tables,
    }


def _change(now: int, then: int) -> str:
    """The change in words, never one that gives away a count under 5."""
    if then == 0 and now >= FEWEST:
        return "new this period"
    if now < FEWEST or then < FEWEST:
        return "too few to compare"
    if now == then:
        return "no change"
    return f"{'up' if now > then else 'down'} {abs(round(100 * (now - then) / then))}%"
