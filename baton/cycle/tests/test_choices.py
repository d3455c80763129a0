"""One rule for every choice, shared by the pages and the API (issue items 11 and 12): who may
lead a programme, own a stage run or be a hand-over's next owner; what insight can be carried
forward; and one-line text without control characters."""

import pytest
from django.urls import reverse

from baton.core.models import RoleAssignment
from baton.cycle.models import Handover, Programme
from baton.cycle.permissions import eligible_owners
from baton.cycle.testing import make_handover, make_insight, make_programme, make_run

from .api_helpers import api, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _not_eligible(p):
    """People the pages do not offer as owners: read-only roles, a role that has ended, an
    account switched off, someone of another organisation."""
    p.adam.is_active = False
    p.adam.save()
    return {"bea": p.bea, "pat": p.pat, "larry": p.larry, "nora": p.nora, "inactive adam": p.adam, "oscar": p.oscar}


def test_the_pages_offer_only_people_who_may_own_work(personas):
    assert set(eligible_owners(personas.org)) == {personas.ellie, personas.priya, personas.adam}
    refused = set(_not_eligible(personas).values())  # switches Adam's account off
    assert set(eligible_owners(personas.org)) == {personas.ellie, personas.priya}
    assert not set(eligible_owners(personas.org)) & refused


def test_a_role_that_has_not_started_or_has_ended_does_not_count(personas):
    from datetime import date

    RoleAssignment.objects.filter(membership__user=personas.priya).update(starts_on=date(2099, 1, 1))
    assert personas.priya not in eligible_owners(personas.org)


@pytest.mark.parametrize("field", ["lead_id", "owner_id", "next_owner_id"])
def test_the_api_refuses_everyone_the_pages_do_not_offer(api, world, field):
    p = world.p
    ellie = api(p.ellie)
    for name, person in _not_eligible(p).items():
        if field == "lead_id":
            response = ellie.post("/programmes", {"name": f"For {name}", "lead_id": person.pk})
        elif field == "owner_id":
            response = ellie.post(
                f"/programmes/{world.bare_programme.pk}/runs", {"stage": "plan", "owner_id": person.pk}
            )
        else:
            response = ellie.post(
                f"/runs/{world.bare_run.pk}/handover", {"next_owner_id": person.pk, "summary": "Done."}
            )
        assert response.status_code == 422, (name, response.content)
        assert [e["loc"] for e in response.json()["detail"]] == [["body", field]], name
    assert not Handover.objects.filter(from_run=world.bare_run).exists()
    assert not Programme.objects.filter(name__startswith="For ").exists()


def test_the_pages_refuse_the_same_people_when_posted_by_hand(personas, signed_in):
    p = personas
    run = make_run(make_programme(p.org, by=p.ellie, lead=p.priya), "needs", owner=p.priya)
    client = signed_in(p.ellie)
    for name, person in _not_eligible(p).items():
        html = client.post(
            reverse("cycle:handover_create", args=[run.pk]),
            {"to_stage": "plan", "next_owner": person.pk, "summary": "Done."},
        ).content.decode()
        assert "Choose the next owner from the list" in html, name
    assert not Handover.objects.exists()


def test_the_api_carries_forward_only_the_runs_open_insight(api, world):
    p = world.p
    run = make_run(make_programme(p.org, by=p.ellie), "needs", owner=p.ellie)
    mine = make_insight(run, by=p.ellie)
    closed = make_insight(run, by=p.ellie, status="closed", resolution="Out of scope.")
    elsewhere = make_insight(world.bare_run, by=p.ellie)
    ellie = api(p.ellie)
    for item in (closed, elsewhere):
        response = ellie.post(
            f"/runs/{run.pk}/handover",
            {"next_owner_id": p.priya.pk, "summary": "Done.", "insight_ids": [mine.pk, item.pk]},
        )
        assert response.status_code == 422, response.content
    assert not Handover.objects.filter(from_run=run).exists()
    made = ellie.post(f"/runs/{run.pk}/handover", {"next_owner_id": p.priya.pk, "summary": "Done."})
    assert made.status_code == 201 and made.json()["carried_insight_ids"] == [mine.pk]


@pytest.mark.parametrize("text", ["Diabetes\r\nBcc: everyone@example.com", "Tab\there", "Nul\x00"])
def test_one_line_text_with_control_characters_is_refused_by_page_and_api(personas, signed_in, api, text):
    """Issue item 12: a line break in a programme's name used to stop every email about it."""
    page = signed_in(personas.ellie).post(reverse("cycle:programme_create"), {"name": text})
    assert "must be on one line" in page.content.decode() or "must not contain" in page.content.decode()
    response = api(personas.ellie).post("/programmes", {"name": text})
    assert response.status_code == 422, response.content
    assert not Programme.objects.exists()


def test_free_text_may_have_line_breaks_but_not_more_than_its_limit(personas, signed_in, api):
    """Issue item 6: one limit for the page and the API, shown on the page as a character count."""
    client = signed_in(personas.ellie)
    form = client.get(reverse("cycle:programme_create")).content.decode()
    assert 'data-module="nhsuk-character-count"' in form and 'data-maxlength="20000"' in form
    long = "x" * 20_001
    html = client.post(reverse("cycle:programme_create"), {"name": "Long", "description": long}).content.decode()
    assert "Description must be 20,000 characters or fewer" in html
    response = api(personas.ellie).post("/programmes", {"name": "Long", "description": long})
    assert response.status_code == 422
    ok = api(personas.ellie).post("/programmes", {"name": "Short", "description": "Line one\nLine two"})
    assert ok.status_code == 201 and ok.json()["description"] == "Line one\nLine two"


@pytest.mark.parametrize(
    "field, value",
    [("reach", 1_000_000_000_000), ("cost", "99999999.99"), ("start_date", "0001-01-01"), ("cost", "-1")],
)
def test_implausible_values_are_refused_by_the_api_with_a_plain_message(api, world, field, value):
    body = {
        "title": "Survey",
        "method": "survey",
        "ladder_level": "consult",
        "target_groups": "carers",
        "start_date": "2026-02-01",
        "reach": 10,
        "cost": "10.00",
        field: value,
    }
    response = api(world.p.ellie).post(f"/runs/{world.run.pk}/activities", body)
    assert response.status_code == 422, response.content
    messages = [e["msg"] for e in response.json()["detail"]]
    assert messages and not any("9223372036854775807" in m for m in messages), messages


def test_a_handover_made_by_hand_is_carried_by_default(personas):
    p = personas
    run = make_run(make_programme(p.org, by=p.ellie), "needs", owner=p.ellie)
    item = make_insight(run, by=p.ellie)
    handover = make_handover(run, by=p.ellie, next_owner=p.priya)
    assert list(handover.carried_insight.all()) == [item]
