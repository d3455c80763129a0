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


@pytest.mark.django_db
def test_every_indicator_counting_its_months_at_once_gives_what_it_gives_month_by_month():
    """An area's month-by-month count (`registry.indicator_series`) must give exactly the readings
    of its indicator's own function, month by month: over two years of the bench's realistic data
    (a small ICB), for the organisation and, where measured per programme, for programmes."""
    from baton.core.models import Organisation
    from baton.cycle.models import Programme
    from bench.make_data import generate

    generate(scale=0.004, seed=5, today=date(2026, 6, 1), log=lambda message: None)
    org = Organisation.objects.get(ods_code="QBN")
    months = last_months(24, date(2026, 6, 1)) + [Period.month(2026, 6)]  # the month under way too
    batched = [ind for ind in registry.indicators() if registry.has_series(ind.key)]
    assert {"reach.core20", "loop.completion", "loop.median_days"} <= {ind.key for ind in batched}
    programmes = list(Programme.objects.filter(organisation=org).order_by("pk")[:1])
    for ind in batched:
        for programme in [None, *programmes] if ind.per_programme else [None]:
            with registry.sharing():
                fast = ind.series(org, months, programme)
            by_month = [read(ind, org, month, programme) for month in months]
            assert fast == by_month, (ind.key, programme)
            if programme is None:  # the data gives values to compare, not only months with none
                assert sum(r.value is not None for r in by_month) >= 3, ind.key
