"""Closing the loop at large-ICB scale, for benchmarks: 6,000 commitments at full scale, each made
from one to three insight items of one programme (made after the newest of them), owned mostly by
the programme's lead, else by a programme or engagement lead. In every state the pages show:
waiting for a response (due later), overdue (due and unanswered), responded and not published
(some with public words drafted, some taken off the public pages again), and published (about
half of the responded ones). A response is adopted, partly adopted or not adopted (the last two
with the reason), done on a day between making and today. The first four commitments are one of
each state, so even the smallest bench reaches every page (respond, publish, withdraw...). Rows are
written in bulk by bench/make_data.py's writer, after the cycle's insight items."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

FULL = {"commitments": 6_000}
WILL_DO = [
    "Run the clinic on Saturday mornings as well",
    "Translate the leaflets into the five most spoken languages",
    "Add a step-free entrance to the community hub",
    "Offer appointments by video for follow-ups",
    "Ask the patient panel to review the new letters",
    "Publish waiting times on the website each month",
    "Train reception staff in BSL basics",
    "Move the meeting to the evening so carers can come",
]
SAID = [
    "People told us the opening hours did not suit those who work.",
    "People said letters were hard to read.",
    "Carers said they could not get to daytime meetings.",
    "People told us the building was hard to get into.",
]
DID = [
    "We changed the opening hours from the spring.",
    "We rewrote the letters with the patient panel.",
    "We could not change this because of the lease, and we are looking for another venue.",
    "We now hold one meeting in three in the evening.",
]
REASONS = [
    "We could not change this, because the funding was not agreed.",
    "We could not change this, because the building is leased and the owner refused.",
    "Only part of it: the national contract sets the rest.",
]
# The four states of the pages: waiting, overdue, responded (not published), published.
STATES = ("waiting", "overdue", "responded", "published")


def generate(ctx) -> dict[str, int]:
    from baton.cycle.models import InsightItem, Programme

    from .models import Commitment

    rng, today, org, w = ctx.rng, ctx.today, ctx.organisation, ctx.writer
    through = Commitment.insight_items.through
    pool: dict[int, list[tuple[int, object]]] = defaultdict(list)  # programme -> [(item, made at)]
    for pk, programme_id, created in (
        InsightItem.objects.for_org(org).order_by("pk").values_list("pk", "stage_run__programme_id", "created_at")
    ):
        pool[programme_id].append((pk, created))
    programmes = {
        pk: (lead_id, published_at)
        for pk, lead_id, published_at in Programme.objects.for_org(org)
        .filter(pk__in=list(pool))
        .order_by("pk")
        .values_list("pk", "lead_id", "published_at")
    }
    if not programmes:
        return {"commitments": 0, "commitment_insight_items": 0}
    programme_ids = sorted(programmes)
    published_programmes = [pk for pk in programme_ids if programmes[pk][1] is not None] or programme_ids
    engagement_leads = ctx.staff.get("engagement_lead") or sorted(u for ids in ctx.staff.values() for u in ids)
    owners = sorted(set(ctx.staff.get("programme_lead", [])) | set(engagement_leads))

    n = max(12, int(FULL["commitments"] * ctx.scale))
    commitment_id, link_id = w.next_id(Commitment), w.next_id(through)
    rows: list[dict] = []
    links: list[dict] = []
    for i in range(n):
        forced = STATES[i] if i < len(STATES) else None
        programme_id = rng.choice(published_programmes if forced == "published" else programme_ids)
        lead_id = programmes[programme_id][0]
        items = rng.sample(pool[programme_id], min(len(pool[programme_id]), rng.choice((1, 1, 2, 3))))
        newest = max(created for _, created in items).date()
        room = max(0, (today - newest).days)
        made = newest + timedelta(days=rng.randint(0, min(room, 90)))
        # Due 30 to 180 days after it was made: the older ones are due already.
        due = made + timedelta(days=rng.randint(30, 180))
        if forced == "waiting":
            made = max(made, today - timedelta(days=rng.randint(0, 60)))
            due = max(due, today + timedelta(days=rng.randint(7, 60)))
        elif forced in ("overdue", "responded", "published"):
            made = min(made, today - timedelta(days=40))
            due = min(due, today - timedelta(days=rng.randint(1, 30)))
            due = max(due, made + timedelta(days=1))
        owner = lead_id if lead_id and rng.random() < 0.6 else rng.choice(owners)
        creator = rng.choice(engagement_leads + ([lead_id] if lead_id else []))
        if forced:
            responded = forced in ("responded", "published")
        else:
            responded = rng.random() < (0.75 if due < today else 0.2)
        response = what_we_did = reason = public_said = public_did = ""
        done_on = responded_by = published_at = published_by = None
        version = 1 + rng.choice((0, 0, 0, 1))  # a few were changed after they were made
        if responded:
            roll = rng.random()
            response = "adopted" if roll < 0.55 else "partly" if roll < 0.85 else "not_adopted"
            # Done by the due date or up to two months late, never after today.
            late = min((today - made).days, (due - made).days + 60)
            done_on = made + timedelta(days=rng.randint(0, max(0, late)))
            what_we_did = rng.choice(DID)
            reason = rng.choice(REASONS) if response != "adopted" else ""
            responded_by = owner if rng.random() < 0.7 else creator
            version += 1
            publish = forced == "published" or (not forced and rng.random() < 0.55)
            drafted = publish or rng.random() < 0.15
            if drafted:
                public_said, public_did = rng.choice(SAID), rng.choice(DID)
            if publish:
                day = done_on + timedelta(days=rng.randint(0, max(0, min(20, (today - done_on).days))))
                published_at = ctx.aware(day, hour=15)
                published_by = rng.choice(engagement_leads)
                version += 1
            elif drafted and rng.random() < 0.3:  # published once, then taken off the public pages
                version += 2
        cid = commitment_id + i
        rows.append(
            {
                "id": cid,
                "programme_id": programme_id,
                "will_do": rng.choice(WILL_DO),
                "owner_id": owner,
                "due_on": due,
                "response": response,
                "what_we_did": what_we_did,
                "reason": reason,
                "done_on": done_on,
                "responded_by_id": responded_by,
                "public_said": public_said,
                "public_did": public_did,
                "published_at": published_at,
                "published_by_id": published_by,
                "created_by_id": creator,
                "created_at": ctx.aware(made, hour=11),
                "version": version,
            }
        )
        for item_id, _ in items:
            links.append({"id": link_id + len(links), "commitment_id": cid, "insightitem_id": item_id})
    with ctx.keeping_timestamps(Commitment):  # bulk_create would stamp every row now
        made_rows = w.write(Commitment, rows)
    return {"commitments": made_rows, "commitment_insight_items": w.write(through, links)}
