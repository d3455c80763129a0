"""The direction API: the same rules and permissions as the pages (403, 404, 409, 422), creates
idempotent, lists paginated."""

import json

import pytest

from baton.core.models import AuditEvent
from baton.cycle.testing import make_programme
from baton.cycle.tests.api_helpers import api  # noqa: F401  the fixture

from ..models import Objective, Plan, PlanType, VisionVersion
from ..testing import VISION_TEXT, make_plan, make_strategy, make_vision

pytestmark = pytest.mark.django_db


def test_draft_change_and_approve_the_vision_over_the_api(api, personas):
    p = personas
    ellie, bea = api(p.ellie), api(p.bea)
    made = ellie.post("/direction/vision/versions")
    assert made.status_code == 201
    draft = made.json()
    assert (draft["status"], draft["number"]) == ("draft", 1)
    assert bea.post("/direction/vision/versions").status_code == 403
    changed = ellie.patch(f"/direction/vision/versions/{draft['id']}", {"version": draft["version"], **VISION_TEXT})
    assert changed.status_code == 200, changed.json()
    refused = ellie.post(f"/direction/vision/versions/{draft['id']}/approve", {})
    assert refused.status_code == 403  # not a board member
    stale = bea.post(f"/direction/vision/versions/{draft['id']}/approve", {"version": draft["version"]})
    assert stale.status_code == 409 and stale.json()["code"] == "stale_edit"
    approved = bea.post(f"/direction/vision/versions/{draft['id']}/approve", {"version": changed.json()["version"]})
    assert approved.status_code == 200 and approved.json()["approved_by"]["name"] == "Bea Brown"
    again = ellie.patch(
        f"/direction/vision/versions/{draft['id']}", {"version": approved.json()["version"], "statement": "x"}
    )
    assert again.status_code == 409 and "cannot be changed" in again.json()["detail"][0]
    assert ellie.delete(f"/direction/vision/versions/{draft['id']}").status_code == 409
    assert api(p.oscar).get(f"/direction/vision/versions/{draft['id']}").status_code == 404
    listed = api(p.pat).get("/direction/vision/versions")
    assert listed.status_code == 200 and listed.json()["count"] == 1


def test_an_incomplete_draft_is_refused_with_its_reasons(api, personas):
    p = personas
    draft = make_vision(p.org, by=p.ellie, statement="")
    response = api(p.bea).post(f"/direction/vision/versions/{draft.pk}/approve", {})
    assert response.status_code == 409
    assert response.json()["detail"] == ["Write the vision itself."]
    assert VisionVersion.objects.get(pk=draft.pk).status == "draft"


def test_objectives_plans_and_adoptions_over_the_api(api, personas):
    p = personas
    ellie = api(p.ellie)
    plan_type = PlanType.objects.first()
    bad = ellie.post("/direction/plans", {"name": "", "plan_type_id": plan_type.pk})
    assert bad.status_code == 422
    bad_link = ellie.post("/direction/plans", {"name": "JFP", "plan_type_id": plan_type.pk, "link": "not a link"})
    assert bad_link.status_code == 422 and bad_link.json()["detail"][0]["loc"] == ["body", "link"]
    plan = ellie.post(
        "/direction/plans", {"name": "JFP", "plan_type_id": plan_type.pk, "link": "https://example.nhs.uk/jfp"}
    )
    assert plan.status_code == 201
    strategy = make_strategy(p.org, by=p.ellie)
    programme = make_programme(p.org, by=p.ellie)
    theirs = make_programme(p.other_org, by=p.oscar)
    body = {"title": "Reach everyone", "plan_ids": [plan.json()["id"]], "programme_ids": [programme.pk]}
    path = f"/direction/strategy/versions/{strategy.pk}/objectives"
    refused = ellie.post(path, {**body, "programme_ids": [theirs.pk]})
    assert refused.status_code == 422
    key = {"HTTP_IDEMPOTENCY_KEY": "obj-1"}
    first = ellie.client.post(
        "/api" + path, data=json.dumps(body), content_type="application/json", **ellie.headers, **key
    )
    second = ellie.client.post(
        "/api" + path, data=json.dumps(body), content_type="application/json", **ellie.headers, **key
    )
    assert (first.status_code, second.status_code) == (201, 200)
    assert Objective.objects.count() == 1 and first.json()["programme_ids"] == [programme.pk]
    assert api(p.priya).post(path, body).status_code == 403
    adopted = ellie.post(
        "/direction/adoptions", {"principle_number": 3, "how": "We check.", "evidence_links": "https://x.example"}
    )
    assert adopted.status_code == 201 and adopted.json()["evidence_links"] == ["https://x.example"]
    assert ellie.post("/direction/adoptions", {"principle_number": 3, "how": "Again."}).status_code == 422
    assert ellie.post("/direction/adoptions", {"principle_number": 11, "how": "No."}).status_code == 422
    assert api(p.oscar).get("/direction/plans").json()["count"] == 0


def test_coverage_over_the_api(api, personas):
    p = personas
    served, idle = make_programme(p.org, by=p.ellie), make_programme(p.org, by=p.ellie)
    make_strategy(
        p.org, by=p.ellie, approve_by=p.bea, objectives=[("A", [make_plan(p.org, by=p.ellie)], [served]), ("B", [], [])]
    )
    coverage = api(p.pat).get("/direction/coverage").json()
    assert (coverage["programmes_serving_no_objective"], coverage["objectives_no_programme_serves"]) == (1, 1)
    assert api(p.pat).get("/direction/coverage/programmes").json()["items"] == [idle.pk]
    assert [o["title"] for o in api(p.pat).get("/direction/coverage/objectives").json()["items"]] == ["B"]


def test_a_deleted_plan_is_restored_over_the_api(api, personas):
    p = personas
    plan = make_plan(p.org, by=p.ellie)
    deleted = api(p.ellie).delete(f"/direction/plans/{plan.pk}")
    assert deleted.status_code == 200 and not Plan.objects.exists()
    event = AuditEvent.objects.get(pk=deleted.json()["audit_event_id"])
    assert api(p.ellie).post(f"/audit/events/{event.pk}/restore").status_code == 200
    assert Plan.objects.filter(pk=plan.pk).exists()
