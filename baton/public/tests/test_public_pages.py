"""The public pages: only what an engagement lead published, never a draft; how to take part; the
same number of queries however much is published (issue item 20, issue 9 item 9)."""

import pytest
from django.urls import reverse

from baton.core.testing import queries_for
from baton.cycle.actions import publish_programme, unpublish_programme, update_programme
from baton.cycle.testing import go_round, make_programme

pytestmark = pytest.mark.django_db


def _published(p, name, summary="What we are doing, in plain English."):
    programme = make_programme(p.org, by=p.ellie, name=name, public_summary=summary)
    publish_programme(programme, by=p.ellie)
    programme.refresh_from_db()
    return programme


def test_only_published_programmes_are_listed_with_their_published_words(personas, client):
    p = personas
    shown = _published(p, "Diabetes pathway", "We are redesigning diabetes care.")
    update_programme(shown, {"public_summary": "DRAFT: not agreed yet"}, by=p.ellie)
    make_programme(p.org, by=p.ellie, name="Draft only", public_summary="Typed, never published.")
    make_programme(p.other_org, by=p.oscar, name="Elsewhere", public_summary="Other shire.")
    html = client.get(reverse("public:organisation", args=[p.org.public_slug])).content.decode()
    assert "Diabetes pathway" in html and "We are redesigning diabetes care." in html
    assert "DRAFT" not in html and "Draft only" not in html and "Typed, never published." not in html
    assert "Elsewhere" not in html


def test_an_unpublished_or_draft_programme_is_not_found(personas, client):
    p = personas
    draft = make_programme(p.org, by=p.ellie, name="Draft only", public_summary="Typed, never published.")
    taken_down = _published(p, "Taken down")
    unpublish_programme(taken_down, by=p.ellie)
    for programme in (draft, taken_down):
        assert client.get(reverse("public:programme", args=[p.org.public_slug, programme.pk])).status_code == 404
    other = _published(p, "Diabetes pathway")
    assert client.get(reverse("public:programme", args=[p.other_org.public_slug, other.pk])).status_code == 404


def test_a_published_programme_shows_where_it_has_got_to_and_how_to_take_part(personas, client):
    p = personas
    programme = _published(p, "Diabetes pathway")
    go_round(programme, 1, owner=p.ellie)
    p.org.engagement_email = "engage@example.nhs.uk"
    p.org.engagement_phone = "0300 000 0000"
    p.org.save()
    html = client.get(reverse("public:programme", args=[p.org.public_slug, programme.pk])).content.decode()
    assert "Develop priorities, strategies and plans (we are here)" in html
    assert "Have your say" in html and "engage@example.nhs.uk" in html and "0300 000 0000" in html


def test_without_contact_details_the_page_still_says_how_to_take_part(personas, client):
    html = client.get(reverse("public:organisation", args=[personas.org.public_slug])).content.decode()
    assert "Have your say" in html and "ask for the engagement team" in html


def test_publishing_needs_an_engagement_lead_and_a_summary(personas, signed_in):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    url = reverse("cycle:programme_publish", args=[programme.pk])
    assert signed_in(p.priya).post(url, {"version": programme.version}).status_code == 403  # the programme's own lead
    assert signed_in(p.ellie).post(url, {"version": programme.version}).status_code == 409  # nothing to publish
    update_programme(programme, {"public_summary": "Now there is."}, by=p.priya)
    programme.refresh_from_db()
    assert signed_in(p.ellie).post(url, {"version": programme.version}).status_code == 302
    programme.refresh_from_db()
    assert programme.published_summary == "Now there is." and programme.published_by == p.ellie


def test_public_pages_run_the_same_queries_with_ten_times_as_much_published(personas, client):
    p = personas
    first = _published(p, "Programme 0")
    go_round(first, 1, owner=p.ellie)
    pages = [reverse("public:index"), reverse("public:organisation", args=[p.org.public_slug])]
    programme_page = reverse("public:programme", args=[p.org.public_slug, first.pk])
    few = [queries_for(client, url) for url in [*pages, programme_page]]
    for n in range(1, 10):
        go_round(_published(p, f"Programme {n}"), 2, owner=p.ellie)
    many = [queries_for(client, url) for url in [*pages, programme_page]]
    assert few == many
