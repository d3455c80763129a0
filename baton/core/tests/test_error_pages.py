"""Refusals, missing pages, server errors and failed CSRF checks get NHS.UK-styled pages that say
what happened and offer a way back; the API answers them in JSON."""

import re

import pytest
from django.db import OperationalError, connection
from django.test import Client

from baton.cycle.testing import make_programme


def h1s(response) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)


def assert_page(response, status: int, heading: str, way_back: str):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert h1s(response) == [heading]
    assert "nhsuk-header" in body and "nhsuk-frontend.min.css" in body
    assert way_back in body


@pytest.mark.django_db
def test_a_missing_page_for_someone_signed_out_points_to_the_public_pages(client):
    response = client.get("/no-such-page/")
    assert_page(response, 404, "Page not found", 'href="/public/"')
    assert "check it is correct" in response.content.decode()


@pytest.mark.django_db
def test_a_missing_page_for_someone_signed_in_points_to_the_hub(personas, signed_in):
    assert_page(signed_in(personas.priya).get("/no-such-page/"), 404, "Page not found", "Go to the hub")


@pytest.mark.django_db
def test_another_organisations_record_is_the_same_not_found_page(personas, signed_in):
    programme = make_programme(personas.org, by=personas.ellie)
    response = signed_in(personas.oscar).get(f"/programmes/{programme.pk}/")
    assert_page(response, 404, "Page not found", "Go to the hub")
    assert programme.name not in response.content.decode()


@pytest.mark.django_db
def test_a_refusal_says_why_and_who_to_ask(personas, signed_in):
    programme = make_programme(personas.org, by=personas.ellie)
    response = signed_in(personas.larry).get(f"/programmes/{programme.pk}/edit/")
    assert_page(response, 403, "You cannot do this", "Go to the hub")
    assert "ask your engagement lead or your Baton administrator" in response.content.decode()


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_gets_the_csrf_page_and_nothing_happens(personas):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "ellie", "password": "x"})
    assert_page(response, 403, "Your form was not sent", 'href="/public/"')
    assert "reload the page" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("baton.core.tests.error_urls")
def test_a_server_error_gets_the_sorry_page(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas.priya)
    assert_page(client.get("/boom/"), 500, "Sorry, there is a problem with Baton", 'href="/"')


@pytest.mark.django_db
def test_the_sorry_page_renders_with_the_database_down(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas.priya)

    def database_down(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(database_down):
        response = client.get("/")

    assert_page(response, 500, "Sorry, there is a problem with Baton", 'href="/"')


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/no-such-thing", 404), ("/api/programmes/999999", 404)],
)
def test_the_api_keeps_answering_json(personas, path, status):
    from baton.core.models import ApiToken

    _token, raw = ApiToken.issue(personas.ellie, "t")
    response = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}


@pytest.mark.django_db
@pytest.mark.urls("baton.core.tests.error_urls")
def test_a_server_error_under_the_api_is_json():
    from django.test import RequestFactory

    from baton.core.error_pages import server_error

    response = server_error(RequestFactory().get("/api/anything"))
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
