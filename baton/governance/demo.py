"""Governance's share of the demo organisation: an ICB board and a quality committee with
members, meetings and a paper; business cases in every state of the gate (one blocked, one with a
condition still open, one assured and waiting for the board, one signed off); and decisions (one
citing engagement, one flagged because the duty applied and it cites none). Built through the
actions, as users would. Run by `baton demo` after the cycle's share."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def load(organisation, users) -> None:
    """Build the demo's governance once (nothing if the organisation already has boards)."""
    from baton.cycle.models import Handover, InsightItem, Programme

    from . import actions
    from .models import AssuranceCriterion, ScreeningQuestion

    if organisation.boards.exists():
        return
    ellie, priya, larry, bea = users["ellie"], users["priya"], users["larry"], users["bea"]
    today = timezone.localdate()
    board = actions.create_board(
        organisation,
        by=ellie,
        name="North Riverside ICB Board",
        kind="board",
        purpose="The ICB's unitary board: it approves the strategy, plans and significant service changes.",
    )
    quality = actions.create_board(
        organisation,
        by=ellie,
        name="Quality and Performance Committee",
        kind="committee",
        purpose="Assures the board on quality, patient experience and engagement.",
    )
    actions.add_member(board, person=bea, role="Chair", by=ellie)
    actions.add_member(board, person=larry, role="Non-executive member for public involvement", by=ellie)
    actions.add_member(board, person=ellie, role="Director of engagement (in attendance)", by=ellie)
    actions.add_member(quality, person=larry, role="Chair", by=ellie)
    actions.add_member(quality, person=priya, role="Programme lead (in attendance)", by=ellie)
    last = actions.schedule_meeting(
        board, by=ellie, held_on=today - timedelta(days=30), title="Board meeting in public", location="Riverside House"
    )
    actions.schedule_meeting(
        board, by=ellie, held_on=today + timedelta(days=30), title="Board meeting in public", location="Riverside House"
    )
    actions.schedule_meeting(quality, by=ellie, held_on=today - timedelta(days=45), title="Quality committee")

    # Each case on the programme it belongs to (the cycle's demo programmes), else the first three.
    wanted = [
        "Diabetes prevention and care",
        "Community mental health transformation",
        "Urgent and emergency care redesign",
    ]
    by_name = {p.name: p for p in Programme.objects.for_org(organisation).filter(name__in=wanted)}
    programmes = [by_name[n] for n in wanted if n in by_name]
    if len(programmes) < 3:
        programmes = list(Programme.objects.for_org(organisation).order_by("name")[:3])
    if len(programmes) < 3:
        return
    answers = {q.pk: "See the screening note." for q in ScreeningQuestion.objects.filter(active=True)}
    met = {c.pk: "met" for c in AssuranceCriterion.objects.filter(active=True)}

    def screened(case, duty=True, groups="Older people, carers, people in Core20 neighbourhoods"):
        fields = {
            "duty_applies": duty,
            "involvement": "consult" if duty else "inform",
            "substantial_variation": duty,
            "groups_affected": groups,
            "reason": "It changes where and when people are seen." if duty else "An internal contract change.",
        }
        case.refresh_from_db()
        actions.screen_duty(case, fields, answers, by=priya)

    def assessed(case):
        case.refresh_from_db()
        actions.update_case(
            case,
            {
                "ehia_done": True,
                "ehia_summary": "Travel time rises for people without a car; mitigated by a community transport offer.",
                "ehia_link": "https://intranet.north-riverside.example/ehia/" + str(case.pk),
            },
            by=priya,
        )

    def planned(case, budget_line):
        runs = list(case.programme.stage_runs.order_by("-created_at")[:2])
        case.refresh_from_db()
        actions.plan_engagement(
            case,
            {
                "summary": "Drop-in sessions, a survey in five languages and two co-design workshops.",
                "budget_line": budget_line,
                "budget": 12000,
            },
            stage_runs=runs,
            by=priya,
        )

    # 1. Blocked at the gate: screened without the groups, no assessment, no assurance.
    blocked = actions.create_case(
        programmes[0], by=priya, title="Consolidate diabetes foot clinics onto two sites", kind="proposal", value=850000
    )
    screened(blocked, groups="")
    # 2. Assured with a condition still open.
    conditional = actions.create_case(
        programmes[1], by=priya, title="Integrated community mental health teams", kind="proposal", value=2400000
    )
    screened(conditional)
    assessed(conditional)
    planned(conditional, "ENG-102")
    actions.assure_engagement(
        conditional,
        outcome="conditions",
        commentary="Engagement was early and wide, but people with learning disabilities were not reached.",
        checks=met,
        conditions=["Hold an easy read session with the learning disability partnership board."],
        by=larry,
    )
    # 3. Signed off at last month's board, its paper attached.
    signed = actions.create_case(
        programmes[2], by=priya, title="Same-day urgent care hub", kind="proposal", value=1200000
    )
    screened(signed)
    assessed(signed)
    planned(signed, "ENG-103")
    actions.assure_engagement(
        signed, outcome="not_assured", commentary="No evidence yet that carers were asked.", checks=met, by=larry
    )
    signed.refresh_from_db()
    actions.assure_engagement(
        signed,
        outcome="assured",
        commentary="Carers' workshops held; the opening hours changed because of them.",
        checks=met,
        supersedes=signed.current_assurance(),
        by=larry,
    )
    signed.refresh_from_db()
    actions.sign_off(signed, meeting=last, by=bea)
    paper = actions.add_paper(
        last,
        by=ellie,
        title="Same-day urgent care hub: business case",
        document=ContentFile(PDF, name="urgent-care-hub-business-case.pdf"),
        business_case=signed,
    )
    # Decisions: one citing engagement (with the insight and hand-over behind it), one flagged.
    insight = list(InsightItem.objects.for_org(organisation).filter(stage_run__programme=programmes[2])[:2])
    handovers = list(Handover.objects.for_org(organisation).filter(from_run__programme=programmes[2])[:1])
    actions.record_decision(
        organisation,
        by=ellie,
        board=board,
        meeting=last,
        paper=paper,
        business_case=signed,
        decided_on=last.held_on,
        title="Approve the same-day urgent care hub",
        outcome="Approved, opening 8am to 10pm seven days a week.",
        engagement_influence="Carers and working people asked for evening opening: the hub now opens until 10pm.",
        insight=insight,
        handovers=handovers,
    )
    actions.record_decision(
        organisation,
        by=ellie,
        board=board,
        meeting=last,
        decided_on=last.held_on,
        title="Close the Riverside walk-in centre at weekends",
        outcome="Agreed for a six-month trial.",
        duty_applied=True,
    )
