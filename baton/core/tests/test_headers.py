"""Security headers: a Content-Security-Policy without inline script (but the request's nonce) on
every page, Cache-Control: no-store on signed-in pages and API answers but not on public pages or
static files; the API's docs come from Baton itself, and /api/ leads somewhere."""

import re

import pytest
from django.test import Client

from baton.core.models import ApiToken


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_pages_have_a_strict_content_security_policy(personas, signed_in):
    response = signed_in(personas.priya).get("/")
    csp = policy(response)

    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'" and csp["script-src"][1].startswith("'nonce-")
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert not any("unsafe" in value for values in csp.values() for value in values)


@pytest.mark.django_db
def test_every_inline_script_carries_the_requests_nonce(personas, signed_in):
    response = signed_in(personas.priya).get("/")
    nonce = policy(response)["script-src"][1].removeprefix("'nonce-").removesuffix("'")
    body = response.content.decode()

    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", body)
    assert inline, "the NHS.UK page template has one inline script"
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline)


@pytest.mark.django_db
def test_each_request_gets_a_new_nonce(client):
    first, second = (policy(client.get("/sign-in/"))["script-src"][1] for _ in range(2))
    assert first != second


@pytest.mark.django_db
def test_error_pages_have_the_policy_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/programmes/", "/account/tokens/", "/public/"])
def test_signed_in_pages_are_not_stored(personas, signed_in, path):
    response = signed_in(personas.priya).get(path)
    assert response.status_code == 200 and no_store(response)


@pytest.mark.django_db
def test_api_answers_are_not_stored(personas):
    _token, raw = ApiToken.issue(personas.priya, "t")
    assert no_store(Client().get("/api/programmes", HTTP_AUTHORIZATION=f"Bearer {raw}"))
    assert no_store(Client().get("/api/programmes"))  # the 401 too
    assert no_store(Client().get("/api/openapi.json"))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/public/", "/public/north-riverside/"])
def test_public_pages_to_someone_signed_out_may_be_cached(personas, client, path):
    response = client.get(path)
    assert response.status_code == 200 and not no_store(response)


@pytest.mark.django_db
def test_static_files_may_be_cached(personas, signed_in):
    response = signed_in(personas.priya).get("/static/core/init.js")
    assert response.status_code == 200 and not no_store(response)


@pytest.mark.django_db
def test_the_api_docs_load_swagger_ui_from_baton_not_a_cdn(client):
    response = client.get("/api/docs")
    body = response.content.decode()

    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in body and "/static/ninja/swagger-ui.css" in body
    # Every script and stylesheet comes from Baton's own /static/ (a CSRF token may contain "cdn").
    sources = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "https://" not in body and "cdn.jsdelivr" not in body
    assert not re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", body), "inline script"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


@pytest.mark.django_db
def test_api_root_sends_a_browser_to_the_docs_and_tells_a_program_where_things_are(client):
    browser = client.get("/api/", HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert browser.status_code == 302 and browser["Location"] == "/api/docs"

    program = client.get("/api/", HTTP_ACCEPT="application/json")
    assert program.status_code == 200
    assert program.json()["docs"] == "/api/docs" and program.json()["openapi"] == "/api/openapi.json"
