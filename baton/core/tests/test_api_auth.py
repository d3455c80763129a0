"""API authentication: a write without valid credentials is a 401 in the documented shape (not
ninja's 403 "CSRF check Failed"); a signed-in browser session still needs its CSRF token to write."""

import json

import pytest
from django.test import Client

from baton.core.models import ApiToken
from baton.core.tokens import issue_token, revoke_token

BODY = json.dumps({"name": "Falls prevention", "description": "Fewer falls at home."})


def create_programme(client: Client, **headers):
    return client.post("/api/programmes", data=BODY, content_type="application/json", **headers)


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def assert_401(response):
    assert response.status_code == 401, response.content
    body = response.json()
    assert set(body) == {"detail"} and isinstance(body["detail"], str)
    assert "API token" in body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_a_write_without_a_token_is_401(personas):
    assert_401(create_programme(Client(enforce_csrf_checks=True)))


@pytest.mark.django_db
def test_a_write_with_a_wrong_token_is_401(personas):
    assert_401(create_programme(Client(enforce_csrf_checks=True), **bearer("bt_not-a-real-token")))


@pytest.mark.django_db
def test_a_write_with_a_revoked_token_is_401(personas):
    token, raw = issue_token(personas.ellie, name="Old", by=personas.ellie)
    revoke_token(token, by=personas.ellie)
    assert_401(create_programme(Client(enforce_csrf_checks=True), **bearer(raw)))


@pytest.mark.django_db
def test_a_read_without_a_token_is_401_too(personas):
    assert_401(Client().get("/api/programmes"))


@pytest.mark.django_db
def test_a_write_with_a_good_token_needs_no_csrf_token(personas):
    _token, raw = ApiToken.issue(personas.ellie, "Good")
    response = create_programme(Client(enforce_csrf_checks=True), **bearer(raw))
    assert response.status_code == 201, response.content


@pytest.mark.django_db
def test_a_signed_in_browser_session_without_its_csrf_token_cannot_write(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.ellie)

    response = create_programme(client)

    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "CSRF token" in detail and "X-CSRFToken" in detail
    assert "CSRF check Failed" not in detail


@pytest.mark.django_db
def test_a_signed_in_browser_session_with_its_csrf_token_can_write(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.ellie)
    client.get("/account/tokens/")  # any page sets the csrftoken cookie
    csrf = client.cookies["csrftoken"].value

    response = create_programme(client, HTTP_X_CSRFTOKEN=csrf)

    assert response.status_code == 201, response.content


@pytest.mark.django_db
def test_a_session_with_a_wrong_token_is_judged_as_the_session(personas):
    """A bad bearer token does not turn a signed-in session's CSRF refusal into a 401."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.ellie)
    assert create_programme(client, **bearer("bt_wrong")).status_code == 403
