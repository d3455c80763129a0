"""What the cycle API does beyond who may call it: validation, optimistic locking, the baton rule,
hand-overs, filters and paging, deletion with restore. (Permissions: test_api_permissions.py.)"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from baton.cycle.actions import accept_handover, close_stage_run
from baton.cycle.models import EngagementActivity, Handover, InsightItem, Programme, StageRun
from baton.cycle.testing import make_activity, make_handover, make_history, make_insight, make_programme, make_run

from .api_helpers import api, saved_state, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _locs(response):
    assert response.status_code == 422, response.content
    return [tuple(error["loc"]) for error in response.json()["detail"]]


# Schema and docs ---------------------------------------------------------------------------------


def test_openapi_schema_and_docs_are_served(client, personas):
    assert client.get("/api/openapi.json").status_code == 200
    client.force_login(personas.ellie)
    assert client.get("/api/docs").status_code == 200


def test_every_operation_documents_its_errors(client):
    schema = client.get("/api/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"401", "404", "422"} <= codes, (method, path)
            if method != "get":
                assert {"400", "403", "409"} <= codes, (method, path)


# Validation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, field",
    [
        ({"reach": -1}, "reach"),
        ({"cost": "-0.01"}, "cost"),
        ({"cost": "12.345"}, "cost"),
        ({"end_date": "2026-01-31"}, "end_date"),  # before the start
        ({"method": "poll"}, "method"),
        ({"ladder_level": "shout"}, "ladder_level"),
        ({"title": "   "}, "title"),
        ({"title": "a\x00b"}, "title"),
        ({"start_date": "yesterday"}, "start_date"),
    ],
)
def test_bad_activity_is_refused_with_the_field_in_error_and_nothing_saved(api, world, change, field):
    body = {
        "title": "Carers' survey",
        "method": "survey",
        "ladder_level": "consult",
        "target_groups": "carers",
        "start_date": "2026-02-01",
        **change,
    }
    before = saved_state()
    response = api(world.p.ellie).post(f"/runs/{world.run.pk}/activities", body)
    assert ("body", field) in _locs(response)
    assert saved_state() == before


@pytest.mark.parametrize("sentiment, ok", [(0, False), (1, True), (5, True), (6, False), (None, True)])
def test_insight_sentiment_is_one_to_five(api, world, sentiment, ok):
    response = api(world.p.priya).post(
        f"/runs/{world.run.pk}/insight", {"title": "Parking", "source": "pals", "sentiment": sentiment}
    )
    if ok:
        assert response.status_code == 201 and response.json()["sentiment"] == sentiment
    else:
        assert _locs(response) == [("body", "sentiment")]


def test_stage_must_be_one_of_the_five_keys(api, world):
    response = api(world.p.ellie).post(f"/programmes/{world.bare_programme.pk}/runs", {"stage": "evaluate"})
    assert _locs(response) == [("body", "stage")]


def test_people_named_by_id_must_belong_to_the_organisation(api, world):
    p, ellie = world.p, api(world.p.ellie)
    for response, field in [
        (ellie.post("/programmes", {"name": "Maternity", "lead_id": p.oscar.pk}), "lead_id"),
        (
            ellie.post(f"/programmes/{world.bare_programme.pk}/runs", {"stage": "plan", "owner_id": p.oscar.pk}),
            "owner_id",
        ),
        (
            ellie.post(f"/runs/{world.bare_run.pk}/handover", {"next_owner_id": p.oscar.pk, "summary": "Done."}),
            "next_owner_id",
        ),
        (
            ellie.post(f"/runs/{world.bare_run.pk}/handover", {"next_owner_id": 999_999, "summary": "Done."}),
            "next_owner_id",
        ),
    ]:
        assert _locs(response) == [("body", field)]
        assert "organisation" in response.json()["detail"][0]["msg"]
    assert not Programme.objects.filter(name="Maternity").exists()


def test_insight_can_only_name_an_activity_of_its_own_run(api, world):
    other_activity = make_activity(world.bare_run, by=world.p.ellie)
    response = api(world.p.ellie).post(
        f"/runs/{world.run.pk}/insight", {"title": "Parking", "source": "activity", "activity_id": other_activity.pk}
    )
    assert _locs(response) == [("body", "activity_id")]


def test_only_the_programmes_own_insight_can_be_carried_forward(api, world):
    response = api(world.p.ellie).post(
        f"/runs/{world.bare_run.pk}/handover",
        {"next_owner_id": world.p.priya.pk, "summary": "Done.", "insight_ids": [world.insight.pk]},
    )
    assert _locs(response) == [("body", "insight_ids")]


def test_duplicate_programme_name_is_a_validation_error(api, world):
    response = api(world.p.ellie).post("/programmes", {"name": world.programme.name})
    assert _locs(response) == [("body",)]
    assert response.json()["detail"][0]["msg"] == "There is already a programme with this name. Choose another name."


# Optimistic locking --------------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["programmes", "activities", "insight", "handovers"])
def test_stale_patch_is_refused_with_409_and_nothing_saved(api, world, what):
    obj = {
        "programmes": world.programme,
        "activities": world.activity,
        "insight": world.insight,
        "handovers": world.handover,
    }[what]
    field, value = {
        "programmes": ("description", "New"),
        "activities": ("reach", 7),
        "insight": ("detail", "More"),
        "handovers": ("open_actions", "More"),
    }[what]
    ellie = api(world.p.ellie)
    first = ellie.patch(f"/{what}/{obj.pk}", {"version": obj.version, field: value})
    assert first.status_code == 200, first.content
    assert first.json()["version"] == obj.version + 1
    before = saved_state()
    second = ellie.patch(f"/{what}/{obj.pk}", {"version": obj.version, field: "stale" if isinstance(value, str) else 8})
    assert second.status_code == 409
    assert second.json()["code"] == "stale_edit" and second.json()["detail"]
    assert saved_state() == before


def test_patch_without_version_is_refused(api, world):
    response = api(world.p.ellie).patch(f"/programmes/{world.programme.pk}", {"name": "Renamed"})
    assert _locs(response) == [("body", "version")]


def test_patch_changes_only_the_fields_given(api, world):
    response = api(world.p.ellie).patch(f"/programmes/{world.programme.pk}", {"version": 1, "condition": "diabetes"})
    assert response.status_code == 200
    world.programme.refresh_from_db()
    assert world.programme.condition == "diabetes" and world.programme.name == "Diabetes pathway"
    assert world.programme.lead == world.p.priya


def test_patch_can_clear_the_lead_but_not_the_name(api, world):
    ellie = api(world.p.ellie)
    assert _locs(ellie.patch(f"/programmes/{world.programme.pk}", {"version": 1, "name": None})) == [("body", "name")]
    response = ellie.patch(f"/programmes/{world.programme.pk}", {"version": 1, "lead_id": None})
    assert response.status_code == 200 and response.json()["lead"] is None


# The baton rule ------------------------------------------------------------------------------------


def test_closing_a_run_without_an_accepted_handover_is_refused_with_reasons(api, world):
    ellie = api(world.p.ellie)
    blockers = ellie.get(f"/runs/{world.bare_run.pk}/blockers").json()
    assert blockers["can_close"] is False and "no hand-over" in blockers["blockers"][0]
    response = ellie.post(f"/runs/{world.bare_run.pk}/close")
    assert response.status_code == 409
    assert response.json() == {"detail": blockers["blockers"], "code": "rule_broken"}
    world.bare_run.refresh_from_db()
    assert world.bare_run.status == StageRun.Status.OPEN

    pending = ellie.post(f"/runs/{world.run.pk}/close")
    assert pending.status_code == 409 and "not been accepted" in pending.json()["detail"][0]


def test_accepting_the_handover_lets_the_run_close(api, world):
    priya = api(world.p.priya)
    accepted = priya.post(f"/handovers/{world.handover.pk}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert StageRun.objects.get(pk=world.handover.to_run_id).status == StageRun.Status.OPEN
    assert priya.get(f"/runs/{world.run.pk}/blockers").json() == {"can_close": True, "blockers": []}
    closed = priya.post(f"/runs/{world.run.pk}/close", {"version": world.run.version})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = priya.post(f"/runs/{world.run.pk}/close")
    assert again.status_code == 409 and "already closed" in again.json()["detail"][0]


def test_close_with_a_stale_version_is_refused(api, world):
    accept_handover(world.handover, by=world.p.priya)
    response = api(world.p.priya).post(f"/runs/{world.run.pk}/close", {"version": world.run.version + 5})
    assert response.status_code == 409 and response.json()["code"] == "stale_edit"


# Hand-overs ----------------------------------------------------------------------------------------


def test_handing_over_creates_the_next_run_awaiting_acceptance(api, world):
    extra = make_insight(world.bare_run, by=world.p.ellie)
    response = api(world.p.ellie).post(
        f"/runs/{world.bare_run.pk}/handover",
        {"next_owner_id": world.p.priya.pk, "summary": "Service model agreed.", "insight_ids": [extra.pk]},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["from_stage"] == "improve" and body["to_stage"] == "procure"
    assert body["carried_insight_ids"] == [extra.pk] and body["status"] == "pending" and body["overdue"] is False
    assert StageRun.objects.get(pk=body["to_run_id"]).status == StageRun.Status.PLANNED


def test_handing_over_to_a_stage_that_does_not_follow_is_refused(api, world):
    response = api(world.p.ellie).post(
        f"/runs/{world.bare_run.pk}/handover",
        {"to_stage": "needs", "next_owner_id": world.p.priya.pk, "summary": "Done."},
    )
    assert response.status_code == 409 and "hands over to" in response.json()["detail"][0]


def test_query_needs_a_note_and_sends_the_handover_back(api, world):
    priya = api(world.p.priya)
    assert _locs(priya.post(f"/handovers/{world.handover.pk}/query", {"note": ""})) == [("body", "note")]
    response = priya.post(f"/handovers/{world.handover.pk}/query", {"note": "Which groups were not reached?"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "queried"
    assert [(m["kind"], m["text"], m["author"]["id"]) for m in body["messages"]] == [
        ("query", "Which groups were not reached?", world.p.priya.pk)
    ]
    ellie = api(world.p.ellie)
    edited = ellie.patch(f"/handovers/{world.handover.pk}", {"version": body["version"], "summary": "Now with groups."})
    assert edited.status_code == 200 and edited.json()["status"] == "queried"  # changing is not answering
    assert _locs(ellie.post(f"/handovers/{world.handover.pk}/answer", {"answer": " "})) == [("body", "answer")]
    answered = ellie.post(
        f"/handovers/{world.handover.pk}/answer", {"answer": "Young carers.", "version": edited.json()["version"]}
    )
    assert answered.status_code == 200 and answered.json()["status"] == "pending"
    assert [m["kind"] for m in answered.json()["messages"]] == ["query", "answer"]
    again = ellie.post(f"/handovers/{world.handover.pk}/answer", {"answer": "Twice."})
    assert again.status_code == 409 and "no query waiting" in again.json()["detail"][0]


def test_an_accepted_handover_can_no_longer_change(api, world):
    accept_handover(world.handover, by=world.p.priya)
    world.handover.refresh_from_db()
    response = api(world.p.ellie).patch(
        f"/handovers/{world.handover.pk}", {"version": world.handover.version, "summary": "Late."}
    )
    assert response.status_code == 409 and "accepted" in response.json()["detail"][0]
    assert api(world.p.priya).post(f"/handovers/{world.handover.pk}/accept").status_code == 409


def test_handover_filters_waiting_for_me_and_overdue(api, world):
    p = world.p
    assert api(p.priya).get("/handovers", waiting_for_me="true").json()["count"] == 1
    assert api(p.ellie).get("/handovers", waiting_for_me="true").json()["count"] == 0
    assert api(p.ellie).get("/handovers", overdue="true").json()["count"] == 0
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        body = api(p.ellie).get("/handovers", overdue="true").json()
        assert body["count"] == 1 and body["items"][0]["overdue"] is True
        assert api(p.ellie).get("/handovers", status="pending", overdue="true").json()["count"] == 1
        assert api(p.ellie).get("/handovers", status="accepted").json()["count"] == 0


# Lists, paging, journey, dropped batons -------------------------------------------------------------


def test_lists_paginate_with_items_and_count(api, world):
    for n in range(5):
        make_programme(world.p.org, by=world.p.ellie, name=f"Extra {n}")
    ellie = api(world.p.ellie)
    body = ellie.get("/programmes", page=2, page_size=3).json()
    assert set(body) == {"items", "count"}
    assert body["count"] == 7 and len(body["items"]) == 3
    assert len(ellie.get("/programmes", page=3, page_size=3).json()["items"]) == 1
    assert ellie.get("/programmes", page=99).json() == {"items": [], "count": 7}
    assert ellie.get("/programmes", page_size=101).status_code == 422


def test_programme_filters(api, world):
    ellie = api(world.p.ellie)
    names = lambda **f: [i["name"] for i in ellie.get("/programmes", **f).json()["items"]]  # noqa: E731
    assert names(search="diab") == ["Diabetes pathway"]
    assert names(stage="needs") == ["Diabetes pathway"]
    assert names(stage="monitor") == []
    assert names(stage="improve") == ["Stroke rehabilitation"]
    assert names(lead=world.p.ellie.pk) == []


def test_run_activity_and_insight_filters(api, world):
    ellie = api(world.p.ellie)
    assert [r["id"] for r in ellie.get("/runs", programme=world.programme.pk, status="open").json()["items"]] == [
        world.run.pk
    ]
    assert ellie.get("/runs", stage="plan").json()["items"][0]["status"] == "planned"
    assert ellie.get("/activities", run=world.run.pk).json()["count"] == 1
    assert ellie.get("/activities", run=world.bare_run.pk).json()["count"] == 0
    assert ellie.get("/insight", programme=world.programme.pk, status="open").json()["count"] == 1
    assert ellie.get("/insight", search=world.insight.title[:6]).json()["count"] == 1
    assert ellie.get("/insight", stage="improve").json()["count"] == 0


def test_journey_lists_runs_newest_first_with_their_handovers(api, world):
    accept_handover(world.handover, by=world.p.priya)
    body = api(world.p.bea).get(f"/programmes/{world.programme.pk}/journey").json()
    assert set(body) == {"items", "count"} and body["count"] == 2
    assert [step["stage"] for step in body["items"]] == ["plan", "needs"]
    assert all(step["programme_id"] == world.programme.pk for step in body["items"])
    assert body["items"][0]["handover"] is None
    assert body["items"][1]["handover"]["status"] == "accepted"
    assert body["items"][1]["handover"]["carried_insight_ids"] == [world.insight.pk]


def test_journey_of_a_long_history_comes_a_page_at_a_time(api, world):
    history = make_history(world.programme, 60, owner=world.p.priya)
    path = f"/programmes/{world.programme.pk}/journey"
    bea = api(world.p.bea)
    ids = lambda **q: [step["id"] for step in bea.get(path, **q).json()["items"]]  # noqa: E731
    newest = [run.pk for run in reversed(history)]
    first, second = ids(), ids(page=2)
    assert first == newest[:25] and second == newest[25:50]
    assert bea.get(path, page=3).json()["count"] == 62
    assert ids(page=2, page_size=10) == newest[10:20]
    assert bea.get(path, page=99).json() == {"items": [], "count": 62}
    assert bea.get(path, page_size=101).status_code == 422


def test_dropped_batons_lists_the_three_kinds(api, world):
    p = world.p
    programme = make_programme(p.org, by=p.ellie)
    run = make_run(programme, "needs", owner=p.ellie)
    make_insight(run, by=p.ellie)  # carried forward by the hand-over: not dropped
    handover = make_handover(run, by=p.ellie, next_owner=p.ellie)
    accept_handover(handover, by=p.ellie)
    close_stage_run(run, by=p.ellie)
    # A run closed before hand-overs were recorded (imported history), its insight left open: no
    # action can do either now.
    StageRun.objects.filter(pk=world.bare_run.pk).update(status=StageRun.Status.CLOSED)
    forgotten = InsightItem.objects.create(stage_run=world.bare_run, title="Imported", source="pals")
    with time_machine.travel(timezone.now() + timedelta(days=45)):
        body = api(p.larry).get("/dropped-batons").json()
    assert [h["id"] for h in body["overdue_handovers"]["items"]] == [world.handover.pk]
    assert [r["id"] for r in body["runs_closed_without_handover"]["items"]] == [world.bare_run.pk]
    assert [i["id"] for i in body["dropped_insight"]["items"]] == [forgotten.pk]
    assert all(body[k]["count"] == 1 for k in body)


def test_dropped_batons_limit_caps_items_not_counts(api, world):
    for _ in range(3):
        run = make_run(make_programme(world.p.org, by=world.p.ellie), "needs", owner=world.p.ellie)
        make_handover(run, by=world.p.ellie, next_owner=world.p.priya)
    with time_machine.travel(timezone.now() + timedelta(days=45)):
        body = api(world.p.ellie).get("/dropped-batons", limit=2).json()
    assert body["overdue_handovers"]["count"] == 4 and len(body["overdue_handovers"]["items"]) == 2


# Deletion and restore ------------------------------------------------------------------------------


def test_deleting_a_programme_can_be_undone_from_its_audit_event(api, world):
    ellie = api(world.p.ellie)
    deleted = ellie.delete(f"/programmes/{world.programme.pk}")
    assert deleted.status_code == 200
    event_id = deleted.json()["audit_event_id"]
    assert not Programme.objects.filter(pk=world.programme.pk).exists()
    assert not Handover.objects.filter(pk=world.handover.pk).exists()
    assert ellie.get(f"/programmes/{world.programme.pk}").status_code == 404

    restored = ellie.post(f"/audit/events/{event_id}/restore")
    assert restored.status_code == 200
    assert restored.json() == {
        "model": "cycle.programme",
        "object_id": str(world.programme.pk),
        "object_repr": "Diabetes pathway",
    }
    assert Handover.objects.get(pk=world.handover.pk).carried_insight.get() == InsightItem.objects.get(
        pk=world.insight.pk
    )
    again = ellie.post(f"/audit/events/{event_id}/restore")
    assert again.status_code == 409 and "already been undone" in again.json()["detail"][0]


def test_only_a_deletion_can_be_restored(api, world):
    history = api(world.p.larry).get(f"/audit/cycle.programme/{world.programme.pk}").json()
    assert history["count"] == 1 and history["items"][0]["verb"] == "create"
    response = api(world.p.ellie).post(f"/audit/events/{history['items'][0]['id']}/restore")
    assert response.status_code == 409 and response.json()["detail"] == ["Only deletions can be undone."]


def test_history_shows_each_change(api, world):
    ellie = api(world.p.ellie)
    ellie.patch(f"/activities/{world.activity.pk}", {"version": world.activity.version, "reach": 99})
    items = ellie.get(f"/audit/cycle.engagementactivity/{world.activity.pk}").json()["items"]
    assert items[0]["verb"] == "update" and items[0]["actor"]["name"] == "Ellie Evans"
    assert {"field": "reach", "before": 40, "after": 99} in items[0]["changes"]
    assert ellie.get("/audit/cycle.engagementactivity/999999").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_restoring_a_record_whose_parent_was_deleted_since_is_refused(api):
    from baton.core.testing import make_personas

    from .api_helpers import make_world

    world = make_world(make_personas())
    ellie = api(world.p.ellie)
    event_id = ellie.delete(f"/activities/{world.activity.pk}").json()["audit_event_id"]
    assert ellie.delete(f"/programmes/{world.programme.pk}").status_code == 200
    response = ellie.post(f"/audit/events/{event_id}/restore")
    assert response.status_code == 409 and "Restore that first" in response.json()["detail"][0]
    assert not EngagementActivity.objects.filter(pk=world.activity.pk).exists()


def test_deleting_activity_and_insight_answers_the_audit_event(api, world):
    ellie = api(world.p.ellie)
    for path in (f"/insight/{world.insight.pk}", f"/activities/{world.activity.pk}"):
        response = ellie.delete(path)
        assert response.status_code == 200
        assert ellie.post(f"/audit/events/{response.json()['audit_event_id']}/restore").status_code == 200
    assert ellie.get(f"/activities/{world.activity.pk}").status_code == 200
