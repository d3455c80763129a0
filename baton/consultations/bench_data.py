"""The consultations' share of the benchmark's large ICB (bench/make_data.py): a few hundred
consultations over the years (300 at --scale 1.0), most reported, some closed waiting for their
report, some open and a few planned, each with its four Gunning checks, one to three documents,
response counts and, once reported, its report. Written in bulk with ids chosen here. Every
document row points at one small PDF saved once through the storage API, so downloads work."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

FULL = 300
MINIMUM = 20
TOPICS = [
    "minor injuries unit",
    "community beds",
    "stroke services",
    "maternity unit",
    "urgent treatment centre hours",
    "GP out-of-hours",
    "mental health crisis services",
    "children's audiology",
    "dermatology clinics",
    "community pharmacy opening",
]
PLACES = ["Riverside", "Northgate", "Eastfield", "Westbrook", "Hillcrest", "Lowmoor"]


def generate(ctx) -> dict[str, int]:
    from baton.consultations.demo import document_pdf
    from baton.consultations.models import Consultation, ConsultationMaterial, GunningAssessment, GunningCheck

    rng, today, writer, org = ctx.rng, ctx.today, ctx.writer, ctx.organisation
    n = max(MINIMUM, round(FULL * ctx.scale))
    checks = list(GunningCheck.objects.order_by("number").values_list("pk", "number"))
    stored = default_storage.save(
        f"documents/{org.pk}/bench/consultation-document.pdf",
        ContentFile(document_pdf("Consultation document", ["Benchmark data."])),
    )
    leads = list(dict.fromkeys(ctx.staff.get("programme_lead", []) + ctx.staff.get("engagement_lead", [])))
    ellie = (ctx.staff.get("engagement_lead") or leads)[0]
    first = writer.next_id(Consultation)
    first_material = writer.next_id(ConsultationMaterial)
    first_assessment = writer.next_id(GunningAssessment)
    consultations: list[dict] = []
    materials: list[dict] = []
    assessments: list[dict] = []
    for k in range(n):
        pk = first + k
        roll = rng.random()
        status = "planned" if roll < 0.08 else "open" if roll < 0.18 else "closed" if roll < 0.33 else "reported"
        weeks = rng.choice([12, 12, 12, 10, 14, 8, 6])
        if status == "planned":
            opens = today + timedelta(days=rng.randint(7, 120))
        elif status == "open":
            opens = today - timedelta(days=rng.randint(0, weeks * 7 - 1))
        else:
            opens = today - timedelta(days=weeks * 7 + rng.randint(1, 6 * 365))
        closes = opens + timedelta(weeks=weeks)
        topic, place = rng.choice(TOPICS), rng.choice(PLACES)
        created = ctx.aware(min(today, opens) - timedelta(days=rng.randint(20, 90)))
        row = {
            "id": pk,
            "version": 1 + rng.randint(0, 4),
            "organisation_id": org.pk,
            "programme_id": rng.choice(ctx.programme_ids) if ctx.programme_ids and rng.random() < 0.8 else None,
            "lead_id": rng.choice(leads) if leads else None,
            "title": f"The future of the {topic} in {place} ({opens:%Y})",
            "proposal": f"Change how the {topic} in {place} works, following what people told us.",
            "formative_statement": "No decision has been taken; the options can all change.",
            "how_to_take_part": "Respond online, by post or at a drop-in session.",
            "opens_on": opens,
            "closes_on": closes,
            "short_duration_reason": ""
            if weeks >= 12
            else "A shorter consultation, agreed with the scrutiny committee.",
            "status": status,
            "opened_at": ctx.aware(opens) if status != "planned" else None,
            "closed_at": ctx.aware(closes) if status in ("closed", "reported") else None,
            "early_close_reason": "",
            "individual_responses": rng.randint(20, 2000) if status != "planned" else 0,
            "organisation_responses": rng.randint(0, 40) if status != "planned" else 0,
            "event_participants": rng.randint(0, 300) if status != "planned" else 0,
            "report": stored if status == "reported" else "",
            "report_summary": "What people told us and what changed because of it." if status == "reported" else "",
            "reported_at": ctx.aware(min(today, closes + timedelta(days=rng.randint(20, 90))))
            if status == "reported"
            else None,
            "reported_by_id": ellie if status == "reported" else None,
            "created_at": created,
            "updated_at": created,
        }
        consultations.append(row)
        for d in range(rng.randint(1, 3)):
            materials.append(
                {
                    "id": first_material + len(materials),
                    "version": 1,
                    "consultation_id": pk,
                    "title": ["Consultation document", "Easy read summary", "Evidence review"][d],
                    "file": stored,
                    "added_by_id": ellie,
                    "created_at": created,
                }
            )
        for check_pk, number in checks:
            if status == "reported":
                outcome = "met"
            elif status == "closed":
                outcome = "met" if number < 4 or rng.random() < 0.3 else "not_yet"
            else:
                outcome = "met" if status == "open" and number == 1 else "not_yet"
            assessments.append(
                {
                    "id": first_assessment + len(assessments),
                    "version": 1,
                    "consultation_id": pk,
                    "principle_id": check_pk,
                    "outcome": outcome,
                    "evidence": "" if outcome == "not_yet" else "Recorded in the consultation file.",
                    "assessed_by_id": ellie if outcome != "not_yet" else None,
                    "assessed_at": created if outcome != "not_yet" else None,
                }
            )
    with ctx.keeping_timestamps(Consultation, ConsultationMaterial):
        return {
            "consultations": writer.write(Consultation, consultations),
            "consultation_documents": writer.write(ConsultationMaterial, materials),
            "gunning_assessments": writer.write(GunningAssessment, assessments),
        }
