"""Each rule of the Cycle, one refusal at a time: the sentence the person reads, and nothing saved.
Every case here was a mutant that `scripts/mutation` found surviving (the rule switched off, or a
neighbouring rule's sentence shown instead), so each check must refuse on its own: the other
conditions of the case are met."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from baton.core.audit import CannotRestore, restore_deleted
from baton.core.errors import StaleEdit
from baton.core.models import AuditEvent, RoleAssignment
from baton.core.testing import refused
from baton.cycle.actions import (
    accept_handover,
    answer_query,
    close_stage_run,
    delete_activity,
    delete_insight,
    excuse_stage_run,
    hand_over,
    open_stage_run,
    publish_programme,
    query_handover,
    reopen_stage_run,
    resolve_insight,
    unpublish_programme,
    update_activity,
    update_handover,
    update_insight,
    update_programme,
)
from baton.cycle.models import StageRun
from baton.cycle.testing import make_activity, make_handover, make_insight, make_programme, make_run

from .api_helpers import api, saved_state  # noqa: F401  (api: a fixture)

pytestmark = pytest.mark.django_db


def _run(p, stage="needs"):
    return make_run(make_programme(p.org, by=p.ellie, lead=p.priya), stage, owner=p.priya, by=p.ellie)


def _refused(action, *args, **kwargs) -> list[str]:
    """The sentences `action` refuses with; it must save nothing."""
    return refused(action, *args, apps=("cycle",), **kwargs)


# Handing over ----------------------------------------------------------------------------------------


def _hand_over(run, by, **overrides):
    fields = {"to_stage": run.stage_info.next_key, "next_owner": by, "summary": "What we learned.", "by": by}
    return hand_over(run, **{**fields, **overrides})


def test_a_hand_over_made_with_no_open_actions_lists_none(personas, api):
    p = personas
    handover = _hand_over(_run(p), p.priya)
    assert api(p.priya).get(f"/handovers/{handover.pk}").json()["open_actions"] == ""


def test_a_hand_over_goes_only_to_someone_who_may_own_work(personas):
    """The pages and the API offer only such people; the action checks again under its lock."""
    p = personas
    run = _run(p)
    before = saved_state()
    with pytest.raises(ValidationError) as refusal:
        _hand_over(run, p.priya, next_owner=p.bea)
    assert refusal.value.message_dict == {
        "next_owner": ["Choose someone who can lead programmes and own stage runs in your organisation."]
    }
    assert saved_state() == before


def test_a_planned_run_cannot_hand_over(personas):
    p = personas
    planned = StageRun.objects.get(pk=make_handover(_run(p), by=p.priya, next_owner=p.priya).to_run_id)
    assert _refused(_hand_over, planned, p.priya) == [
        "This stage run has not started: accept the hand-over into it first."
    ]


def test_a_run_hands_over_once(personas):
    p = personas
    run = _run(p)
    make_handover(run, by=p.priya, next_owner=p.priya)
    run.refresh_from_db()
    assert _refused(_hand_over, run, p.priya, to_stage="plan") == [
        "This stage run has already handed over. Change that hand-over instead.",
        # the plan run the first hand-over made is live
        f"{run.programme} already has a Develop priorities, strategies and plans run that is not closed.",
    ]


def test_a_run_excused_from_handing_over_cannot_hand_over(personas):
    p = personas
    run = _run(p)
    StageRun.objects.filter(pk=run.pk).update(status=StageRun.Status.CLOSED)
    run.refresh_from_db()
    excuse_stage_run(run, reason="The programme stopped.", by=p.ellie)
    assert _refused(_hand_over, run, p.priya) == ["An engagement lead recorded why this run needs no hand-over."]


def test_a_run_hands_over_only_to_the_stage_that_follows(personas):
    p = personas
    run = _run(p)
    assert _refused(_hand_over, run, p.priya, to_stage="monitor") == [
        "Identify needs and aspirations hands over to Develop priorities, strategies and plans."
    ]
    monitor = _run(p, "monitor")
    assert _refused(_hand_over, monitor, p.priya, to_stage="procure") == [
        "Monitor performance hands over to Design and improve services or Identify needs and aspirations or "
        "Develop priorities, strategies and plans."
    ]


@pytest.mark.parametrize("summary", ["", " \n ", None])
def test_a_hand_over_says_what_was_learned(personas, summary):
    p = personas
    assert _refused(_hand_over, _run(p), p.priya, summary=summary) == [
        "Say what this stage learned and what the next stage needs to know."
    ]


# Responding to a hand-over ---------------------------------------------------------------------------


def test_an_accepted_hand_over_cannot_be_queried_or_accepted_again(personas):
    p = personas
    handover = make_handover(_run(p), by=p.priya, next_owner=p.ellie)
    accept_handover(handover, by=p.ellie)
    assert _refused(query_handover, handover, note="One more thing?", by=p.ellie) == [
        "This hand-over has already been accepted, so it can no longer be queried."
    ]
    assert _refused(accept_handover, handover, by=p.ellie) == ["This hand-over has already been accepted."]
    assert _refused(update_handover, handover, {"summary": "More."}, by=p.priya) == [
        "This hand-over has been accepted and can no longer change."
    ]


@pytest.mark.parametrize("text", ["", " \n ", None])
def test_a_query_and_its_answer_say_something(personas, text):
    p = personas
    handover = make_handover(_run(p), by=p.priya, next_owner=p.ellie)
    before = saved_state()
    with pytest.raises(ValidationError) as refusal:
        query_handover(handover, note=text, by=p.ellie)
    assert refusal.value.message_dict == {"note": ["Say what you need before you can accept this hand-over."]}
    assert saved_state() == before
    query_handover(handover, note="Which groups?", by=p.ellie)
    before = saved_state()
    with pytest.raises(ValidationError) as refusal:
        answer_query(handover, answer=text, by=p.priya)
    assert refusal.value.message_dict == {"answer": ["Write your answer to the query."]}
    assert saved_state() == before


def test_only_a_queried_hand_over_is_answered_and_not_from_a_stale_page(personas):
    p = personas
    handover = make_handover(_run(p), by=p.priya, next_owner=p.ellie)
    assert _refused(answer_query, handover, answer="These.", by=p.priya) == [
        "There is no query waiting for an answer on this hand-over."
    ]
    query_handover(handover, note="Which groups?", by=p.ellie)
    before = saved_state()
    with pytest.raises(StaleEdit):
        answer_query(handover, answer="These.", by=p.priya, expected_version=handover.version - 1)
    assert saved_state() == before


def test_a_query_is_timed_told_to_the_sender_and_not_sent_from_a_stale_page(
    personas, api, mailoutbox, django_capture_on_commit_callbacks
):
    p = personas
    handover = make_handover(_run(p), by=p.priya, next_owner=p.ellie)
    before = saved_state()
    with pytest.raises(StaleEdit):
        query_handover(handover, note="Which groups?", by=p.ellie, expected_version=handover.version - 1)
    assert saved_state() == before
    with django_capture_on_commit_callbacks(execute=True):
        query_handover(handover, note="Which groups?", by=p.ellie)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([p.priya.email], f"Hand-over queried: {handover.from_run.programme}")
    ]
    assert "Which groups?" in mailoutbox[0].body
    shown = api(p.priya).get(f"/handovers/{handover.pk}").json()
    assert shown["status"] == "queried" and shown["responded_at"] is not None
    event = AuditEvent.objects.get(action="query_handover", model="cycle.handover")
    assert ("responded_by_id", None, p.ellie.pk) in event.changes()


def test_a_next_owner_whose_role_has_ended_cannot_accept(personas):
    """The page and the API refuse them first (403); the action checks again under its lock, for
    a role that ends between the two."""
    p = personas
    handover = make_handover(_run(p), by=p.ellie, next_owner=p.priya)
    RoleAssignment.objects.filter(membership__user=p.priya).update(ends_on=timezone.localdate() - timedelta(days=1))
    assert _refused(accept_handover, handover, by=p.priya) == [
        "You no longer hold a role that can own stage runs. Ask an engagement lead to change the next owner."
    ]


def test_accepting_opens_the_next_run_today_and_records_who_accepted(personas, api):
    p = personas
    handover = make_handover(_run(p), by=p.priya, next_owner=p.ellie)
    accept_handover(handover, by=p.ellie)
    ellie = api(p.ellie)
    shown = ellie.get(f"/handovers/{handover.pk}").json()
    assert shown["status"] == "accepted" and shown["responded_at"] is not None
    next_run = ellie.get(f"/runs/{handover.to_run_id}").json()
    assert (next_run["status"], next_run["opened_on"]) == ("open", timezone.localdate().isoformat())
    event = AuditEvent.objects.get(action="accept_handover", model="cycle.handover")
    assert ("responded_by_id", None, p.ellie.pk) in event.changes()


def test_only_the_next_owner_queries(personas):
    p = personas
    handover = make_handover(_run(p), by=p.priya, next_owner=p.ellie)
    assert _refused(query_handover, handover, note="Why?", by=p.priya) == [
        "Only Ellie Evans, the next owner, can query this hand-over."
    ]


def test_a_hand_over_passes_only_to_someone_who_may_own_work(personas):
    """The pages and the API offer only such people; the action checks again under its lock (a
    role may have ended since the form was shown)."""
    p = personas
    handover = make_handover(_run(p), by=p.priya, next_owner=p.ellie)
    before = saved_state()
    with pytest.raises(ValidationError) as refusal:
        update_handover(handover, {"next_owner": p.bea}, by=p.priya)
    assert refusal.value.message_dict == {
        "next_owner": ["Choose someone who can lead programmes and own stage runs in your organisation."]
    }
    assert saved_state() == before


def test_a_new_next_owner_is_recorded_in_the_conversation_by_who_changed_it(personas, api):
    p = personas
    handover = make_handover(_run(p), by=p.priya, next_owner=p.ellie)
    update_handover(handover, {"next_owner": p.adam}, by=p.priya)
    messages = api(p.ellie).get(f"/handovers/{handover.pk}").json()["messages"]
    assert [(m["kind"], m["text"], m["author"]["id"]) for m in messages] == [
        ("reassigned", "Next owner changed from Ellie Evans to Adam Admin.", p.priya.pk)
    ]


def test_a_run_closes_today_or_on_the_day_it_opens_if_that_is_later(personas, api):
    p = personas
    today = timezone.localdate()
    for opened_on, closed_on in [
        (today - timedelta(days=3), today),
        (today + timedelta(days=7), today + timedelta(days=7)),
    ]:
        programme = make_programme(p.org, by=p.ellie)
        run = open_stage_run(programme, "needs", owner=p.priya, by=p.ellie, opened_on=opened_on)
        accept_handover(make_handover(run, by=p.priya, next_owner=p.ellie), by=p.ellie)
        run.refresh_from_db()
        close_stage_run(run, by=p.priya)
        shown = api(p.ellie).get(f"/runs/{run.pk}").json()
        assert (shown["status"], shown["closed_on"]) == ("closed", closed_on.isoformat()), opened_on


PLAN = "Develop priorities, strategies and plans"
LEFT_OPEN = "still open and not carried forward. Carry each forward, answer it or close it with a reason, so that none is dropped."


def test_closing_says_each_reason_the_baton_would_be_dropped(personas):
    p = personas
    run = _run(p)
    make_insight(run, by=p.priya)
    assert _refused(close_stage_run, run, by=p.priya) == [
        f"There is no hand-over to the next stage ({PLAN}). Hand over what this stage learned first, so that the "
        "baton is not dropped.",
        f"1 insight item is {LEFT_OPEN}",
    ]
    handover = make_handover(run, by=p.priya, next_owner=p.ellie)
    make_insight(run, by=p.priya)
    make_insight(run, by=p.priya)
    run.refresh_from_db()
    assert _refused(close_stage_run, run, by=p.priya) == [
        f"The hand-over to {PLAN} has not been accepted yet (awaiting acceptance). Ellie Evans must accept it first.",
        f"2 insight items are {LEFT_OPEN}",
    ]
    query_handover(handover, note="Which groups?", by=p.ellie)
    run.refresh_from_db()
    assert _refused(close_stage_run, run, by=p.priya)[0] == (
        f"The hand-over to {PLAN} has not been accepted yet (queried). Ellie Evans must accept it first."
    )
    StageRun.objects.filter(pk=run.pk).update(status=StageRun.Status.CLOSED)
    run.refresh_from_db()
    assert _refused(close_stage_run, run, by=p.priya) == ["This stage run is already closed."]


def test_closing_is_refused_until_the_run_has_started(personas):
    p = personas
    planned = StageRun.objects.get(pk=make_handover(_run(p), by=p.priya, next_owner=p.priya).to_run_id)
    assert _refused(close_stage_run, planned, by=p.priya) == [
        "This stage run has not started: its hand-over has not been accepted yet."
    ]


# Closed runs and their records --------------------------------------------------------------------------


def _closed(p):
    run = _run(p)
    activity = make_activity(run, by=p.priya)
    item = make_insight(run, by=p.priya, activity=activity)
    accept_handover(make_handover(run, by=p.priya, next_owner=p.ellie), by=p.ellie)
    close_stage_run(run, by=p.priya)
    run.refresh_from_db()
    return run, activity, item


def test_insight_of_a_closed_run_cannot_change(personas):
    p = personas
    _run_, _activity, item = _closed(personas)
    item.refresh_from_db()
    assert _refused(update_insight, item, {"title": "Changed"}, by=p.priya) == [
        "This stage run is closed, so its insight cannot change. An engagement lead can reopen it, saying why."
    ]


def test_an_activity_of_a_closed_run_cannot_change(personas):
    p = personas
    _run_, activity, _item = _closed(personas)
    activity.refresh_from_db()
    assert _refused(update_activity, activity, {"reach": 12}, by=p.priya) == [
        "This stage run is closed, so its activities cannot change. An engagement lead can reopen it, saying why."
    ]


def test_nothing_is_recorded_on_a_closed_run(personas):
    p = personas
    run, _activity, _item = _closed(personas)
    assert _refused(make_insight, run, by=p.priya) == [
        "This stage run is closed, so its insight cannot change. An engagement lead can reopen it, saying why."
    ]
    assert _refused(make_activity, run, by=p.priya) == [
        "This stage run is closed, so its activities cannot change. An engagement lead can reopen it, saying why."
    ]


def test_records_of_a_closed_run_cannot_be_deleted(personas):
    p = personas
    _run_, activity, item = _closed(personas)
    for delete, record, what in [(delete_activity, activity, "activities"), (delete_insight, item, "insight")]:
        assert _refused(delete, record, by=p.priya) == [
            f"This stage run is closed, so its {what} cannot change. An engagement lead can reopen it, saying why."
        ]


def test_insight_settled_at_closing_says_how(personas, api):
    p = personas
    run = _run(p)
    accept_handover(make_handover(run, by=p.priya, next_owner=p.ellie), by=p.ellie)
    late = make_insight(run, by=p.priya)
    run.refresh_from_db()
    assert _refused(close_stage_run, run, by=p.priya, dispositions=[(late, "close", " ")]) == [
        "Say why it is closed without action."
    ]
    close_stage_run(run, by=p.priya, dispositions=[(late, "answer", " Done. ")])
    shown = api(p.ellie).get(f"/insight/{late.pk}").json()
    assert (shown["status"], shown["resolution"]) == ("answered", "Done.") and shown["resolved_at"] is not None
    event = AuditEvent.objects.get(action="resolve_insight")
    assert ("resolved_by_id", None, p.priya.pk) in event.changes() and event.actor == p.priya


def test_insight_recorded_already_settled_says_how_and_when(personas, api):
    p = personas
    run = _run(p)
    assert _refused(make_insight, run, by=p.priya, status="closed", resolution=" ") == [
        "Say why it is closed without action."
    ]
    item = make_insight(run, by=p.priya, status="answered", resolution="Fixed the signs.")
    shown = api(p.priya).get(f"/insight/{item.pk}").json()
    assert (shown["status"], shown["resolution"]) == ("answered", "Fixed the signs.")
    assert shown["resolved_at"] is not None
    assert AuditEvent.objects.get(action="record_insight", object_id=str(item.pk)).after["resolved_by_id"] == p.priya.pk


def test_insight_names_an_activity_of_its_own_run(personas):
    p = personas
    elsewhere = make_activity(_run(p), by=p.priya)
    run = _run(p)
    before = saved_state()
    with pytest.raises(ValidationError) as refusal:
        make_insight(run, by=p.priya, activity=elsewhere)
    assert refusal.value.message_dict == {"activity": ["Choose one of this stage run's activities."]}
    assert saved_state() == before
    item = make_insight(run, by=p.priya)
    before = saved_state()
    with pytest.raises(ValidationError) as refusal:
        update_insight(item, {"activity": elsewhere}, by=p.priya)
    assert refusal.value.message_dict == {"activity": ["Choose one of this stage run's activities."]}
    assert saved_state() == before


def test_a_deletion_is_not_undone_into_a_run_closed_since(personas):
    p = personas
    run = _run(p)
    activity = make_activity(run, by=p.priya)
    item = make_insight(run, by=p.priya)
    deletions = [delete_insight(item, by=p.priya), delete_activity(activity, by=p.priya)]
    accept_handover(make_handover(run, by=p.priya, next_owner=p.ellie), by=p.ellie)
    close_stage_run(run, by=p.priya)
    said = []
    for event in deletions:
        with pytest.raises(CannotRestore) as refusal:
            restore_deleted(AuditEvent.objects.get(pk=event.pk), by=p.ellie)
        said.append(str(refusal.value))
    assert said == [
        f"This stage run is closed, so its {what} cannot change. An engagement lead can reopen it, saying why. "
        "Nothing was restored."
        for what in ("insight", "activities")
    ]


# Excusing a run from handing over ------------------------------------------------------------------------


def test_excusing_needs_a_closed_run_without_a_hand_over_or_a_reason(personas):
    p = personas
    run = _run(p)
    assert _refused(excuse_stage_run, run, reason="Stopped.", by=p.ellie) == [
        "Only a closed stage run can be excused from handing over; an open one hands over."
    ]
    closed, _activity, _item = _closed(p)
    assert _refused(excuse_stage_run, closed, reason="Stopped.", by=p.ellie) == ["This stage run has a hand-over."]
    StageRun.objects.filter(pk=run.pk).update(status=StageRun.Status.CLOSED)
    run.refresh_from_db()
    excuse_stage_run(run, reason="Stopped.", by=p.ellie)
    assert _refused(excuse_stage_run, run, reason="Again.", by=p.ellie) == [
        "A reason has already been recorded for this run."
    ]


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_excusing_says_why(personas, reason):
    p = personas
    run = _run(p)
    StageRun.objects.filter(pk=run.pk).update(status=StageRun.Status.CLOSED)
    before = saved_state()
    with pytest.raises(ValidationError) as refusal:
        excuse_stage_run(run, reason=reason, by=p.ellie)
    assert refusal.value.message_dict == {"reason": ["Say why this stage run needs no hand-over."]}
    assert saved_state() == before


def test_excusing_from_a_stale_page_is_refused(personas):
    p = personas
    run = _run(p)
    StageRun.objects.filter(pk=run.pk).update(status=StageRun.Status.CLOSED)
    run.refresh_from_db()
    before = saved_state()
    with pytest.raises(StaleEdit):
        excuse_stage_run(run, reason="Stopped.", by=p.ellie, expected_version=run.version - 1)
    assert saved_state() == before


# Publishing ------------------------------------------------------------------------------------------------


def test_publishing_needs_a_summary_and_something_new_to_show(personas, client):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes")
    assert _refused(publish_programme, programme, by=p.ellie) == [
        "Write a public summary first: it is what the public pages show."
    ]
    update_programme(programme, {"public_summary": "We are redesigning diabetes care."}, by=p.ellie)
    publish_programme(programme, by=p.ellie)
    assert _refused(publish_programme, programme, by=p.ellie) == ["The public pages already show this summary."]
    update_programme(programme, {"public_summary": "We have redesigned diabetes care."}, by=p.ellie)
    before = saved_state()
    with pytest.raises(StaleEdit):
        publish_programme(programme, by=p.ellie, expected_version=programme.version - 1)
    assert saved_state() == before
    publish_programme(programme, by=p.ellie)
    page = client.get(reverse("public:programme", args=[p.org.public_slug, programme.pk])).content.decode()
    assert "We have redesigned diabetes care." in page and "We are redesigning" not in page


def test_only_a_published_programme_can_be_taken_off_the_public_pages(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, public_summary="What we do.")
    assert _refused(unpublish_programme, programme, by=p.ellie) == ["This programme is not on the public pages."]


def test_taking_a_programme_off_the_public_pages_from_a_stale_page_is_refused(personas):
    p = personas
    programme = publish_programme(make_programme(p.org, by=p.ellie, public_summary="What we do."), by=p.ellie)
    before = saved_state()
    with pytest.raises(StaleEdit):
        unpublish_programme(programme, by=p.ellie, expected_version=programme.version - 1)
    assert saved_state() == before


# The audit trail -------------------------------------------------------------------------------------------


def test_the_audit_trail_names_who_made_each_change_and_the_action_that_made_it(personas):
    """The audit pages show each event's person and action ("Changed (close stage run)")."""
    from baton.cycle import actions as a

    p = personas
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    programme = a.create_programme(p.org, by=p.ellie, name="Diabetes", lead=p.priya, public_summary="What we do.")
    a.update_programme(programme, {"condition": "diabetes"}, by=p.priya)
    a.publish_programme(programme, by=p.ellie)
    a.unpublish_programme(programme, by=p.ellie)
    run = a.open_stage_run(programme, "needs", owner=p.priya, by=p.ellie)
    activity = a.record_activity(
        run,
        by=p.priya,
        title="Survey",
        method="survey",
        ladder_level="consult",
        target_groups="carers",
        start_date=date(2026, 1, 10),
    )
    a.update_activity(activity, {"reach": 40}, by=p.priya)
    item = a.record_insight(run, by=p.priya, title="Heard", source="activity")
    a.update_insight(item, {"themes": "access"}, by=p.priya)
    a.resolve_insight(item, status="answered", resolution="Done.", by=p.priya)
    handover = a.hand_over(run, to_stage="plan", next_owner=p.priya, summary="Learned.", by=p.priya)
    a.update_handover(handover, {"next_owner": p.ellie}, by=p.priya)
    a.query_handover(handover, note="Which?", by=p.ellie)
    a.answer_query(handover, answer="These.", by=p.priya)
    a.accept_handover(handover, by=p.ellie)
    late = a.record_insight(run, by=p.priya, title="Heard late", source="activity")
    run.refresh_from_db()
    a.close_stage_run(run, by=p.priya, dispositions=[(late, "carry", "")])
    run.refresh_from_db()
    a.reopen_stage_run(run, reason="Correct it.", by=p.ellie)
    dropped = a.open_stage_run(programme, "improve", owner=p.priya, by=p.ellie)
    StageRun.objects.filter(pk=dropped.pk).update(status=StageRun.Status.CLOSED)
    a.excuse_stage_run(dropped, reason="Stopped.", by=p.ellie)
    a.delete_activity(activity, by=p.priya)
    a.delete_insight(late, by=p.priya)
    a.delete_programme(programme, by=p.ellie)
    events = AuditEvent.objects.filter(pk__gt=start).order_by("pk")
    assert [(e.verb, e.action, e.model, e.actor.username) for e in events] == [
        ("create", "create_programme", "cycle.programme", "ellie"),
        ("update", "update_programme", "cycle.programme", "priya"),
        ("update", "publish_programme", "cycle.programme", "ellie"),
        ("update", "unpublish_programme", "cycle.programme", "ellie"),
        ("create", "open_stage_run", "cycle.stagerun", "ellie"),
        ("create", "record_activity", "cycle.engagementactivity", "priya"),
        ("update", "update_activity", "cycle.engagementactivity", "priya"),
        ("create", "record_insight", "cycle.insightitem", "priya"),
        ("update", "update_insight", "cycle.insightitem", "priya"),
        ("update", "resolve_insight", "cycle.insightitem", "priya"),
        ("create", "hand_over", "cycle.stagerun", "priya"),
        ("create", "hand_over", "cycle.handover", "priya"),
        ("update", "update_handover", "cycle.handover", "priya"),
        ("update", "update_handover", "cycle.stagerun", "priya"),
        ("update", "query_handover", "cycle.handover", "ellie"),
        ("create", "query_handover", "cycle.handovermessage", "ellie"),
        ("update", "answer_query", "cycle.handover", "priya"),
        ("create", "answer_query", "cycle.handovermessage", "priya"),
        ("update", "accept_handover", "cycle.handover", "ellie"),
        ("update", "accept_handover", "cycle.stagerun", "ellie"),
        ("create", "record_insight", "cycle.insightitem", "priya"),
        ("update", "carry_insight_forward", "cycle.handover", "priya"),
        ("update", "close_stage_run", "cycle.stagerun", "priya"),
        ("update", "reopen_stage_run", "cycle.stagerun", "ellie"),
        ("create", "open_stage_run", "cycle.stagerun", "ellie"),
        ("update", "excuse_stage_run", "cycle.stagerun", "ellie"),
        ("delete", "delete_activity", "cycle.engagementactivity", "priya"),
        ("delete", "delete_insight", "cycle.insightitem", "priya"),
        ("delete", "delete_programme", "cycle.programme", "ellie"),
    ]
    unpublished = events.get(action="unpublish_programme")
    published = {"published_at", "published_by_id", "published_summary"}
    assert [change for change in unpublished.changes() if change[0] in published] == [
        ("published_at", unpublished.before["published_at"], None),
        ("published_by_id", p.ellie.pk, None),
        ("published_summary", "What we do.", ""),
    ]


