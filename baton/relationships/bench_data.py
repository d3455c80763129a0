"""Partners and dialogue at large-ICB scale, for benchmarks: 2,000 partner organisations (every
voluntary group, faith centre, Healthwatch and council team a large ICB talks to), 100,000 dialogue
entries over the programmes' stage runs, promises (some overdue, some kept, some broken),
communication plans and alternative format requests. Rows are written in bulk by
bench/make_data.py's writer, after the core data (see its `extra_generators`)."""

from __future__ import annotations

from datetime import timedelta

# Full-size volumes (scale 1.0).
FULL = {"partners": 2_000, "dialogue": 100_000, "comms_per_programme": 20, "format_requests": 3_000}
KINDS = ["meeting", "call", "email", "event"]
CHANNELS = ["letter", "email", "website", "social", "newsletter", "leaflet", "press", "event", "partners"]
FORMATS = ["easy_read", "large_print", "bsl_video", "audio", "braille", "language"]
LANGUAGES = ["Urdu", "Polish", "Bengali", "Arabic", "Romanian", "Punjabi"]
PLACES = ["North", "South", "East", "West", "Central", "Coast", "Valley", "City", "Riverside", "Moor"]
NAMES = [
    "{place} Carers Centre",
    "Healthwatch {place}",
    "{place} Mosque health project",
    "{place} Patient Leaders Network",
    "{place} Council public health",
    "Age UK {place}",
    "{place} Mind",
    "{place} Deaf Community Group",
    "{place} Refugee Welcome",
    "{place} Gurdwara community kitchen",
]


