"""The people area's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py
gathers every area's `OPS` and runs `prepare(world)` first)."""

from decimal import Decimal

from baton.cycle.tests.test_api_permissions import WRITERS_ONLY, Op

from ..actions import record_attendance
from ..models import Purpose
from ..testing import (
    a_meeting,
    a_structure,
    ensure_equality_codes,
    give_consent,
    make_equality,
    make_participation,
    make_person,
)
from .api_permissions_taking_part import OPS as TAKING_PART_OPS
from .api_permissions_taking_part import prepare as _taking_part

KEEPERS_ONLY = WRITERS_ONLY  # Bea, Larry, Pat, Nora
NOT_A_LEAD = ("priya", *WRITERS_ONLY)
R = "/api/people"


def prepare(w) -> None:
    _register(w)
    _taking_part(w)


def _register(w) -> None:
    """A structure with a meeting; Amira (consent to equality monitoring given) a member who
    attended; five panel members with equality monitoring, so the counts are shown."""
    ensure_equality_codes()
    w.structure = a_structure(w.p.org, by=w.p.ellie, name="Riverside voices panel")
    w.meeting = a_meeting(w.structure, by=w.p.ellie)
    w.person = make_person(w.p.org, by=w.p.ellie, name="Amira K", kind="carer")
    give_consent(w.person, Purpose.EQUALITY_MONITORING, by=w.p.ellie)
    w.participation = make_participation(w.person, by=w.p.ellie, structure=w.structure, role="Chair", role_level=4)
    w.attendance = record_attendance(w.meeting, w.person, status="attended", hours=Decimal(2), by=w.p.ellie)
    for n in range(5):
        member = make_person(w.p.org, by=w.p.ellie, name=f"Panel member {n}")
        make_equality(member, by=w.p.ellie, sex="1")
        make_participation(member, by=w.p.ellie, structure=w.structure)


def _person(w):
    return f"/people/persons/{w.person.pk}"


OPS = {
    ("get", f"{R}/persons"): Op(
        lambda w: ("/people/persons?need=bsl", None),
        forbidden=KEEPERS_ONLY,
        oscar="list",
        bad=lambda w: ("/people/persons?kind=boss", None),
    ),
    ("post", f"{R}/persons"): Op(
        lambda w: ("/people/persons", {"name": "Bogdan", "kind": "patient", "easy_read": True}),
        ok=201,
        forbidden=KEEPERS_ONLY,
        oscar="elsewhere",
        bad=lambda w: ("/people/persons", {"name": " ", "kind": "patient"}),
    ),
    ("get", f"{R}/persons/{{person_id}}"): Op(
        lambda w: (_person(w), None),
        forbidden=("bea", "larry", "nora"),  # Pat: 404, as if absent (not his own record)
        bad=lambda w: ("/people/persons/0", None),
    ),
    ("patch", f"{R}/persons/{{person_id}}"): Op(
        lambda w: (_person(w), {"version": 1, "language": "Polish"}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (_person(w), {"version": 1, "name": "x" * 201}),
    ),
    ("delete", f"{R}/persons/{{person_id}}"): Op(
        lambda w: (_person(w), None),
        forbidden=NOT_A_LEAD,
        bad=lambda w: ("/people/persons/-1", None),
    ),
    ("get", f"{R}/persons/{{person_id}}/consents"): Op(
        lambda w: (f"{_person(w)}/consents", None),
        forbidden=("bea", "larry", "nora"),
        bad=lambda w: (f"{_person(w)}/consents?page=0", None),
    ),
    ("post", f"{R}/persons/{{person_id}}/consents"): Op(
        lambda w: (f"{_person(w)}/consents", {"purpose": "named_publicly", "given": True, "how": "email"}),
        ok=201,
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"{_person(w)}/consents", {"purpose": "everything", "given": True, "how": "email"}),
    ),
    ("get", f"{R}/equality-codes"): Op(
        lambda w: ("/people/equality-codes", None),
        oscar="elsewhere",
        bad=lambda w: ("/people/equality-codes?page=0", None),
    ),
    ("post", f"{R}/persons/{{person_id}}/equality"): Op(
        lambda w: (f"{_person(w)}/equality", {"sex": "2", "carer": "Y"}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"{_person(w)}/equality", {"imd_decile": 11}),
    ),
    ("post", f"{R}/equality-reports"): Op(
        lambda w: ("/people/equality-reports", {"structure_id": w.structure.pk}),
        forbidden=NOT_A_LEAD,
        oscar="404",  # our structure does not exist for him
        bad=lambda w: ("/people/equality-reports", {"structure_id": 0}),
    ),
    ("get", f"{R}/persons/{{person_id}}/participations"): Op(
        lambda w: (f"{_person(w)}/participations", None),
        forbidden=("bea", "larry", "nora"),
        bad=lambda w: (f"{_person(w)}/participations?page=0", None),
    ),
    ("post", f"{R}/persons/{{person_id}}/participations"): Op(
        lambda w: (
            f"{_person(w)}/participations",
            {"activity_id": w.activity.pk, "role": "Participant", "role_level": 1, "starts_on": "2026-01-10"},
        ),
        ok=201,
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"{_person(w)}/participations", {"role_level": 5, "starts_on": "2026-01-10"}),
    ),
    ("patch", f"{R}/participations/{{participation_id}}"): Op(
        lambda w: (f"/people/participations/{w.participation.pk}", {"version": 1, "hours": "3.5"}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"/people/participations/{w.participation.pk}", {"version": 1, "hours": "-1"}),
    ),
    ("post", f"{R}/participations/{{participation_id}}/end"): Op(
        lambda w: (f"/people/participations/{w.participation.pk}/end", {}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"/people/participations/{w.participation.pk}/end", {"ends_on": "not a date"}),
    ),
    ("delete", f"{R}/participations/{{participation_id}}"): Op(
        lambda w: (f"/people/participations/{w.participation.pk}", None),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: ("/people/participations/-1", None),
    ),
    ("get", f"{R}/attendance"): Op(
        lambda w: (f"/people/attendance?meeting_id={w.meeting.pk}", None),
        forbidden=KEEPERS_ONLY,
        oscar="list",
        bad=lambda w: ("/people/attendance?meeting_id=0", None),
    ),
    ("post", f"{R}/attendance"): Op(
        lambda w: ("/people/attendance", {"meeting_id": w.meeting.pk, "person_id": w.person.pk, "status": "apologies"}),
        forbidden=KEEPERS_ONLY,
        oscar="choice:meeting_id",
        bad=lambda w: (
            "/people/attendance",
            {"meeting_id": w.meeting.pk, "person_id": w.person.pk, "status": "asleep"},
        ),
    ),
    ("delete", f"{R}/attendance/{{attendance_id}}"): Op(
        lambda w: (f"/people/attendance/{w.attendance.pk}", None),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: ("/people/attendance/-1", None),
    ),
}
OPS.update(TAKING_PART_OPS)
