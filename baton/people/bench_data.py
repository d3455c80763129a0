"""The people register at large-ICB scale, for benchmarks: 50,000 people (scale 1.0) with varied
needs, consent events, equality monitoring for about half, 200,000 participations in the bench's
activities and structures, and attendance at structures' meetings. Rows are written in bulk by
bench/make_data.py's writer, after the core data and the apps below (INSTALLED_APPS order)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

FULL = {"people": 50_000, "participations": 200_000}
KINDS = ["public", "public", "patient", "patient", "carer", "patient_leader"]
LANGUAGES = ["", "", "", "", "", "", "", "", "Polish", "Urdu", "Bengali", "Romanian"]
PURPOSES = ["contact_activity", "future_opportunities", "equality_monitoring", "named_publicly"]


def generate(ctx) -> dict[str, int]:
    from baton.cycle.models import EngagementActivity
    from baton.structures.models import Structure, StructureMeeting

    from .models import Attendance, ConsentEvent, EqualityCode, EqualityRecord, Participation, Person
    from .testing import ensure_equality_codes

    ensure_equality_codes()
    rng, today, org, writer = ctx.rng, ctx.today, ctx.organisation, ctx.writer
    n_people = max(30, int(FULL["people"] * ctx.scale))
    n_taking_part = max(60, int(FULL["participations"] * ctx.scale))
    activities = list(
        EngagementActivity.objects.filter(stage_run__programme__organisation=org).values_list(
            "pk", "start_date", "end_date"
        )
    )
    if not Structure.objects.for_org(org).exists():
        _some_structures(ctx)
    structures = list(Structure.objects.for_org(org).values_list("pk", flat=True))
    meetings = list(
        StructureMeeting.objects.filter(structure__organisation=org, held_on__lte=today).values_list(
            "pk", "structure_id", "held_on"
        )
    )
    codes: dict[str, list[str]] = {}
    for category, code in EqualityCode.objects.values_list("category", "code"):
        codes.setdefault(category, []).append(code)

    person_id = writer.next_id(Person)
    people, consents, equality = [], [], []
    staff = [uid for ids in ctx.staff.values() for uid in ids]
    for i in range(n_people):
        pid = person_id + i
        joined = today - timedelta(days=rng.randint(10, 2000))
        people.append(
            {
                "id": pid,
                "organisation_id": org.pk,
                "name": f"Participant {pid}",
                "kind": KINDS[i % len(KINDS)],
                "email": f"p{pid}@example.org" if i % 3 else "",
                "postcode": f"LS{i % 20 + 1} {i % 9 + 1}AB",
                "easy_read": i % 13 == 0,
                "bsl": i % 41 == 0,
                "large_print": i % 17 == 0,
                "hearing_loop": i % 23 == 0,
                "step_free": i % 11 == 0,
                "language": LANGUAGES[i % len(LANGUAGES)],
                "last_active_on": joined + timedelta(days=rng.randint(0, 9)),
                "created_at": ctx.aware(joined),
                "version": 1,
            }
        )
        for purpose in PURPOSES:
            if rng.random() < (0.9 if purpose == "contact_activity" else 0.5):
                consents.append(
                    {
                        "person_id": pid,
                        "purpose": purpose,
                        "given": True,
                        "at": ctx.aware(joined),
                        "how": "paper",
                        "recorded_by_id": rng.choice(staff) if staff else None,
                    }
                )
                if purpose == "equality_monitoring":
                    equality.append(
                        {
                            "person_id": pid,
                            **{c: rng.choice(values) for c, values in codes.items() if rng.random() < 0.85},
                            "imd_decile": rng.randint(1, 10),
                            "recorded_on": joined,
                            "version": 1,
                        }
                    )
    counts = {"people": writer.write(Person, people)}
    counts["consent_events"] = writer.write(ConsentEvent, consents)
    counts["equality_records"] = writer.write(EqualityRecord, equality)

    taking_part = []
    members: dict[int, list[int]] = {}
    for _ in range(n_taking_part):
        pid = person_id + rng.randrange(n_people)
        if structures and (not activities or rng.random() < 0.2):
            sid = rng.choice(structures)
            start = today - timedelta(days=rng.randint(30, 1500))
            ends = start + timedelta(days=rng.randint(180, 1100)) if rng.random() < 0.4 else None
            taking_part.append(
                {
                    "person_id": pid,
                    "structure_id": sid,
                    "role": "Member",
                    "role_level": 2,
                    "starts_on": start,
                    "ends_on": ends,
                }
            )
            if ends is None or ends >= today:
                members.setdefault(sid, []).append(pid)
        elif activities:
            aid, start, end = rng.choice(activities)
            taking_part.append(
                {
                    "person_id": pid,
                    "activity_id": aid,
                    "role": "Participant",
                    "role_level": 1,
                    "starts_on": start,
                    "ends_on": end if end and end >= start else None,
                    "hours": Decimal(rng.choice(["1.50", "2.00", "3.00"])),
                }
            )
    for row in taking_part:
        row.setdefault("hours", Decimal(0))
        row.setdefault("activity_id", None)
        row.setdefault("structure_id", None)
        row["created_at"] = ctx.aware(row["starts_on"])
        row["version"] = 1
    counts["participations"] = writer.write(Participation, taking_part)

    attendance = []
    for meeting_id, structure_id, _held_on in meetings:
        for pid in list(dict.fromkeys(members.get(structure_id, [])))[:25]:
            roll = rng.random()
            status = "attended" if roll < 0.75 else "apologies" if roll < 0.9 else "absent"
            attendance.append(
                {
                    "meeting_id": meeting_id,
                    "person_id": pid,
                    "status": status,
                    "hours": Decimal(2 if status == "attended" else 0),
                }
            )
    counts["attendance"] = writer.write(Attendance, attendance)
    from .bench_data_taking_part import generate as generate_taking_part

    counts.update({f"taking part: {k}": v for k, v in generate_taking_part(ctx).items()})
    return counts


def _some_structures(ctx) -> None:
    """Where the structures app made none (its bench data lives on another branch), a few groups
    with a year of monthly meetings, so members and attendance have somewhere to be."""
    from baton.structures.models import Structure, StructureMeeting, StructureType

    if not StructureType.objects.exists():
        import importlib

        from django.apps import apps

        importlib.import_module("baton.structures.migrations.0002_structure_types").load(apps, None)
    kind = StructureType.objects.order_by("position")[0]
    structure_id, meeting_id = ctx.writer.next_id(Structure), ctx.writer.next_id(StructureMeeting)
    structures: list[dict] = []
    meetings: list[dict] = []
    for n in range(max(3, int(60 * ctx.scale))):
        sid = structure_id + n
        structures.append(
            {
                "id": sid,
                "organisation_id": ctx.organisation.pk,
                "name": f"Bench patient group {n + 1}",
                "type_id": kind.pk,
                "purpose": "Patients working with the practice on its services.",
                "feeds_named_body": "Place partnership board",
                "created_at": ctx.aware(ctx.today - timedelta(days=800)),
                "version": 1,
            }
        )
        for month in range(12):
            meetings.append(
                {
                    "id": meeting_id + len(meetings),
                    "structure_id": sid,
                    "held_on": ctx.today - timedelta(days=30 * month + 5),
                    "title": "Monthly meeting",
                    "created_at": ctx.aware(ctx.today - timedelta(days=30 * month + 5)),
                    "version": 1,
                }
            )
    ctx.writer.write(Structure, structures)
    ctx.writer.write(StructureMeeting, meetings)
