"""Readings of a board indicator over time: one reading per calendar month, for the XmR charts
(NHS "Making Data Count") on the indicator's page, its API answer and the board pack."""

from __future__ import annotations

from datetime import date

from baton.core.registry import Indicator, Period, Reading
from baton.core.xmr import Xmr, analyse

MONTHS_SHOWN = 24  # two years of months: enough points for the XmR rules (runs of 7, trends)


def read(indicator: Indicator, organisation, period: Period, programme=None) -> Reading:
    """One reading: for `programme` when given (the indicator must be measured per programme),
    else for the organisation."""
    if programme is not None:
        if not indicator.per_programme:
            raise ValueError(f"{indicator.key} is not measured per programme")
        return indicator.compute(organisation, period, programme=programme)
    return indicator.compute(organisation, period)


def monthly(indicator: Indicator, organisation, months: list[Period], programme=None) -> list[tuple[str, Reading]]:
    """The reading of each month of `months`, labelled ("Apr 2026"), oldest first: the indicator's
    own fixed number of queries (a month, or for all the months at once where its area counts them
    together: `core.registry.indicator_series`), whatever the size of the organisation."""
    if programme is not None and not indicator.per_programme:
        raise ValueError(f"{indicator.key} is not measured per programme")
    readings = indicator.series(organisation, months, programme)
    return [(month.label, reading) for month, reading in zip(months, readings, strict=True)]


def last_months(n: int, today: date) -> list[Period]:
    """The last `n` whole calendar months before the month of `today`, oldest first. The month
    under way is left out: a part month would look like a fall in every count (Making Data Count
    charts whole periods)."""
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    found = []
    for _ in range(n):
        found.append(Period.month(year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return found[::-1]


def analysis(indicator: Indicator, series: list[tuple[str, Reading]]) -> Xmr:
    """The XmR analysis of a monthly series, with the indicator's better direction and target;
    limits clipped to what the measure can take (no share below 0% or above 100%, no count or
    number of days below 0)."""
    floor = None if indicator.unit == "score" else 0.0
    ceiling = 100.0 if indicator.unit == "percent" else None
    return analyse(
        [(label, reading.value) for label, reading in series],
        better=indicator.better,
        target=indicator.target,
        floor=floor,
        ceiling=ceiling,
        unit=indicator.unit,
    )
