"""Factories for consultations, made through the actions as a person would, and the
consultations' share of the test world (core.testing.build_world)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

_seq = itertools.count(1)

# The smallest file each accepted type's check recognises (core.files looks at the first bytes).
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100


def pdf(name: str = "consultation-document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def ensure_reference_data() -> None:
    """The four Gunning checks, as migration 0002 loads them. A test that flushes the database
    (the browser tests' `transactional_db`) removes what migrations loaded; this puts it back, as
    the migration would (unchanged rows stay as they are)."""
    import importlib

    from django.apps import apps

    from .models import GunningCheck

    if GunningCheck.objects.count() < 4:
        importlib.import_module("baton.consultations.migrations.0002_the_four_gunning_checks").load(apps, None)


def make_consultation(organisation, *, by, **overrides):
    """A planned consultation of 12 weeks from today, with everything it needs to open but its
    documents (add one with `make_material`)."""
    from .actions import create_consultation

    ensure_reference_data()

    today = timezone.localdate()
    fields = {
        "title": f"Consultation {next(_seq)}",
        "proposal": "Move the minor injuries unit to the new health centre.",
        "formative_statement": "No decision has been taken: where the unit goes and its opening hours can change.",
        "how_to_take_part": "Fill in the survey online or come to a drop-in session.",
        "opens_on": today,
        "closes_on": today + timedelta(weeks=12),
    }
    fields.update(overrides)
    return create_consultation(organisation, by=by, **fields)


def make_material(consultation, *, by, title: str = "Consultation document", file=None):
    from .actions import add_material

    return add_material(consultation, title=title, file=file or pdf(), by=by)


def make_open(organisation, *, by, **overrides):
    """An open consultation with one document."""
    from .actions import open_consultation

    consultation = make_consultation(organisation, by=by, **overrides)
    make_material(consultation, by=by)
    return open_consultation(consultation, by=by)


def make_closed(organisation, *, by, **overrides):
    """A consultation that ran its full 12 weeks and closed yesterday: opened through the action,
    then its dates moved back (as history imported from before Baton), then closed."""
    from .actions import close_consultation
    from .models import Consultation

    consultation = make_open(organisation, by=by, **overrides)
    today = timezone.localdate()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=today - timedelta(weeks=12, days=1), closes_on=today - timedelta(days=1)
    )
    consultation.refresh_from_db()
    return close_consultation(consultation, by=by)


def assess_all(consultation, *, by, outcome: str = "met"):
    from .actions import assess_check

    for assessment in consultation.assessments.select_related("principle"):
        assess_check(assessment, outcome=outcome, evidence=f"Evidence for {assessment.principle.title}.", by=by)


def make_reported(organisation, *, by, **overrides):
    """A consultation closed, its four checks met, its report uploaded and published."""
    from .actions import publish_report, save_report

    consultation = make_closed(organisation, by=by, **overrides)
    assess_all(consultation, by=by)
    save_report(
        consultation,
        {
            "report": pdf("consultation-report.pdf"),
            "report_summary": "Most people supported the move if evening opening stays; it stays.",
        },
        by=by,
    )
    return publish_report(consultation, by=by)


@dataclass
class ConsultationsWorld:
    planned: object
    open: object
    closed: object
    reported: object


def contribute(world) -> None:
    """A consultation in each state (planned, open, closed awaiting its report, reported), one on
    Priya's programme, a deleted one in the audit trail, one of Oscar's organisation, and an
    instance of every consultation route."""
    from .actions import delete_consultation, record_responses
    from .models import Consultation

    ensure_reference_data()
    p = world.personas
    org = p.org
    programme = world.of["cycle"].programme if "cycle" in world.of else None

    planned = make_consultation(
        org,
        by=p.ellie,
        title="Community beds in the north",
        programme=programme,
        lead=p.priya,
        opens_on=timezone.localdate() + timedelta(days=14),
        closes_on=timezone.localdate() + timedelta(days=14, weeks=8),
    )
    make_material(planned, by=p.ellie, title="Draft consultation document")
    opened = make_open(org, by=p.ellie, title="Stroke services review")
    record_responses(opened, {"individual_responses": 212, "event_participants": 40}, by=p.ellie)
    closed = make_closed(org, by=p.ellie, title="Urgent treatment centre hours", programme=programme)
    reported = make_reported(org, by=p.ellie, title="Maternity unit opening hours")

    gone = make_consultation(org, by=p.ellie, title="Withdrawn proposal on podiatry")
    delete_consultation(gone, by=p.ellie)

    make_open(p.other_org, by=p.oscar, title="Other shire consultation")

    world.of["consultations"] = ConsultationsWorld(planned, opened, closed, reported)

    for c in (planned, opened, closed, reported):
        world.route("consultations:consultation_detail", pk=c.pk)
    for name in ("consultation_edit", "consultation_delete", "consultation_open", "material_create"):
        world.route(f"consultations:{name}", pk=planned.pk)
    for name in ("consultation_close", "consultation_responses"):
        world.route(f"consultations:{name}", pk=opened.pk)
    for name in ("consultation_report", "consultation_publish_report"):
        world.route(f"consultations:{name}", pk=closed.pk)
    world.route("consultations:consultation_edit", pk=opened.pk)
    world.route("consultations:report_download", pk=reported.pk)
    draft_material = planned.materials.get()
    open_material = opened.materials.get()
    world.route("consultations:material_download", pk=draft_material.pk)
    world.route("consultations:material_delete", pk=draft_material.pk)
    world.route("consultations:assessment_edit", pk=closed.assessments.order_by("pk").first().pk)
    world.route("consultations:public_list", slug=org.public_slug)
    world.route("consultations:public_material", slug=org.public_slug, pk=open_material.pk)
    world.route("consultations:public_report", slug=org.public_slug, pk=reported.pk)
    assert Consultation.objects.for_org(org).count() == 4
