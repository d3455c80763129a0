"""Taking part's API: what it answers, refusals as 409 with the rule's words, a create sent twice
with the same key made once, erasure by POST."""

import pytest

from baton.cycle.tests.api_helpers import api  # noqa: F401  the API client fixture

from ..models import Opportunity, Participation, Person
from ..testing_taking_part import make_activity_for, make_opportunity, register

pytestmark = pytest.mark.django_db


def test_create_publish_and_list(personas, api):
    client = api(personas.ellie)
    body = {"title": "Youth forum", "summary": "Young people advise us.", "where": "Online", "when": "Monthly"}
    made = client.post("/people/opportunities", body)
    assert made.status_code == 201 and made.json()["published"] is False
    pk = made.json()["id"]
    published = client.post(f"/people/opportunities/{pk}/publish", {"version": made.json()["version"]})
    assert published.status_code == 200 and published.json()["published"]
    again = client.post(f"/people/opportunities/{pk}/publish", {})
    assert again.status_code == 409 and again.json()["detail"] == ["This opportunity is already published."]
    listed = client.get("/people/opportunities").json()
    assert [o["title"] for o in listed["items"]] == ["Youth forum"]


def test_a_create_sent_twice_with_the_same_key_makes_one(personas, api):
    client = api(personas.ellie)
    client.headers["HTTP_IDEMPOTENCY_KEY"] = "same-key"
    body = {"title": "Youth forum", "summary": "x", "where": "Online", "when": "Monthly"}
    assert client.post("/people/opportunities", body).status_code == 201
    assert client.post("/people/opportunities", body).status_code == 200
    assert Opportunity.objects.count() == 1


def test_an_activity_of_another_organisation_is_no_choice(personas, api):
    theirs = make_activity_for(personas.other_org, by=personas.oscar)
    body = {"title": "x", "summary": "x", "where": "x", "when": "x", "activity_id": theirs.pk}
    response = api(personas.ellie).post("/people/opportunities", body)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "activity_id"]]


def test_registrations_invite_participation_export_and_erasure(personas, api):
    p = personas
    opportunity = make_opportunity(p.org, by=p.ellie, activity=make_activity_for(p.org, by=p.ellie))
    interest = register(opportunity, name="Amira", email="amira@example.org")
    client = api(p.priya)
    listed = client.get(f"/people/opportunities/{opportunity.pk}/interests").json()
    assert [(i["person_name"], i["status"]) for i in listed["items"]] == [("Amira", "registered")]
    assert client.post(f"/people/interests/{interest.pk}/invite", {}).json()["status"] == "invited"
    made = client.post(f"/people/interests/{interest.pk}/participation", {"role": "Member"})
    assert made.status_code == 201 and Participation.objects.get(pk=made.json()["id"]).role == "Member"
    exported = api(p.ellie).get(f"/people/{interest.person_id}/export").json()
    assert exported["person"]["email"] == "amira@example.org" and "equality" not in exported
    assert api(p.priya).post(f"/people/{interest.person_id}/erase").status_code == 403
    assert api(p.ellie).post(f"/people/{interest.person_id}/erase").status_code == 200
    assert Person.objects.get(pk=interest.person_id).name == "Erased person"
    second = api(p.ellie).post(f"/people/{interest.person_id}/erase")
    assert second.status_code == 409 and second.json()["detail"] == ["This person has already been erased."]
