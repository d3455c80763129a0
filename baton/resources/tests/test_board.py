"""The board pack's "Resources" section: its figures from a small world (budgets, spend in the
period and in the year to date, spend by kind, payments with fewer than 5 claims suppressed), its
tables for the XLSX, its template rendered, nothing to report, and a fixed number of queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from baton.core import registry
from baton.core.xmr import Xmr

from ..actions import approve_claim, export_payments
from ..board import SERIES_MONTHS, resources_section, series_months
from ..models import Claim
from ..testing import make_budget, make_claim, make_spend

pytestmark = pytest.mark.django_db
Q1 = registry.Period(date(2025, 4, 1), date(2025, 6, 30))


def _world(money, claims=5, budget=True):
    p = money.p
    if budget:
        make_budget(money.programme, by=p.ellie, year=2025, amount=Decimal("2000.00"))
    make_spend(p.org, by=p.ellie, programme=money.programme, spent_on=date(2025, 5, 1), amount=Decimal("60.00"))
    make_spend(p.org, by=p.ellie, spent_on=date(2025, 6, 9), amount=Decimal("20.00"), category="training")
    made = []
    for _ in range(claims):
        claim = make_claim(money.sam_in, by=p.ellie, basis="days", quantity=Decimal(1))  # £150 each
        approve_claim(claim, by=p.fiona)
        made.append(claim)
    export_payments(p.org, by=p.fiona)
    for n, claim in enumerate(made):
        Claim.objects.filter(pk=claim.pk).update(
            day=date(2025, 5, 10 + n + (10 if not budget else 0)), paid_on=date(2025, 6, 2)
        )


def test_the_section_gives_budgets_spend_and_payments_for_the_period(money):
    _world(money)
    found = resources_section(money.p.org, Q1)
    assert found is not None
    name = money.programme.name
    assert found["budget_rows"] == [
        [name, "£2,000.00", "£810.00", "£810.00", "40.5%"],
        ["Across the organisation (no programme)", "No budget", "£20.00", "£20.00", ""],
        ["Total", "£2,000.00", "£830.00", "£830.00", "41.5%"],
    ]
    assert ["Involvement payments", "£750.00"] in found["head_rows"]
    assert ["Training", "£20.00"] in found["head_rows"]
    assert found["payments"].startswith("5 claims were paid in 1 Apr 2025 to 30 Jun 2025, £750.00 in all")
    tables = {t.title: t for t in found["tables"]}
    budgets = tables["Budgets and spend, 2025/26"]
    assert budgets.rows[0] == (name, 2000.0, 810.0, 810.0, 40.5)
    assert all(isinstance(c, (str, int, float, type(None))) for t in found["tables"] for row in t.rows for c in row)
    assert isinstance(found["spend_xmr"], Xmr) and len(found["spend_xmr"].points) == SERIES_MONTHS
    assert found["spend_xmr"].points[-1].label == "Jun 2025"


def test_spend_in_the_year_before_the_period_counts_to_date_not_to_the_period(money):
    _world(money)
    q2 = registry.Period(date(2025, 7, 1), date(2025, 9, 30))
    make_spend(
        money.p.org, by=money.p.ellie, programme=money.programme, spent_on=date(2025, 7, 4), amount=Decimal("10")
    )
    found = resources_section(money.p.org, q2)
    assert found is not None
    assert found["budget_rows"][0][2:] == ["£10.00", "£820.00", "41%"]
    assert found["payments"] == "No claim was paid in 1 Jul 2025 to 30 Sep 2025."


def test_fewer_than_5_claims_paid_are_not_counted_aloud(money):
    _world(money, claims=4)
    found = resources_section(money.p.org, Q1)
    assert found is not None
    assert found["payments"].startswith("Fewer than 5 claims were paid in 1 Apr 2025 to 30 Jun 2025, £600.00 in all")
    payments = next(t for t in found["tables"] if t.title.startswith("Payments"))
    assert payments.rows[0] == ("Claims paid", "fewer than 5")
    assert "4 claims" not in render_to_string("resources/_board.jinja", found)


def test_nothing_to_report_is_none(money):
    assert resources_section(money.p.org, Q1) is None


def test_the_template_renders_the_tables_and_charts(money):
    _world(money)
    found = resources_section(money.p.org, Q1)
    html = render_to_string("resources/_board.jinja", found)
    assert html.lstrip().startswith("<h3>") and "<h1" not in html and "<h2" not in html
    assert "£810.00" in html and "Payment turnaround by month" in html and "<svg" in html
    assert "<a " not in html and "<form" not in html and "<script" not in html


def test_the_months_of_the_series_end_with_the_last_month_over():
    months = series_months(registry.Period(date(2026, 10, 1), date(2026, 12, 31)), date(2026, 12, 6))
    assert (months[0].label, months[-1].label, len(months)) == ("Sep 2025", "Nov 2026", 15)
    months = series_months(Q1, date(2026, 12, 6), n=3)
    assert [m.label for m in months] == ["Apr 2025", "May 2025", "Jun 2025"]


def test_the_section_is_registered():
    found = [s for s in registry.board_sections() if s.key == "resources"]
    assert found and found[0].context is resources_section and found[0].template == "resources/_board.jinja"


def test_a_fixed_number_of_queries_whatever_the_size(money, django_assert_max_num_queries):
    _world(money)
    with django_assert_max_num_queries(13 + 7 * SERIES_MONTHS):
        resources_section(money.p.org, Q1)
    _world(money, claims=6, budget=False)
    make_spend(money.p.org, by=money.p.ellie, spent_on=date(2025, 3, 9), amount=Decimal("20.00"))
    with django_assert_max_num_queries(13 + 7 * SERIES_MONTHS):
        resources_section(money.p.org, Q1)
