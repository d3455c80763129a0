"""The board indicator "consultations passing all four Gunning checks", on a worked example: which
consultations count (closed in the period, by the moment they closed), which pass (all four checks
met), and the edges of the period."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from baton.core.registry import Period, indicator_by_key
from baton.cycle.testing import make_programme

from ..actions import assess_check
from ..indicators import passing_gunning
from ..models import Consultation
from ..testing import assess_all, make_closed, make_open

pytestmark = pytest.mark.django_db
MARCH = Period.month(2026, 3)


def _closed_at(consultation, day: date, at: time = time.min):
    Consultation.objects.filter(pk=consultation.pk).update(closed_at=timezone.make_aware(datetime.combine(day, at)))


def _world(p):
    programme = make_programme(p.org, by=p.ellie, name="Stroke services")
    passing = make_closed(p.org, by=p.ellie, programme=programme)  # all four met, on the first moment of March
    assess_all(passing, by=p.ellie)
    _closed_at(passing, date(2026, 3, 1))
    failing = make_closed(p.org, by=p.ellie)  # three met, one not met, on the last moment of March
    checks = list(failing.assessments.select_related("principle").order_by("principle__number"))
    for check in checks[:3]:
        assess_check(check, outcome="met", evidence="Shown in the report.", by=p.ellie)
    assess_check(checks[3], outcome="not_met", evidence="The responses were not considered.", by=p.ellie)
    _closed_at(failing, date(2026, 3, 31), time(23, 59))
    unassessed = make_closed(p.org, by=p.ellie)  # April: another period
    _closed_at(unassessed, date(2026, 4, 1))
    make_open(p.org, by=p.ellie)  # still open: not counted
    theirs = make_closed(p.other_org, by=p.oscar)  # another organisation's
    assess_all(theirs, by=p.oscar)
    _closed_at(theirs, date(2026, 3, 10))
    return programme


def test_a_consultation_passes_only_with_all_four_checks_met_and_counts_in_the_month_it_closed(personas):
    p = personas
    programme = _world(p)
    march = passing_gunning(p.org, MARCH)
    assert (march.numerator, march.denominator, march.value) == (1, 2, 50.0)
    assert march.text == "1 of 2 (50%) consultations met all four Gunning checks"
    april = passing_gunning(p.org, Period.month(2026, 4))
    assert (april.numerator, april.denominator, april.value) == (0, 1, 0.0)  # not yet assessed fails
    assert passing_gunning(p.org, Period(date(2026, 3, 2), date(2026, 3, 30))).denominator == 0
    assert passing_gunning(p.org, Period.month(2026, 2)).value is None  # nothing closed: no value
    mine = passing_gunning(p.org, MARCH, programme=programme)
    assert (mine.numerator, mine.denominator) == (1, 1)


def test_it_is_registered_and_runs_two_queries(personas, django_assert_num_queries):
    _world(personas)
    found = indicator_by_key("consultations.gunning")
    assert found is not None and found.compute is passing_gunning and found.per_programme
    assert found.unit == "percent" and found.better == "higher" and found.monthly
    with django_assert_num_queries(2):
        found.compute(personas.org, MARCH)
