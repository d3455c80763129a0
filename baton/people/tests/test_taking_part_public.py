"""The public side: open opportunities only, the registration form (CSRF, honeypot, rate limit,
every error in the error summary), and the same thank-you whatever happened, so the form never
reveals whether someone is registered."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baton.core.testing import queries_for

from ..models import ConsentEvent, Interest, Person
from ..testing_taking_part import make_opportunity, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def _form(**overrides):
    body = {
        "name": "Amira",
        "email": "amira@example.org",
        "phone": "",
        "needs": ["bsl"],
        "consents": ["contact_activity", "future_opportunities"],
        "message": "",
        "website": "",
    }
    body.update(overrides)
    return body


def _url(opportunity):
    return reverse("public:opportunity", args=[opportunity.organisation.public_slug, opportunity.pk])


def test_only_open_published_opportunities_are_listed(personas, client):
    p = personas
    make_opportunity(p.org, by=p.ellie, title="Open listening event")
    make_opportunity(p.org, by=p.ellie, title="Draft panel", published=False)
    closed = make_opportunity(p.org, by=p.ellie, title="Closed survey")
    type(closed).objects.filter(pk=closed.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    make_opportunity(p.other_org, by=p.oscar, title="Elsewhere forum")
    html = client.get(reverse("public:take_part", args=[p.org.public_slug])).content.decode()
    assert "Open listening event" in html
    assert "Draft panel" not in html and "Closed survey" not in html and "Elsewhere forum" not in html
    assert client.get(_url(closed)).status_code == 404
    assert "take-part" in client.get(reverse("public:organisation", args=[p.org.public_slug])).content.decode()


def test_the_opportunity_page_shows_its_accessible_details(personas, client):
    opportunity = make_opportunity(
        personas.org, by=personas.ellie, access="Hearing loop", payment_offered="£25 voucher"
    )
    html = client.get(_url(opportunity)).content.decode()
    for text in ("Hearing loop", "£25 voucher", opportunity.where, opportunity.when, "Register your interest"):
        assert text in html
    assert html.count("<h1") == 1


def test_registering_thanks_and_records_what_was_given(personas, client):
    opportunity = make_opportunity(personas.org, by=personas.ellie)
    response = client.post(_url(opportunity), _form())
    assert response.status_code == 302
    assert response["Location"] == reverse("public:opportunity_thanks", args=[personas.org.public_slug, opportunity.pk])
    person = Person.objects.get(email="amira@example.org")
    assert person.bsl and Interest.objects.filter(person=person, opportunity=opportunity).exists()
    assert ConsentEvent.objects.filter(person=person, how="online").count() == 4
    assert "Thank you for registering your interest" in client.get(response["Location"]).content.decode()


def test_the_same_thank_you_whether_new_known_or_already_registered(personas, client):
    opportunity = make_opportunity(personas.org, by=personas.ellie)
    register(opportunity, name="Ben", email="ben@example.org")
    new = client.post(_url(opportunity), _form(name="Cara", email="cara@example.org"))
    cache.clear()
    known_elsewhere = client.post(
        _url(make_opportunity(personas.org, by=personas.ellie)), _form(email="ben@example.org")
    )
    cache.clear()
    duplicate = client.post(_url(opportunity), _form(name="Ben", email="ben@example.org"))
    assert new.status_code == known_elsewhere.status_code == duplicate.status_code == 302
    thanks = {
        client.get(r["Location"]).content.decode().split("<main", 1)[1].replace(str(r["Location"]), "")
        for r in (new, duplicate)
    }
    assert len(thanks) == 1  # word for word the same page
    assert Person.objects.filter(email__iexact="ben@example.org").count() == 1


def test_every_error_is_explained_in_the_error_summary(personas, client):
    opportunity = make_opportunity(personas.org, by=personas.ellie)
    response = client.post(_url(opportunity), _form(name="", email="not-an-email", consents=[]))
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Enter the your name" not in html
    for message in (
        "Enter your name, or a name you would like us to use",
        "Enter an email address in the correct format",
        "Agree to be contacted about this activity, so that we can reply to you",
    ):
        assert message in html
    no_contact = client.post(_url(opportunity), _form(email="", phone=""))
    assert "Enter an email address or a phone number, so that we can contact you" in no_contact.content.decode()
    assert not Person.objects.exists()


def test_the_honeypot_thanks_a_program_and_saves_nothing(personas, client):
    opportunity = make_opportunity(personas.org, by=personas.ellie)
    response = client.post(_url(opportunity), _form(website="https://spam.example"))
    assert response.status_code == 302 and "thank-you" in response["Location"]
    assert not Person.objects.exists() and not Interest.objects.exists()


def test_one_address_is_limited_to_a_few_registrations_an_hour(personas, client, settings):
    settings.BATON_PUBLIC_FORM_LIMIT = 3
    opportunity = make_opportunity(personas.org, by=personas.ellie)
    statuses = [client.post(_url(opportunity), _form(email=f"p{n}@example.org")).status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    response = client.post(_url(opportunity), _form(email="later@example.org"))
    assert response.status_code == 429 and "too many times" in response.content.decode()
    assert Person.objects.count() == 3
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(_url(opportunity), _form(email="other@example.org")).status_code == 302


def test_the_form_needs_its_csrf_token(personas):
    opportunity = make_opportunity(personas.org, by=personas.ellie)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(_url(opportunity), _form()).status_code == 403
    assert not Person.objects.exists()
    page = strict.get(_url(opportunity))
    token = page.cookies["csrftoken"].value
    assert strict.post(_url(opportunity), _form(csrfmiddlewaretoken=token)).status_code == 302


def test_public_pages_run_the_same_queries_with_more_published(personas, client):
    p = personas
    first = make_opportunity(p.org, by=p.ellie)
    pages = [reverse("public:take_part", args=[p.org.public_slug]), _url(first)]
    few = [queries_for(client, url) for url in pages]
    for _ in range(8):
        register(make_opportunity(p.org, by=p.ellie))
    assert [queries_for(client, url) for url in pages] == few


def test_a_registration_sent_twice_is_recorded_once_and_says_how_long_details_are_kept(personas, client):
    opportunity = make_opportunity(personas.org, by=personas.ellie)
    assert "after 3 years without contact" in client.get(_url(opportunity)).content.decode()
    first = client.post(_url(opportunity), _form())
    second = client.post(_url(opportunity), _form())
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Person.objects.count() == 1 and Interest.objects.count() == 1
