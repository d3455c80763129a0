"""The register's API: the same rules and permissions as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from baton.core.models import AuditEvent
from baton.cycle.testing import make_programme
from baton.governance.testing import make_board, make_decision

from ..models import MeetingAction, Structure
from ..testing import make_action, make_meeting, make_structure

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_structures_list_with_their_flags_and_filter(personas, api):
    p = personas
    healthy = make_structure(p.org, by=p.ellie, name="PPG Network")
    make_meeting(healthy, by=p.ellie, held_on=TODAY - timedelta(days=3))
    make_structure(p.org, by=p.ellie, name="Citizens' panel", type_key="citizens_panel", purpose="")
    body = api(p.bea).get("/structures").json()
    assert body["count"] == 2
    by_name = {s["name"]: s for s in body["items"]}
    assert by_name["PPG Network"]["flags"] == [] and by_name["PPG Network"]["last_met_on"] == str(
        TODAY - timedelta(days=3)
    )
    assert by_name["Citizens' panel"]["flags"] == ["No stated purpose.", "No meeting recorded."]
    assert by_name["PPG Network"]["decision_body"] == "Place partnership board"
    flagged = api(p.bea).get("/structures", flagged=True).json()
    assert [s["name"] for s in flagged["items"]] == ["Citizens' panel"]
    assert api(p.bea).get("/structures", type="ppg").json()["count"] == 1
    types = api(p.bea).get("/structures/types", page_size=100).json()
    assert "citizens_panel" in {t["key"] for t in types["items"]}


def test_create_a_structure_once_per_idempotency_key_and_choices_are_the_organisations_own(personas, api):
    p = personas
    lead = api(p.ellie)
    lead.headers["HTTP_IDEMPOTENCY_KEY"] = "abc"
    board = make_board(p.org, by=p.ellie, name="Primary care committee")
    body = {"name": "PPG Network", "type": "supra_ppg", "purpose": "Patients.", "feeds_board_id": board.pk}
    first, second = lead.post("/structures", body), lead.post("/structures", body)
    assert (first.status_code, second.status_code) == (201, 200) and first.json()["id"] == second.json()["id"]
    assert first.json()["decision_body"] == "Primary care committee"
    theirs = make_board(p.other_org, by=p.oscar)
    wrong = api(p.ellie).post("/structures", {**body, "name": "Other", "feeds_board_id": theirs.pk})
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"] == ["body", "feeds_board_id"]
    programme = make_programme(p.other_org, by=p.oscar, name="Theirs")
    wrong = api(p.ellie).post("/structures", {**body, "name": "Other", "programme_id": programme.pk})
    assert wrong.json()["detail"][0]["loc"] == ["body", "programme_id"]
    both = api(p.ellie).post("/structures", {**body, "name": "Other", "feeds_named_body": "Also"})
    assert both.status_code == 422 and "not both" in both.content.decode()
    duplicate = api(p.ellie).post("/structures", {**body, "name": "ppg network"})
    assert duplicate.status_code == 422 and duplicate.json()["detail"][0]["loc"] == ["body", "name"]
    assert Structure.objects.filter(organisation=p.org).count() == 1


def test_review_meetings_and_actions_through_the_api(personas, api):
    p = personas
    lead = api(p.ellie)
    s = make_structure(p.org, by=p.ellie, terms_reviewed_on=None)
    far = lead.post(f"/structures/{s.pk}/review", {"next_review_on": str(TODAY + timedelta(days=400))})
    assert far.status_code == 409 and "at least yearly" in far.json()["detail"][0]
    ok = lead.post(f"/structures/{s.pk}/review", {"next_review_on": str(TODAY + timedelta(days=300))})
    assert ok.status_code == 200 and ok.json()["terms_reviewed_on"] == str(TODAY)
    decision = make_decision(p.org, make_board(p.org, by=p.ellie), by=p.ellie)
    made = lead.post(
        f"/structures/{s.pk}/meetings", {"held_on": str(TODAY - timedelta(days=2)), "decision_ids": [decision.pk]}
    )
    assert made.status_code == 201 and made.json()["decision_ids"] == [decision.pk]
    meeting_id = made.json()["id"]
    theirs = make_decision(p.other_org, make_board(p.other_org, by=p.oscar), by=p.oscar)
    wrong = lead.patch(f"/structures/meetings/{meeting_id}", {"version": 1, "decision_ids": [theirs.pk]})
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"] == ["body", "decision_ids"]
    action = lead.post(f"/structures/meetings/{meeting_id}/actions", {"text": "Report back.", "owner_id": p.priya.pk})
    assert action.status_code == 201 and action.json()["owner"]["name"] == "Priya Patel"
    assert action.json()["state"] == "open"
    outsider = lead.post(f"/structures/meetings/{meeting_id}/actions", {"text": "X", "owner_id": p.oscar.pk})
    assert outsider.status_code == 422 and outsider.json()["detail"][0]["loc"] == ["body", "owner_id"]
    done = lead.post(f"/structures/actions/{action.json()['id']}/done", {})
    assert done.status_code == 200 and done.json()["state"] == "done"
    assert lead.post(f"/structures/actions/{action.json()['id']}/done", {}).status_code == 409
    assert api(p.bea).get(f"/structures/{s.pk}").json()["flags"] == []
    other = make_meeting(make_structure(p.org, by=p.ellie), by=p.ellie, held_on=TODAY - timedelta(days=9))
    every = api(p.bea).get("/structures/meetings").json()
    assert [m["id"] for m in every["items"]] == [meeting_id, other.pk]
    assert api(p.bea).get("/structures/meetings", structure_id=s.pk).json()["count"] == 1


def test_deleting_a_structure_is_refused_while_it_informed_decisions_and_restorable_otherwise(personas, api):
    p = personas
    s = make_structure(p.org, by=p.ellie)
    make_meeting(s, by=p.ellie, decisions=[make_decision(p.org, make_board(p.org, by=p.ellie), by=p.ellie)])
    refused = api(p.ellie).delete(f"/structures/{s.pk}")
    assert refused.status_code == 409 and "decision register" in refused.json()["detail"][0]
    plain = make_structure(p.org, by=p.ellie)
    item = make_action(make_meeting(plain, by=p.ellie), by=p.ellie)
    deleted = api(p.ellie).delete(f"/structures/{plain.pk}")
    assert deleted.status_code == 200
    assert AuditEvent.objects.get(pk=deleted.json()["audit_event_id"]).action == "delete_structure"
    restored = api(p.ellie).post(f"/audit/events/{deleted.json()['audit_event_id']}/restore")
    assert restored.status_code == 200 and MeetingAction.objects.filter(pk=item.pk).exists()


def test_the_programme_lead_records_her_panels_meetings_through_the_api(personas, api):
    p = personas
    panel = make_structure(p.org, by=p.ellie, programme=make_programme(p.org, by=p.ellie, lead=p.priya))
    other = make_structure(p.org, by=p.ellie)
    priya = api(p.priya)
    assert priya.post(f"/structures/{panel.pk}/meetings", {"held_on": str(TODAY)}).status_code == 201
    assert priya.post(f"/structures/{other.pk}/meetings", {"held_on": str(TODAY)}).status_code == 403
    assert priya.patch(f"/structures/{panel.pk}", {"version": 1, "purpose": "Mine"}).status_code == 403


def test_oscar_sees_nothing_of_the_register(personas, api):
    p = personas
    s = make_structure(p.org, by=p.ellie, name="PPG Network")
    meeting = make_meeting(s, by=p.ellie)
    item = make_action(meeting, by=p.ellie)
    oscar = api(p.oscar)
    assert oscar.get("/structures").json()["count"] == 0
    for path in (
        f"/structures/{s.pk}",
        f"/structures/meetings/{meeting.pk}",
        f"/structures/meetings/{meeting.pk}/actions",
    ):
        assert oscar.get(path).status_code == 404, path
    assert oscar.patch(f"/structures/actions/{item.pk}", {"version": 1, "text": "x"}).status_code == 404


def test_a_type_key_with_anything_but_letters_digits_and_underscores_is_a_422_never_a_500(personas, api):
    p = personas
    bad = api(p.ellie).post("/structures", {"name": "Panel", "type": "pp\x00g", "purpose": "Patients."})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "type"]
    assert api(p.ellie).get("/structures", type="pp\x00g").status_code == 422
