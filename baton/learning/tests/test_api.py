"""The learning API beyond the permission matrix: refusals are 409 with the sentence, bad input is
422 on the field, creates are idempotent, one's own learning and readiness come from the same rule
as the pages, and recording a participation through the people API answers with the advice."""

import pytest
from django.utils import timezone

from ..models import LearningRecord
from ..testing import make_participation, make_person, make_record

pytestmark = pytest.mark.django_db
TODAY = str(timezone.localdate())


def test_deleting_an_offer_in_use_is_409_with_the_reasons(api, personas, panel):
    response = api(personas.ellie).delete(f"/learning/offers/{panel.offer.pk}")
    assert response.status_code == 409
    assert "A requirement names this offer. Remove the requirement first, or retire the offer." in str(response.json())


def test_a_record_names_one_subject_and_is_created_once(api, personas, panel):
    client = api(personas.priya)
    both = client.post(
        "/learning/records",
        {"offer_id": panel.offer.pk, "person_id": panel.sam.pk, "user_id": personas.larry.pk, "completed_on": TODAY},
    )
    assert both.status_code == 422 and both.json()["detail"][0]["loc"] == ["body", "person_id"]
    client.headers["HTTP_IDEMPOTENCY_KEY"] = "once-1"
    body = {"offer_id": panel.offer.pk, "person_id": panel.sam.pk, "completed_on": TODAY, "evidence": "Attended"}
    first, second = client.post("/learning/records", body), client.post("/learning/records", body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"] and LearningRecord.objects.count() == 1


def test_my_learning_and_capacity_say_what_the_pages_say(api, personas, panel):
    p = personas
    pat = make_person(p.org, "Pat Price", account=p.pat)
    make_participation(pat, panel.structure, by=p.ellie)
    mine = api(p.pat).get("/learning/me").json()
    assert [(s["offer"], s["state"]) for s in mine["standings"]] == [("Procurement induction", "missing")]
    make_record(p.org, panel.offer, by=p.ellie, person=pat)
    assert api(p.pat).get("/learning/me").json()["standings"][0]["state"] == "met"
    roles = api(p.bea).get("/learning/capacity").json()["roles"]
    assert roles == [
        {
            "name": "Tender panel member",
            "staff": False,
            "requirements": 1,
            "people": 1,
            "ready": 1,
            "expiring_soon": 0,
            "not_ready": 0,
        }
    ]


def test_recording_a_participation_through_the_api_answers_with_the_advice(api, personas, panel):
    response = api(personas.ellie).post(
        f"/people/persons/{panel.sam.pk}/participations",
        {"structure_id": panel.structure.pk, "role": "Tender panel member", "starts_on": TODAY},
    )
    assert response.status_code == 201, response.content
    assert response.json()["advice"] == [
        "Sam Jones has not done the Procurement induction, needed by every tender panel member."
    ]
