"""The demo organisation: a fictional ICB with programmes spread over all five stages, real-looking
activities and insight, and some dropped batons. Built through the actions, as users would, then
back-dated so that the Cycle has a history."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import AuditEvent, Membership, Organisation, Role, User

DEMO_ODS = "QZZ"

PEOPLE = [
    ("ellie", "Ellie", "Evans", Role.ENGAGEMENT_LEAD),
    ("priya", "Priya", "Patel", Role.PROGRAMME_LEAD),
    ("sam", "Sam", "Okafor", Role.PROGRAMME_LEAD),
    ("larry", "Larry", "Lloyd", Role.LAY_MEMBER),
    ("bea", "Bea", "Brown", Role.BOARD_MEMBER),
    ("pat", "Pat", "Price", Role.PATIENT_PARTNER),
    ("admin", "Adam", "Admin", Role.ADMIN),
]

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


def _demo_users(organisation, password):
    users = {}
    for username, first, last, role in PEOPLE:
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@north-riverside.example"},
        )
        user.set_password(password)
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.save()
        Membership.objects.update_or_create(user=user, defaults={"organisation": organisation, "role": role})
        users[username] = user
    # Oscar works for another ICB and must see nothing of this one.
    other, _ = Organisation.objects.get_or_create(
        ods_code="QYY", defaults={"name": "South Meadow ICB", "public_slug": "south-meadow"}
    )
    oscar, _ = User.objects.get_or_create(
        username="oscar", defaults={"first_name": "Oscar", "last_name": "Owen", "email": "oscar@south-meadow.example"}
    )
    oscar.set_password(password)
    oscar.save()
    Membership.objects.update_or_create(user=oscar, defaults={"organisation": other, "role": Role.ENGAGEMENT_LEAD})
    users["oscar"] = oscar
    return users


def _back_date(model, pk, **fields):
    model.objects.filter(pk=pk).update(**fields)


def _build_programmes(organisation, users):
    from baton.cycle import actions
    from baton.cycle.models import EngagementActivity, Handover, InsightItem, StageRun

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
                    created_at=timezone.make_aware(
                        timezone.datetime.combine(visit_start, timezone.datetime.min.time())
                    ),
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
                        timezone.datetime.combine(visit_start + timedelta(days=14), timezone.datetime.min.time())
                    ),
                )
                items.append(item)
            # Most programmes carry everything forward; two drop an item (a dropped baton).
            carried = (
                items[:2] if name in {"Urgent and emergency care redesign", "Community pharmacy access"} else items
            )
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
            )
            handover_time = timezone.make_aware(
                timezone.datetime.combine(visit_start + timedelta(days=66), timezone.datetime.min.time())
            )
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
                insight=list(InsightItem.objects.filter(stage_run=run)[:2]),
            )
            actions.query_handover(
                handover, note="Which groups did we not reach? Please add the reach figures.", by=users["sam"]
            )


def load_demo(password: str) -> list[tuple[str, str, str]]:
    """Create (once) the demo organisation and return (username, role, name) for each sign-in."""
    with transaction.atomic():
        organisation, created = Organisation.objects.get_or_create(
            ods_code=DEMO_ODS,
            defaults={"name": "North Riverside ICB", "public_slug": "north-riverside", "type": Organisation.Type.ICB},
        )
        users = _demo_users(organisation, password)
        if created or not organisation.programmes.exists():
            _build_programmes(organisation, users)
    logins = []
    for username, first, last, role in PEOPLE:
        logins.append((username, Role(role).label, f"{first} {last}, {organisation.name}"))
    logins.append(("oscar", Role.ENGAGEMENT_LEAD.label, "Oscar Owen, South Meadow ICB (another organisation)"))
    assert AuditEvent.objects.filter(organisation=organisation).exists()
    return logins
