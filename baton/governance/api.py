"""The governance REST API: business cases and their gate (screening, assessment, plan, assurance,
conditions, sign-off), boards with members, meetings and papers, and the decision register.

Each operation follows the pages' four steps through the same permission helpers and actions:
404 when not yours, 403 when not allowed, 422 for bad input, 409 with the reasons when a rule
refuses (a sign-off that fails the gate lists every missing piece). Lists paginate; creates take
`Idempotency-Key`."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from ninja import File, Form, Header, Path, Query, Router, UploadedFile
from ninja.pagination import paginate

from baton.consultations.models import Consultation
from baton.core.api_helpers import changes_of, created_once
from baton.core.models import User
from baton.core.permissions import require, require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Id, Pages, responses
from baton.cycle.models import EngagementActivity, Handover, InsightItem, Programme, StageRun

from . import actions
from .models import (
    AssuranceCondition,
    AssuranceCriterion,
    Board,
    BoardMember,
    BusinessCase,
    Decision,
    EngagementAssurance,
    Meeting,
    Paper,
    ScreeningQuestion,
)
from .permissions import (
    can_assure,
    can_change_case,
    can_close_condition,
    can_create_case,
    can_manage_boards,
    can_record_decisions,
    can_sign_off,
    get_board_for_user,
    get_case_for_user,
    get_condition_for_user,
    get_decision_for_user,
    get_meeting_for_user,
    get_member_for_user,
    get_paper_for_user,
)
from .schemas import (
    AssuranceIn,
    AssuranceOut,
    BoardIn,
    BoardOut,
    BoardPatch,
    CaseFilterShow,
    CaseIn,
    CaseOut,
    CasePatch,
    CloseConditionIn,
    ConditionOut,
    CriterionOut,
    DecisionIn,
    DecisionOut,
    DecisionPatch,
    Deleted,
    EngagementPlanIn,
    MeetingIn,
    MeetingOut,
    MemberIn,
    MemberOut,
    PaperOut,
    QuestionOut,
    ScreeningIn,
    SignOffBlockersOut,
    SignOffIn,
)

router = Router(tags=["governance"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)


def _one(queryset, pk, field):
    """A record of the caller's organisation by id, for a link; anything else is 'not a choice' (422)."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: ["Choose one of your organisation's records."]})
    return found


