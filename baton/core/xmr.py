"""XmR charts as NHS England's "Making Data Count" draws them: a monthly series, its centre line
(the mean), its process limits and the special causes of variation, with the variation and
assurance icons and a summary in words.

- **Limits**: mean ± 2.66 × the mean moving range. A moving range is the difference between two
  consecutive months that both have a value; a month without one (None) is a gap: it is left out
  of the mean and breaks the moving ranges and the runs either side of it. Limits beyond what the
  measure can take (a share below 0% or above 100%) are clipped to `floor` and `ceiling`.
- **Special causes**, the four rules:
  1. *outside*: a point above the upper or below the lower process limit;
  2. *shift*: a run of 7 or more consecutive points on one side of the centre line. A point exactly
     on the centre line is on neither side: it ends a run (and does not start one);
  3. *trend*: 7 or more consecutive points each rising, or each falling, from the one before. Two
     equal points in a row neither rise nor fall: they end a trend;
  4. *two_of_three*: two of three consecutive points beyond two-thirds of the distance from the
     centre line to a limit, on the same side (points beyond the limit count too). The points beyond
     that line are the ones marked.
  Every point taking part in a rule is marked with it.
- **Short series**: with fewer than 2 values there is no moving range and nothing is analysed
  ("too_short"). Limits from fewer than 15 values are computed but called provisional, as Making
  Data Count advises (recalculate as the series grows).
- **Variation icon**: read from the latest point. Common cause when it breaks no rule; otherwise
  the direction of the rule it breaks (high or low; a trend's direction is its rise or fall) is
  "improving" or "concerning" according to `better`, or "neither" when the measure has no better
  direction. Where the latest point breaks rules pointing both ways, "neither".
- **Assurance icon** (only with a target and at least 2 values): "pass" when the limits lie wholly on
  the better side of the target (the process will consistently meet it), "fail" when wholly on the
  worse side, "hit_and_miss" when the target lies between them. Without a better direction there
  is no assurance.

Pure Python: no database, no Django. It lives in `core` because every level draws with it: the areas'
board-pack sections, the indicators app and the board pack (`core/xmr_chart.py` draws it as SVG,
`core/_xmr.jinja` as a chart with its icons, summary and table)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

SIGMA = 2.66  # 3 / d2, d2 = 1.128 for moving ranges of two points
RUN = 7
PROVISIONAL_BELOW = 15
RULES = ("outside", "shift", "trend", "two_of_three")
RULE_WORDS = {
    "outside": "a point outside the process limits",
    "shift": f"a run of {RUN} or more points on one side of the mean",
    "trend": f"{RUN} or more points rising or falling in a row",
    "two_of_three": "two of three points close to a process limit",
}
VARIATION_WORDS = {
    "common": "Common cause variation",
    "improving": "Special cause variation: improving",
    "concerning": "Special cause variation: concerning",
    "neither": "Special cause variation",
    "too_short": "Too few points to analyse",
}
ASSURANCE_WORDS = {
    "pass": "The target will consistently be met",
    "fail": "The target will consistently be missed",
    "hit_and_miss": "The target will be met and missed at random",
}


@dataclass(frozen=True)
class XmrPoint:
    label: str  # "Apr 2026"
    value: float | None  # None: no reading that month (a gap)
    moving_range: float | None
    special: tuple[str, ...]  # the rules this point takes part in, in RULES order
    direction: str | None = None  # where they point: "high", "low" or "mixed"; None for common cause


@dataclass(frozen=True)
class Xmr:
    points: tuple[XmrPoint, ...]
    mean: float | None
    mean_moving_range: float | None
    upper: float | None
    lower: float | None
    variation: str  # "common", "improving", "concerning", "neither" or "too_short"
    assurance: str | None  # "pass", "fail", "hit_and_miss" or None
    summary: str
    target: float | None = None
    better: str | None = None
    unit: str = "count"

    @property
    def provisional(self) -> bool:
        return self.mean is not None and self.values_count < PROVISIONAL_BELOW

    @property
    def values_count(self) -> int:
        return sum(1 for p in self.points if p.value is not None)

    @property
    def variation_text(self) -> str:
        return VARIATION_WORDS[self.variation]

    @property
    def assurance_text(self) -> str | None:
        return None if self.assurance is None else ASSURANCE_WORDS[self.assurance]

    def svg(self, *, title: str, unit: str | None = None, key: str = "xmr"):
        """The chart as inline SVG (`xmr_chart.xmr_svg`), so a template can draw it: `xmr.svg(title=...)`."""
        from .xmr_chart import xmr_svg

        return xmr_svg(self, title=title, unit=unit or self.unit, key=key)

    def rows(self, unit: str | None = None) -> list[list[str]]:
        """The data table's rows: month, value, moving range, special cause in words."""
        unit = unit or self.unit
        return [
            [
                p.label,
                fmt(p.value, unit),
                "" if p.moving_range is None else fmt(p.moving_range, "count" if unit == "days" else unit),
                "; ".join(RULE_WORDS[r] for r in p.special) or "None",
            ]
            for p in self.points
        ]

    def near_limits(self) -> tuple[float, float] | None:
        """Two-thirds of the way from the mean to each limit (rule 4's lines), before clipping."""
        if self.mean is None or self.mean_moving_range is None:
            return None
        reach = SIGMA * self.mean_moving_range * 2 / 3
        return self.mean - reach, self.mean + reach