# Reopening a closed run ----------------------------------------------------------------------------------


def test_only_a_closed_run_is_reopened(personas):
    p = personas
    assert _refused(reopen_stage_run, _run(p), reason="Correct it.", by=p.ellie) == [
        "Only a closed stage run can be reopened."
    ]


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_reopening_says_why(personas, reason):
    p = personas
    run, _activity, _item = _closed(p)
    before = saved_state()
    with pytest.raises(ValidationError) as refusal:
        reopen_stage_run(run, reason=reason, by=p.ellie)
    assert refusal.value.message_dict == {"reason": ["Say why the stage run is being reopened."]}
    assert saved_state() == before


def test_reopening_from_a_stale_page_is_refused(personas):
    p = personas
    run, _activity, _item = _closed(p)
    before = saved_state()
    with pytest.raises(StaleEdit):
        reopen_stage_run(run, reason="Correct it.", by=p.ellie, expected_version=run.version - 1)
    assert saved_state() == before


def test_a_reopened_run_is_open_with_no_closing_day_and_says_why(personas, api):
    p = personas
    run, _activity, _item = _closed(p)
    reopen_stage_run(run, reason="  Correct the reach.  ", by=p.ellie)
    shown = api(p.ellie).get(f"/runs/{run.pk}").json()
    assert (shown["status"], shown["closed_on"]) == ("open", None)
    run.refresh_from_db()
    assert run.reopen_reason == "Correct the reach."


