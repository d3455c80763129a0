"""The API's permission matrix: every operation in the OpenAPI schema, asked by nobody (401), by
Oscar of another organisation (404, or nothing of ours in a list), by a role that may not (403),
with bad input (422) and by someone who may (its success status). Refusals save nothing.

An operation added to the API without a row here fails `test_every_operation_has_a_permission_case`."""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.files.uploadedfile import UploadedFile

from baton.core.models import AuditEvent
from baton.core.registry import baton_apps
from baton.core.testing import make_user
from baton.cycle.actions import (
    accept_handover,
    close_stage_run,
    publish_programme,
    query_handover,
    update_programme,
)
from baton.cycle.models import Programme, StageRun

from .api_helpers import api, saved_state, world  # noqa: F401  (fixtures)


@dataclass
class Op:
    call: Callable  # world -> (path, body)
    ok: int = 200
    by: str = "ellie"
    forbidden: tuple[str, ...] = ()  # personas refused with 403
    bad: Callable | None = None  # world -> (path, body) refused with 422
    oscar: str = "404"  # "404", "list" (200, nothing of ours), "own" (acts in his own organisation) or
    # "elsewhere" (succeeds in his own organisation, or on reference data every organisation shares)
    # or "choice:<field>" (422: the body names one of our records, which is no choice of his)
    setup: Callable | None = None  # world -> None, before the happy path
    audited: bool = False  # a read that is itself on the audit trail (a copy of a person's data)

    @property
    def writes(self) -> bool:
        return self.method != "get"

    method: str = field(default="get", init=False)


def _activity_body(**overrides):
    body = {
        "title": "Carers' survey",
        "method": "survey",
        "ladder_level": "consult",
        "target_groups": "carers",
        "start_date": "2026-02-01",
        "end_date": "2026-02-28",
        "reach": 120,
        "cost": "250.00",
    }
    return {**body, **overrides}


def _accept(w):
    accept_handover(w.handover, by=w.p.priya)


WRITERS_ONLY = ("bea", "larry", "pat", "nora")


def _query(w):
    query_handover(w.handover, note="Which groups?", by=w.p.priya)
    w.handover.refresh_from_db()


def _close(w):
    accept_handover(w.handover, by=w.p.priya)
    close_stage_run(w.run, by=w.p.priya)
    w.run.refresh_from_db()


def _closed_without_handover(w):
    StageRun.objects.filter(pk=w.bare_run.pk).update(status=StageRun.Status.CLOSED)
    w.bare_run.refresh_from_db()


def _draft(w):
    update_programme(w.programme, {"public_summary": "What we are doing."}, by=w.p.ellie)
    w.programme.refresh_from_db()


def _published(w):
    _draft(w)
    publish_programme(w.programme, by=w.p.ellie)
    w.programme.refresh_from_db()