def fmt(value: float | None, unit: str) -> str:
    """A value in words for its unit: "72.5%", "23 days", "1,204", "0.85"."""
    if value is None:
        return "no value"
    if unit == "percent":
        return f"{value:,.1f}%".replace(".0%", "%")
    if unit == "days":
        shown = f"{value:,.1f}".removesuffix(".0")
        return f"{shown} day" if shown == "1" else f"{shown} days"
    if unit == "count":
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{value:,.2f}"


def _runs(values: list[float | None], key) -> list[list[int]]:
    """Maximal runs of consecutive indexes for which key(i) gives the same non-None answer."""
    runs: list[list[int]] = []
    current: list[int] = []
    current_key = None
    for i in range(len(values)):
        k = key(i)
        if k is not None and k == current_key:
            current.append(i)
        else:
            if current:
                runs.append(current)
            current, current_key = ([i], k) if k is not None else ([], None)
    if current:
        runs.append(current)
    return runs


def analyse(
    series: Sequence[tuple[str, float | None]],
    *,
    better: str | None = None,
    target: float | None = None,
    floor: float | None = None,
    ceiling: float | None = None,
    unit: str = "count",
) -> Xmr:
    """The XmR analysis of `series` (label, value) in time order; see the module's docstring."""
    if better not in {"higher", "lower", None}:
        raise ValueError("better must be 'higher', 'lower' or None")
    labels = [label for label, _ in series]
    values = [None if v is None else float(v) for _, v in series]
    ranges: list[float | None] = [None] if values else []
    ranges += [
        abs(b - a) if a is not None and b is not None else None for a, b in zip(values, values[1:], strict=False)
    ]
    present = [v for v in values if v is not None]
    real_ranges = [r for r in ranges if r is not None]
    if len(present) < 2 or not real_ranges:
        points = tuple(XmrPoint(lab, v, r, ()) for lab, v, r in zip(labels, values, ranges, strict=True))
        mean = fmean(present) if present else None
        summary = _summary_short(labels, values, unit)
        return Xmr(points, mean, None, None, None, "too_short", None, summary, target, better, unit)

    mean = fmean(present)
    mr_bar = fmean(real_ranges)
    raw_upper, raw_lower = mean + SIGMA * mr_bar, mean - SIGMA * mr_bar
    upper = min(raw_upper, ceiling) if ceiling is not None else raw_upper
    lower = max(raw_lower, floor) if floor is not None else raw_lower
    near_high, near_low = mean + (raw_upper - mean) * 2 / 3, mean - (mean - raw_lower) * 2 / 3

    special: list[dict[str, str]] = [{} for _ in values]  # index -> {rule: "high" | "low"}

    # Rule 1: outside the limits.
    for i, v in enumerate(values):
        if v is not None and (v > upper or v < lower):
            special[i]["outside"] = "high" if v > upper else "low"

    # Rule 2: a shift of RUN points on one side of the centre line.
    def side(i: int) -> str | None:
        v = values[i]
        if v is None or v == mean:
            return None
        return "high" if v > mean else "low"

    for run in _runs(values, side):
        if len(run) >= RUN:
            for i in run:
                special[i]["shift"] = side(run[0]) or ""

    # Rule 3: a trend of RUN points each rising or each falling. A run of k steps covers k + 1 points.
    def step(i: int) -> str | None:
        if i == 0 or values[i] is None or values[i - 1] is None or values[i] == values[i - 1]:
            return None
        return "high" if values[i] > values[i - 1] else "low"  # type: ignore[operator]

    for run in _runs(values, step):
        covered = [run[0] - 1, *run]
        if len(covered) >= RUN:
            for i in covered:
                special[i]["trend"] = step(run[0]) or ""

    # Rule 4: two of three consecutive points beyond two-thirds of the way to a limit, same side.
    for start in range(len(values) - 2):
        window = range(start, start + 3)
        for direction, beyond in (
            ("high", lambda v: v is not None and v > near_high),
            ("low", lambda v: v is not None and v < near_low),
        ):
            hits = [i for i in window if beyond(values[i])]
            if len(hits) >= 2:
                for i in hits:
                    special[i]["two_of_three"] = direction

    points = tuple(
        XmrPoint(lab, v, r, tuple(rule for rule in RULES if rule in special[i]), _direction(special[i]))
        for i, (lab, v, r) in enumerate(zip(labels, values, ranges, strict=True))
    )
    last = max(i for i, v in enumerate(values) if v is not None)
    variation = _variation(special[last], better)
    assurance = _assurance(upper, lower, target, better)
    xmr = Xmr(points, mean, mr_bar, upper, lower, variation, assurance, "", target, better, unit)
    return Xmr(
        points,
        mean,
        mr_bar,
        upper,
        lower,
        variation,
        assurance,
        _summary(xmr, last, special[last]),
        target,
        better,
        unit,
    )