# Changing what a hand-over carries -------------------------------------------------------------------------


def _errors(response):
    assert response.status_code == 422, response.content
    return [(tuple(error["loc"]), error["msg"]) for error in response.json()["detail"]]


def test_a_hand_over_carries_only_its_runs_open_insight_when_changed_or_answered(personas, api):
    p = personas
    run = _run(p)
    carried = make_insight(run, by=p.priya, title="Carried")
    handover = make_handover(run, by=p.priya, next_owner=p.ellie)
    still_open = make_insight(run, by=p.priya, title="Still open")
    answered = make_insight(run, by=p.priya, title="Answered", status="answered", resolution="Done.")
    priya = api(p.priya)
    before = saved_state()
    refused = priya.patch(f"/handovers/{handover.pk}", {"version": handover.version, "insight_ids": [answered.pk]})
    assert _errors(refused) == [(("body", "insight_ids"), "Only this stage run's open insight can be carried forward.")]
    assert saved_state() == before
    changed = priya.patch(
        f"/handovers/{handover.pk}", {"version": handover.version, "insight_ids": [carried.pk, still_open.pk]}
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["carried_insight_ids"] == sorted([carried.pk, still_open.pk])
    query_handover(handover, note="Which groups?", by=p.ellie)
    handover.refresh_from_db()
    before = saved_state()
    refused = priya.post(
        f"/handovers/{handover.pk}/answer",
        {"answer": "These.", "version": handover.version, "insight_ids": [answered.pk]},
    )
    assert _errors(refused) == [(("body", "insight_ids"), "Only this stage run's open insight can be carried forward.")]
    assert saved_state() == before


def test_the_answer_to_answered_insight_can_be_corrected_on_its_own(personas, api):
    p = personas
    item = make_insight(_run(p), by=p.priya, status="answered", resolution="Done.")
    response = api(p.priya).patch(f"/insight/{item.pk}", {"version": item.version, "resolution": "Done in March."})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["resolution"]) == ("answered", "Done in March.")


