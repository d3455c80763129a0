"""The register's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py
gathers every area's `OPS` and runs `prepare(world)` first)."""

from datetime import timedelta

from django.utils import timezone

from baton.cycle.tests.test_api_permissions import WRITERS_ONLY, Op

from ..testing import ensure_structure_types, make_action, make_meeting, make_structure

KEEPERS_ONLY = ("priya", *WRITERS_ONLY)
R = "/api/structures"


def prepare(w) -> None:
    """North Riverside's PPG network, with a meeting and an action agreed at it."""
    ensure_structure_types()
    w.structure = make_structure(w.p.org, by=w.p.ellie, name="PPG Network")
    w.spare = make_structure(w.p.org, by=w.p.ellie, name="Citizens' panel")
    w.structure_meeting = make_meeting(w.structure, by=w.p.ellie)
    w.meeting_action = make_action(w.structure_meeting, by=w.p.ellie, owner_name="Network chair")


def _s(w):
    return f"/structures/{w.structure.pk}"


def _m(w):
    return f"/structures/meetings/{w.structure_meeting.pk}"


def _a(w):
    return f"/structures/actions/{w.meeting_action.pk}"


def _soon(days=200):
    return str(timezone.localdate() + timedelta(days=days))


OPS = {
    ("get", f"{R}/types"): Op(
        lambda w: ("/structures/types", None),
        oscar="elsewhere",
        bad=lambda w: ("/structures/types?page=0", None),
    ),
    ("get", f"{R}"): Op(
        lambda w: ("/structures", None),
        oscar="list",
        bad=lambda w: ("/structures?flagged=maybe", None),
    ),
    ("post", f"{R}"): Op(
        lambda w: ("/structures", {"name": "Youth forum", "type": "youth_forum", "purpose": "Young people."}),
        ok=201,
        forbidden=KEEPERS_ONLY,
        oscar="elsewhere",
        bad=lambda w: ("/structures", {"name": "Youth forum", "type": "no_such_type"}),
    ),
    ("get", f"{R}/{{structure_id}}"): Op(
        lambda w: (_s(w), None),
        bad=lambda w: ("/structures/0", None),
    ),
    ("patch", f"{R}/{{structure_id}}"): Op(
        lambda w: (_s(w), {"version": 1, "purpose": "Patients of 32 practices."}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (_s(w), {"version": 1, "name": "x" * 201}),
    ),
    ("post", f"{R}/{{structure_id}}/review"): Op(
        lambda w: (f"{_s(w)}/review", {"next_review_on": _soon()}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"{_s(w)}/review", {"next_review_on": "not a date"}),
    ),
    ("delete", f"{R}/{{structure_id}}"): Op(
        lambda w: (f"/structures/{w.spare.pk}", None),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: ("/structures/-1", None),
    ),
    ("get", f"{R}/{{structure_id}}/meetings"): Op(
        lambda w: (f"{_s(w)}/meetings", None),
        bad=lambda w: ("/structures/0/meetings", None),
    ),
    ("post", f"{R}/{{structure_id}}/meetings"): Op(
        lambda w: (f"{_s(w)}/meetings", {"held_on": _soon(-3), "title": "Network meeting"}),
        ok=201,
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"{_s(w)}/meetings", {"held_on": "1899-01-01"}),
    ),
    ("get", f"{R}/meetings"): Op(
        lambda w: ("/structures/meetings", None),
        oscar="list",
        bad=lambda w: ("/structures/meetings?structure_id=0", None),
    ),
    ("get", f"{R}/meetings/{{meeting_id}}"): Op(
        lambda w: (_m(w), None),
        bad=lambda w: ("/structures/meetings/0", None),
    ),
    ("patch", f"{R}/meetings/{{meeting_id}}"): Op(
        lambda w: (_m(w), {"version": 1, "minutes": "Asked for evening clinics."}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (_m(w), {"version": 1, "decision_ids": [0]}),
    ),
    ("delete", f"{R}/meetings/{{meeting_id}}"): Op(
        lambda w: (_m(w), None),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: ("/structures/meetings/-1", None),
    ),
    ("get", f"{R}/meetings/{{meeting_id}}/actions"): Op(
        lambda w: (f"{_m(w)}/actions", None),
        bad=lambda w: ("/structures/meetings/0/actions", None),
    ),
    ("post", f"{R}/meetings/{{meeting_id}}/actions"): Op(
        lambda w: (f"{_m(w)}/actions", {"text": "Report back.", "commitment": True}),
        ok=201,
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"{_m(w)}/actions", {"text": ""}),
    ),
    ("patch", f"{R}/actions/{{action_id}}"): Op(
        lambda w: (_a(w), {"version": 1, "text": "Report back by June."}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (_a(w), {"version": 1, "owner_name": "x" * 201}),
    ),
    ("post", f"{R}/actions/{{action_id}}/done"): Op(
        lambda w: (f"{_a(w)}/done", {}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"{_a(w)}/done", {"done_on": "not a date"}),
    ),
    ("delete", f"{R}/actions/{{action_id}}"): Op(
        lambda w: (_a(w), None),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: ("/structures/actions/-1", None),
    ),
}