OPS: dict[tuple[str, str], Op] = {
    # Programmes
    ("get", "/api/programmes"): Op(
        lambda w: ("/programmes", None), oscar="list", bad=lambda w: ("/programmes?page=0", None)
    ),
    ("post", "/api/programmes"): Op(
        lambda w: ("/programmes", {"name": "Maternity voices", "lead_id": w.p.priya.pk}),
        ok=201,
        forbidden=WRITERS_ONLY,
        oscar="own",
        bad=lambda w: ("/programmes", {"name": "  ", "lead_id": w.p.priya.pk}),
    ),
    ("get", "/api/programmes/{programme_id}"): Op(
        lambda w: (f"/programmes/{w.programme.pk}", None),
        bad=lambda w: ("/programmes/0", None),
    ),
    ("patch", "/api/programmes/{programme_id}"): Op(
        lambda w: (f"/programmes/{w.programme.pk}", {"version": w.programme.version, "name": "Diabetes (type 2)"}),
        forbidden=WRITERS_ONLY,
        bad=lambda w: (f"/programmes/{w.programme.pk}", {"version": w.programme.version, "name": "x" * 201}),
    ),
    ("delete", "/api/programmes/{programme_id}"): Op(
        lambda w: (f"/programmes/{w.programme.pk}", None),
        forbidden=("priya", *WRITERS_ONLY),
        bad=lambda w: ("/programmes/-1", None),
    ),
    ("post", "/api/programmes/{programme_id}/publish"): Op(
        lambda w: (f"/programmes/{w.programme.pk}/publish", {"version": w.programme.version}),
        setup=_draft,
        forbidden=("priya", *WRITERS_ONLY),
        bad=lambda w: (f"/programmes/{w.programme.pk}/publish", {"version": -1}),
    ),
    ("post", "/api/programmes/{programme_id}/unpublish"): Op(
        lambda w: (f"/programmes/{w.programme.pk}/unpublish", {"version": w.programme.version}),
        setup=_published,
        forbidden=("priya", *WRITERS_ONLY),
        bad=lambda w: (f"/programmes/{w.programme.pk}/unpublish", {"version": "x"}),
    ),
    ("get", "/api/programmes/{programme_id}/journey"): Op(
        lambda w: (f"/programmes/{w.programme.pk}/journey", None),
        bad=lambda w: ("/programmes/abc/journey", None),
    ),
    # Stage runs
    ("get", "/api/runs"): Op(lambda w: ("/runs", None), oscar="list", bad=lambda w: ("/runs?stage=design", None)),
    ("post", "/api/programmes/{programme_id}/runs"): Op(
        lambda w: (f"/programmes/{w.bare_programme.pk}/runs", {"stage": "plan", "owner_id": w.p.priya.pk}),
        ok=201,
        forbidden=WRITERS_ONLY,
        bad=lambda w: (f"/programmes/{w.bare_programme.pk}/runs", {"stage": "design"}),
    ),
    ("get", "/api/runs/{run_id}"): Op(lambda w: (f"/runs/{w.run.pk}", None), bad=lambda w: ("/runs/0", None)),
    ("post", "/api/runs/{run_id}/close"): Op(
        lambda w: (f"/runs/{w.run.pk}/close", {"version": w.run.version}),
        setup=_accept,
        forbidden=WRITERS_ONLY,
        bad=lambda w: (f"/runs/{w.run.pk}/close", {"version": "latest"}),
    ),
    ("post", "/api/runs/{run_id}/reopen"): Op(
        lambda w: (f"/runs/{w.run.pk}/reopen", {"reason": "Reach was wrong.", "version": w.run.version}),
        setup=_close,
        forbidden=("priya", *WRITERS_ONLY),
        bad=lambda w: (f"/runs/{w.run.pk}/reopen", {"reason": "  "}),
    ),
    ("post", "/api/runs/{run_id}/no-hand-over"): Op(
        lambda w: (f"/runs/{w.bare_run.pk}/no-hand-over", {"reason": "The board stopped the programme."}),
        setup=_closed_without_handover,
        forbidden=("priya", *WRITERS_ONLY),
        bad=lambda w: (f"/runs/{w.bare_run.pk}/no-hand-over", {"reason": ""}),
    ),
    ("get", "/api/runs/{run_id}/blockers"): Op(
        lambda w: (f"/runs/{w.run.pk}/blockers", None), bad=lambda w: ("/runs/0/blockers", None)
    ),
    # Activities
    ("get", "/api/activities"): Op(
        lambda w: ("/activities", None), oscar="list", bad=lambda w: ("/activities?method=poll", None)
    ),
    ("post", "/api/runs/{run_id}/activities"): Op(
        lambda w: (f"/runs/{w.run.pk}/activities", _activity_body()),
        ok=201,
        forbidden=WRITERS_ONLY,
        bad=lambda w: (f"/runs/{w.run.pk}/activities", _activity_body(reach=-1)),
    ),
    ("get", "/api/activities/{activity_id}"): Op(
        lambda w: (f"/activities/{w.activity.pk}", None), bad=lambda w: ("/activities/0", None)
    ),
    ("patch", "/api/activities/{activity_id}"): Op(
        lambda w: (f"/activities/{w.activity.pk}", {"version": w.activity.version, "reach": 75}),
        forbidden=WRITERS_ONLY,
        bad=lambda w: (f"/activities/{w.activity.pk}", {"version": w.activity.version, "cost": "-1"}),
    ),
    ("delete", "/api/activities/{activity_id}"): Op(
        lambda w: (f"/activities/{w.activity.pk}", None),
        forbidden=WRITERS_ONLY,
        bad=lambda w: ("/activities/0", None),
    ),
    # Insight
    ("get", "/api/insight"): Op(
        lambda w: ("/insight", None), oscar="list", bad=lambda w: ("/insight?status=lost", None)
    ),
    ("post", "/api/runs/{run_id}/insight"): Op(
        lambda w: (f"/runs/{w.run.pk}/insight", {"title": "Evening clinics wanted", "source": "pals", "sentiment": 4}),
        ok=201,
        forbidden=WRITERS_ONLY,
        bad=lambda w: (f"/runs/{w.run.pk}/insight", {"title": "Evening clinics", "source": "pals", "sentiment": 6}),
    ),
    ("get", "/api/insight/{item_id}"): Op(
        lambda w: (f"/insight/{w.insight.pk}", None), bad=lambda w: ("/insight/0", None)
    ),
    ("patch", "/api/insight/{item_id}"): Op(
        lambda w: (
            f"/insight/{w.insight.pk}",
            {"version": w.insight.version, "status": "answered", "resolution": "Evening clinic opened."},
        ),
        forbidden=WRITERS_ONLY,
        bad=lambda w: (f"/insight/{w.insight.pk}", {"version": w.insight.version, "stage_relevance": ["design"]}),
    ),
    ("delete", "/api/insight/{item_id}"): Op(
        lambda w: (f"/insight/{w.insight.pk}", None),
        forbidden=WRITERS_ONLY,
        bad=lambda w: ("/insight/0", None),
    ),
    # Hand-overs
    ("get", "/api/handovers"): Op(
        lambda w: ("/handovers", None), oscar="list", bad=lambda w: ("/handovers?status=lost", None)
    ),
    ("post", "/api/runs/{run_id}/handover"): Op(
        lambda w: (
            f"/runs/{w.bare_run.pk}/handover",
            {"next_owner_id": w.p.priya.pk, "summary": "Co-designed model agreed."},
        ),
        ok=201,
        forbidden=WRITERS_ONLY,
        bad=lambda w: (f"/runs/{w.bare_run.pk}/handover", {"next_owner_id": w.p.priya.pk, "summary": ""}),
    ),
    ("get", "/api/handovers/{handover_id}"): Op(
        lambda w: (f"/handovers/{w.handover.pk}", None), bad=lambda w: ("/handovers/0", None)
    ),
    ("patch", "/api/handovers/{handover_id}"): Op(
        lambda w: (f"/handovers/{w.handover.pk}", {"version": w.handover.version, "open_actions": "Book the venue."}),
        forbidden=WRITERS_ONLY,
        bad=lambda w: (f"/handovers/{w.handover.pk}", {"open_actions": "No version given."}),
    ),
    ("post", "/api/handovers/{handover_id}/accept"): Op(
        lambda w: (f"/handovers/{w.handover.pk}/accept", None),
        by="priya",
        # Only the named next owner accepts: not even an engagement lead for her.
        forbidden=("ellie", "adam", *WRITERS_ONLY),
        bad=lambda w: (f"/handovers/{w.handover.pk}/accept", {"version": 0}),
    ),
    ("post", "/api/handovers/{handover_id}/query"): Op(
        lambda w: (f"/handovers/{w.handover.pk}/query", {"note": "Which groups were not reached?"}),
        by="priya",
        forbidden=("ellie", "adam", *WRITERS_ONLY),
        bad=lambda w: (f"/handovers/{w.handover.pk}/query", {"note": "   "}),
    ),
    ("post", "/api/handovers/{handover_id}/answer"): Op(
        lambda w: (f"/handovers/{w.handover.pk}/answer", {"answer": "Young carers.", "version": w.handover.version}),
        by="priya",
        setup=_query,
        forbidden=WRITERS_ONLY,
        bad=lambda w: (f"/handovers/{w.handover.pk}/answer", {"answer": ""}),
    ),
    # Dropped batons
    ("get", "/api/dropped-batons"): Op(
        lambda w: ("/dropped-batons", None), oscar="list", bad=lambda w: ("/dropped-batons?limit=0", None)
    ),
    # Audit (core)
    ("get", "/api/audit/{model}/{object_id}"): Op(
        lambda w: (f"/audit/cycle.programme/{w.programme.pk}", None),
        forbidden=("bea", "pat", "priya"),
        bad=lambda w: ("/audit/Programme!/1", None),
    ),
    ("post", "/api/audit/events/{event_id}/restore"): Op(
        lambda w: (f"/audit/events/{w.deletion.pk}/restore", None),
        forbidden=("priya", *WRITERS_ONLY),
        bad=lambda w: ("/audit/events/0/restore", None),
    ),
}
# Other areas' operations, by convention: `baton/<app>/tests/api_permissions.py` with its own `OPS`
# and, if its operations need records of its own, `prepare(world)` (run before each of its cases).
PREPARE: dict[tuple[str, str], Callable] = {}
for _config in baton_apps():
    try:
        _module = importlib.import_module(f"{_config.name}.tests.api_permissions")
    except ModuleNotFoundError as _exc:
        if not (_exc.name or "").startswith(_config.name):
            raise
        continue
    if _module is not None:
        OPS.update(_module.OPS)
        PREPARE.update(dict.fromkeys(_module.OPS, getattr(_module, "prepare", lambda w: None)))
