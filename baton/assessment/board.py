"""The self-assessment's section of the board pack ("Self-assessment"), registered from the
AppConfig: the board indicator (`indicators.self_assessment_trend`) and, framework by framework,
each item's score in the latest completed self-assessments (up to `SHOWN`) with its change from
the one before. Ten queries, whatever the number of assessments."""

from __future__ import annotations

from typing import Any

from baton.core import registry

from . import trend
from .indicators import change_in_words, completed_by, self_assessment_trend

SHOWN = 4  # the latest completed assessments shown side by side


def _change(scores: list) -> int | None:
    if len(scores) < 2 or scores[-1] is None or scores[-2] is None:
        return None
    return scores[-1] - scores[-2]


def _signed(change: int | None) -> str:
    return "" if change is None else ("0" if change == 0 else f"{change:+d}")


@registry.board_section(
    "self_assessment", "Self-assessment", template="assessment/_board.jinja", app="assessment", order=90
)
def self_assessment_section(organisation, period: registry.Period) -> dict[str, Any] | None:
    """The latest completed self-assessments for periods ending by the period's last day, oldest to
    newest, item by item for each framework (the hub's ten elements, the ten principles, the CCG
    domains A to E), with each item's change from the assessment before and each framework's total.
    None when no self-assessment was completed by then."""
    assessments = completed_by(organisation, period.end)[-SHOWN:]
    if not assessments:
        return None
    reading = self_assessment_trend(organisation, period)
    labels = [a.period for a in assessments]
    frameworks, tables = [], []
    for t in trend.build(assessments):
        columns = ("Item", *labels, "Change")
        shown, plain = [], []
        for row in t.rows:
            change = _change(row.scores)
            name = str(row.item)
            plain.append((name, *row.scores, change))
            shown.append(
                [name, *("" if s is None else f"{s} ({t.labels.get(s, '')})" for s in row.scores), _signed(change)]
            )
        total_change = _change(t.totals)
        plain.append((f"Total (out of {t.out_of})", *t.totals, total_change))
        shown.append(
            [f"Total (out of {t.out_of})", *("" if s is None else str(s) for s in t.totals), _signed(total_change)]
        )
        moved = [
            f"{row.item}: {change_in_words(_change(row.scores))}"
            for row in t.rows
            if _change(row.scores) not in (None, 0)
        ]
        frameworks.append({"name": t.framework.name, "columns": columns, "rows": shown, "moved": moved})
        tables.append(registry.BoardTable(f"Self-assessment: {t.framework.name}", columns, tuple(plain)))
    return {
        "period": period,
        "headline": reading.text,
        "latest": assessments[-1],
        "frameworks": frameworks,
        "tables": tables,
    }
