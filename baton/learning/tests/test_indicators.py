"""Learning coverage, the area's board indicators, against worked examples at their edges: the
period's last day (roles held that day, learning completed by then, the expiry day itself), each
person counted once in the details, suppression under 5 people who take part, nothing required,
and a fixed number of queries."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from baton.core import registry
from baton.core.testing import add_role, make_user
from baton.structures.testing import make_structure

from ..indicators import public_coverage, staff_coverage
from ..models import add_months
from ..testing import make_offer, make_participation, make_person, make_record, make_requirement, make_role_kind

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
END = TODAY - timedelta(days=10)
PERIOD = registry.Period(END - timedelta(days=29), END)
THIS_MONTH = registry.Period.month(TODAY.year, TODAY.month)


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()


def _staff(p):
    induction = make_offer(p.org, by=p.ellie, title="Assurance induction", audience="staff")
    code = make_offer(p.org, by=p.ellie, title="Code of conduct", audience="staff")
    make_requirement(p.org, induction, by=p.ellie, staff_role="lay_member", renew_months=24)
    make_requirement(p.org, code, by=p.ellie, staff_role="lay_member")
    uma, una = make_user(p.org, "lay_member", username="uma"), make_user(p.org, "lay_member", username="una")
    add_role(p.bea, p.org, "lay_member", ends_on=END - timedelta(days=1))  # not held on END
    # Larry: the induction expires the day after END (expiring soon still counts), the code done.
    make_record(p.org, induction, by=p.ellie, user=p.larry, completed_on=add_months(END, -24) + timedelta(days=1))
    make_record(p.org, code, by=p.ellie, user=p.larry, completed_on=END - timedelta(days=300))
    # Uma: the induction expires on END itself (expired), the code done.
    make_record(p.org, induction, by=p.ellie, user=uma, completed_on=add_months(END, -24))
    make_record(p.org, code, by=p.ellie, user=uma, completed_on=END)
    # Una: the induction done the day after END (not yet on END), the code never.
    make_record(p.org, induction, by=p.ellie, user=una, completed_on=END + timedelta(days=1))
    # Vic and Wes: both done a month before END.
    for name in ("vic", "wes"):
        user = make_user(p.org, "lay_member", username=name)
        for offer in (induction, code):
            make_record(p.org, offer, by=p.ellie, user=user, completed_on=END - timedelta(days=30))
    return induction


def test_staff_coverage_counts_the_pairs_in_date_on_the_periods_last_day(personas):
    _staff(personas)
    reading = staff_coverage(personas.org, PERIOD)
    # 5 lay members on END x 2 requirements = 10 pairs; in date: Larry's two, Uma's code, Vic's
    # and Wes's two each.
    assert (reading.numerator, reading.denominator, reading.value) == (7, 10, 70.0)
    assert reading.text == "70% of required learning in date (7 of 10)"
    assert reading.details == (
        "3 of 5 people have all their required learning in date.",
        "2 required pieces of learning not done.",
        "1 piece of learning expired.",
        "1 piece of learning expiring within 60 days.",
    )


def test_staff_coverage_this_month_is_counted_today(personas):
    _staff(personas)
    reading = staff_coverage(personas.org, THIS_MONTH)
    # Today Una's induction is done; Larry's and Uma's inductions have expired.
    assert (reading.numerator, reading.denominator) == (7, 10)
    assert reading.details[0] == "2 of 5 people have all their required learning in date."


def test_staff_coverage_of_fewer_than_5_people_is_suppressed(personas):
    p = personas
    induction = make_offer(p.org, by=p.ellie, title="Assurance induction", audience="staff")
    make_requirement(p.org, induction, by=p.ellie, staff_role="lay_member")
    for n in range(3):
        make_user(p.org, "lay_member", username=f"few{n}")
    reading = staff_coverage(p.org, PERIOD)  # Larry and three more
    assert reading.suppressed and reading.value is None and reading.denominator is None


def _members(p, n, done):
    offer = make_offer(p.org, by=p.ellie, title="Procurement induction", kind="induction", audience="public")
    kind = make_role_kind(p.org, by=p.ellie, name="Tender panel member", role_contains="tender panel")
    make_requirement(p.org, offer, by=p.ellie, participation_role=kind, renew_months=36)
    panel = make_structure(p.org, by=p.ellie, name="Community services tender panel")
    for i in range(n):
        person = make_person(p.org, f"Member {i}")
        make_participation(person, panel, by=p.ellie)
        if i < done:
            make_record(p.org, offer, by=p.ellie, person=person, completed_on=TODAY - timedelta(days=3))


def test_public_coverage_counts_people_in_their_participation_roles(personas):
    _members(personas, 5, done=3)
    reading = public_coverage(personas.org, THIS_MONTH)
    assert (reading.numerator, reading.denominator, reading.value) == (3, 5, 60.0)
    assert not reading.suppressed


def test_public_coverage_of_fewer_than_5_people_is_suppressed(personas):
    _members(personas, 4, done=3)
    reading = public_coverage(personas.org, THIS_MONTH)
    assert reading.suppressed and reading.value is None and reading.numerator is None
    assert reading.text == "Fewer than 5 people: not shown"


def test_participations_not_current_on_the_last_day_do_not_count(personas):
    _members(personas, 5, done=3)
    # The participations started yesterday: on END, 10 days ago, nobody was held to anything.
    reading = public_coverage(personas.org, PERIOD)
    assert reading.value is None and reading.denominator == 0


def test_nothing_required_has_no_value(personas):
    reading = staff_coverage(personas.org, PERIOD)
    assert reading.value is None and reading.text == "No learning is required of staff"


def test_the_indicators_are_registered_with_their_definitions():
    for key, fn in (("learning.staff_coverage", staff_coverage), ("learning.public_coverage", public_coverage)):
        found = registry.indicator_by_key(key)
        assert found is not None and found.compute is fn
        assert (found.unit, found.better, found.monthly) == ("percent", "higher", True)
        assert "Numerator" in found.definition and "Exclusions" in found.definition


def test_a_fixed_number_of_queries_whatever_the_number_of_people(personas, django_assert_num_queries):
    induction = _staff(personas)
    with django_assert_num_queries(3):
        staff_coverage(personas.org, PERIOD)
    for n in range(4):
        user = make_user(personas.org, "lay_member", username=f"more{n}")
        make_record(personas.org, induction, by=personas.ellie, user=user, completed_on=END - timedelta(days=1))
    cache.clear()
    with django_assert_num_queries(3):
        assert staff_coverage(personas.org, PERIOD).denominator == 18
