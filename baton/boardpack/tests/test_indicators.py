"""Every registered indicator is in the pack: its reading for the period, its definition, and for
a monthly one the last 24 months as an XmR chart with its table (also a sheet of the XLSX)."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from baton.boardpack.generation import gather, last_months, render_html, render_xlsx
from baton.boardpack.testing import make_pack
from baton.core import registry
from baton.core.registry import Period, Reading

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(monkeypatch):
    """Two indicators registered for the test only, in place of the areas' own: a monthly count and
    a yearly percentage."""
    monkeypatch.setattr(registry, "_indicators", {})

    def months_number(organisation, period, programme=None):
        """Numerator: the month's number. Denominator: none. Period: a calendar month. Exclusions: none."""
        return Reading(float(period.end.month), f"{period.end.month} this month")

    def share(organisation, period, programme=None):
        """The share of something: a test indicator with a target."""
        return Reading(None, "no denominator", suppressed=True)

    registry.indicator("test.months", "Month number", element="data", unit="count", app="boardpack", better="higher")(
        months_number
    )
    registry.indicator(
        "test.share", "A share", element="data", unit="percent", app="boardpack", monthly=False, target=80
    )(share)
    yield


def test_last_months_are_the_24_ending_with_the_periods_last():
    found = last_months(Period(date(2026, 4, 1), date(2026, 6, 30)))
    assert len(found) == 24 and found[0].label == "Jul 2024" and found[-1].label == "Jun 2026"


def test_each_indicator_with_its_reading_definition_and_monthly_chart(personas, indicators):
    pack = make_pack(personas.org, by=personas.ellie, period_start=date(2026, 4, 1), period_end=date(2026, 6, 30))
    made = gather(pack)
    months, share = made.indicators
    assert months.reading.text == "6 this month" and months.definition.startswith("Numerator: the month's number")
    assert [p.value for p in months.chart.points][-3:] == [4.0, 5.0, 6.0]
    assert share.chart is None and share.reading.suppressed
    html = render_html(made)
    assert '<h3 id="indicator-1">Month number</h3>' in html and "Numerator: the month&#39;s number" in html
    assert "Month number, last 24 months: figures by month" in html and "<svg" in html
    assert "(fewer than 5: not shown)" in html
    _, names = render_xlsx(made)
    assert names[:3] == ["Cover sheet", "Indicators", "Month number by month"]
    book = load_workbook(io.BytesIO(render_xlsx(made)[0]))
    rows = list(book["Indicators"].iter_rows(min_row=3, values_only=True))
    assert rows[0][:3] == ("Month number", "6 this month", "6") and rows[1][2] == "suppressed (fewer than 5)"
