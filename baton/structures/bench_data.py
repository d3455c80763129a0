"""The register of engagement structures at large-ICB scale, for benchmarks: a patient
participation group for most practices, their federations per place, citizens' panels, reference
groups, programme panels and youth forums (300 structures, as the issue sizes a large ICB), each with years of meetings and
the actions agreed at them. Rows are written in bulk by bench/make_data.py's writer, after the
areas below (see its `extra_generators`)."""

from __future__ import annotations

from datetime import timedelta

# Full-size volumes (scale 1.0): a large ICB with about 200 practices.
FULL = {"structures": 300, "meetings_per_structure": 16, "actions_per_meeting": 3}
PLACES = ["North", "South", "East", "West", "Central", "Coast", "Valley", "City", "Riverside", "Moor"]
KINDS = [
    ("ppg", "{place} Practice {n} Patient Participation Group"),
    ("ppg", "{place} Surgery {n} Patient Participation Group"),
    ("supra_ppg", "{place} PPG Network {n}"),
    ("reference_group", "{place} Lived Experience Reference Group {n}"),
    ("programme_panel", "{place} Programme Patient Panel {n}"),
    ("citizens_panel", "{place} Citizens' Panel {n}"),
    ("youth_forum", "{place} Youth Forum {n}"),
]


def generate(ctx) -> dict[str, int]:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from baton.governance.models import Board

    from .models import MeetingAction, Structure, StructureMeeting, StructureType
    from .testing import PDF, ensure_structure_types

    ensure_structure_types()
    rng, today, org = ctx.rng, ctx.today, ctx.organisation
    # One stored document serves every structure's terms and every meeting's minutes that have one:
    # the downloads are timed, not the disk filled.
    document = default_storage.save(f"documents/{org.pk}/bench/terms-of-reference.pdf", ContentFile(PDF))
    types = dict(StructureType.objects.values_list("key", "pk"))
    boards = list(Board.objects.for_org(org).values_list("pk", flat=True))
    staff = [uid for ids in ctx.staff.values() for uid in ids]
    n_structures = max(10, int(FULL["structures"] * ctx.scale))
    sid = ctx.writer.next_id(Structure)
    mid = ctx.writer.next_id(StructureMeeting)
    aid = ctx.writer.next_id(MeetingAction)
    structures, meetings, actions = [], [], []
    for i in range(n_structures):
        key, pattern = KINDS[i % len(KINDS)]
        place = PLACES[(i // len(KINDS)) % len(PLACES)]
        name = pattern.format(place=place, n=i // (len(KINDS) * len(PLACES)) + 1)
        # About one in six lacks a purpose or a decision body; one in five is past its review.
        vague = rng.random() < 0.15
        reviewed = today - timedelta(days=rng.randint(10, 500))
        feeds_board = rng.choice(boards) if boards and rng.random() < 0.5 and not vague else None
        structures.append(
            {
                "id": sid,
                "organisation_id": org.pk,
                "name": name,
                "type_id": types[key],
                "purpose": "" if vague else f"People of {place} working with the ICB on {key.replace('_', ' ')} work.",
                "function": "Reviews services and advises the decision body it feeds.",
                "feeds_board_id": feeds_board,
                "feeds_named_body": "" if vague or feeds_board else f"{place} place partnership board",
                "terms_of_reference": "",
                "terms_document": document if i % 3 == 0 else "",
                "terms_reviewed_on": None if rng.random() < 0.05 else reviewed,
                "review_due_on": reviewed + timedelta(days=365),
                "recruiting": rng.random() < 0.3,
                "vacancies": rng.randint(0, 6),
                "created_at": ctx.aware(today - timedelta(days=2000)),
                "version": 1,
            }
        )
        # Meetings every two to three months going back, some structures gone quiet lately.
        day = today - timedelta(days=rng.randint(0, 240 if rng.random() < 0.2 else 90))
        for _ in range(max(1, int(FULL["meetings_per_structure"] * rng.uniform(0.3, 1.0)))):
            meetings.append(
                {
                    "id": mid,
                    "structure_id": sid,
                    "held_on": day,
                    "title": "Meeting",
                    "location": "Online",
                    "minutes": "Members discussed access to services and agreed actions.",
                    "minutes_document": document if rng.random() < 0.3 else "",
                    "created_at": ctx.aware(day),
                    "version": 1,
                }
            )
            for _ in range(rng.randint(0, FULL["actions_per_meeting"])):
                due = day + timedelta(days=rng.randint(14, 90))
                done = due - timedelta(days=rng.randint(0, 10)) if due < today and rng.random() < 0.85 else None
                actions.append(
                    {
                        "id": aid,
                        "meeting_id": mid,
                        "text": "Report back to the group on what changed.",
                        "owner_id": rng.choice(staff) if staff and rng.random() < 0.7 else None,
                        "owner_name": "",
                        "commitment": rng.random() < 0.4,
                        "due_on": due,
                        "done_on": done if done is None or done >= day else day,
                        "created_at": ctx.aware(day),
                        "version": 1,
                    }
                )
                aid += 1
            mid += 1
            day -= timedelta(days=rng.randint(50, 100))
        sid += 1
    return {
        "structures": ctx.writer.write(Structure, structures),
        "structure_meetings": ctx.writer.write(StructureMeeting, meetings),
        "meeting_actions": ctx.writer.write(MeetingAction, actions),
    }
