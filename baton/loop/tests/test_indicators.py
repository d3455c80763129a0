"""The loop's board indicators, as registered (core.registry), on worked examples: "you said, we
did" completion, median days from insight to response, and overdue commitments. Each pins its
numerator, its denominator, what it leaves out and the edges of its period."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from baton.core.registry import Period, indicator_by_key
from baton.cycle.models import InsightItem
from baton.cycle.testing import make_insight

from ..indicators import completion_indicator, median_days_indicator, overdue_indicator
from ..models import Commitment
from ..testing import make_commitment, publish, respond

pytestmark = pytest.mark.django_db
MARCH = Period.month(2026, 3)


def _at(day: date, at: time = time.min) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _item(setup, *, created=None, resolved=None, status="open"):
    fields = {} if status == "open" else {"status": status, "resolution": "Done."}
    item = make_insight(setup.run, by=setup.p.priya, **fields)
    changes = {}
    if created:
        changes["created_at"] = _at(created)
    if resolved:
        changes["resolved_at"] = resolved
    InsightItem.objects.filter(pk=item.pk).update(**changes)
    return item


def _commitment(setup, items, *, done_on=None, published=False, due_on=None, created=None):
    p = setup.p
    c = make_commitment(setup.programme, by=p.ellie, insight_items=items)
    if done_on or published:
        respond(c, by=p.ellie, response="adopted")
    if published:
        publish(c, by=p.ellie)
    changes = {}
    if done_on:
        changes["done_on"] = done_on
    if due_on:
        changes["due_on"] = due_on
    if created:
        changes["created_at"] = _at(created)
    Commitment.objects.filter(pk=c.pk).update(**changes)
    return c


def test_completion_is_the_share_of_insight_resolved_in_the_period_with_a_published_response(setup):
    answered = _item(setup, status="answered", resolved=_at(date(2026, 3, 1)))
    _commitment(setup, [answered], published=True)
    declined = _item(setup, status="closed", resolved=_at(date(2026, 3, 31), time(23, 59)))
    _commitment(setup, [declined], done_on=date(2026, 3, 31))  # responded, not published
    april = _item(setup, status="answered", resolved=_at(date(2026, 4, 1)))
    _commitment(setup, [april], published=True)
    _commitment(setup, [setup.open_item], published=True)  # still open: not counted

    march = completion_indicator(setup.p.org, MARCH)
    assert (march.numerator, march.denominator, march.value) == (1, 2, 50.0)
    assert march.text == "1 of 2 (50%) of the insight actioned or declined has a published response"
    assert completion_indicator(setup.p.org, Period.month(2026, 4)).value == 100.0
    assert completion_indicator(setup.p.org, Period.month(2026, 2)).value is None


def test_median_days_counts_each_item_once_from_its_first_response_in_the_period(setup):
    nine = _item(setup, created=date(2026, 2, 20))
    _commitment(setup, [nine], done_on=date(2026, 3, 1))
    thirty = _item(setup, created=date(2026, 3, 1))
    _commitment(setup, [thirty], done_on=date(2026, 3, 31))
    five = _item(setup, created=date(2026, 3, 5))
    _commitment(setup, [five], done_on=date(2026, 3, 10))
    _commitment(setup, [five], done_on=date(2026, 4, 2))  # a later response: the first one counts
    february = _item(setup, created=date(2026, 2, 1))
    _commitment(setup, [february], done_on=date(2026, 2, 28))
    _commitment(setup, [february], done_on=date(2026, 3, 15))  # its first response was in February
    _commitment(setup, [_item(setup, created=date(2026, 3, 1))])  # no response yet

    march = median_days_indicator(setup.p.org, MARCH)
    assert (march.value, march.numerator) == (9.0, 3)
    assert march.text == "a median of 9 days, over 3 insight items"
    assert median_days_indicator(setup.p.org, Period.month(2026, 2)).value == 27.0
    assert median_days_indicator(setup.p.org, Period.month(2026, 1)).value is None


def test_overdue_counts_commitments_past_due_and_unanswered_on_the_last_day_of_the_period(setup):
    day = date(2026, 3, 30)
    _commitment(setup, [setup.open_item], due_on=day, created=date(2026, 3, 1))  # overdue
    _commitment(
        setup, [setup.open_item], due_on=day, done_on=date(2026, 4, 2), created=date(2026, 3, 1)
    )  # answered later
    _commitment(setup, [setup.open_item], due_on=day, done_on=date(2026, 3, 31), created=date(2026, 3, 1))  # in time
    _commitment(setup, [setup.open_item], due_on=date(2026, 3, 31), created=date(2026, 3, 1))  # due that day
    _commitment(setup, [setup.open_item], due_on=date(2026, 3, 1), created=date(2026, 4, 1))  # made after

    march = overdue_indicator(setup.p.org, MARCH)
    assert (march.value, march.numerator) == (2.0, 2)
    assert march.text == "2 commitments were overdue on 31 March 2026"
    # On a month still running, "today": now every unanswered one made is overdue.
    today = timezone.localdate()
    assert overdue_indicator(setup.p.org, Period.month(today.year, today.month)).value == 3.0
    assert overdue_indicator(setup.p.other_org, MARCH).value == 0.0  # a count: 0 is a reading


@pytest.mark.parametrize(
    "key, unit, better, queries",
    [
        ("loop.completion", "percent", "higher", 2),
        ("loop.median_days", "days", "lower", 1),
        ("loop.overdue", "count", "lower", 1),
    ],
)
def test_each_is_registered_with_its_unit_and_direction_in_a_fixed_number_of_queries(
    setup, key, unit, better, queries, django_assert_num_queries
):
    found = indicator_by_key(key)
    assert found is not None and (found.unit, found.better, found.element) == (unit, better, "data") and found.monthly
    with django_assert_num_queries(queries):
        found.compute(setup.p.org, Period.financial_year(timezone.localdate()))