def _many(queryset, ids, field):
    wanted = set(ids or ())
    found = list(queryset.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError({field: ["Choose records of your organisation (and, for a plan, of this programme)."]})
    return found


def _cases(member):
    return (
        BusinessCase.objects.for_org(member.organisation_id)
        .with_gate()
        .select_related("plan")
        .prefetch_related("screening__answers", "plan__stage_runs", "plan__activities")
    )


# Reference data -----------------------------------------------------------------------------------


@router.get(
    "/governance/screening-questions",
    response=responses({200: list[QuestionOut]}),
    summary="The duty screening questions",
)
@paginate(Pages)
def list_questions(request):
    require_member(request.auth)
    return ScreeningQuestion.objects.filter(active=True)


@router.get(
    "/governance/assurance-criteria", response=responses({200: list[CriterionOut]}), summary="The assurance criteria"
)
@paginate(Pages)
def list_criteria(request):
    require_member(request.auth)
    return AssuranceCriterion.objects.filter(active=True)


# Business cases -------------------------------------------------------------------------------------


@router.get("/governance/cases", response=responses({200: list[CaseOut]}), summary="List business cases")
@paginate(Pages)
def list_cases(request, show: Query[CaseFilterShow] = "all", programme: Query[Id | None] = None):
    member = require_member(request.auth)
    cases = BusinessCase.objects.for_org(member.organisation_id)
    if show == "to_assure":
        cases = cases.waiting_for_assurance()
    elif show == "to_sign":
        cases = cases.assured_awaiting_sign_off()
    elif show == "signed":
        cases = cases.filter(signed_off_at__isnull=False)
    if programme is not None:
        cases = cases.filter(programme_id=programme)
    return _cases(member).filter(pk__in=cases.values("pk")).order_by("-created_at", "-pk")


@router.post(
    "/governance/cases",
    response=responses({201: CaseOut, 200: CaseOut}, WRITE_ERRORS),
    summary="Write a business case",
)
def create_case(request, payload: CaseIn, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    require(can_create_case(request.auth))
    fields = payload.dict()
    programme = _one(Programme.objects.for_org(member.organisation_id), fields.pop("programme_id"), "programme_id")
    require(can_change_case(request.auth, BusinessCase(programme=programme)))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.create_case(programme, by=request.auth, **fields),
        lambda pk: _cases(member).get(pk=pk),
    )


@router.get("/governance/cases/{case_id}", response=responses({200: CaseOut}), summary="Get a business case")
def get_case(request, case_id: int = PK):
    member = require_member(request.auth)
    get_case_for_user(request.auth, case_id)
    return _cases(member).get(pk=case_id)


@router.patch(
    "/governance/cases/{case_id}",
    response=responses({200: CaseOut}, WRITE_ERRORS),
    summary="Change a business case (or record its equality and health inequalities assessment)",
)
def update_case(request, payload: CasePatch, case_id: int = PK):
    member = require_member(request.auth)
    case = get_case_for_user(request.auth, case_id)
    require(can_change_case(request.auth, case))
    changes = changes_of(payload)
    actions.update_case(case, changes, by=request.auth, expected_version=payload.version)
    return _cases(member).get(pk=case.pk)


@router.delete(
    "/governance/cases/{case_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a business case"
)
def delete_case(request, case_id: int = PK):
    case = get_case_for_user(request.auth, case_id)
    require(can_change_case(request.auth, case))
    return {"audit_event_id": actions.delete_case(case, by=request.auth).pk}


@router.post(
    "/governance/cases/{case_id}/screening",
    response=responses({200: CaseOut}, WRITE_ERRORS),
    summary="Record the s14Z45 duty screening",
)
def record_screening(request, payload: ScreeningIn, case_id: int = PK):
    member = require_member(request.auth)
    case = get_case_for_user(request.auth, case_id)
    require(can_change_case(request.auth, case))
    fields = payload.dict(exclude={"answers", "version"})
    answers = {a.question_id: a.answer for a in payload.answers}
    actions.screen_duty(case, fields, answers, by=request.auth, expected_version=payload.version)
    return _cases(member).get(pk=case.pk)


@router.post(
    "/governance/cases/{case_id}/plan",
    response=responses({200: CaseOut}, WRITE_ERRORS),
    summary="Record the engagement plan",
)
def record_plan(request, payload: EngagementPlanIn, case_id: int = PK):
    member = require_member(request.auth)
    case = get_case_for_user(request.auth, case_id)
    require(can_change_case(request.auth, case))
    runs = _many(StageRun.objects.filter(programme_id=case.programme_id), payload.stage_run_ids, "stage_run_ids")
    acts = _many(
        EngagementActivity.objects.filter(stage_run__programme_id=case.programme_id),
        payload.activity_ids,
        "activity_ids",
    )
    fields = payload.dict(exclude={"stage_run_ids", "activity_ids", "version"})
    actions.plan_engagement(
        case, fields, stage_runs=runs, activities=acts, by=request.auth, expected_version=payload.version
    )
    return _cases(member).get(pk=case.pk)


@router.get(
    "/governance/cases/{case_id}/blockers",
    response=responses({200: SignOffBlockersOut}),
    summary="What blocks sign-off (the business-case gate)",
)
def case_blockers(request, case_id: int = PK):
    case = get_case_for_user(request.auth, case_id)
    return {"blockers": case.blockers_to_signing_off()}


def _assurances():
    return EngagementAssurance.objects.select_related("reviewer").prefetch_related(
        "checks", Prefetch("conditions", queryset=AssuranceCondition.objects.order_by("pk"))
    )


@router.get(
    "/governance/cases/{case_id}/assurances",
    response=responses({200: list[AssuranceOut]}),
    summary="A business case's assurances, newest first (superseded ones stay)",
)
@paginate(Pages)
def list_assurances(request, case_id: int = PK):
    get_case_for_user(request.auth, case_id)
    return _assurances().filter(case_id=case_id).order_by("-given_at", "-pk")


@router.post(
    "/governance/cases/{case_id}/assurances",
    response=responses({201: AssuranceOut, 200: AssuranceOut}, WRITE_ERRORS),
    summary="Record an engagement assurance (lay or non-executive member)",
)
def create_assurance(request, payload: AssuranceIn, case_id: int = PK, idempotency_key: str | None = IDEMPOTENCY):
    case = get_case_for_user(request.auth, case_id)
    require(can_assure(request.auth, case), "Only the lay or non-executive member assures engagement.")
    return created_once(
        request,
        idempotency_key,
        lambda: actions.assure_engagement(
            case,
            outcome=payload.outcome,
            commentary=payload.commentary,
            checks={c.criterion_id: c.met for c in payload.checks},
            conditions=list(payload.conditions),
            supersedes=payload.supersedes_id,
            by=request.auth,
        ),
        lambda pk: _assurances().get(pk=pk),
    )


@router.post(
    "/governance/conditions/{condition_id}/close",
    response=responses({200: ConditionOut}, WRITE_ERRORS),
    summary="Close an assurance condition with evidence",
)
def close_condition(request, payload: CloseConditionIn, condition_id: int = PK):
    condition = get_condition_for_user(request.auth, condition_id)
    require(can_close_condition(request.auth, condition))
    return actions.close_condition(
        condition, evidence=payload.evidence, by=request.auth, expected_version=payload.version
    )


@router.post(
    "/governance/cases/{case_id}/sign-off",
    response=responses({200: CaseOut}, WRITE_ERRORS),
    summary="Sign off a business case at a board meeting (the gate: 409 with every missing piece)",
)
def sign_off(request, payload: SignOffIn, case_id: int = PK):
    member = require_member(request.auth)
    case = get_case_for_user(request.auth, case_id)
    require(can_sign_off(request.auth, case), "Only a board member signs off a business case.")
    meeting = _one(
        Meeting.objects.for_org(member.organisation_id).select_related("board"), payload.meeting_id, "meeting_id"
    )
    actions.sign_off(case, meeting=meeting, by=request.auth, expected_version=payload.version)
    return _cases(member).get(pk=case.pk)


# Boards, members, meetings, papers -------------------------------------------------------------------


def _boards(member):
    return Board.objects.for_org(member.organisation_id).prefetch_related(
        Prefetch("members", queryset=BoardMember.objects.select_related("person"))
    )


@router.get("/governance/boards", response=responses({200: list[BoardOut]}), summary="List boards and committees")
@paginate(Pages)
def list_boards(request):
    return _boards(require_member(request.auth)).order_by("name", "pk")


@router.post(
    "/governance/boards",
    response=responses({201: BoardOut, 200: BoardOut}, WRITE_ERRORS),
    summary="Add a board or committee",
)
def create_board(request, payload: BoardIn, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    require(can_manage_boards(request.auth))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.create_board(member.organisation, by=request.auth, **payload.dict()),
        lambda pk: _boards(member).get(pk=pk),
    )


@router.get("/governance/boards/{board_id}", response=responses({200: BoardOut}), summary="Get a board or committee")
def get_board(request, board_id: int = PK):
    member = require_member(request.auth)
    get_board_for_user(request.auth, board_id)
    return _boards(member).get(pk=board_id)


@router.patch(
    "/governance/boards/{board_id}", response=responses({200: BoardOut}, WRITE_ERRORS), summary="Change a board"
)
def update_board(request, payload: BoardPatch, board_id: int = PK):
    member = require_member(request.auth)
    board = get_board_for_user(request.auth, board_id)
    require(can_manage_boards(request.auth))
    changes = changes_of(payload)
    actions.update_board(board, changes, by=request.auth, expected_version=payload.version)
    return _boards(member).get(pk=board.pk)


@router.delete(
    "/governance/boards/{board_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a board"
)
def delete_board(request, board_id: int = PK):
    board = get_board_for_user(request.auth, board_id)
    require(can_manage_boards(request.auth))
    return {"audit_event_id": actions.delete_board(board, by=request.auth).pk}


@router.post(
    "/governance/boards/{board_id}/members",
    response=responses({201: MemberOut, 200: MemberOut}, WRITE_ERRORS),
    summary="Add a member to a board",
)
def add_member(request, payload: MemberIn, board_id: int = PK, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    board = get_board_for_user(request.auth, board_id)
    require(can_manage_boards(request.auth))
    person = _one(
        User.objects.filter(memberships__organisation_id=member.organisation_id), payload.person_id, "person_id"
    )
    return created_once(
        request,
        idempotency_key,
        lambda: actions.add_member(board, person=person, role=payload.role, by=request.auth),
        lambda pk: BoardMember.objects.select_related("person").get(pk=pk),
    )


@router.delete(
    "/governance/members/{member_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Remove a member"
)
def remove_member(request, member_id: int = PK):
    seat = get_member_for_user(request.auth, member_id)
    require(can_manage_boards(request.auth))
    return {"audit_event_id": actions.remove_member(seat, by=request.auth).pk}


@router.get("/governance/meetings", response=responses({200: list[MeetingOut]}), summary="List meetings")
@paginate(Pages)
def list_meetings(request, board: Query[Id | None] = None):
    meetings = Meeting.objects.for_org(require_member(request.auth).organisation_id)
    if board is not None:
        meetings = meetings.filter(board_id=board)
    return meetings.order_by("-held_on", "-pk")


@router.post(
    "/governance/boards/{board_id}/meetings",
    response=responses({201: MeetingOut, 200: MeetingOut}, WRITE_ERRORS),
    summary="Add a meeting",
)
def create_meeting(request, payload: MeetingIn, board_id: int = PK, idempotency_key: str | None = IDEMPOTENCY):
    board = get_board_for_user(request.auth, board_id)
    require(can_manage_boards(request.auth))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.schedule_meeting(board, by=request.auth, **payload.dict()),
        lambda pk: Meeting.objects.get(pk=pk),
    )


@router.get("/governance/meetings/{meeting_id}", response=responses({200: MeetingOut}), summary="Get a meeting")
def get_meeting(request, meeting_id: int = PK):
    return get_meeting_for_user(request.auth, meeting_id)


@router.delete(
    "/governance/meetings/{meeting_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a meeting"
)
def delete_meeting(request, meeting_id: int = PK):
    meeting = get_meeting_for_user(request.auth, meeting_id)
    require(can_manage_boards(request.auth))
    return {"audit_event_id": actions.delete_meeting(meeting, by=request.auth).pk}


@router.get("/governance/papers", response=responses({200: list[PaperOut]}), summary="List papers")
@paginate(Pages)
def list_papers(request, meeting: Query[Id | None] = None):
    papers = Paper.objects.for_org(require_member(request.auth).organisation_id)
    if meeting is not None:
        papers = papers.filter(meeting_id=meeting)
    return papers.order_by("-pk")


@router.post(
    "/governance/meetings/{meeting_id}/papers",
    response=responses({201: PaperOut, 200: PaperOut}, WRITE_ERRORS),
    summary="Add a paper (multipart: title, document, optional business_case_id)",
)
def add_paper(
    request,
    title: Form[str],
    document: File[UploadedFile],
    business_case_id: Form[Id | None] = None,
    meeting_id: int = PK,
    idempotency_key: str | None = IDEMPOTENCY,
):
    member = require_member(request.auth)
    meeting = get_meeting_for_user(request.auth, meeting_id)
    require(can_manage_boards(request.auth))
    case = _one(
        BusinessCase.objects.for_org(member.organisation_id).select_related("programme"),
        business_case_id,
        "business_case_id",
    )
    return created_once(
        request,
        idempotency_key,
        lambda: actions.add_paper(meeting, by=request.auth, title=title, document=document, business_case=case),
        lambda pk: Paper.objects.get(pk=pk),
    )


@router.get(
    "/governance/papers/{paper_id}/document",
    response=responses({200: None}),
    summary="Download a paper's document",
)
def paper_document(request, paper_id: int = PK):
    paper = get_paper_for_user(request.auth, paper_id)
    try:
        handle = paper.document.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The document is missing") from None
    return FileResponse(handle, as_attachment=True, filename=paper.document.name.rsplit("/", 1)[-1])


@router.delete(
    "/governance/papers/{paper_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a paper"
)
def delete_paper(request, paper_id: int = PK):
    paper = get_paper_for_user(request.auth, paper_id)
    require(can_manage_boards(request.auth))
    return {"audit_event_id": actions.delete_paper(paper, by=request.auth).pk}


# Decisions -----------------------------------------------------------------------------------------


def _decisions(member):
    return Decision.objects.for_org(member.organisation_id).with_flags().prefetch_related("insight", "handovers")


def _decision_links(member, payload) -> tuple[dict, dict]:
    org = member.organisation_id
    data = payload.dict(exclude_unset=True)
    fields: dict = {}
    for name, queryset in (
        ("board", Board.objects.for_org(org)),
        ("meeting", Meeting.objects.for_org(org)),
        ("paper", Paper.objects.for_org(org)),
        ("business_case", BusinessCase.objects.for_org(org).select_related("programme")),
        ("consultation", Consultation.objects.for_org(org)),
    ):
        if f"{name}_id" in data:
            fields[name] = _one(queryset, data[f"{name}_id"], f"{name}_id")
    links: dict = {}
    if data.get("insight_ids") is not None:
        links["insight"] = _many(
            InsightItem.objects.for_org(org).select_related("stage_run__programme"), data["insight_ids"], "insight_ids"
        )
    if data.get("handover_ids") is not None:
        links["handovers"] = _many(
            Handover.objects.for_org(org).select_related("from_run__programme"), data["handover_ids"], "handover_ids"
        )
    return fields, links


@router.get("/governance/decisions", response=responses({200: list[DecisionOut]}), summary="The decision register")
@paginate(Pages)
def list_decisions(request, flagged: Query[bool] = False):
    member = require_member(request.auth)
    decisions = _decisions(member)
    if flagged:
        decisions = decisions.filter(is_flagged=True)
    return decisions.order_by("-decided_on", "-pk")


@router.post(
    "/governance/decisions",
    response=responses({201: DecisionOut, 200: DecisionOut}, WRITE_ERRORS),
    summary="Record a decision",
)
def create_decision(request, payload: DecisionIn, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    require(can_record_decisions(request.auth))
    links_fields, links = _decision_links(member, payload)
    fields = payload.dict(include={"decided_on", "title", "outcome", "engagement_influence", "duty_applied"})
    return created_once(
        request,
        idempotency_key,
        lambda: actions.record_decision(member.organisation, by=request.auth, **fields, **links_fields, **links),
        lambda pk: _decisions(member).get(pk=pk),
    )


@router.get("/governance/decisions/{decision_id}", response=responses({200: DecisionOut}), summary="Get a decision")
def get_decision(request, decision_id: int = PK):
    member = require_member(request.auth)
    get_decision_for_user(request.auth, decision_id)
    return _decisions(member).get(pk=decision_id)


@router.patch(
    "/governance/decisions/{decision_id}",
    response=responses({200: DecisionOut}, WRITE_ERRORS),
    summary="Change a decision",
)
def update_decision(request, payload: DecisionPatch, decision_id: int = PK):
    member = require_member(request.auth)
    decision = get_decision_for_user(request.auth, decision_id)
    require(can_record_decisions(request.auth))
    links_fields, links = _decision_links(member, payload)
    changes = payload.dict(exclude_unset=True, exclude={"version", "insight_ids", "handover_ids", "consultation_id"})
    actions.update_decision(
        decision, {**changes, **links_fields, **links}, by=request.auth, expected_version=payload.version
    )
    return _decisions(member).get(pk=decision.pk)


@router.delete(
    "/governance/decisions/{decision_id}",
    response=responses({200: Deleted}, WRITE_ERRORS),
    summary="Delete a decision",
)
def delete_decision(request, decision_id: int = PK):
    decision = get_decision_for_user(request.auth, decision_id)
    require(can_record_decisions(request.auth))
    return {"audit_event_id": actions.delete_decision(decision, by=request.auth).pk}
