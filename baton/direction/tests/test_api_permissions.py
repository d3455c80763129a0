"""The direction API's permission matrix: every /api/direction/ operation in the OpenAPI schema,
asked by nobody (401), by Oscar of another organisation (404, or nothing of ours in a list), by
roles that may not (403, nothing saved) and by someone who may. An operation added without a row
fails `test_every_direction_operation_has_a_permission_case`."""

from dataclasses import dataclass

import pytest

from baton.core.models import AuditEvent
from baton.cycle.testing import make_programme
from baton.cycle.tests.api_helpers import api  # noqa: F401  the fixture

from ..models import PlanType
from ..testing import adopt, make_plan, make_strategy, make_vision

LEADS_ONLY = ("priya", "larry", "bea", "pat")


@dataclass
class Op:
    call: object  # world -> (path, body)
    by: str = "ellie"
    forbidden: tuple[str, ...] = ()
    oscar: str = "404"  # or "list": 200 with nothing of ours; "own": acts in his own organisation
    ok: int = 200


def _world(p):
    programme = make_programme(p.org, by=p.ellie)
    plan = make_plan(p.org, by=p.ellie)
    vision = make_vision(p.org, by=p.ellie)
    strategy = make_strategy(p.org, by=p.ellie, objectives=[("Reach everyone", [plan], [programme])])
    return {
        "vision": vision,
        "strategy": strategy,
        "objective": strategy.objectives.get(),
        "plan": plan,
        "adoption": adopt(p.org, 1, by=p.ellie),
        "programme": programme,
    }


def _versions(kind):
    return {
        ("get", f"/api/direction/{kind}/versions"): Op(lambda w: (f"/direction/{kind}/versions", None), oscar="list"),
        ("post", f"/api/direction/{kind}/versions"): Op(
            lambda w: (f"/direction/{kind}/versions", None), forbidden=LEADS_ONLY, oscar="own", ok=409
        ),
        ("get", f"/api/direction/{kind}/versions/{{version_id}}"): Op(
            lambda w: (f"/direction/{kind}/versions/{w[kind].pk}", None)
        ),
        ("patch", f"/api/direction/{kind}/versions/{{version_id}}"): Op(
            lambda w: (f"/direction/{kind}/versions/{w[kind].pk}", {"version": w[kind].version}), forbidden=LEADS_ONLY
        ),
        ("post", f"/api/direction/{kind}/versions/{{version_id}}/approve"): Op(
            lambda w: (f"/direction/{kind}/versions/{w[kind].pk}/approve", {}),
            by="bea",
            forbidden=("ellie", "priya", "larry", "pat", "adam"),
        ),
        ("delete", f"/api/direction/{kind}/versions/{{version_id}}"): Op(
            lambda w: (f"/direction/{kind}/versions/{w[kind].pk}", None), forbidden=LEADS_ONLY
        ),
    }


