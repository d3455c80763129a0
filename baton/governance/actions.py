"""The one door for changes to boards, meetings, papers, business cases, their screening,
assessment, plan and assurance, sign-off and decisions.

Every action follows `core.actions`' contract: lock and re-read, ask the model for its blockers,
raise them, change through the audited door. The business-case gate is DESIGN.md rule 2: "a
business case cannot be signed off without a completed duty screening and an engagement assurance
of assured (or assured with conditions, all closed); where the duty applies, an engagement plan
with a budget line must exist" (s14Z45 NHS Act 2006; Working in partnership with people and
communities, 2022)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from baton.core.actions import change_record, create_record, delete_record, locked, refuse
from baton.core.models import AuditEvent

from .models import (
    AssuranceCheck,
    AssuranceCondition,
    AssuranceCriterion,
    Board,
    BoardMember,
    BusinessCase,
    Decision,
    DutyScreening,
    EngagementAssurance,
    EngagementPlan,
    Meeting,
    Paper,
    ScreeningAnswer,
    ScreeningQuestion,
)

# Boards, members, meetings, papers ----------------------------------------------------------------


def create_board(organisation, *, by, **fields) -> Board:
    return create_record(Board(organisation=organisation, **fields), by=by, action="create_board")


def update_board(board: Board, changes: dict, *, by, expected_version=None) -> Board:
    return change_record(board, changes, by=by, action="update_board", expected_version=expected_version)


def delete_board(board: Board, *, by) -> AuditEvent:
    """Deletes the board with its members, meetings and papers; refused while decisions name it."""
    if board.decisions.exists():
        refuse(["Decisions in the register name this board, so it cannot be deleted."])
    if BusinessCase.objects.filter(signed_off_meeting__board=board).exists():
        refuse(["Business cases were signed off at this board's meetings, so it cannot be deleted."])
    return delete_record(board, by=by, action="delete_board")


def add_member(board: Board, *, person, role: str, by) -> BoardMember:
    from baton.core.models import Membership

    with locked(board) as current:
        if not Membership.objects.filter(user=person, organisation_id=current.organisation_id).exists():
            raise ValidationError({"person": ["Choose someone in your organisation."]})
        return create_record(BoardMember(board=current, person=person, role=role), by=by, action="add_board_member")


def remove_member(member: BoardMember, *, by) -> AuditEvent:
    return delete_record(member, by=by, action="remove_board_member")


def schedule_meeting(board: Board, *, by, **fields) -> Meeting:
    with locked(board) as current:
        return create_record(Meeting(board=current, **fields), by=by, action="schedule_meeting")


def delete_meeting(meeting: Meeting, *, by) -> AuditEvent:
    if meeting.decisions.exists() or meeting.signed_off_cases.exists():
        refuse(["Decisions or sign-offs were recorded at this meeting, so it cannot be deleted."])
    return delete_record(meeting, by=by, action="delete_meeting")


def add_paper(meeting: Meeting, *, by, **fields) -> Paper:
    case = fields.get("business_case")
    with locked(
        meeting,
        related=("board",),
    ) as current:
        if case is not None and case.programme.organisation_id != current.board.organisation_id:
            raise ValidationError({"business_case": ["Choose one of your organisation's business cases."]})
        return create_record(Paper(meeting=current, **fields), by=by, action="add_paper")


def delete_paper(paper: Paper, *, by) -> AuditEvent:
    return delete_record(paper, by=by, action="delete_paper")


# Business cases --------------------------------------------------------------------------------------


def create_case(programme, *, by, **fields) -> BusinessCase:
    """A new business case on a programme."""
    return create_record(BusinessCase(programme=programme, **fields), by=by, action="create_business_case")


def update_case(case: BusinessCase, changes: dict, *, by, expected_version=None) -> BusinessCase:
    """Change a case not yet signed off (title, summary, value, or its equality and health
    inequalities assessment)."""
    with locked(case, expected_version=expected_version) as current:
        refuse(current.blockers_to_changing())
        if changes.get("ehia_done", current.ehia_done):
            summary = changes.get("ehia_summary", current.ehia_summary)
            link = changes.get("ehia_link", current.ehia_link)
            errors = {}
            if not (summary or "").strip():
                errors["ehia_summary"] = ["Enter what the assessment found"]
            if not (link or "").strip():
                errors["ehia_link"] = ["Enter the link to the full assessment"]
            if errors:
                raise ValidationError(errors)
        return change_record(case, changes, by=by, action="update_business_case")


def delete_case(case: BusinessCase, *, by) -> AuditEvent:
    """Deletes a case not signed off, with its screening, plan, assurances and conditions;
    undoable from the audit trail."""
    with locked(case) as current:
        refuse(current.blockers_to_changing())
        return delete_record(current, by=by, action="delete_business_case")


def screen_duty(case: BusinessCase, fields: dict, answers: dict, *, by, expected_version=None) -> DutyScreening:
    """Record (or change) the s14Z45 duty screening: its conclusions (`fields`) and the answer to
    each screening question (`answers`: question id -> text). Saved as it stands; the gate asks
    whether it is complete."""
    with locked(case, expected_version=expected_version) as current:
        refuse(current.blockers_to_changing())
        questions = {q.pk: q for q in ScreeningQuestion.objects.filter(pk__in=list(answers))}
        if set(answers) - set(questions):
            raise ValidationError({"answers": ["Answer the screening questions listed on the page."]})
        stamp = {"screened_by": by, "screened_on": timezone.localdate()}
        screening = current.screening_or_none()
        if screening is None:
            screening = create_record(DutyScreening(case=current, **fields, **stamp), by=by, action="screen_duty")
        else:
            change_record(screening, {**fields, **stamp}, by=by, action="screen_duty")
        existing = {a.question_id: a for a in screening.answers.all()}
        for question_id, text in answers.items():
            text = (text or "").strip()
            if question_id in existing:
                if existing[question_id].answer != text:
                    change_record(existing[question_id], {"answer": text}, by=by, action="screen_duty")
            elif text:
                create_record(
                    ScreeningAnswer(screening=screening, question=questions[question_id], answer=text),
                    by=by,
                    action="screen_duty",
                )
        change_record(case, {}, by=by, action="screen_duty")  # the case's version: the screening changed
        return screening


def plan_engagement(case: BusinessCase, fields: dict, *, by, stage_runs=(), activities=(), expected_version=None):
    """Record (or change) the engagement plan, linked to the programme's own stage runs and
    activities, with the budget line it is paid from."""
    with locked(case, expected_version=expected_version) as current:
        refuse(current.blockers_to_changing())
        runs = list(stage_runs)
        acts = list(activities)
        if any(r.programme_id != current.programme_id for r in runs):
            raise ValidationError({"stage_runs": ["Choose stage runs of this business case's programme."]})
        if any(a.stage_run.programme_id != current.programme_id for a in acts):
            raise ValidationError({"activities": ["Choose activities of this business case's programme."]})
        links = {"stage_runs": runs, "activities": acts}
        plan = current.plan_or_none()
        if plan is None:
            plan = create_record(EngagementPlan(case=current, **fields), by=by, action="plan_engagement", m2m=links)
        else:
            change_record(plan, {**fields, **links}, by=by, action="plan_engagement")
        change_record(case, {}, by=by, action="plan_engagement")
        return plan


def assure_engagement(
    case: BusinessCase,
    *,
    outcome: str,
    commentary: str,
    checks: dict,
    conditions: Sequence[str] = (),
    supersedes=None,
    by,
) -> EngagementAssurance:
    """The lay or non-executive member's assurance of engagement on the case. An assurance is
    never edited: a new one supersedes the current one, and both stay. `supersedes` is the current
    assurance the reviewer saw (its id, or None for none): if another was recorded since, this one
    is refused, so two people assuring at once cannot silently overwrite each other. Every active
    criterion is judged (`checks`: criterion id -> met); 'assured with conditions' needs at least
    one condition; 'not assured' and conditions need the commentary that explains them."""
    conditions = [c.strip() for c in conditions if c and c.strip()]
    errors: dict[str, list[str]] = {}
    if outcome not in EngagementAssurance.Outcome.values:
        errors["outcome"] = ["Choose assured, assured with conditions, or not assured"]
    if not (commentary or "").strip():
        errors["commentary"] = ["Say what you looked at and why you reached this outcome"]
    if outcome == EngagementAssurance.Outcome.CONDITIONS and not conditions:
        errors["conditions"] = ["Write at least one condition, one a line"]
    if outcome != EngagementAssurance.Outcome.CONDITIONS and conditions:
        errors["conditions"] = ["Conditions go with 'assured with conditions' only"]
    criteria = list(AssuranceCriterion.objects.filter(active=True))
    unjudged = [c for c in criteria if checks.get(c.pk) not in AssuranceCheck.Met.values]
    if unjudged:
        errors["checks"] = [f"Say whether '{c.text}' is met" for c in unjudged]
    if errors:
        raise ValidationError(errors)
    with locked(case) as current:
        refuse(current.blockers_to_assuring())
        now = current.current_assurance()
        seen = getattr(supersedes, "pk", supersedes)
        if (now.pk if now else None) != seen:
            refuse(
                [
                    f"Someone else recorded an assurance on this business case a moment ago ({now or 'withdrawn'}). "
                    "Read it, then record yours if it is still needed."
                ]
            )
        assurance = create_record(
            EngagementAssurance(case=current, reviewer=by, outcome=outcome, commentary=commentary.strip()),
            by=by,
            action="assure_engagement",
        )
        if now is not None:
            change_record(now, {"superseded_by": assurance}, by=by, action="assure_engagement")
        for criterion in criteria:
            AssuranceCheck.objects.create(assurance=assurance, criterion=criterion, met=checks[criterion.pk])
        for text in conditions:
            create_record(AssuranceCondition(assurance=assurance, text=text), by=by, action="assure_engagement")
        change_record(case, {}, by=by, action="assure_engagement")
        return assurance


def close_condition(condition: AssuranceCondition, *, evidence: str, by, expected_version=None) -> AssuranceCondition:
    """Close an assurance condition with the evidence that it is met."""
    with locked(
        condition,
        expected_version=expected_version,
        related=("assurance",),
    ) as current:
        refuse(current.blockers_to_closing(evidence))
        return change_record(
            condition,
            {"evidence": evidence.strip(), "closed_at": timezone.now(), "closed_by": by},
            by=by,
            action="close_assurance_condition",
        )


def sign_off(case: BusinessCase, *, meeting: Meeting, by, expected_version=None) -> BusinessCase:
    """A board signs the business case off at one of its meetings. Refused, with every missing
    piece in words, until the gate is passed (`BusinessCase.blockers_to_signing_off()`, asked
    under the lock, so two people signing off at once sign it off once). The assurance relied on
    is kept with the sign-off."""
    with locked(case, expected_version=expected_version) as current:
        reasons = current.blockers_to_signing_off()
        if meeting.board.organisation_id != current.programme.organisation_id:
            reasons.append("Choose a meeting of one of your organisation's boards or committees.")
        refuse(reasons)
        return change_record(
            case,
            {
                "signed_off_at": timezone.now(),
                "signed_off_by": by,
                "signed_off_meeting": meeting,
                "signed_off_assurance": current.current_assurance(),
            },
            by=by,
            action="sign_off_business_case",
        )


# Decisions -------------------------------------------------------------------------------------------


def _check_decision_links(organisation_id, fields: dict, insight, handovers) -> None:
    errors = {}
    board, meeting, paper, case = (fields.get(k) for k in ("board", "meeting", "paper", "business_case"))
    if board is not None and board.organisation_id != organisation_id:
        errors["board"] = ["Choose one of your organisation's boards or committees."]
    if meeting is not None and board is not None and meeting.board_id != board.pk:
        errors["meeting"] = ["Choose a meeting of the board or committee that decided."]
    if paper is not None and (meeting is None or paper.meeting_id != meeting.pk):
        errors["paper"] = ["Choose a paper of the meeting that decided."]
    if case is not None and case.programme.organisation_id != organisation_id:
        errors["business_case"] = ["Choose one of your organisation's business cases."]
    if any(i.stage_run.programme.organisation_id != organisation_id for i in insight):
        errors["insight"] = ["Choose insight items of your organisation."]
    if any(h.from_run.programme.organisation_id != organisation_id for h in handovers):
        errors["handovers"] = ["Choose hand-overs of your organisation."]
    consultation = fields.get("consultation")
    if consultation is not None and consultation.organisation_id != organisation_id:
        errors["consultation"] = ["Choose one of your organisation's consultations."]
    if errors:
        raise ValidationError(errors)


def _refuse_before_consultation_report(consultation) -> None:
    """Consultation fairness (DESIGN.md rule 3; the fourth Gunning principle): no decision on a
    consulted proposal is recorded before the consultation report shows how the responses were
    considered. Asked of the consultation re-read under its row lock, so a report withdrawn at the
    same moment is seen."""
    if consultation is not None:
        with locked(consultation) as current:
            refuse(current.blockers_to_deciding())


def record_decision(organisation, *, by, insight=(), handovers=(), **fields) -> Decision:
    """A decision in the register. When it is on a business case, whether the involvement duty
    applied comes from the case's duty screening; a decision where it applied that cites no
    engagement is flagged (`Decision.objects.flagged()`). A decision on a consulted proposal waits
    for the consultation's report (`Consultation.blockers_to_deciding()`)."""
    insight, handovers = list(insight), list(handovers)
    with transaction.atomic():
        _check_decision_links(organisation.pk, fields, insight, handovers)
        _refuse_before_consultation_report(fields.get("consultation"))
        case = fields.get("business_case")
        if case is not None:
            screening = case.screening_or_none()
            if screening is not None and screening.duty_applies is not None:
                fields["duty_applied"] = screening.duty_applies
        return create_record(
            Decision(organisation=organisation, **fields),
            by=by,
            action="record_decision",
            m2m={"insight": insight, "handovers": handovers},
        )


def update_decision(decision: Decision, changes: dict, *, by, expected_version=None) -> Decision:
    with transaction.atomic():
        merged = {k: getattr(decision, k) for k in ("board", "meeting", "paper", "business_case", "consultation")}
        merged.update({k: v for k, v in changes.items() if k in merged})
        _check_decision_links(
            decision.organisation_id,
            merged,
            changes.get("insight", []),
            changes.get("handovers", []),
        )
        if changes.get("consultation") is not None and changes["consultation"].pk != decision.consultation_id:
            _refuse_before_consultation_report(changes["consultation"])
        return change_record(decision, changes, by=by, action="update_decision", expected_version=expected_version)


def delete_decision(decision: Decision, *, by) -> AuditEvent:
    return delete_record(decision, by=by, action="delete_decision")
