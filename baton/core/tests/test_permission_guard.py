"""A guard over every page of every area, walked from the URL configuration (core.routes) with
the instances each app's share of the test world names (core.testing.build_world), so a new area
is guarded without anyone listing it here:

- Oscar, of another organisation, gets 404 for every record of ours (he sees nothing, not even
  that it exists), and no page he can open shows anything of ours;
- Nora, a member whose role has ended, may read but is refused (403) every change, or the page
  does not take changes at all (405);
- someone signed in with no organisation sees nothing (404);
and none of those refusals changes anything. A parameterised route with no instance in the world
fails here by name."""

import pytest

from baton.core.models import AuditEvent
from baton.core.routes import all_routes
from baton.core.testing import build_world, make_user

# Not walked: signing in and out, and the hand-offs to an identity provider.
EXEMPT = {"core:login", "core:logout", "core:oidc_start", "core:oidc_callback"}
# A person's own things, which anyone signed in may change: their API tokens and which of their
# organisations they act for.
PERSONAL = {"core:token_list", "core:token_revoke", "core:choose_organisation"}
# Routes whose parameter names no record (a board indicator's key, the same for every
# organisation): Oscar reads his own organisation's, and must see nothing of ours on it.
ORGANISATION_WIDE = {"indicators:detail"}
OURS = ("Diabetes pathway", "Maternity voices", "North Riverside")

ROUTES = [r for r in all_routes() if r.namespace not in ("admin", "api") and r.name and r.name not in EXEMPT]


@pytest.fixture
def world(db):
    return build_world()


def _instances(world, route):
    if not route.params:
        return [{}]
    kwargs = world.routes.get(route.name)
    assert kwargs, f"{route.name} has no instance in the test world: add one to its app's testing.contribute()"
    return kwargs


def _paths(world):
    from django.urls import reverse

    for route in ROUTES:
        for kwargs in _instances(world, route):
            yield route, reverse(route.name, kwargs=kwargs)


def test_every_page_refuses_another_organisation_and_a_member_without_a_role(world, client):
    p = world.personas
    # Our organisation's trail: Oscar reading a page of his own organisation may leave an event in
    # his (an export of his register is audited), never in ours.
    ours = AuditEvent.objects.filter(organisation=p.org)
    before = ours.count()
    checked = 0
    for route, path in _paths(world):
        if route.public:
            continue
        client.force_login(p.oscar)
        got, posted = client.get(path), client.post(path, {})
        if route.params and route.name not in PERSONAL | ORGANISATION_WIDE:
            assert got.status_code in (404, 405), f"Oscar (another organisation) could open {path}: {got.status_code}"
            assert posted.status_code in (404, 405), f"Oscar could post to {path}: {posted.status_code}"
        elif got.status_code == 200:
            body = b"".join(got.streaming_content) if got.streaming else got.content  # a download streams
            assert not any(name in body.decode() for name in OURS), f"{path} shows Oscar something of ours"

        client.force_login(p.nora)
        if route.name not in PERSONAL:
            status = client.post(path, {}).status_code
            assert status in (403, 405), f"Nora (no role) posted to {path} and got {status}"
        assert client.get(path).status_code in (200, 403, 405), f"Nora could not read {path}"
        assert ours.count() == before, f"a refused request to {path} changed something"
        checked += 1
    assert checked >= 40


def test_readers_may_read_every_page_but_change_nothing(world, client):
    """Bea (board member) and Pat (patient partner) read; they hold no power to change the Cycle.
    An area may give one of them a named power (`world.powers`: a board member signs off)."""
    p = world.personas
    before = AuditEvent.objects.count()
    for person in (p.bea, p.pat):
        client.force_login(person)
        for route, path in _paths(world):
            if route.public or route.name in PERSONAL or route.name in world.powers.get(person.username, ()):
                continue
            assert client.post(path, {}).status_code in (403, 405), f"{person} posted to {path}"
    assert AuditEvent.objects.count() == before


def test_someone_without_a_membership_sees_nothing(world, client):
    client.force_login(make_user(None, username="nobody"))
    for route, path in _paths(world):
        if route.public or route.name in PERSONAL:
            continue
        assert client.get(path).status_code in (404, 405), f"someone of no organisation could open {path}"


def test_public_pages_render_for_anyone(world, client):
    for route, path in _paths(world):
        if not route.public or route.name.startswith("core:"):
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        if response.streaming:  # a published document (a consultation's, say): a file, not a page
            assert response.get("Content-Disposition", "").startswith("attachment"), path
            continue
        assert response.content.decode().count("<h1") == 1, path
