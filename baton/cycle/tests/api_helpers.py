"""A small API client for the cycle API tests: token auth as a persona, JSON in and out, and a
world of cycle data in every state the operations need."""

import json
from dataclasses import dataclass

import pytest

from baton.core.models import ApiToken, AuditEvent
from baton.core.testing import saved_state as core_saved_state
from baton.cycle.actions import delete_programme
from baton.cycle.testing import make_activity, make_handover, make_insight, make_programme, make_run


class Api:
    def __init__(self, client, user=None):
        self.client = client
        self.headers = {}
        if user is not None:
            _token, raw = ApiToken.issue(user, "test")
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def call(self, method: str, path: str, body=None, **params):
        kwargs = dict(self.headers)
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        elif method.lower() == "get":
            kwargs["data"] = params
        else:
            kwargs.update(data="", content_type="application/json")
        return getattr(self.client, method.lower())("/api" + path, **kwargs)

    def get(self, path, **params):
        return self.call("get", path, **params)

    def post(self, path, body=None):
        return self.call("post", path, body)

    def patch(self, path, body):
        return self.call("patch", path, body)

    def delete(self, path):
        return self.call("delete", path)


@pytest.fixture
def api(client):
    """api(user) -> a client calling the API with a bearer token of that user; api() is anonymous."""
    return lambda user=None: Api(client, user)


@dataclass
class World:
    """One programme (lead Priya) with an open needs run that has handed over to plan (pending,
    next owner Priya), an activity and an insight item; a second programme with an open run and
    nothing else; and a deleted programme waiting to be restored."""

    p: object
    programme: object
    run: object
    activity: object
    insight: object
    handover: object
    bare_programme: object
    bare_run: object
    deletion: AuditEvent


def make_world(p) -> World:
    programme = make_programme(p.org, by=p.ellie, lead=p.priya, name="Diabetes pathway")
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    activity = make_activity(run, by=p.priya)
    insight = make_insight(run, by=p.priya, activity=activity)
    handover = make_handover(run, by=p.priya, next_owner=p.priya, insight=[insight])
    bare_programme = make_programme(p.org, by=p.ellie, lead=p.priya, name="Stroke rehabilitation")
    bare_run = make_run(bare_programme, "improve", owner=p.priya, by=p.ellie)
    doomed = make_programme(p.org, by=p.ellie, name="Closed-down service")
    deletion = delete_programme(doomed, by=p.ellie)
    for obj in (run, activity, insight, handover):
        obj.refresh_from_db()
    return World(p, programme, run, activity, insight, handover, bare_programme, bare_run, deletion)


@pytest.fixture
def world(personas):
    return make_world(personas)


def saved_state() -> dict:
    """Row ids (and versions) of every cycle model and the audit trail's length: equal before and
    after means nothing was saved."""
    return core_saved_state("cycle")
