"""The commitments API: the same rules and permissions as the pages; 422 with field errors; 409
for a second response or a stale version; once per Idempotency-Key; lists that do not grow their
queries with the data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ..models import Commitment
from ..testing import make_commitment, make_overdue, publish, respond

pytestmark = pytest.mark.django_db
DUE = str(timezone.localdate() + timedelta(days=20))


def _body(setup, **overrides):
    body = {
        "programme_id": setup.programme.pk,
        "insight_item_ids": [setup.open_item.pk, setup.answered.pk],
        "will_do": "Pilot evening clinics",
        "owner_id": setup.p.priya.pk,
        "due_on": DUE,
    }
    return {**body, **overrides}


def test_make_once_per_key_and_bad_input_is_422_with_field_errors(setup, api):
    client = api(setup.p.priya)
    client.headers["HTTP_IDEMPOTENCY_KEY"] = "k1"
    first, second = client.post("/loop/commitments", _body(setup)), client.post("/loop/commitments", _body(setup))
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"] and Commitment.objects.count() == 1
    assert sorted(first.json()["insight_item_ids"]) == sorted([setup.open_item.pk, setup.answered.pk])
    client.headers.pop("HTTP_IDEMPOTENCY_KEY")
    wrong = client.post("/loop/commitments", _body(setup, insight_item_ids=[setup.stroke_item.pk]))
    assert wrong.status_code == 422 and "insight_item_ids" in str(wrong.json())
    nobody = client.post("/loop/commitments", _body(setup, owner_id=setup.p.oscar.pk))
    assert nobody.status_code == 422 and "owner_id" in str(nobody.json())
    assert client.post("/loop/commitments", _body(setup, insight_item_ids=[])).status_code == 422
    not_hers = _body(setup, programme_id=setup.stroke.pk, insight_item_ids=[setup.stroke_item.pk])
    assert api(setup.p.priya).post("/loop/commitments", not_hers).status_code == 403  # Ellie leads Stroke
    assert Commitment.objects.count() == 1


def test_respond_once_reason_required_then_publish(setup, api):
    p = setup.p
    c = make_commitment(setup.programme, by=p.ellie, insight_items=[setup.open_item], owner=p.larry)
    larry = api(p.larry)  # the owner, a lay member
    url = f"/loop/commitments/{c.pk}/respond"
    no_reason = larry.post(url, {"version": c.version, "response": "partly"})
    assert no_reason.status_code == 422 and "reason" in str(no_reason.json())
    ok = larry.post(url, {"version": c.version, "response": "partly", "reason": "only one site has room."})
    assert ok.status_code == 200 and ok.json()["response"] == "partly"
    again = api(p.ellie).post(url, {"version": ok.json()["version"], "response": "adopted"})
    assert again.status_code == 409 and "already recorded" in str(again.json())
    assert (
        larry.post(
            f"/loop/commitments/{c.pk}/publish", {"version": 3, "public_said": "a", "public_did": "b"}
        ).status_code
        == 403
    )
    stale = api(p.ellie).post(
        f"/loop/commitments/{c.pk}/publish", {"version": 1, "public_said": "a", "public_did": "b"}
    )
    assert stale.status_code == 409
    done = api(p.ellie).post(
        f"/loop/commitments/{c.pk}/publish", {"version": ok.json()["version"], "public_said": "a", "public_did": "b"}
    )
    assert done.status_code == 200 and done.json()["published_at"]


def test_the_list_filters_by_state_and_programme(setup, api):
    p = setup.p
    make_overdue(make_commitment(setup.programme, by=p.ellie, insight_items=[setup.open_item]))
    publish(
        respond(make_commitment(setup.stroke, by=p.ellie, insight_items=[setup.stroke_item]), by=p.ellie), by=p.ellie
    )
    bea = api(p.bea)
    assert bea.get("/loop/commitments").json()["count"] == 2
    assert bea.get("/loop/commitments", state="overdue").json()["items"][0]["overdue"] is True
    assert bea.get("/loop/commitments", state="published").json()["count"] == 1
    assert bea.get("/loop/commitments", programme_id=setup.stroke.pk).json()["count"] == 1
    assert api(p.pat).get("/loop/commitments").status_code == 403
    assert api(p.oscar).get("/loop/commitments").json()["count"] == 0


def test_the_list_does_not_grow_its_queries_with_the_data(setup, api):
    p = setup.p
    client = api(p.ellie)

    def count():
        client.get("/loop/commitments")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/loop/commitments").status_code == 200
        return len(ctx.captured_queries)

    make_commitment(setup.programme, by=p.ellie, insight_items=[setup.open_item])
    few = count()
    for _ in range(8):
        make_commitment(setup.programme, by=p.ellie, insight_items=[setup.open_item, setup.answered])
    assert count() == few
