"""Factories for the people register, made through the actions as staff would, and its share of
the test world (core.testing.build_world)."""

from __future__ import annotations

import importlib
import itertools
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

_seq = itertools.count(1)


def ensure_equality_codes() -> None:
    """The equality codes, as the data migration loads them (a flushed test database has none)."""
    from django.apps import apps

    from .models import EqualityCode

    if not EqualityCode.objects.exists():
        importlib.import_module("baton.people.migrations.0002_equality_codes").load(apps, None)


def _structures_factory(name: str):
    """The structures app's own factory `name`, where that app has a testing module (it is built on
    another branch); None otherwise."""
    try:
        module = importlib.import_module("baton.structures.testing")
    except ModuleNotFoundError:
        return None
    return getattr(module, name, None)


def a_structure(organisation, *, by, name: str | None = None):
    """A structure of the organisation: through the structures app's own factory where it has one,
    otherwise saved directly (the register's pages may be built on another branch)."""
    make_structure = _structures_factory("make_structure")
    if make_structure is not None:
        return make_structure(organisation, by=by, **({"name": name} if name else {}))
    from django.apps import apps

    from baton.structures.models import Structure, StructureType

    if not StructureType.objects.exists():
        importlib.import_module("baton.structures.migrations.0002_structure_types").load(apps, None)
    return Structure.objects.create(
        organisation=organisation,
        name=name or f"Structure {next(_seq)}",
        type=StructureType.objects.order_by("position")[0],
        purpose="Patients working with the practice on its services.",
        feeds_named_body="Place partnership board",
    )


def a_meeting(structure, *, by, held_on=None):
    make_meeting = _structures_factory("make_meeting")
    held_on = held_on or timezone.localdate() - timedelta(days=14)
    if make_meeting is not None:
        return make_meeting(structure, by=by, held_on=held_on)
    from baton.structures.models import StructureMeeting

    return StructureMeeting.objects.create(structure=structure, held_on=held_on, title="Quarterly meeting")


def make_person(organisation, *, by, **overrides):
    from .actions import create_person

    fields = {"name": f"Person {next(_seq)}", "kind": "public"}
    fields.update(overrides)
    return create_person(organisation, by=by, **fields)


def give_consent(person, purpose: str, *, by, given: bool = True, how: str = "verbal", at=None):
    from .actions import record_consent

    return record_consent(person, purpose=purpose, given=given, how=how, by=by, at=at)


def make_equality(person, *, by, **answers):
    from .actions import record_equality
    from .models import Purpose

    ensure_equality_codes()
    if not person.consent_now(Purpose.EQUALITY_MONITORING):
        give_consent(person, Purpose.EQUALITY_MONITORING, by=by)
    return record_equality(person, answers or {"sex": "2", "age_band": "Z"}, by=by)


def make_participation(person, *, by, **overrides):
    from .actions import record_participation

    fields = {"starts_on": timezone.localdate() - timedelta(days=60), "role": "Participant", "role_level": 1}
    fields.update(overrides)
    return record_participation(person, by=by, **fields)


@dataclass
class PeopleWorld:
    people: dict  # what -> Person
    structure: object
    meeting: object
    participations: dict  # what -> Participation
    attendance: object


def contribute(world) -> None:
    """North Riverside's register: people with needs, consent given and withdrawn, equality
    monitoring for enough people to show counts, Pat's own record (linked to his account), people
    in an activity and members of a structure (one term ended), attendance at a meeting; a deleted
    person in the audit trail; Oscar's organisation has its own person. An instance of every
    parameterised route."""
    from .actions import delete_person, record_attendance
    from .models import Purpose

    ensure_equality_codes()
    p = world.personas
    org = p.org
    today = timezone.localdate()
    cycle = world.of.get("cycle")
    structures = world.of.get("structures")
    structure = structures.healthy if structures else a_structure(org, by=p.ellie, name="Riverside voices panel")
    meeting = structures.meeting if structures else a_meeting(structure, by=p.ellie)

    people = {
        "amira": make_person(org, by=p.ellie, name="Amira K", kind="carer", bsl=True, email="amira@example.org"),
        "ben": make_person(org, by=p.ellie, name="Ben", kind="patient", easy_read=True, language="Polish"),
        "pat": make_person(org, by=p.ellie, name="Pat Price", kind="patient_leader", account=p.pat),
    }
    for what in ("amira", "ben", "pat"):
        give_consent(people[what], Purpose.CONTACT_ACTIVITY, by=p.ellie)
    give_consent(people["ben"], Purpose.FUTURE_OPPORTUNITIES, by=p.ellie, at=timezone.now() - timedelta(days=30))
    give_consent(people["ben"], Purpose.FUTURE_OPPORTUNITIES, by=p.ellie, given=False)
    for n in range(6):
        person = make_person(org, by=p.ellie, name=f"Panel member {n + 1}")
        people[f"panel{n}"] = person
        make_equality(person, by=p.ellie, sex="1" if n < 4 else "2", age_band="Z", imd_decile=n + 1)
    participations = {
        "member": make_participation(people["amira"], by=p.ellie, structure=structure, role="Chair", role_level=4),
        "ended": make_participation(
            people["ben"],
            by=p.ellie,
            structure=structure,
            role="Member",
            role_level=2,
            starts_on=today - timedelta(days=400),
            ends_on=today - timedelta(days=30),
        ),
        "pat": make_participation(people["pat"], by=p.ellie, structure=structure, role="Member", role_level=2),
    }
    for n in range(6):
        make_participation(people[f"panel{n}"], by=p.ellie, structure=structure, role="Member", role_level=2)
    if cycle is not None:
        participations["activity"] = make_participation(
            people["ben"], by=p.ellie, activity=cycle.activity, role="Participant", hours=Decimal("2.5")
        )
    attendance = record_attendance(meeting, people["amira"], status="attended", hours=Decimal(2), by=p.ellie)
    record_attendance(meeting, people["pat"], status="apologies", by=p.ellie)
    delete_person(make_person(org, by=p.ellie, name="Entered in error"), by=p.ellie)

    other = make_person(p.other_org, by=p.oscar, name="Other shire resident")
    other_structure = a_structure(p.other_org, by=p.oscar, name="Other shire people's panel")
    make_participation(other, by=p.oscar, structure=other_structure, role="Member")

    world.of["people"] = PeopleWorld(people, structure, meeting, participations, attendance)
    for what in ("amira", "pat"):
        for name in (
            "person_detail",
            "person_edit",
            "person_delete",
            "consent_add",
            "equality_record",
            "participation_create",
        ):
            world.route(f"people:{name}", pk=people[what].pk)
    world.route("people:equality_delete", pk=people["panel0"].pk)
    for participation in (participations["member"], participations["ended"]):
        for name in ("participation_edit", "participation_end", "participation_delete"):
            world.route(f"people:{name}", pk=participation.pk)
    for name in ("structure_members", "member_add"):
        world.route(f"people:{name}", pk=structure.pk)
    world.route("people:attendance", pk=meeting.pk)
    world.route("people:attendance_delete", pk=attendance.pk)
    from .testing_taking_part import contribute as taking_part

    taking_part(world)
