"""A guard over every page that takes a record: someone from another organisation gets 404 (they
see nothing, not even that it exists), and a read-only role gets 403 on every change, which
leaves nothing changed. A new route fails here until it is given an instance below."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from baton.core.models import ApiToken, AuditEvent
from baton.cycle.actions import delete_programme
from baton.cycle.testing import make_activity, make_handover, make_insight, make_programme, make_run

NAMESPACES = ("core", "cycle", "public")
# Routes that change something; everything else only reads.
CHANGES = re.compile(r"(new|edit|delete|close|accept|query|hand-over|restore|revoke)/$")
# Routes whose record belongs to the user rather than the organisation (tokens), or that are public.
OWN_OR_PUBLIC = {"core:token_revoke", "public:organisation", "public:programme"}


def routes(resolver=None, prefix="", ns=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry, prefix + str(entry.pattern), f"{ns}{entry.namespace}:" if entry.namespace else ns)
        elif (
            isinstance(entry, URLPattern) and entry.name and ns.rstrip(":") in NAMESPACES and "<" in str(entry.pattern)
        ):
            yield f"{ns}{entry.name}", prefix + str(entry.pattern)


@pytest.fixture
def world(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya, name="Guarded")
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    activity = make_activity(run, by=p.priya)
    insight = make_insight(run, by=p.priya)
    handover = make_handover(run, by=p.priya, next_owner=p.priya, insight=[insight])
    doomed = make_programme(p.org, by=p.ellie, name="Deleted")
    event = delete_programme(doomed, by=p.ellie)
    token, _ = ApiToken.issue(p.ellie, "guard")
    ids = {
        "programmes": programme.pk,
        "runs": run.pk,
        "activities": activity.pk,
        "insight": insight.pk,
        "handovers": handover.pk,
        "audit/events": event.pk,
        "account/tokens": token.pk,
    }
    return p, ids, programme


def fill(name, route, ids, programme):
    if name == "core:record_history":
        return f"/audit/cycle.programme/{programme.pk}/"
    for prefix, pk in sorted(ids.items(), key=lambda kv: -len(kv[0])):
        if route.startswith(prefix + "/"):
            return "/" + re.sub(r"<int:\w+>", str(pk), route)
    return None


ROUTES = sorted(set(routes()))


@pytest.mark.django_db
def test_every_record_page_refuses_another_organisation_and_read_only_roles(world, client):
    p, ids, programme = world
    checked = 0
    for name, route in ROUTES:
        if name in OWN_OR_PUBLIC:
            continue
        url = fill(name, route, ids, programme)
        assert url, f"{name} ({route}) has no instance in this guard: add one to the world fixture"
        before = AuditEvent.objects.count()

        client.force_login(p.oscar)
        assert client.get(url).status_code in (404, 405), f"Oscar (another organisation) could open {url}"
        assert client.post(url, {}).status_code == 404, f"Oscar (another organisation) could post to {url}"

        if CHANGES.search(route):
            client.force_login(p.bea)
            assert client.post(url, {}).status_code == 403, f"Bea (board member, read-only) could post to {url}"
            client.force_login(p.pat)
            assert client.post(url, {}).status_code == 403, f"Pat (patient partner) could post to {url}"
        assert AuditEvent.objects.count() == before, f"a refused request to {url} changed something"
        checked += 1
    assert checked >= 15


@pytest.mark.django_db
def test_someone_without_a_membership_sees_nothing(world, client):
    from baton.core.testing import make_user

    p, ids, programme = world
    client.force_login(make_user(None, username="nobody"))
    assert client.get("/").status_code == 404
    assert client.get(f"/programmes/{programme.pk}/").status_code == 404
