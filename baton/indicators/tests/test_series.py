"""Monthly series: the whole months before today's, across a year's end, each month's reading from
the indicator's own function; a per-programme reading only of an indicator measured per programme."""

from datetime import date

import pytest

from baton.core import registry
from baton.core.registry import Period, Reading

from ..series import last_months, monthly, read


def test_the_last_months_are_whole_months_before_this_one_oldest_first_across_the_year_end():
    months = last_months(3, date(2026, 2, 15))
    assert [m.label for m in months] == ["Nov 2025", "Dec 2025", "Jan 2026"]
    assert months[0] == Period(date(2025, 11, 1), date(2025, 11, 30))
    assert last_months(1, date(2026, 1, 1)) == [Period(date(2025, 12, 1), date(2025, 12, 31))]
    assert len(last_months(24, date(2026, 12, 6))) == 24 and last_months(24, date(2026, 12, 6))[-1].label == "Nov 2026"


def _fake(per_programme: bool):
    calls = []

    def compute(organisation, period, programme=None):
        """Numerator: a test. Denominator: none."""
        calls.append((organisation, period, programme))
        return Reading(float(period.start.month), f"month {period.start.month}")

    return registry.Indicator(
        "test.fake", "Fake", "data", "count", compute, "test", None, None, True, per_programme, 1
    ), calls


def test_monthly_reads_each_month_with_the_indicators_own_function():
    found, calls = _fake(per_programme=True)
    months = last_months(2, date(2026, 5, 3))
    series = monthly(found, "org", months, programme="p")
    assert [(label, r.value) for label, r in series] == [("Mar 2026", 3.0), ("Apr 2026", 4.0)]
    assert calls == [("org", months[0], "p"), ("org", months[1], "p")]


def test_a_programme_reading_is_refused_for_an_indicator_not_measured_per_programme():
    found, calls = _fake(per_programme=False)
    with pytest.raises(ValueError, match="not measured per programme"):
        read(found, "org", Period.month(2026, 3), programme="p")
    assert read(found, "org", Period.month(2026, 3)).value == 3.0 and calls == [("org", Period.month(2026, 3), None)]
