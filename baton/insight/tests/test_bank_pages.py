"""The insight bank's page and API: who may search (pages and API alike), what the page shows
before and after a search, bad input (plain messages on the page, 422 in the API), and the
queries a page runs, the same with a few rows as with many."""

from datetime import date

import pytest
from django.urls import reverse

from baton.core.testing import queries_for
from baton.cycle.testing import make_insight, make_programme, make_run
from baton.cycle.tests.api_helpers import api  # noqa: F401  the API client fixture

from .bank_factories import make_comment

pytestmark = pytest.mark.django_db
URL = "/insight/bank/"
API = "/insight/bank"
SEARCHERS = ["ellie", "priya", "larry", "bea", "adam"]
NOT_SEARCHERS = ["pat", "fiona", "nora"]


@pytest.fixture
def filled(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway")
    run = make_run(programme, "needs", owner=p.ellie)
    make_insight(run, by=p.ellie, title="Long waits at the diabetes clinic", themes="access")
    make_comment(p.org, "I had to wait three hours.", themes=["Timeliness of care"], programme=programme)
    make_comment(p.other_org, "Waiting at Other Shire's clinic is no fun.")
    return programme


def test_the_url_is_the_banks():
    assert reverse("bank:search") == URL


@pytest.mark.parametrize("who", SEARCHERS)
def test_staff_who_plan_or_oversee_engagement_search(who, personas, filled, client, api):
    client.force_login(getattr(personas, who))
    page = client.get(URL, {"q": "waiting"})
    assert page.status_code == 200
    assert "Long <mark>waits</mark> at the diabetes clinic" in page.content.decode()
    assert "Other Shire" not in page.content.decode()
    answer = api(getattr(personas, who)).get(API, **{"q": "waiting"})
    assert answer.status_code == 200
    assert {r["kind"] for r in answer.json()["results"]} == {"item", "comment"}


@pytest.mark.parametrize("who", NOT_SEARCHERS)
def test_patient_partners_finance_and_ended_roles_may_not(who, personas, filled, client, api):
    client.force_login(getattr(personas, who))
    assert client.get(URL, {"q": "waiting"}).status_code == 403
    assert api(getattr(personas, who)).get(API, **{"q": "waiting"}).status_code == 403


def test_another_organisation_sees_only_its_own(personas, filled, client, api):
    client.force_login(personas.oscar)
    page = client.get(URL, {"q": "waiting"}).content.decode()
    assert "Other Shire" in page and "diabetes" not in page
    results = api(personas.oscar).get(API, **{"q": "waiting"}).json()["results"]
    assert len(results) == 1 and "Other Shire" in results[0]["snippet_html"]


def test_a_post_is_refused_since_a_search_changes_nothing(personas, client):
    client.force_login(personas.ellie)
    assert client.post(URL, {"q": "waiting"}).status_code == 405


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_the_page_before_a_search_says_what_the_bank_holds(personas, filled, client):
    client.force_login(personas.ellie)
    page = client.get(URL).content.decode()
    assert "1 insight item recorded" in page and "1 feedback comment imported" in page
    assert "Long waits at the diabetes clinic" in page  # the newest insight


def test_punctuation_gets_a_plain_message(personas, filled, client, api):
    client.force_login(personas.ellie)
    page = client.get(URL, {"q": "!!! *** ()"})
    assert page.status_code == 200
    assert "Type a word or two" in page.content.decode()
    answer = api(personas.ellie).get(API, **{"q": "'); --"})
    assert answer.status_code == 200 and "Type a word" in answer.json()["problem"]


def test_bad_filters_are_explained_on_the_page(personas, filled, client):
    client.force_login(personas.ellie)
    page = client.get(URL, {"q": "wait", "theme": "Nope", "since_day": "31", "since_month": "2", "since_year": "2026"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "nhsuk-error-summary" in body
    assert "Select a valid choice" in body or "not one of the available choices" in body
    backwards = client.get(
        URL,
        {
            "until_day": "1",
            "until_month": "1",
            "until_year": "2025",
            "since_day": "1",
            "since_month": "1",
            "since_year": "2026",
        },
    )
    assert "The end of the dates must be the same as or after the start." in backwards.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"theme": "Nope"},
        {"stage": "nowhere"},
        {"source": "gossip"},
        {"kind": "memo"},
        {"since": "2026-02-31"},
        {"since": "2026-02-01", "until": "2026-01-01"},
        {"page": "0"},
        {"q": "x" * 201},
        {"programme_id": "0"},
    ],
)
def test_the_api_refuses_bad_filters_with_422(personas, filled, api, query):
    answer = api(personas.ellie).get(API, **query)
    assert answer.status_code == 422, answer.content
    assert answer.json()["detail"]


def test_the_api_refuses_another_organisations_programme(personas, filled, api):
    theirs = make_programme(personas.other_org, by=personas.oscar, name="Theirs")
    answer = api(personas.ellie).get(API, **{"programme_id": theirs.pk})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][-1] == "programme_id"


def test_the_api_filters_as_the_page_does(personas, filled, api):
    client = api(personas.ellie)
    found = client.get(API, **{"q": "waiting", "theme": "Timeliness of care"}).json()
    assert [r["kind"] for r in found["results"]] == ["comment"]
    assert found["results"][0]["snippet_html"] == "I had to <mark>wait</mark> three hours."
    assert client.get(API, **{"q": "waiting", "programme_id": filled.pk, "kind": "item"}).json()["count"] == 1


def test_a_programme_page_asks_what_we_already_know(personas, filled, client):
    client.force_login(personas.priya)
    page = client.get(reverse("cycle:programme_detail", args=[filled.pk])).content.decode()
    assert "What do we already know?" in page
    assert f"{URL}?programme={filled.pk}" in page
    client.force_login(personas.pat)
    assert (
        "What do we already know?"
        not in client.get(reverse("cycle:programme_detail", args=[filled.pk])).content.decode()
    )


def test_the_bank_is_in_the_navigation_of_those_who_may_search(personas, client):
    client.force_login(personas.ellie)
    assert f'href="{URL}"' in client.get(reverse("hub:index")).content.decode()
    client.force_login(personas.pat)
    assert f'href="{URL}"' not in client.get(reverse("hub:index")).content.decode()


def _grow(p, programme, n):
    run = programme.stage_runs.first()
    for i in range(n):
        make_insight(run, by=p.ellie, title=f"Waiting story {i}", themes="access")
        make_comment(
            p.org,
            f"Waiting {i} hours",
            themes=["Timeliness of care", "Staffing levels & responsiveness"],
            programme=programme,
            stage_run=run,
            received_on=date(2026, 1, 1 + i),
        )


def test_a_page_of_results_runs_the_same_queries_with_a_few_rows_or_many(personas, filled, client):
    p = personas
    client.force_login(p.ellie)
    urls = [
        URL,
        f"{URL}?q=waiting&kind=item",
        f"{URL}?q=waiting&kind=comment&theme=Timeliness+of+care",
        f"{URL}?source=fft",
        f"{URL}?q=waiting&page=2",
    ]
    _grow(p, filled, 2)
    few = [queries_for(client, url) for url in urls]
    mixed = queries_for(client, f"{URL}?q=waiting")  # a page with both kinds on it: the most
    _grow(p, filled, 25)
    many = [queries_for(client, url) for url in urls]
    assert few[:-1] == many[:-1]
    assert many[-1] <= mixed and queries_for(client, f"{URL}?q=waiting") <= mixed
