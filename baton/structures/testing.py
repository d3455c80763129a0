"""Factories for the register of engagement structures, made through the actions as a user would,
and the register's share of the test world (core.testing.build_world)."""

from __future__ import annotations

import importlib
import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

_seq = itertools.count(1)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "terms.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def ensure_structure_types() -> None:
    """The types of structure, as the data migration loads them. A test that flushes the database
    (the browser tests) removes reference data; this puts it back, through the migration's own code."""
    from django.apps import apps

    from .models import StructureType

    if not StructureType.objects.exists():
        migration = importlib.import_module("baton.structures.migrations.0002_structure_types")
        migration.load(apps, None)


def structure_type(key: str = "ppg"):
    from .models import StructureType

    ensure_structure_types()
    return StructureType.objects.get(key=key)


def make_structure(organisation, *, by, **overrides):
    """A healthy structure unless overrides say otherwise: a purpose, a decision body outside
    Baton, terms reviewed this month and a review due within the year (it still has no meeting)."""
    from .actions import create_structure

    today = timezone.localdate()
    fields = {
        "name": f"Structure {next(_seq)}",
        "type": structure_type(overrides.pop("type_key", "ppg")),
        "purpose": "Patients working with the practice on its services.",
        "function": "Reviews patient experience and advises the practice.",
        "feeds_named_body": "Place partnership board",
        "terms_reviewed_on": today - timedelta(days=10),
        "review_due_on": today + timedelta(days=300),
    }
    fields.update(overrides)
    # Factories' structures share a purpose: they are added as the person who confirmed that none
    # of the others will do (tests of the similarity check say none_will_do=False).
    fields.setdefault("none_will_do", True)
    return create_structure(organisation, by=by, **fields)


def make_meeting(structure, *, by, **overrides):
    from .actions import record_meeting

    fields = {"held_on": timezone.localdate() - timedelta(days=30), "title": "Quarterly meeting"}
    fields.update(overrides)
    return record_meeting(structure, by=by, **fields)


def make_action(meeting, *, by, **overrides):
    from .actions import agree_action

    fields = {"text": f"Action {next(_seq)}", "due_on": timezone.localdate() + timedelta(days=30)}
    fields.update(overrides)
    return agree_action(meeting, by=by, **fields)


@dataclass
class StructuresWorld:
    healthy: object
    flagged: object
    panel: object
    meeting: object
    actions: dict  # what -> MeetingAction


def contribute(world) -> None:
    """A healthy patient participation group network feeding the ICB board, with terms of
    reference uploaded and a meeting with minutes that informed a decision and a hand-over; a
    citizens' panel flagged (no purpose, no decision body, never met); Priya's programme patient
    panel (she records its meetings); open, overdue, done actions; a deleted meeting in the audit
    trail; Oscar's organisation has its own structure. An instance of every parameterised route."""
    from .actions import complete_action, delete_meeting

    p = world.personas
    org = p.org
    today = timezone.localdate()
    cycle = world.of["cycle"]
    governance = world.of["governance"]

    healthy = make_structure(
        org,
        by=p.ellie,
        name="North Riverside PPG Network",
        type=structure_type("supra_ppg"),
        feeds_board=governance.board,
        feeds_named_body="",
        terms_document=pdf(),
    )
    flagged = make_structure(
        org,
        by=p.ellie,
        name="Citizens' panel",
        type=structure_type("citizens_panel"),
        purpose="",
        feeds_named_body="",
        terms_reviewed_on=None,
        review_due_on=None,
    )
    panel = make_structure(
        org,
        by=p.ellie,
        name="Diabetes patient panel",
        type=structure_type("programme_panel"),
        programme=cycle.programme,
    )
    meeting = make_meeting(
        healthy,
        by=p.ellie,
        minutes="The network asked for evening clinics.",
        minutes_document=pdf("minutes.pdf"),
        decisions=[governance.cited],
        handovers=[cycle.handovers["accepted"]],
    )
    make_meeting(panel, by=p.priya, held_on=today - timedelta(days=200))
    mistake = make_meeting(panel, by=p.priya, held_on=date(2025, 1, 1), title="Entered in error")
    delete_meeting(mistake, by=p.priya)
    acts = {
        "open": make_action(meeting, by=p.ellie, owner=p.priya, commitment=True, text="Report back on clinics."),
        "overdue": make_action(
            meeting, by=p.ellie, owner_name="Chair of the network", due_on=today - timedelta(days=5)
        ),
        "done": make_action(meeting, by=p.ellie, text="Publish the minutes.", due_on=today),
    }
    complete_action(acts["done"], by=p.ellie)

    make_structure(p.other_org, by=p.oscar, name="Other Shire youth forum", type=structure_type("youth_forum"))

    world.of["structures"] = StructuresWorld(healthy, flagged, panel, meeting, acts)
    for s in (healthy, flagged):
        for name in ("structure_detail", "structure_edit", "structure_review", "structure_delete", "meeting_create"):
            world.route(f"structures:{name}", pk=s.pk)
    world.route("structures:terms_download", pk=healthy.pk)
    for name in ("meeting_detail", "meeting_edit", "meeting_delete", "minutes_download", "action_create"):
        world.route(f"structures:{name}", pk=meeting.pk)
    for item in acts.values():
        for name in ("action_edit", "action_complete", "action_delete"):
            world.route(f"structures:{name}", pk=item.pk)
