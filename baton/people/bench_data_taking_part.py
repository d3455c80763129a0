"""Taking part at large-ICB scale, for benchmarks: people who registered through the public form
(with their consents), published opportunities with many registrations each, and a history of
retention runs. Rows are written in bulk by bench/make_data.py's writer (see its `extra_generators`);
called from `people/bench_data.py`."""

from __future__ import annotations

from datetime import timedelta

FULL = {"people": 10_000, "opportunities": 300, "interests_per_opportunity": 60, "retention_runs": 400}
PURPOSES = ("contact_activity", "future_opportunities", "equality_monitoring", "named_publicly")
STATUSES = ("registered", "registered", "registered", "invited", "not_selected", "taking_part")


def generate(ctx) -> dict[str, int]:
    from .models import ConsentEvent, Interest, Opportunity, Person, RetentionRun

    rng, today, org, scale = ctx.rng, ctx.today, ctx.organisation, ctx.scale
    n_people = max(40, int(FULL["people"] * scale))
    n_opps = max(8, int(FULL["opportunities"] * scale))
    per_opp = max(5, int(FULL["interests_per_opportunity"] * min(1.0, scale * 10)))
    person_id, consent_id = ctx.writer.next_id(Person), ctx.writer.next_id(ConsentEvent)
    opp_id, interest_id = ctx.writer.next_id(Opportunity), ctx.writer.next_id(Interest)
    people, consents = [], []
    for i in range(n_people):
        pid = person_id + i
        joined = today - timedelta(days=rng.randint(0, 2000))
        people.append(
            {
                "id": pid,
                "organisation_id": org.pk,
                "name": f"Member {pid}",
                "kind": rng.choice(("public", "public", "patient", "carer")),
                "email": f"member{pid}@example.org" if rng.random() < 0.8 else "",
                "phone": "" if rng.random() < 0.7 else "0300 000 0000",
                "step_free": rng.random() < 0.1,
                "bsl": rng.random() < 0.02,
                "last_active_on": joined + timedelta(days=rng.randint(0, 200)) if rng.random() < 0.7 else None,
                "created_at": ctx.aware(joined),
            }
        )
        for purpose in PURPOSES:
            consents.append(
                {
                    "id": consent_id,
                    "person_id": pid,
                    "purpose": purpose,
                    "given": purpose == "contact_activity" or rng.random() < 0.5,
                    "at": ctx.aware(joined),
                    "how": "online",
                }
            )
            consent_id += 1
    opportunities, interests = [], []
    for j in range(n_opps):
        oid = opp_id + j
        closes = today + timedelta(days=rng.randint(-60, 90)) if j % 4 else None
        opportunities.append(
            {
                "id": oid,
                "organisation_id": org.pk,
                "title": f"Opportunity {oid}: listening event",
                "summary": "Help us shape the service. We will use what you say.",
                "where": "Community centre, step-free",
                "when": "Tuesday afternoons, 2pm to 4pm",
                "access": "Hearing loop; BSL interpreter on request.",
                "payment_offered": "Travel expenses refunded.",
                "role_level": rng.randint(1, 4),
                "closes_on": closes if j >= 3 else None,  # the first few stay open
                "published": True,
                "created_at": ctx.aware(today - timedelta(days=rng.randint(0, 400))),
            }
        )
        for pid in rng.sample(range(person_id, person_id + n_people), min(per_opp, n_people)):
            status = rng.choice(STATUSES)
            at = ctx.aware(today - timedelta(days=rng.randint(0, 300)))
            interests.append(
                {
                    "id": interest_id,
                    "opportunity_id": oid,
                    "person_id": pid,
                    "status": status,
                    "registered_at": at,
                    "invited_at": at if status != "registered" else None,
                }
            )
            interest_id += 1
    runs = [
        {
            "organisation_id": org.pk,
            "id": ctx.writer.next_id(RetentionRun) + k,
            "ran_at": ctx.aware(today - timedelta(days=k)),
            "inactive_days": 1095,
            "removed": rng.randint(0, 20),
        }
        for k in range(max(3, int(FULL["retention_runs"] * scale)))
    ]
    with ctx.keeping_timestamps(Person, Opportunity, Interest, RetentionRun):
        return {
            "people": ctx.writer.write(Person, people),
            "consent_events": ctx.writer.write(ConsentEvent, consents),
            "opportunities": ctx.writer.write(Opportunity, opportunities),
            "interests": ctx.writer.write(Interest, interests),
            "retention_runs": ctx.writer.write(RetentionRun, runs),
        }