def _direction(rules: dict[str, str]) -> str | None:
    directions = set(rules.values())
    return None if not directions else directions.pop() if len(directions) == 1 else "mixed"


def kind(direction: str | None, better: str | None) -> str:
    """ "common" for no special cause; else "improving", "concerning" or "neither" (no better
    direction, or rules pointing both ways)."""
    if direction is None:
        return "common"
    if better is None or direction == "mixed":
        return "neither"
    return "improving" if direction == ("high" if better == "higher" else "low") else "concerning"


def _variation(rules: dict[str, str], better: str | None) -> str:
    return kind(_direction(rules), better)


def _assurance(upper: float, lower: float, target: float | None, better: str | None) -> str | None:
    if target is None or better is None:
        return None
    if better == "higher":
        return "pass" if lower >= target else "fail" if upper < target else "hit_and_miss"
    return "pass" if upper <= target else "fail" if lower > target else "hit_and_miss"


def _summary_short(labels: list[str], values: list[float | None], unit: str) -> str:
    present = [(lab, v) for lab, v in zip(labels, values, strict=True) if v is not None]
    if not present:
        return "There is no value in this period yet, so there is nothing to chart."
    lab, v = present[-1]
    return (
        f"Only {len(present)} month has a value ({lab}: {fmt(v, unit)}), too few to tell variation apart: "
        "process limits need at least 2 months in a row."
        if len(present) == 1
        else f"The latest value is {fmt(v, unit)} ({lab}). No two months in a row have values, "
        "so no process limits can be drawn yet."
    )


def _summary(xmr: Xmr, last: int, rules: dict[str, str]) -> str:
    unit = xmr.unit
    assert xmr.mean is not None and xmr.upper is not None and xmr.lower is not None
    values = [p for p in xmr.points if p.value is not None]
    latest = xmr.points[last]
    parts = [
        f"Over {len(values)} months from {values[0].label} to {values[-1].label}, the mean is {fmt(xmr.mean, unit)} "
        f"and the process limits are {fmt(xmr.lower, unit)} to {fmt(xmr.upper, unit)}"
        + (" (provisional: fewer than 15 months)." if xmr.provisional else ".")
    ]
    latest_words = f"The latest month, {latest.label}, is {fmt(latest.value, unit)}"
    if xmr.variation == "common":
        parts.append(f"{latest_words}: common cause variation, no sign that the process has changed.")
    else:
        kind = {"improving": "improvement", "concerning": "concern", "neither": "change"}[xmr.variation]
        why = "; ".join(RULE_WORDS[r] for r in RULES if r in rules)
        parts.append(f"{latest_words}: special cause variation ({kind}), from {why}.")
    earlier = sorted({r for p in xmr.points[:last] for r in p.special} - set(rules), key=RULES.index)
    if earlier:
        parts.append("Earlier in the series: " + "; ".join(RULE_WORDS[r] for r in earlier) + ".")
    if xmr.assurance is not None and xmr.target is not None:
        parts.append(f"Against the target of {fmt(xmr.target, unit)}: {ASSURANCE_WORDS[xmr.assurance].lower()}.")
    return " ".join(parts)