def generate(ctx) -> dict[str, int]:
    from baton.cycle.models import StageRun

    from .models import CommsItem, Contact, Dialogue, FormatRequest, Partner, PartnerType, Promise
    from .testing import ensure_partner_types

    ensure_partner_types()
    rng, today, org = ctx.rng, ctx.today, ctx.organisation
    n_partners = max(20, int(FULL["partners"] * ctx.scale))
    n_dialogue = max(200, int(FULL["dialogue"] * ctx.scale))
    staff = sorted(uid for ids in ctx.staff.values() for uid in ids)
    types = list(PartnerType.objects.order_by("position").values_list("pk", flat=True))
    runs = list(
        StageRun.objects.filter(pk__in=ctx.run_ids).order_by("pk").values_list("programme_id", "stage", "opened_on")
    )
    w = ctx.writer
    partner_id, contact_id, dialogue_id, promise_id = (
        w.next_id(Partner),
        w.next_id(Contact),
        w.next_id(Dialogue),
        w.next_id(Promise),
    )
    partners, contacts = [], []
    for i in range(n_partners):
        place = PLACES[i % len(PLACES)]
        pattern = NAMES[(i // len(PLACES)) % len(NAMES)]
        suffix = f" {i // (len(PLACES) * len(NAMES)) + 1}" if i >= len(PLACES) * len(NAMES) else ""
        pid = partner_id + i
        partners.append(
            {
                "id": pid,
                "organisation_id": org.pk,
                "name": pattern.format(place=place) + suffix,
                "type_id": types[(i // len(PLACES)) % len(types)],
                "ods_code": "",
                # About 1 in 12 relationships has nobody owning it.
                "owner_id": None if not staff or rng.random() < 0.08 else rng.choice(staff),
                "created_at": ctx.aware(today - timedelta(days=rng.randint(30, 1500))),
            }
        )
        for _ in range(rng.randint(0, 3)):
            contacts.append(
                {
                    "id": contact_id,
                    "partner_id": pid,
                    "name": f"Contact {contact_id}",
                    "role": rng.choice(["Chief executive", "Engagement officer", "Volunteer lead", ""]),
                    "patient_leader": rng.random() < 0.1,
                    "created_at": ctx.aware(today - timedelta(days=30)),
                }
            )
            contact_id += 1
    dialogue: list[dict] = []
    promises: list[dict] = []
    staff_links: list[dict] = []
    through = Dialogue.staff.through
    link_id = w.next_id(through)
    # Most partners are spoken to often; about a quarter have gone quiet (nothing in the last 90
    # days, or never): their dialogue is older.
    quiet = {partner_id + i for i in range(n_partners) if rng.random() < 0.25}
    for n in range(n_dialogue):
        pid = partner_id + rng.randrange(n_partners)
        programme_id, stage, opened = runs[rng.randrange(len(runs))] if runs else (None, "needs", None)
        if programme_id is None:
            break
        oldest = 120 if pid in quiet else 0
        happened = today - timedelta(days=rng.randint(oldest or 1, 1000 if pid in quiet else 400))
        did = dialogue_id + n
        dialogue.append(
            {
                "id": did,
                "partner_id": pid,
                "programme_id": programme_id,
                "stage": stage,
                "kind": rng.choice(KINDS),
                "happened_on": happened,
                "summary": "Talked through the programme's plans and what their members told them.",
                "created_by_id": rng.choice(staff) if staff else None,
                "created_at": ctx.aware(happened),
            }
        )
        if staff:
            staff_links.append({"id": link_id + len(staff_links), "dialogue_id": did, "user_id": rng.choice(staff)})
        if rng.random() < 0.1:
            due = happened + timedelta(days=rng.randint(7, 60))
            roll = rng.random()
            outcome = "open" if due >= today or roll < 0.15 else ("kept" if roll < 0.85 else "broken")
            promises.append(
                {
                    "id": promise_id,
                    "dialogue_id": did,
                    "partner_id": pid,
                    "text": "Send the notes and what we will do next.",
                    "due_on": due,
                    "outcome": outcome,
                    "outcome_on": None if outcome == "open" else min(today, due + timedelta(days=rng.randint(-5, 10))),
                    "created_at": ctx.aware(happened),
                }
            )
            promise_id += 1
    comms_id, request_id = w.next_id(CommsItem), w.next_id(FormatRequest)
    comms = []
    for programme_id in ctx.programme_ids:
        for _ in range(max(2, int(FULL["comms_per_programme"] * min(1.0, ctx.scale * 50)))):
            comms.append(
                {
                    "id": comms_id,
                    "programme_id": programme_id,
                    "audience": rng.choice(["Carers", "Young people", "Patients", "The public", "Councillors"]),
                    "message": "What we are changing and how to have a say.",
                    "channel": rng.choice(CHANNELS),
                    "planned_on": today + timedelta(days=rng.randint(-200, 200)),
                    "accessible_formats": rng.choice(["", "Easy read", "Easy read, large print", "BSL video"]),
                    "languages": rng.choice(["", "Urdu", "Polish, Romanian"]),
                    "created_at": ctx.aware(today - timedelta(days=200)),
                }
            )
            comms_id += 1
    requests = []
    for n in range(max(10, int(FULL["format_requests"] * ctx.scale))):
        asked = today - timedelta(days=rng.randint(0, 700))
        due = asked + timedelta(days=rng.randint(5, 28))
        fulfilled = None if rng.random() < 0.12 else min(today, asked + timedelta(days=rng.randint(1, 30)))
        fmt = FORMATS[n % len(FORMATS)]
        requests.append(
            {
                "id": request_id + n,
                "organisation_id": org.pk,
                "programme_id": rng.choice(ctx.programme_ids) if ctx.programme_ids else None,
                "format": fmt,
                "language": rng.choice(LANGUAGES) if fmt == "language" else "",
                "material": "The consultation document",
                "requester_name": f"Requester {request_id + n}",
                "requested_on": asked,
                "due_on": due,
                "fulfilled_on": fulfilled,
                "owner_id": rng.choice(staff) if staff else None,
                "created_at": ctx.aware(asked),
            }
        )
    return {
        "partners": w.write(Partner, partners),
        "partner_contacts": w.write(Contact, contacts),
        "partner_dialogue": w.write(Dialogue, dialogue),
        "dialogue_staff": w.write(through, staff_links),
        "partner_promises": w.write(Promise, promises),
        "comms_items": w.write(CommsItem, comms),
        "format_requests": w.write(FormatRequest, requests),
    }
