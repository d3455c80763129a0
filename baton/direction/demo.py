"""The direction's share of the demo organisation: a vision approved, superseded by a second
approved version (published) and a third still in draft; principles adopted with evidence; the
organisation's plans; an approved strategy whose objectives link to plans and to the demo
programmes, with a gap each way (an objective no programme serves, programmes serving no
objective); and a newer draft of the strategy waiting for the board. Built through the actions,
as people would; run by `baton demo` after the cycle's share."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

VISION_V1 = {
    "statement": "We will listen to the people of North Riverside before we decide anything about their care.",
    "principles": "We listen early, we go to people rather than expecting them to come to us, and we say what changed.",
    "purpose_needs": "Hear what communities need and hope for, beyond what the statistics say, including children and young people.",
    "purpose_plan": "Test our priorities and their trade-offs with the public, councillors and the scrutiny committee before we decide.",
    "purpose_improve": "Design services with the patients, carers and clinicians who use and run them.",
    "purpose_procure": "Write what patients told us into the contracts we let, with patients on tender panels.",
    "purpose_monitor": "Let patients, carers and Healthwatch hold providers to account with experience data.",
    "business_benefits": "Sturdier decisions that survive challenge, and money spent on what people will use.",
    "health_benefits": "Services that fit people's lives, better outcomes and narrower health inequalities.",
    "social_benefits": "Trust in the local NHS, stronger communities, and people's skills and confidence.",
}
VISION_V2 = {
    **VISION_V1,
    "statement": "People and communities in North Riverside shape every decision about their health and care, "
    "and can see what changed because of them.",
}

ADOPTED = {
    1: (
        "Two patient partners sit on the board's quality committee, and every board paper says how engagement shaped it.",
        "https://north-riverside.example/board/papers\nhttps://north-riverside.example/quality-committee",
    ),
    2: (
        "Every programme publishes 'you said, we did' within three months of each engagement activity.",
        "https://north-riverside.example/you-said-we-did",
    ),
    4: (
        "Community connectors in our Core20 neighbourhoods bring people into every needs stage.",
        "https://north-riverside.example/community-connectors",
    ),
    5: (
        "Healthwatch North Riverside co-chairs our people and communities assembly.",
        "https://north-riverside.example/assembly",
    ),
    6: ("This vision, our plans and progress are published in plain English, easy read and BSL.", ""),
}

PLANS = [
    ("Joint forward plan", "North Riverside joint forward plan 2025 to 2030", "2025/26 to 2029/30"),
    (
        "Joint local health and wellbeing strategy",
        "Riverside and Eastfield health and wellbeing strategy",
        "2024 to 2029",
    ),
    ("Operational plan", "Operational plan 2026/27", "2026/27"),
]

OBJECTIVES = [
    (
        "Hear from the communities we hear from least",
        [0, 1],
        ["Diabetes prevention and care", "Maternity and neonatal voices"],
    ),
    (
        "Co-design services with the people who use them",
        [0],
        ["Community mental health transformation", "Children and young people's eating disorders"],
    ),
    ("Put patients' voices into every contract we let", [0, 2], ["Stroke rehabilitation"]),
    ("Tell people what changed because of them", [1], []),  # no programme serves it yet: a gap
]


def load(organisation, users) -> None:
    """Build the direction's demo data once (nothing if the organisation already has a vision)."""
    if organisation.vision_versions.exists():
        return
    from baton.cycle.models import Programme

    from . import actions
    from .models import PlanType, Principle
    from .testing import ensure_reference_data

    ensure_reference_data()
    ellie, bea, larry = users["ellie"], users["bea"], users["larry"]

    first = actions.update_version(actions.start_vision_draft(organisation, by=ellie), VISION_V1, by=ellie)
    actions.approve_version(first, by=bea)
    second = actions.update_version(actions.start_vision_draft(organisation, by=ellie), VISION_V2, by=ellie)
    actions.approve_version(second, by=larry)
    actions.update_version(
        actions.start_vision_draft(organisation, by=ellie),
        {"statement": VISION_V2["statement"] + " By 2030, half our engagement will be led by communities themselves."},
        by=ellie,
    )

    for number, (how, links) in ADOPTED.items():
        actions.adopt_principle(
            organisation, Principle.objects.get(number=number), by=ellie, how=how, evidence_links=links
        )

    types = {t.name: t for t in PlanType.objects.all()}
    plans = [
        actions.create_plan(organisation, by=ellie, plan_type=types[kind], name=name, period=period)
        for kind, name, period in PLANS
    ]
    programmes = {p.name: p for p in Programme.objects.for_org(organisation)}
    strategy = actions.start_strategy_draft(organisation, by=ellie)
    strategy = actions.update_version(
        strategy,
        {
            "title": "Working with people and communities 2025 to 2028",
            "summary": "How North Riverside ICB involves people in planning, buying and improving their services.",
            "review_date": timezone.localdate() + timedelta(days=200),
        },
        by=ellie,
    )
    for title, plan_indexes, names in OBJECTIVES:
        actions.add_objective(
            strategy,
            by=ellie,
            title=title,
            plans=[plans[i] for i in plan_indexes],
            programmes=[programmes[n] for n in names if n in programmes],
        )
    actions.approve_version(strategy, by=bea)
    actions.update_version(
        actions.start_strategy_draft(organisation, by=ellie),
        {"title": "Working with people and communities 2026 to 2029"},
        by=ellie,
    )
