"""Guard tests: every page needs sign-in except an explicit public allowlist; no pending migrations."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

# Pages anyone may open. Everything else must send an anonymous visitor to sign in.
# The OIDC hand-offs are part of signing in (404 unless OIDC is set up).
PUBLIC = {
    "core:login",
    "core:oidc_start",
    "core:oidc_callback",
    "public:index",
    "public:organisation",
    "public:programme",
    "admin:login",
}
# The API answers 401 itself (token or session), rather than redirecting to a sign-in page.
API_PREFIX = "api/"
API_PUBLIC = {"api", "api/openapi.json", "api/docs"}

SAMPLE = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else None, prefix + str(entry.pattern)


def concrete(route: str) -> str | None:
    route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\/", "/")
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)
    if re.search(r"[()\[\]?*+\\]", route):
        return None  # a regex route we cannot fill in (admin's app list); its view is covered by admin's login
    return "/" + route


ROUTES = sorted({(name or "", url) for name, r in walk() if (url := concrete(r))})


def test_the_walk_found_the_routes():
    names = {name for name, _ in ROUTES}
    assert {"hub:index", "core:login", "public:index"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), ROUTES, ids=[f"{n or '?'} {u}" for n, u in ROUTES])
def test_every_page_needs_sign_in_except_the_public_allowlist(client, name, url):
    response = client.get(url)
    if url.lstrip("/").startswith(API_PREFIX):
        if url.lstrip("/").rstrip("/") in API_PUBLIC:
            assert response.status_code == 200
        else:
            assert response.status_code in (401, 404, 405), f"{url} answered {response.status_code} without a token"
        return
    if name in PUBLIC:
        assert response.status_code in (200, 404), f"public page {url} answered {response.status_code}"
        return
    if name.startswith("admin:"):
        location = response.get("Location", "")
        assert response.status_code == 302 and ("/sign-in/" in location or "/admin/login/" in location), url
        return
    assert response.status_code == 302, f"{name} {url} answered {response.status_code} to an anonymous visitor"
    assert response["Location"].startswith("/sign-in/"), f"{name} {url} redirected to {response['Location']}"


@pytest.mark.django_db
def test_no_migrations_are_pending():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # pragma: no cover - message is the point
        pytest.fail(f"Model changes without a migration:\n{out.getvalue()}\n{exc}")
