"""The people API beyond the permission matrix: filters, consent now, no equality answers ever
read back, suppressed aggregates, idempotent creates, refusals as 409 in words."""

import pytest

from baton.core.models import AuditEvent

from ..models import Person, Purpose
from ..testing import give_consent, make_equality, make_participation, make_person

pytestmark = pytest.mark.django_db


def test_people_are_listed_with_consent_now_and_filtered(setup, api):
    p = setup.p
    give_consent(setup.person, Purpose.CONTACT_ACTIVITY, by=p.ellie)
    make_person(p.org, by=p.ellie, name="Bogdan", bsl=True)
    body = api(p.priya).get("/people/persons").json()
    assert body["count"] == 2
    amira = next(i for i in body["items"] if i["name"] == "Amira K")
    assert amira["consent"] == {
        "contact_activity": True,
        "future_opportunities": None,
        "equality_monitoring": None,
        "named_publicly": None,
    }
    assert [i["name"] for i in api(p.priya).get("/people/persons?need=bsl").json()["items"]] == ["Bogdan"]
    assert [i["name"] for i in api(p.priya).get("/people/persons?consent=contact_activity").json()["items"]] == [
        "Amira K"
    ]
    assert "sex" not in amira and "ethnic_category" not in amira


def test_a_create_sent_twice_with_the_same_key_makes_one_person(setup, api):
    client = api(setup.p.ellie)
    client.headers["HTTP_IDEMPOTENCY_KEY"] = "k-1"
    first = client.post("/people/persons", {"name": "Efua", "kind": "carer"})
    second = client.post("/people/persons", {"name": "Efua", "kind": "carer"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"] and Person.objects.filter(name="Efua").count() == 1


def test_equality_is_refused_without_consent_and_never_read_back(setup, api):
    p = setup.p
    path = f"/people/persons/{setup.person.pk}/equality"
    refused = api(p.ellie).post(path, {"sex": "2"})
    assert refused.status_code == 409
    assert refused.json()["detail"] == [
        "Equality monitoring cannot be recorded for Amira K: they have not given consent for equality "
        "monitoring. Record their consent first."
    ]
    give_consent(setup.person, Purpose.EQUALITY_MONITORING, by=p.ellie)
    done = api(p.ellie).post(path, {"sex": "2", "ethnic_category": "M"})
    assert done.json() == {"answered": ["ethnic_category", "sex"]}
    person = api(p.ellie).get(f"/people/persons/{setup.person.pk}").json()
    assert "sex" not in person and "ethnic_category" not in person


def test_the_aggregates_are_suppressed_and_every_call_is_audited(setup, api):
    p = setup.p
    for n in range(6):
        member = make_person(p.org, by=p.ellie, name=f"Member {n}")
        make_equality(member, by=p.ellie, sex="1" if n < 5 else "2")
        make_participation(member, by=p.ellie, structure=setup.structure)
    response = api(p.ellie).post("/people/equality-reports", {"structure_id": setup.structure.pk})
    body = response.json()
    assert (body["people"], body["total"]) == (6, 6)
    sex = {c["label"]: c["count"] for c in next(c for c in body["categories"] if c["key"] == "sex")["cells"]}
    assert sex["Female"] is None and sex["Male"] is None  # 1 hidden, so the 5 beside it is too
    whole = api(p.adam).post("/people/equality-reports", {}).json()
    assert whole["scope"] == "North Riverside ICB"
    assert AuditEvent.objects.filter(action="view_equality_aggregates").count() == 2
    assert api(p.priya).post("/people/equality-reports", {}).status_code == 403
    assert AuditEvent.objects.filter(action="view_equality_aggregates").count() == 2


def test_participation_and_attendance_through_the_api(setup, api):
    p = setup.p
    client = api(p.ellie)
    base = f"/people/persons/{setup.person.pk}/participations"
    both = client.post(
        base, {"activity_id": setup.activity.pk, "structure_id": setup.structure.pk, "starts_on": "2026-01-10"}
    )
    assert both.status_code == 422
    made = client.post(
        base, {"structure_id": setup.structure.pk, "role": "Chair", "role_level": 4, "starts_on": "2026-01-10"}
    )
    assert made.status_code == 201
    pk = made.json()["id"]
    ended = client.post(f"/people/participations/{pk}/end", {"ends_on": "2026-02-01"})
    assert ended.json()["ends_on"] == "2026-02-01"
    again = client.post(f"/people/participations/{pk}/end", {})
    assert again.status_code == 409 and again.json()["detail"] == [
        "This participation already ended on 1 February 2026."
    ]
    mark = client.post(
        "/people/attendance", {"meeting_id": setup.meeting.pk, "person_id": setup.person.pk, "status": "attended"}
    )
    assert mark.status_code == 200 and mark.json()["status"] == "attended"
    elsewhere = make_person(p.other_org, by=p.oscar)
    wrong = client.post(
        "/people/attendance", {"meeting_id": setup.meeting.pk, "person_id": elsewhere.pk, "status": "absent"}
    )
    assert wrong.status_code == 422
