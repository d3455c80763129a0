"""The Cycle's refusals of a choice (a stage, an owner, an insight item and what happens to it):
the field it is on, the sentence the person reads, and nothing saved. Opening a stage, choosing a
lead or an owner, and settling insight at hand-over and at closing. Every case here was a mutant
that `scripts/mutation` found surviving (its sentence changed, or the check switched off)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.core.models import AuditEvent
from baton.cycle.actions import (
    accept_handover,
    close_stage_run,
    create_programme,
    hand_over,
    open_stage_run,
    reopen_stage_run,
)
from baton.cycle.models import Handover, InsightItem, StageRun
from baton.cycle.testing import make_handover, make_insight, make_programme, make_run

from .api_helpers import saved_state

pytestmark = pytest.mark.django_db

NOT_OWNER = "Choose someone who can lead programmes and own stage runs in your organisation."


def _refused(action, *args, **kwargs) -> dict[str, list[str]]:
    """The field errors `action` refuses with; it must save nothing."""
    before = saved_state()
    with pytest.raises(ValidationError) as refusal:
        action(*args, **kwargs)
    assert saved_state() == before
    return refusal.value.message_dict


def _run(p, stage="needs", name="Diabetes"):
    return make_run(make_programme(p.org, by=p.ellie, lead=p.priya, name=name), stage, owner=p.priya, by=p.ellie)


# Programmes and stage runs ----------------------------------------------------------------------------


def test_a_new_programme_is_led_only_by_someone_who_may_own_work(personas):
    p = personas
    for lead in (p.bea, p.larry, p.nora, p.oscar):
        assert _refused(create_programme, p.org, by=p.ellie, name="Diabetes", lead=lead) == {"lead": [NOT_OWNER]}
    assert create_programme(p.org, by=p.ellie, name="Diabetes", lead=p.priya).lead == p.priya
    assert create_programme(p.org, by=p.ellie, name="Stroke").lead is None  # a lead can be named later


def test_a_stage_is_one_of_the_five(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie)
    assert _refused(open_stage_run, programme, "review", owner=p.priya, by=p.ellie) == {
        "stage": ["Choose one of the five stages."]
    }


def test_a_stage_run_is_owned_only_by_someone_who_may_own_work(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie)
    for owner in (p.bea, p.oscar):
        assert _refused(open_stage_run, programme, "needs", owner=owner, by=p.ellie) == {"owner": [NOT_OWNER]}


def test_a_stage_opens_again_only_once_its_run_is_closed(personas):
    p = personas
    run = _run(p)
    assert _refused(open_stage_run, run.programme, "needs", owner=p.priya, by=p.ellie) == {
        "stage": ["Diabetes already has a Identify needs and aspirations run that is not closed. Close it first."]
    }
    accept_handover(make_handover(run, by=p.priya, next_owner=p.ellie), by=p.ellie)
    run.refresh_from_db()
    close_stage_run(run, by=p.priya)
    again = open_stage_run(run.programme, "needs", owner=p.ellie, by=p.ellie)
    assert (again.status, again.owner, again.opened_on) == (StageRun.Status.OPEN, p.ellie, timezone.localdate())


def test_a_stage_run_opens_on_the_day_given(personas):
    p = personas
    day = timezone.localdate() - timedelta(days=30)
    run = open_stage_run(make_programme(p.org, by=p.ellie), "plan", owner=p.priya, by=p.ellie, opened_on=day)
    run.refresh_from_db()
    assert (run.stage, run.status, run.opened_on) == ("plan", StageRun.Status.OPEN, day)


# Settling insight when closing --------------------------------------------------------------------------


def _accepted(p):
    """A run whose hand-over is accepted, so that only its insight stands between it and closing."""
    run = _run(p)
    accept_handover(make_handover(run, by=p.priya, next_owner=p.ellie), by=p.ellie)
    run.refresh_from_db()
    return run


def test_closing_settles_only_the_runs_own_open_insight_each_in_one_of_three_ways(personas):
    p = personas
    run = _accepted(p)
    elsewhere = make_insight(_run(p, "monitor", name="Stroke"), by=p.priya, title="Parking")
    settled = make_insight(run, by=p.priya, title="Signs", status="answered", resolution="New signs.")
    item = make_insight(run, by=p.priya, title="Transport")
    for dispositions, reason in [
        ([(elsewhere, "close", "Not ours.")], "'Parking' is not this stage run's insight."),
        ([(settled, "close", "Done.")], "'Signs' is no longer open."),
        ([(item, "forget", "")], "Choose what happens to 'Transport'."),
    ]:
        run.refresh_from_db()
        assert _refused(close_stage_run, run, by=p.priya, dispositions=dispositions) == {"insight": [reason]}
    run.refresh_from_db()
    close_stage_run(run, by=p.priya, dispositions=[(item, "close", "No longer needed.")])
    item.refresh_from_db()
    assert (item.status, item.resolution) == (InsightItem.Status.CLOSED, "No longer needed.")


def test_insight_carried_at_closing_joins_what_the_hand_over_already_carries(personas):
    p = personas
    run = _run(p)
    make_insight(run, by=p.priya, title="First")
    handover = make_handover(run, by=p.priya, next_owner=p.ellie)
    accept_handover(handover, by=p.ellie)
    late = make_insight(run, by=p.priya, title="Late")
    run.refresh_from_db()
    close_stage_run(run, by=p.priya, dispositions=[(late, "carry", "")])
    assert sorted(handover.carried_insight.values_list("title", flat=True)) == ["First", "Late"]
    event = AuditEvent.objects.get(action="carry_insight_forward")
    assert event.actor == p.priya


# Settling insight at hand-over ----------------------------------------------------------------------------


def test_insight_left_out_of_what_is_carried_must_be_settled_by_name(personas):
    p = personas
    run = _run(p)
    carried = make_insight(run, by=p.priya, title="Carried")
    make_insight(run, by=p.priya, title="Forgotten")
    assert _refused(make_handover, run, by=p.priya, next_owner=p.ellie, insight=[carried]) == {
        "insight": ["Say what happens to 'Forgotten': carry it forward, answer it or close it."]
    }


def test_a_hand_over_carries_only_its_runs_open_insight(personas):
    p = personas
    run = _run(p)
    own = make_insight(run, by=p.priya, title="Ours")
    elsewhere = make_insight(_run(p, "monitor", name="Stroke"), by=p.priya, title="Theirs")
    answered = make_insight(run, by=p.priya, title="Answered", status="answered", resolution="Done.")
    for stray in (elsewhere, answered):
        assert _refused(make_handover, run, by=p.priya, next_owner=p.ellie, insight=[own, stray]) == {
            "insight": ["Only this stage run's open insight can be carried forward."]
        }


def test_a_hand_over_carries_what_is_chosen_and_settles_the_rest_as_decided(personas):
    p = personas
    run = _run(p)
    carried = make_insight(run, by=p.priya, title="Carried")
    answered = make_insight(run, by=p.priya, title="Answered")
    closed = make_insight(run, by=p.priya, title="Closed")
    handover = make_handover(
        run,
        by=p.priya,
        next_owner=p.ellie,
        insight=[carried],
        dispositions=[(answered, "answer", "Done."), (closed, "close", "Out of scope.")],
    )
    assert list(handover.carried_insight.all()) == [carried]
    statuses = dict(InsightItem.objects.filter(stage_run=run).values_list("title", "status"))
    assert statuses == {"Carried": "open", "Answered": "answered", "Closed": "closed"}


def test_a_late_hand_over_is_marked_late_and_an_ordinary_one_is_not(personas):
    p = personas
    on_time = make_handover(_run(p), by=p.priya, next_owner=p.ellie)
    closed = make_run(make_programme(p.org, by=p.ellie), owner=p.priya)
    StageRun.objects.filter(pk=closed.pk).update(status=StageRun.Status.CLOSED)
    closed.refresh_from_db()
    late = hand_over(closed, to_stage="plan", next_owner=p.ellie, summary="Late, but here.", by=p.priya)
    assert (on_time.late, late.late) == (False, True)
    assert Handover.objects.get(pk=late.pk).late


# Another programme's runs ---------------------------------------------------------------------------------


def test_another_programmes_live_run_of_a_stage_stops_nothing_here(personas):
    """A programme has one live run of a stage at a time; other programmes' runs do not count."""
    p = personas
    _run(p, "plan", name="Stroke")
    _run(p, "needs", name="Asthma")
    run = _run(p)
    assert make_handover(run, by=p.priya, next_owner=p.ellie).to_stage == "plan"
    closed = _run(p, "needs", name="Diabetes 2")
    StageRun.objects.filter(pk=closed.pk).update(status=StageRun.Status.CLOSED)
    closed.refresh_from_db()
    assert reopen_stage_run(closed, reason="Correct it.", by=p.ellie).status == StageRun.Status.OPEN
