"""Structure health, the register's board indicator: a worked example at the edges of each check
(a year since the terms were reviewed, six months since the last meeting, the review date itself,
a meeting after the period, a structure added after it), one programme's structures, an empty
register, and its one query."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from baton.core import registry
from baton.cycle.testing import make_programme

from ..indicators import structure_health
from ..models import Structure
from ..testing import make_meeting, make_structure

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
END = TODAY - timedelta(days=10)  # the period's last day, the snapshot's day
PERIOD = registry.Period(END - timedelta(days=29), END)


def _added_on(structure, day):
    when = timezone.make_aware(datetime.combine(day, time(12)))
    Structure.objects.filter(pk=structure.pk).update(created_at=when)


def _world(p):
    """Five structures in the register on END (one entered after it, but it had met), and one
    added the day after."""
    programme = make_programme(p.org, by=p.ellie)
    # Healthy on END, each check at its edge: terms reviewed 365 days before, last met 183 days
    # before, next review due that very day.
    edge = make_structure(
        p.org, by=p.ellie, terms_reviewed_on=END - timedelta(days=365), review_due_on=END, name="Edge"
    )
    make_meeting(edge, by=p.ellie, held_on=END - timedelta(days=183))
    # Its only meeting came after END: on END it had never met.
    late = make_structure(p.org, by=p.ellie, name="Late")
    make_meeting(late, by=p.ellie, held_on=END + timedelta(days=1))
    # Terms reviewed 367 days before END: out of date.
    stale = make_structure(p.org, by=p.ellie, terms_reviewed_on=END - timedelta(days=367), name="Stale")
    make_meeting(stale, by=p.ellie, held_on=END - timedelta(days=5))
    # Serves the programme; healthy.
    panel = make_structure(p.org, by=p.ellie, programme=programme, name="Panel")
    make_meeting(panel, by=p.ellie, held_on=END - timedelta(days=1))
    # Added after END: not in the register that day (it has no purpose, which would flag it).
    after = make_structure(p.org, by=p.ellie, purpose="", name="After")
    # Entered after END with a meeting before it: it existed, so it counts (healthy on END).
    entered = make_structure(p.org, by=p.ellie, name="Entered late")
    make_meeting(entered, by=p.ellie, held_on=END - timedelta(days=20))
    for s in (edge, late, stale, panel):
        _added_on(s, END - timedelta(days=400))
    _added_on(after, END + timedelta(days=1))
    _added_on(entered, END + timedelta(days=2))
    return programme


def test_structure_health_is_the_share_with_no_flag_on_the_periods_last_day(personas):
    _world(personas)
    reading = structure_health(personas.org, PERIOD)
    assert (reading.numerator, reading.denominator) == (3, 5)
    assert reading.value == 60.0
    assert reading.text == "3 of 5 structures healthy (60%)"
    assert reading.details == (
        "1 structure has terms of reference not reviewed in the last year.",
        "1 structure has never met.",
    )


def test_a_period_not_yet_ended_is_read_as_at_today(personas):
    _world(personas)
    reading = structure_health(personas.org, registry.Period.month(TODAY.year, TODAY.month))
    # Today: "Late" has met, "After" is in the register with no purpose, "Edge" is past its
    # review date, its terms and its last meeting are out of date; "Stale" too.
    assert (reading.numerator, reading.denominator) == (3, 6)
    assert "1 structure states no purpose." in reading.details


def test_one_programmes_structures(personas):
    programme = _world(personas)
    reading = structure_health(personas.org, PERIOD, programme=programme)
    assert (reading.numerator, reading.denominator, reading.value) == (1, 1, 100.0)


def test_an_empty_register_has_no_value_not_zero(personas):
    reading = structure_health(personas.org, PERIOD)
    assert reading.value is None and reading.denominator == 0
    assert reading.text == "No structures in the register"


def test_another_organisations_structures_do_not_count(personas):
    _world(personas)
    assert structure_health(personas.other_org, PERIOD).denominator == 0


def test_the_indicator_is_registered_with_its_definition():
    found = registry.indicator_by_key("structures.health")
    assert found is not None and found.compute is structure_health
    assert (found.unit, found.better, found.monthly, found.per_programme) == ("percent", "higher", False, True)
    assert "Numerator" in found.definition and "Denominator" in found.definition


def test_one_query_whatever_the_size_of_the_register(personas, django_assert_num_queries):
    _world(personas)
    with django_assert_num_queries(1):
        structure_health(personas.org, PERIOD)
    for n in range(5):
        make_meeting(make_structure(personas.org, by=personas.ellie, name=f"More {n}"), by=personas.ellie)
    with django_assert_num_queries(1):
        structure_health(personas.org, PERIOD)
