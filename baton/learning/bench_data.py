"""Learning at large-ICB scale, for benchmarks: 40 offers, four participation roles (structure
members, structure chairs, patient leaders at level 4, people in an activity of the procure stage)
and ten requirements (staff roles and participation roles, most renewed), 20,000 learning records
(about a third by staff, the rest by people who take part, spread over five years so that some are
expired, some expiring soon), and 2,000 support requests, most met or closed. Rows are written in
bulk by bench/make_data.py's writer, after the people (INSTALLED_APPS order)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

FULL = {"offers": 40, "records": 20_000, "needs": 2_000}
KINDS = ["course", "elearning", "coaching", "shadowing", "induction", "development", "mentoring", "buddying"]
AUDIENCES = ["staff", "public", "both"]
TOPICS = [
    "Engagement assurance",
    "The Engagement Cycle",
    "Procurement",
    "Chairing meetings",
    "Patient leadership",
    "Equality and inclusion",
    "Reading a business case",
    "Co-design",
    "Safeguarding",
    "Data and insight",
]


def generate(ctx) -> dict[str, int]:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from baton.people.models import Person
    from baton.structures.models import StructureType
    from baton.structures.testing import PDF

    from .models import LearningNeed, LearningOffer, LearningRecord, LearningRequirement, ParticipationRole

    rng, today, org, w = ctx.rng, ctx.today, ctx.organisation, ctx.writer
    n_offers = max(10, int(FULL["offers"] * min(1.0, ctx.scale * 10)))
    n_records = max(200, int(FULL["records"] * ctx.scale))
    n_needs = max(20, int(FULL["needs"] * ctx.scale))
    staff = sorted({uid for ids in ctx.staff.values() for uid in ids})
    people = list(Person.objects.for_org(org).order_by("pk").values_list("pk", flat=True))
    created = ctx.aware(today - timedelta(days=5 * 365))
    # One stored certificate serves every record that has one: the download is timed, not the disk filled.
    certificate = default_storage.save(f"documents/{org.pk}/bench/certificate.pdf", ContentFile(PDF))

    offer_id = w.next_id(LearningOffer)
    offers = []
    for i in range(n_offers):
        topic = TOPICS[i % len(TOPICS)]
        offer_kind = KINDS[i % len(KINDS)]
        offers.append(
            {
                "id": offer_id + i,
                "organisation_id": org.pk,
                "title": f"{topic}: {offer_kind.replace('elearning', 'e-learning')} {i // len(TOPICS) + 1}",
                "kind": offer_kind,
                "audience": AUDIENCES[i % len(AUDIENCES)],
                "provider": rng.choice(["NHS England", "NHS Leadership Academy", "Engagement team", "Healthwatch"]),
                "link": f"https://example.org/learning/{i}" if i % 2 else "",
                "description": f"About {topic.lower()}.",
                "active": i % 15 != 14,
                "created_at": created,
            }
        )
    made = {"learning_offers": w.write(LearningOffer, offers)}
    staff_offers = [o["id"] for o in offers if o["audience"] != "public" and o["active"]]
    public_offers = [o["id"] for o in offers if o["audience"] != "staff" and o["active"]]

    kind_id = w.next_id(ParticipationRole)
    panel_type = StructureType.objects.order_by("position").values_list("pk", flat=True).first()
    kinds: list[dict[str, Any]] = [
        {"name": "Structure chair", "role_contains": "chair"},
        {"name": "Patient leader", "min_level": 4},
        {"name": "Procurement activity", "stage": "procure"},
        {"name": "Member of a group", "role_contains": "member", "structure_type_id": panel_type},
    ]
    for i, kind in enumerate(kinds):
        kind.update({"id": kind_id + i, "organisation_id": org.pk, "created_at": created})
    made["participation_roles"] = w.write(ParticipationRole, kinds)

    requirement_id = w.next_id(LearningRequirement)
    requirements: list[dict[str, Any]] = []
    staff_targets = [("lay_member", 24), ("programme_lead", None), ("engagement_lead", 36), ("board_member", 24)]
    for i, (role, months) in enumerate(staff_targets):
        requirements.append(
            {"offer_id": staff_offers[i % len(staff_offers)], "staff_role": role, "renew_months": months}
        )
    for i, kind in enumerate(kinds):
        requirements.append(
            {"offer_id": public_offers[i % len(public_offers)], "participation_role_id": kind["id"], "renew_months": 36}
        )
        if i < 2:
            requirements.append(
                {"offer_id": public_offers[(i + 4) % len(public_offers)], "participation_role_id": kind["id"]}
            )
    for i, row in enumerate(requirements):
        row.update({"id": requirement_id + i, "organisation_id": org.pk, "created_at": created})
        row.setdefault("staff_role", "")
    made["learning_requirements"] = w.write(LearningRequirement, requirements)

    required_staff = [r["offer_id"] for r in requirements if r["staff_role"]]
    required_public = [r["offer_id"] for r in requirements if not r["staff_role"]]

    def records():
        for i in range(n_records):
            by_staff = bool(staff) and (i % 3 == 0 or not people)
            pool = required_staff if by_staff and rng.random() < 0.7 else required_public
            if not by_staff and rng.random() >= 0.7:
                pool = public_offers
            if by_staff and pool is required_public:
                pool = staff_offers
            day = today - timedelta(days=rng.randint(0, 5 * 365))
            yield {
                "organisation_id": org.pk,
                "user_id": rng.choice(staff) if by_staff else None,
                "person_id": None if by_staff else rng.choice(people),
                "offer_id": rng.choice(pool),
                "completed_on": day,
                "evidence": rng.choice(["Attended in person.", "Completed online.", ""]),
                "evidence_link": "",
                "certificate": certificate if i % 10 == 0 else "",
                "recorded_by_id": rng.choice(staff) if staff else None,
                "created_at": ctx.aware(day),
            }

    made["learning_records"] = w.write(LearningRecord, records())

    def needs():
        for i in range(n_needs):
            by_staff = bool(staff) and (i % 4 == 0 or not people)
            raised = today - timedelta(days=rng.randint(0, 3 * 365))
            status = (
                "open" if raised > today - timedelta(days=90) and rng.random() < 0.6 else rng.choice(["met", "closed"])
            )
            closed = None if status == "open" else min(today, raised + timedelta(days=rng.randint(5, 90)))
            yield {
                "organisation_id": org.pk,
                "user_id": rng.choice(staff) if by_staff else None,
                "person_id": None if by_staff else rng.choice(people),
                "what": rng.choice(
                    ["Coaching on chairing", "The procurement induction", "A mentor", "Easy read papers"]
                ),
                "offer_id": rng.choice(public_offers) if rng.random() < 0.5 else None,
                "raised_by_id": rng.choice(staff) if staff else None,
                "raised_on": raised,
                "status": status,
                "closed_on": closed,
                "outcome": ""
                if status == "open"
                else ("Booked on a course." if status == "met" else "No longer needed."),
            }

    made["learning_needs"] = w.write(LearningNeed, needs())
    return made
