"""An XmR chart as inline SVG, drawn on the server so the page and the PDF show the same chart, with
no JavaScript. Presentation attributes only (no style attributes: the Content-Security-Policy
allows no inline style). Special causes are told apart by shape as well as colour (WCAG 1.4.1):
a point of improvement is a larger square, of concern a larger diamond, of change with no
direction a larger triangle; common cause points are small circles. The chart's title and a
description (the summary) are its accessible name; the table under it gives every figure."""

from __future__ import annotations

from markupsafe import Markup, escape

from .xmr import Xmr, fmt, kind

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 48
TEXT = "#212b32"
GREY = "#4c6272"
LINE = "#768692"
BLUE = "#005eb8"  # improving (Making Data Count's blue)
ORANGE = "#c75e00"  # concerning (a darker orange, for contrast on white)
PURPLE = "#6b2c91"  # change with no better direction
TARGET = "#007f3b"


def _point_mark(x: float, y: float, kind: str) -> str:
    if kind == "improving":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{BLUE}"></rect>'
    if kind == "concerning":
        return f'<polygon points="{x:.1f},{y - 7:.1f} {x + 7:.1f},{y:.1f} {x:.1f},{y + 7:.1f} {x - 7:.1f},{y:.1f}" fill="{ORANGE}"></polygon>'
    if kind == "neither":
        return f'<polygon points="{x:.1f},{y - 7:.1f} {x + 6:.1f},{y + 5:.1f} {x - 6:.1f},{y + 5:.1f}" fill="{PURPLE}"></polygon>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{GREY}"></circle>'


def xmr_svg(xmr: Xmr, *, title: str, unit: str, key: str = "xmr") -> Markup:
    """The chart of `xmr` as an accessible inline `<svg>` (title and description from the summary)."""
    ident = escape(key)
    head = (
        f'<svg class="baton-chart baton-xmr" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="xMinYMin meet" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(xmr.summary)} The table below gives every figure.</desc>'
    )
    values = [p.value for p in xmr.points if p.value is not None]
    if not xmr.points or not values:
        empty = f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" font-size="14" fill="{TEXT}">No values yet</text>'
        return Markup(head + empty + "</svg>")

    lines = [v for v in (xmr.mean, xmr.upper, xmr.lower, xmr.target) if v is not None]
    low, high = min(values + lines), max(values + lines)
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(xmr.points)

    def x(i: int) -> float:
        return LEFT + (plot_w * (i + 0.5) / count)

    def y(v: float) -> float:
        return TOP + plot_h * (high - v) / (high - low)

    out = [head]
    out.append(
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="{LINE}" stroke-width="1"></line>'
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="{LINE}" stroke-width="1"></line>'
    )

    def hline(v: float, colour: str, dash: str, label: str) -> None:
        yy = y(v)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{LEFT}" y1="{yy:.1f}" x2="{LEFT + plot_w}" y2="{yy:.1f}" stroke="{colour}" stroke-width="1.5"{dash_attr}></line>'
            f'<text x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end" font-size="11" fill="{TEXT}">{escape(label)}</text>'
        )

    if xmr.upper is not None and xmr.lower is not None:
        hline(xmr.upper, LINE, "6 4", fmt(xmr.upper, unit))
        hline(xmr.lower, LINE, "6 4", fmt(xmr.lower, unit))
    if xmr.mean is not None:
        hline(xmr.mean, TEXT, "", fmt(xmr.mean, unit))
    if xmr.target is not None:
        hline(xmr.target, TARGET, "2 3", f"target {fmt(xmr.target, unit)}")

    # The line, broken at a month with no value.
    segment: list[str] = []
    for i, p in enumerate(xmr.points):
        if p.value is None:
            if len(segment) > 1:
                out.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{GREY}" stroke-width="2"></polyline>'
                )
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(p.value):.1f}")
    if len(segment) > 1:
        out.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{GREY}" stroke-width="2"></polyline>')

    for i, p in enumerate(xmr.points):
        if p.value is not None:
            out.append(_point_mark(x(i), y(p.value), kind(p.direction, xmr.better)))

    step = max(1, -(-count // 8))  # at most about 8 month labels
    for i, p in enumerate(xmr.points):
        if i % step == 0 or i == count - 1:
            out.append(
                f'<text x="{x(i):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" font-size="11" fill="{TEXT}">{escape(p.label)}</text>'
            )
    out.append("</svg>")
    return Markup("".join(out))
