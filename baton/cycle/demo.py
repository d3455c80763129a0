"""The cycle's share of the demo organisation: programmes spread over all five stages, with
real-looking activities and insight, hand-overs in every state and some dropped batons. Built
through the actions, as users would, then back-dated so that the Cycle has a history. Run by
`baton demo` (core.demo.load_demo), after core's share has made the people."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

# name, condition, description, public summary, the stages it has been through (last one current)
PROGRAMMES = [
    (
        "Diabetes prevention and care",
        "Type 2 diabetes",
        "Joining up prevention, structured education and foot care across the ICB.",
        "We are redesigning diabetes care with people who live with diabetes.",
        ["needs", "plan", "improve"],
    ),
    (
        "Community mental health transformation",
        "Severe mental illness",
        "New integrated community mental health teams around primary care networks.",
        "We are changing how community mental health services work.",
        ["needs", "plan", "improve", "procure"],
    ),
    (
        "Urgent and emergency care redesign",
        "Urgent care",
        "Same-day urgent care, NHS 111 and the emergency department front door.",
        "We want to make urgent care simpler to find and use.",
        ["needs", "plan"],
    ),
    (
        "Maternity and neonatal voices",
        "Maternity",
        "Continuity of carer and safer maternity care, shaped with the Maternity and Neonatal Voices Partnership.",
        "Tell us about your maternity care.",
        ["needs"],
    ),
    (
        "Stroke rehabilitation",
        "Stroke",
        "Early supported discharge and community stroke rehabilitation.",
        "",
        ["needs", "plan", "improve", "procure", "monitor"],
    ),
    (
        "Children and young people's eating disorders",
        "Eating disorders",
        "Faster access to eating disorder support for children and young people.",
        "Young people are helping us design better eating disorder support.",
        ["needs", "plan", "improve"],
    ),
    (
        "Community pharmacy access",
        "Pharmacy",
        "Extending what community pharmacies offer, and where.",
        "",
        ["needs", "plan", "improve", "procure", "monitor", "improve"],
    ),
    (
        "Frailty and falls prevention",
        "Frailty",
        "Falls prevention and frailty assessment for older people living at home.",
        "",
        ["needs"],
    ),
]

ACTIVITIES = {
    "needs": [
        (
            "Community listening events in Riverside and Eastfield",
            "public_meeting",
            "consult",
            "Core20 neighbourhoods, carers, people with a learning disability",
            140,
            2400,
        ),
        ("Online survey on what matters", "survey", "consult", "all adults, young people", 612, 300),
    ],
    "plan": [
        (
            "Options appraisal with the citizens' panel",
            "citizens_panel",
            "involve",
            "citizens' panel members",
            36,
            1800,
        ),
        (
            "Formal consultation on service options",
            "consultation",
            "consult",
            "the public, councillors, scrutiny committee",
            1450,
            9500,
        ),
    ],
    "improve": [
        ("Co-design workshops on the new pathway", "codesign", "collaborate", "patients, carers, clinicians", 48, 3200),
        (
            "Interviews with people who use the service",
            "interviews",
            "involve",
            "people who use the service, Black and minority ethnic communities",
            22,
            900,
        ),
    ],
    "procure": [
        ("Patient representatives on the tender panel", "codesign", "collaborate", "patient partners", 4, 1200)
    ],
    "monitor": [
        (
            "Patient monitoring visits to providers",
            "monitoring_visit",
            "involve",
            "patient partners, Healthwatch",
            12,
            600,
        ),
        ("Friends and Family Test analysis", "survey", "inform", "people who use the service", 2300, 0),
    ],
}

INSIGHT = {
    "needs": [
        ("People cannot get through on the phone at 8am", "pals", "access, appointments", 5, "working-age adults"),
        ("Carers want to be asked, not told", "activity", "involvement, carers", 4, "unpaid carers"),
        (
            "Easy read information is rarely available",
            "healthwatch",
            "information, accessibility",
            4,
            "people with a learning disability",
        ),
    ],
    "plan": [
        ("Travel time matters more than opening hours", "activity", "location, transport", 3, "rural communities"),
        ("Support for one hub over several small sites", "activity", "location", 2, "the public"),
    ],
    "improve": [
        ("Peer support groups valued highly", "activity", "peer support", 1, "people living with the condition"),
        ("Discharge letters arrive late or not at all", "complaint", "discharge, communication", 5, "older people"),
    ],
    "procure": [("Providers must report experience data quarterly", "activity", "contract standards", 3, "all")],
    "monitor": [
        (
            "Waiting times improved but information did not",
            "fft",
            "waiting, information",
            3,
            "people who use the service",
        ),
        ("Staff praised for kindness", "fft", "staff attitude", 1, "people who use the service"),
    ],
}


def _back_date(model, pk, **fields):
    model.objects.filter(pk=pk).update(**fields)


def load(organisation, users) -> None:
    """Build the demo programmes once (nothing if the organisation already has some)."""
    if organisation.programmes.exists():
        return
    from . import actions
    from .models import EngagementActivity, Handover, InsightItem, StageRun

    ellie = users["ellie"]
    leads = [users["priya"], users["sam"]]
    today = timezone.localdate()
    for index, (name, condition, description, public_summary, path) in enumerate(PROGRAMMES):
        lead = leads[index % 2]
        programme = actions.create_programme(
            organisation,
            by=ellie,
            name=name,
            condition=condition,
            description=description,
            public_summary=public_summary,
            lead=lead,
            budget_line=f"ENG-{101 + index}",
        )
        if public_summary:
            actions.publish_programme(programme, by=ellie)
        # Each stage visit lasts about 70 days, ending today.
        start = today - timedelta(days=70 * len(path))
        run = actions.open_stage_run(programme, path[0], owner=lead, by=ellie, opened_on=start)
        for step, stage in enumerate(path):
            visit_start = start + timedelta(days=70 * step)
            for title, method, ladder, groups, reach, cost in ACTIVITIES[stage]:
                act = actions.record_activity(
                    run,
                    by=lead,
                    title=title,
                    method=method,
                    ladder_level=ladder,
                    target_groups=groups,
                    start_date=visit_start + timedelta(days=7),
                    end_date=visit_start + timedelta(days=21),
                    reach=reach,
                    cost=cost,
                    partners="Healthwatch North Riverside, Riverside CVS",
                    accessibility_measures="Interpreters, easy read, step-free venue",
                )
                _back_date(
                    EngagementActivity,
                    act.pk,
                    created_at=timezone.make_aware(datetime.combine(visit_start, datetime.min.time())),
                )
            items = []
            for title, source, themes, sentiment, segment in INSIGHT[stage]:
                item = actions.record_insight(
                    run,
                    by=lead,
                    title=title,
                    source=source,
                    themes=themes,
                    sentiment=sentiment,
                    population_segment=segment,
                    detail=f"Heard during {stage} engagement for {name}.",
                )
                _back_date(
                    InsightItem,
                    item.pk,
                    created_at=timezone.make_aware(
                        datetime.combine(visit_start + timedelta(days=14), datetime.min.time())
                    ),
                )
                items.append(item)
            # Most programmes carry everything forward; two answer an item in the stage itself.
            carried = (
                items[:2] if name in {"Urgent and emergency care redesign", "Community pharmacy access"} else items
            )
            answered = [
                (item, "answer", "Answered in the stage's engagement report, published on the website.")
                for item in items
                if item not in carried
            ]
            if step == len(path) - 1:
                break  # the current stage: still open
            next_stage = path[step + 1]
            next_owner = leads[(index + step + 1) % 2]
            if name == "Stroke rehabilitation" and next_stage == "monitor":
                # A dropped baton: the hand-over to monitoring has waited 45 days.
                handover = actions.hand_over(
                    run,
                    to_stage=next_stage,
                    next_owner=next_owner,
                    by=lead,
                    summary="Contract awarded; patient-derived outcomes in the specification.",
                    open_actions="Agree the monitoring visit schedule with the provider.",
                    insight=items[:1],
                    dispositions=[(item, "close", "Out of scope for this contract.") for item in items[1:]],
                )
                _back_date(Handover, handover.pk, created_at=timezone.now() - timedelta(days=45))
                break
            handover = actions.hand_over(
                run,
                to_stage=next_stage,
                next_owner=next_owner,
                by=lead,
                summary=f"What the {stage} stage learned about {condition.lower()}: see the carried insight.",
                open_actions="Publish the engagement report.",
                insight=carried,
                dispositions=answered,
            )
            handover_time = timezone.make_aware(datetime.combine(visit_start + timedelta(days=66), datetime.min.time()))
            _back_date(Handover, handover.pk, created_at=handover_time)
            actions.accept_handover(handover, by=next_owner)
            _back_date(Handover, handover.pk, responded_at=handover_time + timedelta(days=3))
            actions.close_stage_run(run, by=lead)
            _back_date(StageRun, run.pk, closed_on=visit_start + timedelta(days=69))
            run = StageRun.objects.get(pk=handover.to_run_id)
            _back_date(StageRun, run.pk, opened_on=visit_start + timedelta(days=70))
        if name == "Frailty and falls prevention":
            # Another dropped baton: a run from before Baton was closed with no hand-over, and its
            # insight was never carried forward, answered or closed.
            old = StageRun.objects.create(
                programme=programme,
                stage="plan",
                owner=lead,
                status=StageRun.Status.CLOSED,
                opened_on=today - timedelta(days=400),
                closed_on=today - timedelta(days=300),
            )
            InsightItem.objects.create(
                stage_run=old,
                title="Older people want falls classes nearer home",
                source="activity",
                themes="location, exercise",
                sentiment=3,
                population_segment="people over 75",
            )
        if name == "Maternity and neonatal voices":
            # A hand-over queried by the next owner.
            handover = actions.hand_over(
                run,
                to_stage="plan",
                next_owner=users["sam"],
                by=lead,
                summary="What families told us about continuity of carer.",
            )
            actions.query_handover(
                handover, note="Which groups did we not reach? Please add the reach figures.", by=users["sam"]
            )
