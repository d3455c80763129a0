"""The consultations' share of the demo organisation: one consultation in each state (planned,
open, closed and waiting for its report, reported with its report), on the demo programmes, with
real-looking documents. Built through the actions, as people would, then back-dated so that the
open and finished ones have a history. Run by `baton demo` after the cycle's share."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone


def document_pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF saying `title` and `lines` (for demo documents)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = ["BT /F1 18 Tf 56 780 Td (" + escape(title) + ") Tj ET"]
    for n, line in enumerate(lines):
        text.append(f"BT /F1 11 Tf 56 {750 - 16 * n} Td (" + escape(line) + ") Tj ET")
    stream = "\n".join(text).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _file(name: str, title: str, lines: list[str]) -> ContentFile:
    return ContentFile(document_pdf(title, lines), name=name)


def _programme(organisation, name):
    from baton.cycle.models import Programme

    return Programme.objects.for_org(organisation).filter(name=name).first()


def _back_date(consultation, *, opened_days_ago: int, weeks: int):
    from .models import Consultation

    today = timezone.localdate()
    opens = today - timedelta(days=opened_days_ago)
    Consultation.objects.filter(pk=consultation.pk).update(opens_on=opens, closes_on=opens + timedelta(weeks=weeks))
    consultation.refresh_from_db()
    return consultation


def load(organisation, users) -> None:
    """Build the demo consultations once (nothing if the organisation already has some)."""
    from . import actions
    from .models import Consultation

    if Consultation.objects.for_org(organisation).exists():
        return
    ellie, priya = users["ellie"], users["priya"]
    today = timezone.localdate()

    def plan(title, programme, lead, proposal, formative, take_part, opens_on, weeks=12):
        return actions.create_consultation(
            organisation,
            by=ellie,
            title=title,
            programme=_programme(organisation, programme),
            lead=lead,
            proposal=proposal,
            formative_statement=formative,
            how_to_take_part=take_part,
            opens_on=opens_on,
            closes_on=opens_on + timedelta(weeks=weeks),
        )

    def documents(consultation, *docs):
        for name, title, lines in docs:
            actions.add_material(consultation, title=title, file=_file(name, title, lines), by=ellie)

    # Reported: ran last spring, closed, its report published and every check met.
    reported = plan(
        "Stroke rehabilitation: early supported discharge across the ICB",
        "Stroke rehabilitation",
        priya,
        "Offer early supported discharge to every stroke survivor who can go home, with therapy at home "
        "for up to six weeks, instead of a longer stay on a rehabilitation ward.",
        "No decision has been taken. Who is eligible, how long therapy at home lasts and how carers are "
        "supported can all change because of what people tell us.",
        "Respond online, by freepost, or at one of six drop-in sessions at community hospitals. Easy read, "
        "large print and BSL versions are available.",
        today,
    )
    documents(
        reported,
        ("stroke-consultation-document.pdf", "Consultation document", ["Early supported discharge after a stroke."]),
        ("stroke-easy-read.pdf", "Easy read summary", ["What we want to change, in easy read."]),
    )
    actions.open_consultation(reported, by=ellie)
    _back_date(reported, opened_days_ago=200, weeks=12)
    actions.close_consultation(reported, by=ellie)
    actions.record_responses(
        reported, {"individual_responses": 684, "organisation_responses": 23, "event_participants": 141}, by=ellie
    )
    evidence = {
        1: "The formative-stage statement was published with the consultation; the board decided nothing before it closed.",
        2: "The consultation document, easy read and BSL versions and the evidence review were published on opening.",
        3: "The consultation ran for 12 weeks, the ICB's minimum, over no school holiday.",
        4: "The consultation report sets out each theme and how it changed the proposal; published before the decision.",
    }
    for assessment in reported.assessments.select_related("principle"):
        actions.assess_check(assessment, outcome="met", evidence=evidence[assessment.principle.number], by=ellie)
    actions.save_report(
        reported,
        {
            "report": _file(
                "stroke-consultation-report.pdf",
                "Consultation report",
                ["684 people and 23 organisations responded.", "Carers asked for support at home: it is added."],
            ),
            "report_summary": "Most people supported therapy at home. Carers told us they need support too, so the "
            "service now includes a carers' support worker; people in rural areas worried about travel for "
            "therapists, so the six-week limit is flexible.",
        },
        by=ellie,
    )
    actions.publish_report(reported, by=ellie)

    # Closed, waiting for its report: three checks met, the fourth waits for the report.
    closed = plan(
        "Community mental health: where the crisis cafés go",
        "Community mental health transformation",
        priya,
        "Open three crisis cafés as an alternative to the emergency department for people in a mental "
        "health crisis, in Riverside, Northgate and Eastfield.",
        "The places, the opening hours and who runs the cafés can all change because of the responses.",
        "Respond online or by phone; peer supporters ran sessions with people who use services.",
        today,
    )
    documents(closed, ("crisis-cafes.pdf", "Consultation document", ["Three crisis cafes: where and when."]))
    actions.open_consultation(closed, by=ellie)
    _back_date(closed, opened_days_ago=90, weeks=12)
    actions.close_consultation(closed, by=ellie)
    actions.record_responses(closed, {"individual_responses": 312, "organisation_responses": 9}, by=ellie)
    for assessment in closed.assessments.select_related("principle"):
        if assessment.principle.number < 4:
            actions.assess_check(assessment, outcome="met", evidence=evidence[assessment.principle.number], by=ellie)

    # Open now, on the public pages.
    opened = plan(
        "Urgent treatment centre: new opening hours",
        "Urgent and emergency care redesign",
        ellie,
        "Open the Riverside urgent treatment centre from 8am to 10pm every day, instead of 24 hours, and add "
        "evening GP appointments bookable through NHS 111.",
        "The hours, the evening appointments and how people book them can all change. Nothing has been decided.",
        "Fill in the survey online, call 0300 123 4567 for a paper copy, or come to a drop-in session at "
        "Riverside library on Tuesdays. Easy read and other languages on request.",
        today,
    )
    documents(
        opened,
        ("utc-hours.pdf", "Consultation document", ["Urgent treatment centre opening hours."]),
        ("utc-hours-easy-read.pdf", "Easy read summary", ["Changing when the urgent treatment centre is open."]),
    )
    actions.open_consultation(opened, by=ellie)
    _back_date(opened, opened_days_ago=21, weeks=12)
    actions.record_responses(opened, {"individual_responses": 187, "event_participants": 35}, by=ellie)

    # Planned: opens in three weeks; its draft document is not public.
    planned = plan(
        "Community pharmacy: extended evening opening",
        "Community pharmacy access",
        priya,
        "Fund six community pharmacies to open until 9pm on weekdays, so people can get advice and "
        "medicines after work.",
        "Which pharmacies, which evenings and what services are offered can all change.",
        "",
        today + timedelta(days=21),
    )
    documents(planned, ("pharmacy-draft.pdf", "Draft consultation document", ["Draft: not yet public."]))
