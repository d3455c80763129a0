"""The register's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py
gathers every area's `OPS` and runs `prepare(world)` first)."""

from baton.cycle.tests.test_api_permissions import WRITERS_ONLY, Op

from ..actions import delete_role
from ..testing import adopt, make_holder

EDITORS_ONLY = ("priya", *WRITERS_ONLY)
R = "/api/responsibilities"


def prepare(w) -> None:
    """North Riverside's register with the standard roles and Healthwatch held by a named person."""
    roles = {r.key: r for r in adopt(w.p.org, by=w.p.ellie)}
    w.roles = roles
    w.holder = make_holder(roles["healthwatch"], by=w.p.ellie, name="Hana Hussain")


def _one_missing(w):
    delete_role(w.roles["scrutiny_committee"], by=w.p.ellie)


def _role(w):
    return w.roles["scrutiny_committee"]


OPS = {
    ("get", f"{R}/roles"): Op(
        lambda w: ("/responsibilities/roles", None),
        oscar="list",
        bad=lambda w: ("/responsibilities/roles?kind=boss", None),
    ),
    ("get", f"{R}/flagged"): Op(
        lambda w: ("/responsibilities/flagged", None),
        oscar="list",
        bad=lambda w: ("/responsibilities/flagged?page=0", None),
    ),
    ("post", f"{R}/roles"): Op(
        lambda w: (
            "/responsibilities/roles",
            {"name": "Equality lead", "kind": "hub", "responsibilities": "Equality."},
        ),
        ok=201,
        forbidden=EDITORS_ONLY,
        oscar="elsewhere",
        bad=lambda w: ("/responsibilities/roles", {"name": " ", "kind": "hub", "responsibilities": "Equality."}),
    ),
    ("post", f"{R}/standard-roles"): Op(
        lambda w: ("/responsibilities/standard-roles", {"keys": ["scrutiny_committee"]}),
        ok=201,
        setup=_one_missing,
        forbidden=EDITORS_ONLY,
        oscar="elsewhere",
        bad=lambda w: ("/responsibilities/standard-roles", {"keys": ["no_such_role"]}),
    ),
    ("get", f"{R}/roles/{{role_id}}"): Op(
        lambda w: (f"/responsibilities/roles/{_role(w).pk}", None),
        bad=lambda w: ("/responsibilities/roles/0", None),
    ),
    ("patch", f"{R}/roles/{{role_id}}"): Op(
        lambda w: (f"/responsibilities/roles/{_role(w).pk}", {"version": 1, "name": "Health scrutiny committee"}),
        forbidden=EDITORS_ONLY,
        bad=lambda w: (f"/responsibilities/roles/{_role(w).pk}", {"version": 1, "name": "x" * 201}),
    ),
    ("delete", f"{R}/roles/{{role_id}}"): Op(
        lambda w: (f"/responsibilities/roles/{_role(w).pk}", None),
        forbidden=EDITORS_ONLY,
        bad=lambda w: ("/responsibilities/roles/-1", None),
    ),
    ("get", f"{R}/roles/{{role_id}}/holders"): Op(
        lambda w: (f"/responsibilities/roles/{w.roles['healthwatch'].pk}/holders", None),
        bad=lambda w: ("/responsibilities/roles/0/holders", None),
    ),
    ("post", f"{R}/roles/{{role_id}}/holders"): Op(
        lambda w: (
            f"/responsibilities/roles/{_role(w).pk}/holders",
            {"name": "Cllr Ann Lee", "starts_on": "2025-05-01"},
        ),
        ok=201,
        forbidden=EDITORS_ONLY,
        bad=lambda w: (f"/responsibilities/roles/{_role(w).pk}/holders", {"name": "Ann", "starts_on": "1999-01-01"}),
    ),
    ("get", f"{R}/holders"): Op(
        lambda w: ("/responsibilities/holders", None),
        oscar="list",
        bad=lambda w: ("/responsibilities/holders?current=maybe", None),
    ),
    ("get", f"{R}/holders/{{holder_id}}"): Op(
        lambda w: (f"/responsibilities/holders/{w.holder.pk}", None),
        bad=lambda w: ("/responsibilities/holders/0", None),
    ),
    ("patch", f"{R}/holders/{{holder_id}}"): Op(
        lambda w: (f"/responsibilities/holders/{w.holder.pk}", {"version": 1, "contact": "hana@example.org"}),
        forbidden=EDITORS_ONLY,
        bad=lambda w: (f"/responsibilities/holders/{w.holder.pk}", {"version": 1, "contact": "x" * 201}),
    ),
    ("post", f"{R}/holders/{{holder_id}}/end"): Op(
        lambda w: (f"/responsibilities/holders/{w.holder.pk}/end", {}),
        forbidden=EDITORS_ONLY,
        bad=lambda w: (f"/responsibilities/holders/{w.holder.pk}/end", {"ends_on": "not a date"}),
    ),
    ("delete", f"{R}/holders/{{holder_id}}"): Op(
        lambda w: (f"/responsibilities/holders/{w.holder.pk}", None),
        forbidden=EDITORS_ONLY,
        bad=lambda w: ("/responsibilities/holders/-1", None),
    ),
}
