"""Factories for partners, contacts, dialogue, promises and communications, made through the
actions as a user would, and the area's share of the test world (core.testing.build_world)."""

from __future__ import annotations

import importlib
import itertools
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

_seq = itertools.count(1)


def ensure_partner_types() -> None:
    """The partner types, as the data migration loads them. A test that flushes the database (the
    browser tests) removes reference data; this puts it back, through the migration's own code."""
    from django.apps import apps

    from .models import PartnerType

    if not PartnerType.objects.exists():
        importlib.import_module("baton.relationships.migrations.0002_partner_types").load(apps, None)


def partner_type(key: str):
    from .models import PartnerType

    ensure_partner_types()
    return PartnerType.objects.get(key=key)


def make_partner(organisation, *, by, type_key: str = "vcse", **overrides):
    from .actions import create_partner

    fields = {"name": f"Partner {next(_seq)}", "type": partner_type(type_key), "owner": by}
    fields.update(overrides)
    return create_partner(organisation, by=by, **fields)


def make_contact(partner, *, by, **overrides):
    from .actions import add_contact

    fields = {"name": f"Contact {next(_seq)}", "role": "Engagement officer"}
    fields.update(overrides)
    return add_contact(partner, by=by, **fields)


def make_dialogue(partner, programme, stage: str = "needs", *, by, **overrides):
    from .actions import log_dialogue

    fields = {
        "programme": programme,
        "stage": stage,
        "kind": "meeting",
        "happened_on": timezone.localdate() - timedelta(days=10),
        "summary": "We talked about the programme.",
    }
    fields.update(overrides)
    return log_dialogue(partner, by=by, **fields)


def make_promise(dialogue, *, by, **overrides):
    from .actions import make_promise as promise

    fields = {"text": f"Send the notes {next(_seq)}", "due_on": timezone.localdate() + timedelta(days=14)}
    fields.update(overrides)
    return promise(dialogue, by=by, **fields)


def make_comms_item(programme, *, by, **overrides):
    from .actions import add_comms_item

    fields = {
        "audience": "Carers",
        "channel": "newsletter",
        "planned_on": timezone.localdate() + timedelta(days=7),
        "accessible_formats": "Easy read",
    }
    fields.update(overrides)
    return add_comms_item(programme, by=by, **fields)


def make_format_request(organisation, *, by, **overrides):
    from .actions import request_format

    today = timezone.localdate()
    fields = {
        "format": "easy_read",
        "material": "The engagement summary",
        "requester_name": f"Requester {next(_seq)}",
        "requested_on": today - timedelta(days=3),
        "due_on": today + timedelta(days=11),
        "owner": by,
    }
    fields.update(overrides)
    return request_format(organisation, by=by, **fields)


def make_patient_leader(organisation, name: str = "Parveen Akhtar"):
    """A patient leader in the people register (the people area's own record)."""
    from baton.people.models import Person

    return Person.objects.create(organisation=organisation, name=name, kind=Person.Kind.PATIENT_LEADER)


@dataclass
class RelationshipsWorld:
    partners: dict
    contact: object
    dialogue: object
    promises: dict
    comms: object
    requests: dict


def contribute(world) -> None:
    """Partners of each health (healthy, quiet, a promise overdue, unowned), a contact linked to a
    patient leader, dialogue over the world's programme, promises open, overdue and kept, a
    communication plan item and format requests open, overdue and fulfilled; a deleted contact in
    the audit trail; Oscar's organisation with a partner of its own. An instance of every
    parameterised route."""
    from .actions import delete_contact, fulfil_format_request, update_promise

    p = world.personas
    org = p.org
    today = timezone.localdate()
    programme = world.of["cycle"].programme
    healthwatch = make_partner(
        org, by=p.ellie, type_key="healthwatch", name="Healthwatch North Riverside", ods_code="RXX01"
    )
    carers = make_partner(org, by=p.ellie, type_key="carers", name="Riverside Carers Centre", owner=p.priya)
    council = make_partner(
        org, by=p.ellie, type_key="local_authority", name="Riverside Council public health", owner=None
    )
    quiet = make_partner(org, by=p.ellie, type_key="vcse", name="Riverside Mosque health project")
    leader = make_patient_leader(org)
    contact = make_contact(healthwatch, by=p.ellie, name="Hana Hussain", role="Chief executive")
    make_contact(carers, by=p.ellie, name="Parveen Akhtar", patient_leader=True, person=leader)
    dialogue = make_dialogue(healthwatch, programme, "needs", by=p.ellie, contacts=[contact], staff=[p.ellie])
    make_dialogue(quiet, programme, "plan", by=p.ellie, happened_on=today - timedelta(days=200))
    overdue_dialogue = make_dialogue(carers, programme, "needs", by=p.priya, kind="call")
    promises = {
        "open": make_promise(dialogue, by=p.ellie, text="Share the needs summary"),
        "overdue": make_promise(
            overdue_dialogue, by=p.priya, text="Send the easy read survey", due_on=today - timedelta(days=2)
        ),
    }
    kept = make_promise(dialogue, by=p.ellie, text="Book a room for the carers' session")
    promises["kept"] = update_promise(kept, {"outcome": "kept", "outcome_on": today}, by=p.ellie)
    comms = make_comms_item(programme, by=p.ellie)
    requests = {
        "open": make_format_request(org, by=p.ellie, person=leader, requester_name=""),
        "overdue": make_format_request(
            org, by=p.ellie, format="language", language="Urdu", due_on=today - timedelta(days=1)
        ),
    }
    done = make_format_request(org, by=p.ellie, format="large_print")
    requests["fulfilled"] = fulfil_format_request(done, by=p.ellie)
    doomed = make_contact(council, by=p.ellie, name="Entered in error")
    delete_contact(doomed, by=p.ellie)

    make_partner(p.other_org, by=p.oscar, name="Other Shire Healthwatch", type_key="healthwatch")

    partners = {"healthwatch": healthwatch, "carers": carers, "council": council, "quiet": quiet}
    world.of["relationships"] = RelationshipsWorld(partners, contact, dialogue, promises, comms, requests)
    for name in ("partner_detail", "partner_edit", "partner_delete", "contact_create", "dialogue_create"):
        world.route(f"relationships:{name}", pk=healthwatch.pk)
    world.route("relationships:partner_detail", pk=council.pk)
    world.route("relationships:partner_delete", pk=council.pk)
    for name in ("contact_edit", "contact_delete"):
        world.route(f"relationships:{name}", pk=contact.pk)
    for name in ("dialogue_edit", "dialogue_delete", "promise_create"):
        world.route(f"relationships:{name}", pk=dialogue.pk)
    for promise in promises.values():
        for name in ("promise_edit", "promise_delete"):
            world.route(f"relationships:{name}", pk=promise.pk)
    for name in ("programme_dialogue", "comms_plan", "comms_create"):
        world.route(f"relationships:{name}", pk=programme.pk)
    for name in ("comms_edit", "comms_delete"):
        world.route(f"relationships:{name}", pk=comms.pk)
    for found in requests.values():
        for name in ("request_edit", "request_fulfil", "request_delete"):
            world.route(f"relationships:{name}", pk=found.pk)