OPS = {
    **_versions("vision"),
    **_versions("strategy"),
    ("get", "/api/direction/strategy/versions/{version_id}/objectives"): Op(
        lambda w: (f"/direction/strategy/versions/{w['strategy'].pk}/objectives", None)
    ),
    ("post", "/api/direction/strategy/versions/{version_id}/objectives"): Op(
        lambda w: (f"/direction/strategy/versions/{w['strategy'].pk}/objectives", {"title": "Another"}),
        forbidden=LEADS_ONLY,
        ok=201,
    ),
    ("get", "/api/direction/objectives"): Op(lambda w: ("/direction/objectives", None), oscar="list"),
    ("get", "/api/direction/objectives/{objective_id}"): Op(
        lambda w: (f"/direction/objectives/{w['objective'].pk}", None)
    ),
    ("patch", "/api/direction/objectives/{objective_id}"): Op(
        lambda w: (
            f"/direction/objectives/{w['objective'].pk}",
            {"version": w["objective"].version, "title": "Changed"},
        ),
        forbidden=LEADS_ONLY,
    ),
    ("delete", "/api/direction/objectives/{objective_id}"): Op(
        lambda w: (f"/direction/objectives/{w['objective'].pk}", None), forbidden=LEADS_ONLY
    ),
    ("get", "/api/direction/coverage"): Op(lambda w: ("/direction/coverage", None), oscar="coverage"),
    ("get", "/api/direction/coverage/objectives"): Op(lambda w: ("/direction/coverage/objectives", None), oscar="list"),
    ("get", "/api/direction/coverage/programmes"): Op(lambda w: ("/direction/coverage/programmes", None), oscar="list"),
    ("get", "/api/direction/plan-types"): Op(lambda w: ("/direction/plan-types", None), oscar="reference"),
    ("get", "/api/direction/plans"): Op(lambda w: ("/direction/plans", None), oscar="list"),
    ("post", "/api/direction/plans"): Op(
        lambda w: ("/direction/plans", {"name": "New plan", "plan_type_id": PlanType.objects.get(position=1).pk}),
        forbidden=LEADS_ONLY,
        oscar="own",
        ok=201,
    ),
    ("patch", "/api/direction/plans/{plan_id}"): Op(
        lambda w: (f"/direction/plans/{w['plan'].pk}", {"version": w["plan"].version, "period": "2026/27"}),
        forbidden=LEADS_ONLY,
    ),
    ("delete", "/api/direction/plans/{plan_id}"): Op(
        lambda w: (f"/direction/plans/{w['plan'].pk}", None), forbidden=LEADS_ONLY
    ),
    ("get", "/api/direction/principles"): Op(lambda w: ("/direction/principles", None), oscar="reference"),
    ("get", "/api/direction/adoptions"): Op(lambda w: ("/direction/adoptions", None), oscar="list"),
    ("post", "/api/direction/adoptions"): Op(
        lambda w: ("/direction/adoptions", {"principle_number": 2, "how": "We start early."}),
        forbidden=LEADS_ONLY,
        oscar="own",
        ok=201,
    ),
    ("patch", "/api/direction/adoptions/{adoption_id}"): Op(
        lambda w: (f"/direction/adoptions/{w['adoption'].pk}", {"version": w["adoption"].version, "how": "Changed."}),
        forbidden=LEADS_ONLY,
    ),
    ("delete", "/api/direction/adoptions/{adoption_id}"): Op(
        lambda w: (f"/direction/adoptions/{w['adoption'].pk}", None), forbidden=LEADS_ONLY
    ),
}


def test_every_direction_operation_has_a_permission_case(client):
    schema = client.get("/api/openapi.json").json()
    ours = {(m, path) for path, item in schema["paths"].items() if path.startswith("/api/direction/") for m in item}
    assert ours == set(OPS), "add a row to OPS for each new operation (and drop rows of removed ones)"


def _call(client, method, path, body):
    return client.get(path) if method == "get" else client.call(method, path, body)


@pytest.mark.django_db
@pytest.mark.parametrize("key", list(OPS), ids=lambda k: f"{k[0].upper()} {k[1]}")
def test_direction_operation_follows_the_permission_matrix(api, personas, key):
    p = personas
    method, op = key[0], OPS[key]
    world = _world(p)
    path, body = op.call(world)
    before = AuditEvent.objects.count()
    assert _call(api(), method, path, body).status_code == 401
    response = _call(api(p.oscar), method, path, body)
    if op.oscar == "404":
        assert response.status_code == 404, response.content
    elif op.oscar == "list":
        assert response.status_code == 200 and response.json()["count"] == 0
    elif op.oscar == "coverage":
        assert response.json()["strategy_id"] is None
    elif op.oscar == "reference":
        assert response.status_code == 200
    else:
        assert response.status_code in (op.ok, 201, 200)  # in his own organisation
    before = AuditEvent.objects.count()
    for name in op.forbidden:
        response = _call(api(getattr(p, name)), method, path, body)
        assert response.status_code == 403, (name, response.content)
    assert AuditEvent.objects.count() == before
    response = _call(api(getattr(p, op.by)), method, path, body)
    assert response.status_code == op.ok, response.content