for (_method, _path), _op in OPS.items():
    _op.method = _method

CASES = [pytest.param(key, id=f"{key[0].upper()} {key[1]}") for key in OPS]


def _call(client, op, world, which="call"):
    path, body = getattr(op, which)(world)
    if op.method == "get":
        return client.get(path)
    if body and any(isinstance(value, UploadedFile) for value in body.values()):
        # A multipart upload (a document with its form fields), as the browser sends it.
        return client.client.post("/api" + path, body, **client.headers)
    return client.call(op.method, path, body)


def test_every_operation_has_a_permission_case(client):
    schema = client.get("/api/openapi.json").json()
    # An area with a complete matrix of its own (`baton/<app>/tests/test_api_permissions.py`, its
    # own completeness test included) is left to it; an operation's area is the module that
    # declares it, which its operationId names (`baton_<app>_api_<function>`).
    own_matrix = tuple(
        f"baton_{config.label}_"
        for config in baton_apps()
        if config.label != "cycle" and (Path(config.path) / "tests" / "test_api_permissions.py").exists()
    )
    operations = {
        (method, path)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if not operation["operationId"].startswith(own_matrix)
    }
    assert operations == set(OPS), "add a row to OPS for each new operation (and drop rows of removed ones)"


def test_every_write_is_refused_to_someone():
    assert all(op.forbidden for op in OPS.values() if op.writes)


