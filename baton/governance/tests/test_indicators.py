"""Governance's board indicators on worked examples: business cases signed off with assurance,
duty screenings before decision, and decisions showing influence. Each pins its numerator, its
denominator, what it leaves out and the edges of its period, and runs one query."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from baton.core.registry import Period, indicator_by_key
from baton.cycle.testing import make_programme

from ..actions import sign_off
from ..indicators import decisions_showing_influence, screened_before_decision, signed_off_with_assurance
from ..models import BusinessCase, DutyScreening
from ..testing import make_board, make_case, make_decision, make_meeting, ready_case, screen

pytestmark = pytest.mark.django_db
MARCH = Period.month(2026, 3)


def _at(day: date, at: time = time.min) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _signed(case, meeting, by, day: date, at: time = time.min):
    sign_off(case, meeting=meeting, by=by)
    BusinessCase.objects.filter(pk=case.pk).update(signed_off_at=_at(day, at))


def _screened_on(case, day: date):
    DutyScreening.objects.filter(case=case).update(screened_on=day)


@pytest.fixture
def gov(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Urgent care")
    board = make_board(p.org, by=p.ellie, name="ICB Board")
    meeting = make_meeting(board, by=p.ellie)
    return p, programme, board, meeting


def test_signed_off_with_assurance_counts_every_case_decided_and_only_those_through_the_gate(gov):
    p, programme, board, meeting = gov
    through = ready_case(programme, lead=p.ellie, lay=p.larry, title="Same-day hub")
    _signed(through, meeting, p.bea, date(2026, 3, 1))  # first moment of March: counted, assured
    bypassed = make_case(programme, by=p.ellie, title="Close the walk-in centre")
    make_decision(p.org, board, by=p.ellie, business_case=bypassed, decided_on=date(2026, 3, 15))  # no sign-off
    late = ready_case(programme, lead=p.ellie, lay=p.larry, title="Evening clinics")
    make_decision(p.org, board, by=p.ellie, business_case=late, decided_on=date(2026, 3, 31))
    _signed(late, meeting, p.bea, date(2026, 4, 1))  # decided in March, signed off in April
    earlier = ready_case(programme, lead=p.ellie, lay=p.larry, title="Foot care")
    _signed(earlier, meeting, p.bea, date(2026, 2, 28), time(23, 59))  # February: not March's
    ready_case(programme, lead=p.ellie, lay=p.larry, title="Not decided yet")  # left out

    march = signed_off_with_assurance(p.org, MARCH)
    assert (march.numerator, march.denominator) == (1, 3)
    assert march.text == "1 of 3 (33%) business cases decided were signed off with assurance"
    april = signed_off_with_assurance(p.org, Period.month(2026, 4))
    assert (april.numerator, april.denominator, april.value) == (1, 1, 100.0)
    assert signed_off_with_assurance(p.org, Period.month(2026, 1)).value is None
    assert signed_off_with_assurance(p.other_org, MARCH).denominator == 0


def test_a_screening_counts_only_when_it_said_whether_the_duty_applies_on_or_before_the_decision_day(gov):
    p, programme, board, meeting = gov
    before = make_case(programme, by=p.ellie)
    screen(before, by=p.ellie)
    _screened_on(before, date(2026, 2, 20))
    make_decision(p.org, board, by=p.ellie, business_case=before, decided_on=date(2026, 3, 15))  # yes
    same_day = make_case(programme, by=p.ellie)
    screen(same_day, by=p.ellie)
    _screened_on(same_day, date(2026, 3, 31))
    make_decision(p.org, board, by=p.ellie, business_case=same_day, decided_on=date(2026, 3, 31))  # yes
    after = make_case(programme, by=p.ellie)
    screen(after, by=p.ellie)
    _screened_on(after, date(2026, 3, 20))
    make_decision(p.org, board, by=p.ellie, business_case=after, decided_on=date(2026, 3, 15))  # no: too late
    undecided = make_case(programme, by=p.ellie)
    screen(undecided, by=p.ellie, duty_applies=None)
    _screened_on(undecided, date(2026, 2, 1))
    make_decision(p.org, board, by=p.ellie, business_case=undecided, decided_on=date(2026, 3, 10))  # no answer
    make_decision(p.org, board, by=p.ellie, decided_on=date(2026, 3, 1))  # no case, no screening
    make_decision(p.org, board, by=p.ellie, business_case=before, decided_on=date(2026, 4, 1))  # April

    march = screened_before_decision(p.org, MARCH)
    assert (march.numerator, march.denominator, march.value) == (2, 5, 40.0)
    assert march.text == "2 of 5 (40%) decisions had a duty screening first"
    assert screened_before_decision(p.org, Period.month(2026, 4)).numerator == 1
    assert screened_before_decision(p.org, Period.month(2026, 2)).value is None


def test_decisions_showing_influence_leave_out_those_outside_the_duty(gov):
    p, programme, board, meeting = gov
    make_decision(
        p.org, board, by=p.ellie, duty_applied=True, engagement_influence="Hours changed.", decided_on=date(2026, 3, 1)
    )
    make_decision(p.org, board, by=p.ellie, duty_applied=True, decided_on=date(2026, 3, 31))
    make_decision(p.org, board, by=p.ellie, duty_applied=None, decided_on=date(2026, 3, 12))
    make_decision(p.org, board, by=p.ellie, duty_applied=False, decided_on=date(2026, 3, 12))  # outside the duty
    make_decision(
        p.org, board, by=p.ellie, duty_applied=True, engagement_influence="Kept.", decided_on=date(2026, 4, 1)
    )

    march = decisions_showing_influence(p.org, MARCH)
    assert (march.numerator, march.denominator) == (1, 3)
    assert march.text == "1 of 3 (33%) decisions say how engagement influenced them"
    assert decisions_showing_influence(p.org, Period.month(2026, 4)).value == 100.0
    assert decisions_showing_influence(p.org, Period.month(2026, 2)).value is None


@pytest.mark.parametrize(
    "key",
    [
        "governance.signed_off_with_assurance",
        "governance.screened_before_decision",
        "governance.decisions_showing_influence",
    ],
)
def test_each_is_registered_a_percentage_higher_better_in_one_query(gov, key, django_assert_num_queries):
    p, programme, board, meeting = gov
    make_decision(p.org, board, by=p.ellie, duty_applied=True, decided_on=date(2026, 3, 1))
    found = indicator_by_key(key)
    assert found is not None and found.element == "governance" and found.unit == "percent"
    assert found.better == "higher" and found.monthly and found.definition.startswith("Numerator")
    with django_assert_num_queries(1):
        found.compute(p.org, MARCH)
