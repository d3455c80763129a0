"""Activity assessments at large-ICB scale, for benchmarks: 12,000 at full scale, one per activity
(the one-to-one), over the activities `models.assessable` allows on the bench's 'today' (ended, or
in a run that has handed over or closed), about 70% of them, so that the rest can still be assessed.
Each is made as `actions.assess_activity` would make it: by the run's owner (a programme or
engagement lead) or an engagement lead, on a date after the activity ended (or its run closed) and
not after today; ratings lean to "met", with the process and mechanism checks following the
ratings, and about a third assessed with patient partners. Rows are written in bulk by
bench/make_data.py's writer, after the core data (stage runs and activities)."""

from __future__ import annotations

from datetime import timedelta

FULL = {"assessments": 12_000}
SHARE = 0.7  # of the assessable activities, at most: the rest wait for their assessment
RATINGS = (1, 2, 3, 4)
RATING_WEIGHTS = (0.1, 0.3, 0.45, 0.15)
OUTCOMES = [
    "The programme board changed the service specification after hearing what people said.",
    "Opening hours were extended, as carers asked; the decision paper quotes the activity's report.",
    "The findings shaped the business case; two options were dropped.",
    "Little changed: the decision had been taken before the activity reported.",
    "A new easy read leaflet was written with the people who took part.",
]
PROCESSES = [
    "Run on time, with interpreters booked; feedback sent to everyone within six weeks.",
    "Venue was step-free and sessions were held in the evening to suit working carers.",
    "Late start meant the findings arrived after the options appraisal.",
    "People were not told what happened next until the newsletter three months later.",
]
MECHANISMS = [
    "A survey did not reach people without internet access; outreach filled some of the gap.",
    "Co-design suited the purpose: people shaped the options, not only commented on them.",
    "Consultation was the right level for a decision already constrained by national policy.",
    "Focus groups reached the groups we set out to reach.",
]
ASSESSORS = ["", "", "two patient partners", "Healthwatch", "patient partner, VCSE partner", "the programme board"]


def _answer(rng, rating: int) -> str:
    """A yes/partly/no check that follows its dimension's rating (mostly)."""
    good = {1: 0.1, 2: 0.35, 3: 0.75, 4: 0.9}[rating]
    roll = rng.random()
    return "yes" if roll < good else "partly" if roll < good + (1 - good) * 0.6 else "no"


def generate(ctx) -> dict[str, int]:
    from baton.cycle.models import EngagementActivity

    from .models import ActivityAssessment, assessable

    rng, today, org, w = ctx.rng, ctx.today, ctx.organisation, ctx.writer
    engagement_leads = sorted(ctx.staff.get("engagement_lead", [])) or sorted(
        uid for ids in ctx.staff.values() for uid in ids
    )
    activities = list(
        EngagementActivity.objects.for_org(org)
        .filter(assessable(today))
        .order_by("pk")
        .values_list("pk", "start_date", "end_date", "stage_run__closed_on", "stage_run__owner_id")
        .distinct()
    )
    wanted = max(5, int(FULL["assessments"] * ctx.scale))
    n = min(wanted, int(len(activities) * SHARE) or len(activities))
    chosen = sorted(rng.sample(range(len(activities)), n))
    first_id = w.next_id(ActivityAssessment)
    rows = []
    for i, index in enumerate(chosen):
        pk, start, end, closed_on, owner_id = activities[index]
        after = min(d for d in (end, closed_on, today) if d is not None)
        after = max(after, start)
        assessed_on = min(today, after + timedelta(days=rng.randint(0, 60)))
        outcomes, processes, mechanisms = rng.choices(RATINGS, RATING_WEIGHTS, k=3)
        with_partners = rng.random() < 0.35
        by = owner_id if owner_id and rng.random() < 0.55 else rng.choice(engagement_leads)
        rows.append(
            {
                "id": first_id + i,
                "activity_id": pk,
                "outcomes_rating": outcomes,
                "outcomes_evidence": rng.choice(OUTCOMES),
                "processes_rating": processes,
                "processes_evidence": rng.choice(PROCESSES),
                "timely": _answer(rng, processes),
                "accessible": _answer(rng, processes),
                "feedback_given": _answer(rng, processes),
                "mechanisms_rating": mechanisms,
                "method_suited": _answer(rng, mechanisms),
                "ladder_suited": _answer(rng, mechanisms),
                "mechanisms_evidence": rng.choice(MECHANISMS),
                "with_patient_partners": with_partners,
                "assessors": rng.choice(ASSESSORS[2:]) if with_partners else rng.choice(ASSESSORS),
                "assessed_by_id": by,
                "assessed_on": assessed_on,
                "created_at": ctx.aware(assessed_on),
                "version": 1,
            }
        )
    with ctx.keeping_timestamps(ActivityAssessment):  # bulk_create would stamp every row now
        return {"assessments": w.write(ActivityAssessment, rows)}