def test_a_hand_over_changed_by_the_ids_of_what_it_carries(personas):
    """The actions take the items or their ids (as the API's lists give them)."""
    p = personas
    run = _run(p)
    first = make_insight(run, by=p.priya)
    handover = make_handover(run, by=p.priya, next_owner=p.ellie)
    second = make_insight(run, by=p.priya)
    update_handover(handover, {"carried_insight": [first.pk, second.pk]}, by=p.priya)
    assert sorted(handover.carried_insight.values_list("pk", flat=True)) == [first.pk, second.pk]


def test_insight_is_settled_only_by_answering_or_closing_it(personas):
    p = personas
    item = make_insight(_run(p), by=p.priya)
    assert _refused(resolve_insight, item, status="open", resolution="Why not.", by=p.priya) == [
        "Choose whether the insight is answered or closed."
    ]


def test_a_programme_is_led_only_by_someone_who_may_own_work(personas):
    """The pages and the API offer only such people; the action checks again (a role may have
    ended since the form was shown)."""
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya)
    before = saved_state()
    with pytest.raises(ValidationError) as refusal:
        update_programme(programme, {"lead": p.bea}, by=p.ellie)
    assert refusal.value.message_dict == {
        "lead": ["Choose someone who can lead programmes and own stage runs in your organisation."]
    }
    assert saved_state() == before


