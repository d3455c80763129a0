"""Taking part's staff pages: the form's errors, the registrations' steps on the pages, and lists
that run the same queries however long they are."""

import pytest
from django.core import mail
from django.urls import reverse

from baton.core.testing import queries_for

from ..models import Interest, Opportunity, Participation
from ..testing_taking_part import make_activity_for, make_opportunity, register

pytestmark = pytest.mark.django_db


def test_the_opportunity_form_explains_its_errors(personas, signed_in):
    response = signed_in(personas.ellie).post(reverse("people:opportunity_create"), {"title": "", "role_level": "9"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    for message in (
        "Enter what taking part involves",
        "Enter when it takes place",
        "Choose the role level from the list",
    ):
        assert message in html
    assert "Enter the where" not in html
    assert not Opportunity.objects.exists()


def test_publish_then_unpublish_on_the_pages(personas, signed_in):
    opportunity = make_opportunity(personas.org, by=personas.ellie, published=False)
    client = signed_in(personas.ellie)
    client.post(reverse("people:opportunity_publish", args=[opportunity.pk]), {"version": opportunity.version})
    opportunity.refresh_from_db()
    assert opportunity.published
    stale = client.post(reverse("people:opportunity_unpublish", args=[opportunity.pk]), {"version": 1})
    assert stale.status_code == 409  # someone changed it since the page was loaded
    client.post(reverse("people:opportunity_unpublish", args=[opportunity.pk]), {"version": opportunity.version})
    opportunity.refresh_from_db()
    assert not opportunity.published


def test_invite_and_record_participation_on_the_pages(personas, signed_in, django_capture_on_commit_callbacks):
    p = personas
    activity = make_activity_for(p.org, by=p.ellie)
    opportunity = make_opportunity(p.org, by=p.ellie, activity=activity)
    interest = register(opportunity, name="Amira", email="amira@example.org")
    client = signed_in(p.priya)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:interest_invite", args=[interest.pk]), {"version": interest.version})
    assert response.status_code == 302 and len(mail.outbox) == 1
    interest.refresh_from_db()
    again = client.post(reverse("people:interest_invite", args=[interest.pk]), {"version": interest.version})
    assert again.status_code == 409 and "This person has already been invited." in again.content.decode()
    response = client.post(
        reverse("people:interest_participation", args=[interest.pk]),
        {
            "role": "Participant",
            "starts_on_day": "1",
            "starts_on_month": "3",
            "starts_on_year": "2026",
            "version": interest.version,
        },
    )
    assert response.status_code == 302
    assert Participation.objects.get(person=interest.person).activity == activity
    detail = signed_in(p.ellie).get(reverse("people:opportunity_detail", args=[opportunity.pk])).content.decode()
    assert "Amira" in detail and "Taking part" in detail
    rights = signed_in(p.ellie).get(reverse("people:person_rights", args=[interest.person_id])).content.decode()
    assert activity.title in rights


def test_lists_run_the_same_queries_however_long(personas, signed_in):
    from .. import actions

    p = personas
    client = signed_in(p.ellie)
    first = make_opportunity(p.org, by=p.ellie)
    register(first)
    actions.apply_retention(p.org, days=10)
    urls = [
        reverse("people:opportunity_list"),
        reverse("people:opportunity_detail", args=[first.pk]),
        reverse("people:retention_runs"),
    ]
    few = [queries_for(client, url) for url in urls]
    for _ in range(6):
        make_opportunity(p.org, by=p.ellie)
        register(first)
        actions.apply_retention(p.org, days=10)
    assert [queries_for(client, url) for url in urls] == few
    assert Interest.objects.filter(opportunity=first).count() == 7
