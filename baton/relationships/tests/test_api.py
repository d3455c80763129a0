"""The partner API: the same rules, health and permissions as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ..models import Dialogue, Partner, Promise
from ..testing import make_contact, make_dialogue, make_format_request, make_partner, make_promise

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_partners_list_with_their_health_and_filter(personas, programme, api):
    p = personas
    lively = make_partner(p.org, by=p.ellie, name="Healthwatch", type_key="healthwatch")
    entry = make_dialogue(lively, programme, by=p.ellie)
    make_promise(entry, by=p.ellie, due_on=TODAY - timedelta(days=1))
    make_promise(entry, by=p.ellie, due_on=TODAY - timedelta(days=3))
    make_partner(p.org, by=p.ellie, name="Council", type_key="local_authority", owner=None)
    body = api(p.bea).get("/relationships/partners").json()
    by_name = {x["name"]: x for x in body["items"]}
    assert by_name["Healthwatch"]["health"] == ["Two promises overdue"]
    assert by_name["Healthwatch"]["overdue_promises"] == 2 and by_name["Healthwatch"]["type"]["community"]
    assert by_name["Council"]["health"] == ["No contact recorded yet", "Nobody owns this relationship"]
    assert api(p.bea).get("/relationships/partners", health="unowned").json()["count"] == 1
    assert api(p.bea).get("/relationships/partners", health="overdue").json()["count"] == 1
    assert api(p.bea).get("/relationships/partners", type_key="healthwatch").json()["count"] == 1
    assert api(p.bea).get("/relationships/partners", owner_id=p.ellie.pk).json()["count"] == 1
    assert api(p.bea).get("/relationships/promises", overdue="true").json()["count"] == 2
    assert api(p.pat).get("/relationships/partners").status_code == 403


def test_create_once_per_idempotency_key_and_bad_input_is_422(personas, api):
    p = personas
    client = api(p.ellie)
    client.headers["HTTP_IDEMPOTENCY_KEY"] = "abc"
    body = {"name": "Age UK Riverside", "type_key": "vcse", "ods_code": "ab123", "owner_id": p.priya.pk}
    first, second = client.post("/relationships/partners", body), client.post("/relationships/partners", body)
    assert (first.status_code, second.status_code) == (201, 200) and first.json()["id"] == second.json()["id"]
    assert first.json()["ods_code"] == "AB123" and first.json()["owner"]["name"] == "Priya Patel"
    assert Partner.objects.count() == 1
    for bad, field in [
        ({**body, "name": "Other", "ods_code": "A-1"}, "An ODS code is 3 to 6"),
        ({**body, "name": "Other", "type_key": "club"}, "Choose a partner type"),
        ({**body, "name": "Other", "owner_id": p.oscar.pk}, "Choose someone in your organisation"),
        ({**body}, "There is already a partner with this name"),
    ]:
        response = api(p.ellie).post("/relationships/partners", bad)
        assert response.status_code == 422 and field in response.content.decode(), bad


def test_dialogue_rules_stale_edits_and_refusals(personas, programme, api):
    p = personas
    partner = make_partner(p.org, by=p.ellie)
    contact = make_contact(partner, by=p.ellie)
    other_contact = make_contact(make_partner(p.org, by=p.ellie), by=p.ellie)
    body = {
        "partner_id": partner.pk,
        "programme_id": programme.pk,
        "stage": "improve",
        "kind": "meeting",
        "happened_on": str(TODAY),
        "summary": "Co-design workshop planning.",
        "contact_ids": [contact.pk],
    }
    made = api(p.priya).post("/relationships/dialogue", body)
    assert made.status_code == 201 and made.json()["contact_ids"] == [contact.pk]
    future = api(p.priya).post("/relationships/dialogue", {**body, "happened_on": str(TODAY + timedelta(days=1))})
    assert future.status_code == 409 and "cannot be in the future" in future.json()["detail"][0]
    wrong = api(p.priya).post("/relationships/dialogue", {**body, "contact_ids": [other_contact.pk]})
    assert wrong.status_code == 422
    assert Dialogue.objects.count() == 1
    entry_id = made.json()["id"]
    ok = api(p.priya).patch(f"/relationships/dialogue/{entry_id}", {"version": 1, "summary": "Changed."})
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api(p.priya).patch(f"/relationships/dialogue/{entry_id}", {"version": 1, "summary": "Again."})
    assert stale.status_code == 409 and stale.json()["code"] == "stale_edit"
    blocked = api(p.ellie).delete(f"/relationships/partners/{partner.pk}")
    assert blocked.status_code == 409 and "One dialogue entry is recorded" in blocked.json()["detail"][0]


def test_promises_and_format_requests_are_settled(personas, programme, api):
    p = personas
    entry = make_dialogue(make_partner(p.org, by=p.ellie), programme, by=p.ellie)
    promise = make_promise(entry, by=p.ellie)
    kept = api(p.ellie).patch(f"/relationships/promises/{promise.pk}", {"version": 1, "outcome": "kept"})
    assert kept.status_code == 200 and kept.json()["outcome_on"] == str(TODAY)
    assert Promise.objects.get().outcome == "kept"
    request = make_format_request(p.org, by=p.ellie, due_on=TODAY, requested_on=TODAY - timedelta(days=3))
    listed = api(p.bea).get("/relationships/format-requests", show="open").json()
    assert listed["count"] == 1 and listed["items"][0]["overdue"] is False
    sent = api(p.ellie).patch(
        f"/relationships/format-requests/{request.pk}", {"version": 1, "fulfilled_on": str(TODAY)}
    )
    assert sent.status_code == 200 and sent.json()["fulfilled_on"] == str(TODAY)
    assert api(p.bea).get("/relationships/format-requests", show="open").json()["count"] == 0
    language = api(p.ellie).post(
        "/relationships/format-requests",
        {
            "format": "language",
            "material": "Leaflet",
            "requester_name": "A",
            "requested_on": str(TODAY),
            "due_on": str(TODAY),
        },
    )
    assert language.status_code == 422 and "Name the language" in language.content.decode()


def test_no_api_list_grows_its_queries_with_the_data(personas, programme, api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..testing import make_comms_item

    p = personas
    client = api(p.ellie)
    lists = [
        "/relationships/partners",
        "/relationships/dialogue",
        "/relationships/promises",
        "/relationships/comms",
        "/relationships/format-requests",
    ]

    def grow(n):
        for _ in range(n):
            partner = make_partner(p.org, by=p.ellie)
            contact = make_contact(partner, by=p.ellie)
            entry = make_dialogue(partner, programme, by=p.ellie, staff=[p.priya], contacts=[contact])
            make_promise(entry, by=p.ellie)
            make_comms_item(programme, by=p.ellie)
            make_format_request(p.org, by=p.ellie)

    def counts():
        found = []
        for path in lists:
            client.get(path)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(path).status_code == 200
            found.append(len(ctx.captured_queries))
        return found

    grow(2)
    few = counts()
    grow(8)
    assert counts() == few


def test_a_type_key_or_a_search_with_a_nul_byte_is_a_422_never_a_500(personas, api):
    p = personas
    assert api(p.ellie).get("/relationships/partners", type_key="health\x00watch").status_code == 422
    assert api(p.ellie).get("/people/persons", q="Am\x00ira").status_code == 422
