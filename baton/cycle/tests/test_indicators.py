"""The Cycle's board indicators on worked examples: stage coverage, baton integrity and the
ladder profile. Each pins its numerator, its denominator, what it leaves out and the edges of its
period, per programme and for the organisation, and its fixed number of queries."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from baton.core.registry import Period, indicator_by_key

from ..actions import accept_handover, query_handover
from ..indicators import baton_integrity, ladder_profile, stage_coverage
from ..models import Handover, Programme, StageRun
from ..testing import make_activity, make_handover, make_programme, make_run

pytestmark = pytest.mark.django_db
MARCH = Period.month(2026, 3)


def _at(day: date, at: time = time.min) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _run(programme, stage, owner, opened_on, **changes):
    run = make_run(programme, stage, owner=owner)
    StageRun.objects.filter(pk=run.pk).update(opened_on=opened_on, **changes)
    return run


def test_stage_coverage_counts_each_stage_a_programme_has_run_by_the_end_of_the_period(personas):
    p = personas
    a = make_programme(p.org, by=p.ellie, name="Diabetes")
    b = make_programme(p.org, by=p.ellie, name="Stroke")
    c = make_programme(p.org, by=p.ellie, name="Maternity")
    Programme.objects.filter(pk=a.pk).update(created_at=_at(date(2026, 1, 1)))
    Programme.objects.filter(pk=b.pk).update(created_at=_at(date(2026, 3, 31), time(23, 59)))
    Programme.objects.filter(pk=c.pk).update(created_at=_at(date(2026, 4, 1)))  # after March
    _run(a, "needs", p.priya, date(2026, 1, 10), status=StageRun.Status.CLOSED, closed_on=date(2026, 2, 1))
    _run(a, "needs", p.priya, date(2026, 2, 10))  # the same stage again: counted once
    _run(a, "plan", p.priya, date(2026, 3, 31))  # the last day of March
    _run(a, "improve", p.priya, date(2026, 4, 1))  # April
    _run(a, "procure", p.priya, None, status=StageRun.Status.PLANNED)  # awaiting its hand-over: not run
    make_run(make_programme(p.other_org, by=p.oscar), "needs", owner=p.oscar)  # another organisation's

    march = stage_coverage(p.org, MARCH)
    assert (march.numerator, march.denominator, march.value) == (2, 10, 20.0)
    assert march.text == "2 of 10 (20%) stages run across 2 programmes"
    one = stage_coverage(p.org, MARCH, programme=a)
    assert (one.numerator, one.denominator, one.value) == (2, 5, 40.0) and one.text == "2 of 5 (40%) stages run"
    april = stage_coverage(p.org, Period.month(2026, 4))
    assert (april.numerator, april.denominator) == (3, 15)
    assert stage_coverage(p.org, Period.month(2025, 12)).value is None  # no programme yet


def _handover(p, name, created: datetime):
    programme = make_programme(p.org, by=p.ellie, name=name)
    handover = make_handover(make_run(programme, "needs", owner=p.ellie), by=p.ellie, next_owner=p.priya)
    Handover.objects.filter(pk=handover.pk).update(created_at=created)
    handover.refresh_from_db()
    return programme, handover


def test_baton_integrity_counts_hand_overs_made_and_batons_dropped_and_leaves_out_those_not_yet_due(personas):
    p = personas
    accepted_programme, accepted = _handover(p, "Accepted", _at(date(2026, 3, 1)))
    accept_handover(accepted, by=p.priya)
    _handover(p, "Pending", _at(date(2026, 3, 31), time(23, 59)))  # long past its limit: counts against
    _, queried = _handover(p, "Queried", _at(date(2026, 3, 15)))
    query_handover(queried, note="Which groups?", by=p.priya)
    _handover(p, "April", _at(date(2026, 4, 1)))
    dropped = make_programme(p.org, by=p.ellie, name="Dropped")
    _run(dropped, "monitor", p.ellie, date(2026, 1, 5), status=StageRun.Status.CLOSED, closed_on=date(2026, 3, 20))
    _run(
        dropped,
        "needs",
        p.ellie,
        date(2026, 1, 5),
        status=StageRun.Status.CLOSED,
        closed_on=date(2026, 3, 21),
        no_handover_reason="The board stopped the programme.",
    )  # excused: not a transition

    march = baton_integrity(p.org, MARCH)
    assert (march.numerator, march.denominator, march.value) == (1, 4, 25.0)
    assert march.text == "1 of 4 (25%) transitions between stages had an accepted hand-over"
    mine = baton_integrity(p.org, MARCH, programme=accepted_programme)
    assert (mine.numerator, mine.denominator) == (1, 1)
    assert baton_integrity(p.org, Period.month(2026, 2)).value is None

    # This month: a hand-over still within the limit is not decided yet; an accepted one counts.
    today = timezone.localdate()
    now = Period.month(today.year, today.month)
    _, waiting = _handover(p, "Waiting", timezone.now())
    _, taken = _handover(p, "Taken", timezone.now())
    accept_handover(taken, by=p.priya)
    assert (baton_integrity(p.org, now).numerator, baton_integrity(p.org, now).denominator) == (1, 1)


def test_the_ladder_profile_is_the_share_at_involve_or_higher_with_each_level_in_the_details(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes")
    run = make_run(programme, "needs", owner=p.ellie)
    other = make_run(make_programme(p.org, by=p.ellie, name="Stroke"), "needs", owner=p.ellie)
    make_activity(run, by=p.ellie, ladder_level="inform", start_date=date(2026, 3, 1))
    make_activity(run, by=p.ellie, ladder_level="devolve", start_date=date(2026, 3, 31))
    make_activity(other, by=p.ellie, ladder_level="consult", start_date=date(2026, 3, 10))
    make_activity(other, by=p.ellie, ladder_level="involve", start_date=date(2026, 3, 10))
    make_activity(other, by=p.ellie, ladder_level="collaborate", start_date=date(2026, 3, 11))
    make_activity(other, by=p.ellie, ladder_level="consult", start_date=date(2026, 4, 1))  # April
    make_activity(other, by=p.ellie, ladder_level="inform", start_date=date(2026, 2, 28))  # February

    march = ladder_profile(p.org, MARCH)
    assert (march.numerator, march.denominator, march.value) == (3, 5, 60.0)
    assert march.text == "3 of 5 (60%) activities at involve or higher"
    assert march.details == (
        "Inform: 1 of 5 (20%)",
        "Consult: 1 of 5 (20%)",
        "Involve: 1 of 5 (20%)",
        "Collaborate: 1 of 5 (20%)",
        "Devolve: 1 of 5 (20%)",
    )
    mine = ladder_profile(p.org, MARCH, programme=programme)
    assert (mine.numerator, mine.denominator) == (1, 2)
    assert ladder_profile(p.org, Period.month(2026, 1)).value is None
    assert ladder_profile(p.other_org, MARCH).denominator == 0


@pytest.mark.parametrize(
    "key, element, queries",
    [
        ("cycle.stage_coverage", "strategy", 2),
        ("cycle.baton_integrity", "data", 2),
        ("cycle.ladder_profile", "data", 1),
    ],
)
def test_each_is_registered_per_programme_in_a_fixed_number_of_queries(
    personas, key, element, queries, django_assert_num_queries
):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes")
    for _ in range(3):
        run = make_run(make_programme(p.org, by=p.ellie), "needs", owner=p.ellie)
        make_activity(run, by=p.ellie, start_date=timezone.localdate())
        accept_handover(make_handover(run, by=p.ellie, next_owner=p.priya), by=p.priya)
    found = indicator_by_key(key)
    assert found is not None and found.per_programme and found.monthly and found.element == element
    assert found.unit == "percent" and found.better == "higher"
    year = Period.financial_year(timezone.localdate())  # when the rows were made: every query runs
    with django_assert_num_queries(queries):
        assert found.compute(p.org, year).denominator
    with django_assert_num_queries(queries):
        found.compute(p.org, year, programme=programme)