def test_answering_closing_and_reopening_insight(personas, api):
    """Answering or closing says how; a change of anything else leaves who settled it and when;
    reopening clears the answer (the audit trail keeps it)."""
    p = personas
    item = make_insight(_run(p), by=p.priya)

    def patch(who, **changes):
        item.refresh_from_db()
        return api(who).patch(f"/insight/{item.pk}", {"version": item.version, **changes})

    before = saved_state()
    for changes, reason in [
        ({"status": "closed"}, "Say why it is closed without action."),
        ({"status": "answered", "resolution": "  "}, "Say what the answer is: what was done, or will be, about it."),
    ]:
        refused = patch(p.priya, **changes)
        assert (refused.status_code, refused.json()["detail"]) == (409, [reason]), changes
    assert saved_state() == before

    answered = patch(p.priya, status="answered", resolution="Done.")
    assert answered.status_code == 200, answered.content
    assert answered.json()["resolved_at"] is not None
    refused = patch(p.priya, resolution=" ")
    assert (refused.status_code, refused.json()["detail"]) == (
        409,
        ["Say what the answer is: what was done, or will be, about it."],
    )
    renamed = patch(p.ellie, title="Parking, again")
    assert renamed.json()["resolved_at"] == answered.json()["resolved_at"]

    closed = patch(p.priya, status="closed")  # the words it was answered with stand as the reason
    assert (closed.json()["status"], closed.json()["resolution"]) == ("closed", "Done.")

    reopened = patch(p.ellie, status="open")
    assert (reopened.json()["resolution"], reopened.json()["resolved_at"]) == ("", None)
    event = AuditEvent.objects.filter(action="update_insight").order_by("-pk").first()
    assert {name: (was, now) for name, was, now in event.changes() if name.startswith("resol")} == {
        "resolution": ("Done.", ""),
        "resolved_at": (event.before["resolved_at"], None),
        "resolved_by_id": (p.priya.pk, None),
    }
    assert event.actor == p.ellie
