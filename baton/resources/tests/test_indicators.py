"""The resources area's board indicators, each against a worked example at its edges: engagement
spend against budget (what counts as spend, on which day, against which year's budget; one
programme's) and payment turnaround (paid in the period, its first and last day included; the
median of an even number). Each runs a fixed number of queries."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from baton.core import registry
from baton.cycle.models import EngagementActivity

from ..actions import approve_claim, export_payments
from ..indicators import payment_turnaround, spend_against_budget
from ..models import Claim
from ..testing import make_budget, make_claim, make_spend

pytestmark = pytest.mark.django_db
MAY = registry.Period.month(2025, 5)  # in the financial year 2025/26


def _claim(money, *, approve=True):
    claim = make_claim(money.sam_in, by=money.p.ellie, basis="days", quantity=Decimal(1))  # £150
    if approve:
        approve_claim(claim, by=money.p.fiona)
    return claim


def _spend_in_may(money):
    p = money.p
    make_budget(money.programme, by=p.ellie, year=2025, amount=Decimal("1200.00"))
    make_budget(money.programme, by=p.ellie, year=2024, amount=Decimal("99999.00"))  # another year
    make_spend(p.org, by=p.ellie, programme=money.programme, spent_on=date(2025, 5, 1), amount=Decimal("60.00"))
    make_spend(p.org, by=p.ellie, programme=money.programme, spent_on=date(2025, 4, 30), amount=Decimal("30.00"))
    make_spend(p.org, by=p.ellie, spent_on=date(2025, 5, 9), amount=Decimal("20.00"))  # the organisation's own
    EngagementActivity.objects.filter(pk=money.activity.pk).update(cost=Decimal("30.00"), start_date=date(2025, 5, 31))
    approved = _claim(money)
    waiting = _claim(money, approve=False)  # submitted, not spent
    Claim.objects.filter(pk=approved.pk).update(day=date(2025, 5, 15))
    Claim.objects.filter(pk=waiting.pk).update(day=date(2025, 5, 16))


def test_spend_against_budget_is_the_periods_spend_over_its_years_budget(money):
    _spend_in_may(money)
    reading = spend_against_budget(money.p.org, MAY)
    # £60 (1 May) + £30 (the activity, 31 May) + £150 (the approved claim) + £20 (the
    # organisation's own) = £260 of £1,200: not the £30 of 30 April, nor the claim waiting.
    assert reading.value == pytest.approx(100 * 260 / 1200)
    assert reading.text == "£260.00 spent in May 2025, 22% of the £1,200.00 budgeted for 2025/26"
    assert reading.details == (
        "Activities: £30.00.",
        "Involvement payments: £150.00.",
        "Accessibility: £80.00.",
    )


def test_one_programmes_spend_leaves_out_the_organisations_own(money):
    _spend_in_may(money)
    reading = spend_against_budget(money.p.org, MAY, programme=money.programme)
    assert reading.value == pytest.approx(20.0)  # £240 of £1,200


def test_a_period_across_two_financial_years_is_set_against_both_budgets(money):
    p = money.p
    make_budget(money.programme, by=p.ellie, year=2025, amount=Decimal("1200.00"))
    make_budget(money.programme, by=p.ellie, year=2026, amount=Decimal("2400.00"))
    make_spend(p.org, by=p.ellie, programme=money.programme, spent_on=date(2026, 3, 10), amount=Decimal("360.00"))
    reading = spend_against_budget(p.org, registry.Period(date(2026, 3, 1), date(2026, 4, 30)))
    assert reading.value == pytest.approx(10.0)
    assert reading.text.endswith("budgeted for 2025/26 and 2026/27")


def test_no_budget_gives_no_value_not_a_made_up_share(money):
    make_spend(money.p.org, by=money.p.ellie, spent_on=date(2025, 5, 9), amount=Decimal("20.00"))
    reading = spend_against_budget(money.p.org, MAY)
    assert reading.value is None
    assert reading.text == "£20.00 spent; no engagement budget set for 2025/26"


def _paid(claim, *, submitted: date, paid: date):
    when = timezone.make_aware(datetime.combine(submitted, time(15)))
    Claim.objects.filter(pk=claim.pk).update(submitted_at=when, paid_on=paid)


def test_payment_turnaround_is_the_median_wait_of_claims_paid_in_the_period(money):
    claims = [_claim(money) for _ in range(6)]
    export_payments(money.p.org, by=money.p.fiona)
    _paid(claims[0], submitted=date(2025, 4, 28), paid=date(2025, 5, 1))  # 3 days, paid on the first day
    _paid(claims[1], submitted=date(2025, 5, 21), paid=date(2025, 5, 31))  # 10 days, paid on the last day
    _paid(claims[2], submitted=date(2025, 5, 10), paid=date(2025, 5, 15))  # 5 days
    _paid(claims[3], submitted=date(2025, 4, 10), paid=date(2025, 4, 30))  # paid the day before: left out
    _paid(claims[4], submitted=date(2025, 5, 1), paid=date(2025, 6, 1))  # paid the day after: left out
    _paid(claims[5], submitted=date(2025, 4, 11), paid=date(2025, 5, 1))  # 20 days
    _claim(money)  # approved, not paid: left out
    reading = payment_turnaround(money.p.org, MAY)
    assert (reading.value, reading.denominator) == (7.5, 4)  # the median of 3, 5, 10, 20
    assert reading.text == "A median of 7.5 days from claim to payment (4 claims paid)"


def test_no_claim_paid_gives_no_value(money):
    _claim(money)
    reading = payment_turnaround(money.p.org, MAY)
    assert reading.value is None and reading.text == "No claim was paid in May 2025"


def test_another_organisations_money_does_not_count(money):
    _spend_in_may(money)
    assert spend_against_budget(money.p.other_org, MAY).value is None
    assert payment_turnaround(money.p.other_org, MAY).denominator == 0


def test_the_indicators_are_registered_with_their_definitions():
    spend = registry.indicator_by_key("resources.spend_against_budget")
    turnaround = registry.indicator_by_key("resources.payment_turnaround")
    assert spend is not None and spend.compute is spend_against_budget
    assert (spend.unit, spend.better, spend.monthly, spend.per_programme) == ("percent", None, True, True)
    assert turnaround is not None and turnaround.compute is payment_turnaround
    assert (turnaround.unit, turnaround.better, turnaround.monthly) == ("days", "lower", True)
    assert "Denominator" in spend.definition and "Exclusions" in turnaround.definition


def test_a_fixed_number_of_queries_whatever_the_size(money, django_assert_num_queries):
    _spend_in_may(money)
    export_payments(money.p.org, by=money.p.fiona)
    with django_assert_num_queries(5):
        spend_against_budget(money.p.org, MAY)
    with django_assert_num_queries(2):
        payment_turnaround(money.p.org, registry.Period.month(timezone.localdate().year, timezone.localdate().month))
    for _ in range(4):
        _claim(money)
        make_spend(money.p.org, by=money.p.ellie, spent_on=date(2025, 5, 9))
    export_payments(money.p.org, by=money.p.fiona)
    with django_assert_num_queries(5):
        spend_against_budget(money.p.org, MAY)
    with django_assert_num_queries(2):
        payment_turnaround(money.p.org, registry.Period.month(timezone.localdate().year, timezone.localdate().month))
