"""Factories for governance records, made through the actions as a user would, and governance's
share of the test world (core.testing.build_world)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

_seq = itertools.count(1)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "paper.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_board(organisation, *, by, **overrides):
    from .actions import create_board

    fields = {"name": f"Board {next(_seq)}", "kind": "board"}
    fields.update(overrides)
    return create_board(organisation, by=by, **fields)


def make_meeting(board, *, by, **overrides):
    from .actions import schedule_meeting

    fields = {"held_on": date(2026, 3, 5), "title": "Board meeting in public"}
    fields.update(overrides)
    return schedule_meeting(board, by=by, **fields)


def make_paper(meeting, *, by, **overrides):
    from .actions import add_paper

    fields = {"title": f"Paper {next(_seq)}", "document": pdf()}
    fields.update(overrides)
    return add_paper(meeting, by=by, **fields)


def make_case(programme, *, by, **overrides):
    from .actions import create_case

    fields = {"title": f"Business case {next(_seq)}", "kind": "proposal", "summary": "Move the clinic."}
    fields.update(overrides)
    return create_case(programme, by=by, **fields)


def screen(case, *, by, duty_applies=True, **overrides):
    """A complete screening (every active question answered) unless overrides leave gaps."""
    from .actions import screen_duty
    from .models import ScreeningQuestion

    fields = {
        "duty_applies": duty_applies,
        "involvement": "consult" if duty_applies else "inform",
        "substantial_variation": False,
        "groups_affected": "Older people; carers; Core20 neighbourhoods",
        "reason": "It changes where people are seen.",
    }
    fields.update(overrides)
    answers = {q.pk: f"Answer to {q.key}" for q in ScreeningQuestion.objects.filter(active=True)}
    case.refresh_from_db()
    return screen_duty(case, fields, answers, by=by)


def assess(case, *, by):
    from .actions import update_case

    case.refresh_from_db()
    return update_case(
        case,
        {"ehia_done": True, "ehia_summary": "No group is worse off.", "ehia_link": "https://example.nhs.uk/ehia"},
        by=by,
    )


def plan(case, *, by, budget_line="ENG-001", **overrides):
    from .actions import plan_engagement

    fields = {"summary": "Three workshops and a survey.", "budget_line": budget_line, "budget": 4000}
    fields.update(overrides)
    case.refresh_from_db()
    return plan_engagement(case, fields, by=by)


def checks_all(met: str = "met") -> dict:
    from .models import AssuranceCriterion

    return {c.pk: met for c in AssuranceCriterion.objects.filter(active=True)}


def assure(case, *, by, outcome="assured", conditions=(), commentary="Engagement was early and wide."):
    from .actions import assure_engagement

    case.refresh_from_db()
    current = case.current_assurance()
    return assure_engagement(
        case,
        outcome=outcome,
        commentary=commentary,
        checks=checks_all(),
        conditions=list(conditions),
        supersedes=current,
        by=by,
    )


def ready_case(programme, *, lead, lay, **overrides):
    """A case with everything the gate needs: screened (duty applies), assessed, planned with a
    budget line and assured."""
    case = make_case(programme, by=lead, **overrides)
    screen(case, by=lead)
    assess(case, by=lead)
    plan(case, by=lead)
    assure(case, by=lay)
    case.refresh_from_db()
    return case


def make_decision(organisation, board, *, by, **overrides):
    from .actions import record_decision

    fields = {
        "decided_on": date(2026, 3, 5),
        "title": f"Decision {next(_seq)}",
        "outcome": "Agreed.",
        "engagement_influence": "",
    }
    fields.update(overrides)
    return record_decision(organisation, board=board, by=by, **fields)


@dataclass
class GovernanceWorld:
    board: object
    committee: object
    meeting: object
    paper: object
    blocked: object
    ready: object
    signed: object
    conditions: object
    condition: object
    cited: object
    flagged: object


def contribute(world) -> None:
    """An ICB board and a quality committee with members, a meeting with a paper; business cases
    blocked at the gate, ready, signed off, and with an open condition; decisions citing
    engagement and flagged; a deletion in the audit trail; and an instance of every route."""
    from .actions import delete_case, sign_off

    p = world.personas
    org = p.org
    cycle = world.of["cycle"]
    programme = cycle.programme

    board = make_board(org, by=p.ellie, name="North Riverside ICB Board", purpose="The ICB's board.")
    committee = make_board(org, by=p.ellie, name="Quality Committee", kind="committee")
    from .actions import add_member

    add_member(board, person=p.bea, role="Non-executive member", by=p.ellie)
    add_member(board, person=p.larry, role="Lay member for involvement", by=p.ellie)
    seat = add_member(committee, person=p.ellie, role="Director of engagement", by=p.ellie)
    meeting = make_meeting(board, by=p.ellie)

    blocked = make_case(programme, by=p.priya, title="Move the diabetes clinic")
    screen(blocked, by=p.priya, groups_affected="")
    ready = ready_case(programme, lead=p.ellie, lay=p.larry, title="Evening diabetes clinics")
    signed = ready_case(programme, lead=p.ellie, lay=p.larry, title="Diabetes structured education")
    sign_off(signed, meeting=meeting, by=p.bea)
    with_conditions = make_case(programme, by=p.ellie, title="Foot care pathway")
    screen(with_conditions, by=p.ellie, duty_applies=False)
    assess(with_conditions, by=p.ellie)
    assurance = assure(with_conditions, by=p.larry, outcome="conditions", conditions=["Publish an easy read summary."])
    condition = assurance.conditions.get()
    paper = make_paper(meeting, by=p.ellie, title="Diabetes structured education: business case", business_case=signed)
    cited = make_decision(
        org,
        board,
        by=p.ellie,
        meeting=meeting,
        paper=paper,
        business_case=signed,
        title="Approve structured education",
        engagement_influence="People asked for evening sessions; the course now runs on two evenings.",
        insight=[cycle.insight],
        handovers=[cycle.handovers["accepted"]],
    )
    flagged = make_decision(
        org, board, by=p.ellie, meeting=meeting, title="Close a satellite clinic", duty_applied=True
    )
    gone = make_case(programme, by=p.ellie, title="Withdrawn proposal")
    delete_case(gone, by=p.ellie)

    # Oscar's organisation has its own board, which nobody here may see.
    make_board(p.other_org, by=p.oscar, name="Other Shire ICB Board")

    world.of["governance"] = GovernanceWorld(
        board, committee, meeting, paper, blocked, ready, signed, with_conditions, condition, cited, flagged
    )
    for case in (blocked, ready, signed, with_conditions):
        world.route("governance:case_detail", pk=case.pk)
    for name in (
        "case_edit",
        "case_delete",
        "case_screening",
        "case_ehia",
        "case_plan",
        "case_assure",
        "case_sign_off",
    ):
        world.route(f"governance:{name}", pk=blocked.pk)
    world.route("governance:case_sign_off", pk=ready.pk)
    world.route("governance:condition_close", pk=condition.pk)
    for b in (board, committee):
        for name in ("board_detail", "board_edit", "board_delete", "member_add", "meeting_create"):
            world.route(f"governance:{name}", pk=b.pk)
    world.route("governance:member_remove", pk=seat.pk)
    for name in ("meeting_detail", "meeting_delete", "paper_add"):
        world.route(f"governance:{name}", pk=meeting.pk)
    for name in ("paper_download", "paper_delete"):
        world.route(f"governance:{name}", pk=paper.pk)
    for d in (cited, flagged):
        for name in ("decision_detail", "decision_edit", "decision_delete"):
            world.route(f"governance:{name}", pk=d.pk)
    # A board member signs off: the guard's "readers change nothing" leaves this power to Bea.
    world.powers.setdefault("bea", set()).add("governance:case_sign_off")
    # A lay member assures; Larry's power (the guard does not post as Larry, said for clarity).
    world.powers.setdefault("larry", set()).update({"governance:case_assure", "governance:condition_close"})