@pytest.mark.django_db
@pytest.mark.parametrize("key", CASES)
def test_operation_follows_the_permission_matrix(api, world, key):
    """In order: every refusal first (each saving nothing), then the allowed call."""
    op, p = OPS[key], world.p
    if key in PREPARE:
        PREPARE[key](world)
    before = saved_state()

    assert _call(api(), op, world).status_code == 401, "anonymous"
    stranger = api()
    stranger.headers = {"HTTP_AUTHORIZATION": "Bearer bt_not-a-real-token"}
    assert _call(stranger, op, world).status_code == 401, "unknown token"
    assert saved_state() == before

    assert _call(api(make_user(username="drifter")), op, world).status_code == 404, "a user of no organisation"
    assert saved_state() == before

    response = _call(api(p.oscar), op, world)
    if op.oscar == "404":
        assert response.status_code == 404, ("other organisation", response.content)
    elif op.oscar == "list":
        assert response.status_code == 200
        body = response.json()
        counts = [body["count"]] if "count" in body else [part["count"] for part in body.values()]
        assert counts and not any(counts), "a list shows nothing of another organisation"
    elif op.oscar == "elsewhere":
        # Oscar acts in his own organisation (or reads reference data every organisation shares).
        assert response.status_code == op.ok, ("other organisation's own", response.content)
        before = saved_state()
    elif op.oscar.startswith("choice:"):
        assert response.status_code == 422, ("our record is no choice of his", response.content)
        assert [e["loc"] for e in response.json()["detail"]] == [["body", op.oscar.removeprefix("choice:")]]
    else:
        # Naming one of our people is refused as 'not a choice', never as 'exists elsewhere'.
        assert response.status_code == 422
        assert [e["loc"] for e in response.json()["detail"]] == [["body", "lead_id"]]
    assert saved_state() == before

    for name in op.forbidden:
        response = _call(api(getattr(p, name)), op, world)
        assert response.status_code == 403, (name, response.content)
        assert response.json()["detail"]
        assert saved_state() == before, name
    if not op.forbidden:
        for name in ("bea", "pat", "larry", "priya"):
            assert _call(api(getattr(p, name)), op, world).status_code == op.ok, f"every role may read: {name}"

    response = _call(api(getattr(p, op.by)), op, world, which="bad")
    assert response.status_code == 422, ("bad input", response.content)
    errors = response.json()["detail"]
    assert errors and all(error["loc"] and error["msg"] for error in errors)
    assert saved_state() == before

    if op.setup:
        op.setup(world)
    audit_before = AuditEvent.objects.count()
    response = _call(api(getattr(p, op.by)), op, world)
    assert response.status_code == op.ok, ("allowed", response.content)
    if op.writes:
        assert AuditEvent.objects.count() > audit_before, "a change writes an audit event"
    elif op.audited:
        assert AuditEvent.objects.count() == audit_before + 1, "an audited read writes its one event"
    else:
        assert AuditEvent.objects.count() == audit_before, "a read changes nothing"

    if op.oscar == "own":
        path, body = op.call(world)
        del body["lead_id"]
        response = api(p.oscar).post(path, {**body, "name": "Oscar's own programme"})
        assert response.status_code == op.ok
        assert Programme.objects.get(pk=response.json()["id"]).organisation == p.other_org
