"""Server-side SVG of representation ratios (the same in a page, the board pack's HTML and its
PDF): for each category, a bar for each group from 1 (in proportion) to its ratio, with its 95%
interval as a whisker, and a text summary. Every chart comes with a data table in the template."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .reach import Category, Reach

ROW = 26
LABEL = 230
PLOT = 400
CAP = 3.0  # ratios above 3 are drawn at the edge (the table gives the figure)


@dataclass
class Chart:
    key: str
    title: str
    svg: Markup
    summary: str


def _x(value: float, top: float) -> float:
    return LABEL + PLOT * min(value, top) / top


def category_chart(category: Category) -> Chart | None:
    rated = [g for g in category.groups if g.ratio is not None]
    if not rated:
        return None
    top = min(CAP, max(2.0, *(g.high or 0 for g in rated)))
    height = ROW * len(rated) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LABEL + PLOT + 20} {height}" '
        f'class="baton-chart" role="img" focusable="false" preserveAspectRatio="xMinYMin meet" aria-labelledby="chart-{category.key}-title">',
        f'<title id="chart-{category.key}-title">Representation ratios by {escape(category.label.lower())}</title>',
    ]
    one = _x(1, top)
    for i, g in enumerate(rated):
        y = 10 + i * ROW
        ratio, low, high = g.ratio or 0, g.low or 0, g.high or 0
        left, right = sorted((one, _x(ratio, top)))
        colour = "#d5281b" if g.under else "#005eb8"
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(g.label[:34])}</text>'
        )
        parts.append(
            f'<rect x="{left:.1f}" y="{y + 4}" width="{max(right - left, 1):.1f}" height="14" fill="{colour}"/>'
        )
        parts.append(
            f'<line x1="{_x(low, top):.1f}" x2="{_x(high, top):.1f}" y1="{y + 11}" y2="{y + 11}" '
            'stroke="#212b32" stroke-width="2"/>'
        )
    axis_y = 10 + len(rated) * ROW
    parts.append(f'<line x1="{one:.1f}" x2="{one:.1f}" y1="6" y2="{axis_y}" stroke="#212b32" stroke-dasharray="4 3"/>')
    for tick in (0, 0.5, 1, 1.5, 2, 3):
        if tick <= top:
            parts.append(
                f'<text x="{_x(tick, top):.1f}" y="{axis_y + 16}" text-anchor="middle" font-size="11">{tick:g}</text>'
            )
    parts.append("</svg>")
    return Chart(category.key, category.label, Markup("".join(parts)), summary(category))


def summary(category: Category) -> str:
    """The chart in words."""
    rated = [g for g in category.groups if g.ratio is not None]
    under = [g.label for g in rated if g.under]
    over = [g.label for g in rated if g.low is not None and g.low > 1]
    words = [f"{category.label}: ratios for {len(rated)} groups, where 1 means in proportion to the population."]
    words.append(
        "Under-represented with 95% confidence: " + ", ".join(under) + "."
        if under
        else "No group is clearly under-represented."
    )
    if over:
        words.append("Over-represented: " + ", ".join(over) + ".")
    return " ".join(words)


def ratio_chart(reach: Reach) -> list[Chart]:
    return [c for c in (category_chart(cat) for cat in reach.categories) if c is not None]
