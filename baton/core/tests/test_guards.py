"""Guard tests over every route Baton serves (core.routes.all_routes), so a new area is covered
without anyone listing it here:

- every page needs sign-in (a redirect to the sign-in page, never a 404 or a page) except the
  pages marked `login_not_required`, which must be the known public ones;
- every API operation answers 401 without credentials, except the API's own docs and index;
- no migration is pending.

What a signed-in person may see and do on each page is the permission guard's
(test_permission_guard.py)."""

import io

import pytest
from django.core.management import call_command

from baton.core.routes import all_routes

# The pages anyone may open: signing in (and its hand-offs to an identity provider), the public
# pages, and the admin's own sign-in. A view marked login_not_required that is not here fails.
PUBLIC = {
    "core:login",
    "core:oidc_start",
    "core:oidc_callback",
    "public:index",
    "public:organisation",
    "public:programme",
    "public:take_part",
    "public:opportunity",
    "public:opportunity_thanks",
    "direction:public_vision",
    "direction:public_vision_version",
    "consultations:public_list",
    "consultations:public_material",
    "consultations:public_report",
    "loop:public_list",
    "loop:public_programme",
}
API_PUBLIC = {"api:openapi-json", "api:openapi-view", "api:index", "api:api-root"}

ROUTES = [r for r in all_routes() if r.namespace not in ("admin", "api") and r.sample()]
API_ROUTES = [r for r in all_routes() if r.namespace == "api"]


def test_the_walk_finds_every_area():
    names = {r.name for r in all_routes()}
    assert {"hub:index", "cycle:run_detail", "core:login", "public:index", "api:get_handover"} <= names


def test_only_the_known_public_pages_are_open_to_anyone():
    open_views = {r.name for r in ROUTES if r.public}
    assert open_views == PUBLIC, "a view marked login_not_required that is not a known public page (or the reverse)"


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if not r.public], ids=lambda r: r.name or r.pattern)
def test_every_page_sends_an_anonymous_visitor_to_sign_in(client, route):
    for method in ("get", "post"):
        response = getattr(client, method)(route.sample())
        assert response.status_code == 302, f"{method.upper()} {route.sample()} answered {response.status_code}"
        assert response["Location"].startswith("/sign-in/"), response["Location"]


@pytest.mark.django_db
def test_the_admin_sends_an_anonymous_visitor_to_its_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("route", API_ROUTES, ids=lambda r: r.name or r.pattern)
def test_every_api_operation_answers_401_without_credentials(client, route):
    path = route.sample({p: "1" for p in route.params} | {"model": "cycle.programme"})
    if route.name in API_PUBLIC:
        assert client.get(path).status_code in (200, 302), path
        return
    statuses = {
        method: getattr(client, method)(path, content_type="application/json").status_code
        for method in ("get", "post", "patch", "delete")
    }
    allowed = {m: s for m, s in statuses.items() if s != 405}
    assert allowed and set(allowed.values()) == {401}, f"{path}: {statuses}"


@pytest.mark.django_db
def test_no_migrations_are_pending():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # pragma: no cover - message is the point
        pytest.fail(f"Model changes without a migration:\n{out.getvalue()}\n{exc}")
