"""Pages of engagement in governance: business cases and their gate (screening, assessment, plan,
assurance with its conditions, sign-off), boards and committees with their members, meetings and
papers, and the decision register.

Every view takes four steps (core.pages): access (get_*_for_user -> 404 for another organisation,
then require(can_...) -> 403), bind (a form), act (one action), respond."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from baton.core.forms import VersionOnlyForm
from baton.core.pages import act, deleted_message, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import can_view_audit, require, require_member
from baton.cycle.models import Programme

from . import actions
from .forms import (
    AssuranceForm,
    BoardForm,
    CaseForm,
    CloseConditionForm,
    DecisionForm,
    EhiaForm,
    MeetingForm,
    MemberForm,
    PaperForm,
    PlanForm,
    ScreeningForm,
    SignOffForm,
)
from .models import (
    AssuranceCondition,
    Board,
    BusinessCase,
    Decision,
    DutyScreening,
    EngagementAssurance,
    EngagementPlan,
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


def _form_page(request, form, *, title, caption, submit, cancel, multipart=False, intro="", readonly=None, status=200):
    return render_page(
        request,
        "governance/form.jinja",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "submit_text": submit,
            "cancel": cancel,
            "multipart": multipart,
            "intro": intro,
            "readonly": readonly,
        },
        status=status,
    )


def _case_url(case) -> str:
    return reverse("governance:case_detail", args=[case.pk])


# Business cases -------------------------------------------------------------------------------------

CASE_FILTERS = {
    "all": "All",
    "to_assure": "Waiting for assurance",
    "to_sign": "Assured, waiting for sign-off",
    "signed": "Signed off",
}


@require_safe
def case_list(request):
    """The business cases, newest first, each with where it stands at the gate."""
    member = require_member(request.user)
    show = request.GET.get("show", "all")
    if show not in CASE_FILTERS:
        raise Http404("No such filter")
    cases = BusinessCase.objects.for_org(member.organisation_id)
    if show == "to_assure":
        cases = cases.waiting_for_assurance()
    elif show == "to_sign":
        cases = cases.assured_awaiting_sign_off()
    elif show == "signed":
        cases = cases.filter(signed_off_at__isnull=False)
    page = paginate(request, cases.with_gate().order_by("-created_at", "-pk"))
    return render_page(
        request,
        "governance/case_list.jinja",
        {"page": page, "show": show, "filters": CASE_FILTERS, "can_create": can_create_case(request.user)},
    )


def case_create(request):
    member = require_member(request.user)
    require(can_create_case(request.user))
    programmes = Programme.objects.for_org(member.organisation_id).order_by("name", "pk")
    form = CaseForm(post_or_none(request), programmes=programmes, once=True)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        programme = changes.pop("programme")
        require(can_change_case(request.user, BusinessCase(programme=programme)))
        ok, case = act(form, actions.create_case, programme, by=request.user, **changes)
        if ok:
            return done(request, _case_url(case), f"Created the business case {case}.", form=form)
    return _form_page(
        request,
        form,
        title="Write a business case",
        caption="Business cases",
        submit="Create the business case",
        cancel=reverse("governance:index"),
        intro="A plan or a proposal for change on one of your programmes. Before a board signs it off, "
        "the duty to involve people is screened, engagement is planned and resourced, and the lay "
        "member assures it.",
    )


@require_safe
def case_detail(request, pk):
    """The case and its gate: each piece, what still blocks sign-off (said before the button),
    the assurance history (superseded ones stay) and the decisions on it."""
    case = get_case_for_user(request.user, pk)
    screening = case.screening_or_none()
    plan = case.plan_or_none()
    assurances = (
        EngagementAssurance.objects.filter(case=case)
        .select_related("reviewer")
        .prefetch_related(
            Prefetch("conditions", queryset=AssuranceCondition.objects.select_related("closed_by")),
            "checks__criterion",
        )
        .order_by("-given_at", "-pk")
    )
    assurance_page = paginate(request, assurances, param="assurances_page")
    current = next((a for a in assurance_page.object_list if a.superseded_by_id is None), None)
    blockers = case.blockers_to_signing_off()
    can_sign = can_sign_off(request.user, case) and not case.is_signed_off
    return render_page(
        request,
        "governance/case_detail.jinja",
        {
            "case": case,
            "screening": screening,
            "answers": screening.answers.select_related("question") if screening else [],
            "plan": plan,
            "plan_runs": plan.stage_runs.select_related("programme") if plan else [],
            "plan_activities": plan.activities.all()[:50] if plan else [],
            "assurances": assurance_page,
            "current": current,
            "blockers": blockers,
            "can_change": can_change_case(request.user, case) and not case.is_signed_off,
            "can_assure": can_assure(request.user, case),
            "can_sign": can_sign,
            "can_close": can_change_case(request.user, case) or can_assure(request.user, case),
            "can_view_audit": can_view_audit(request.user),
            "sign_form": SignOffForm(initial={"version": case.version}, organisation=case.programme.organisation_id)
            if can_sign and not blockers
            else None,
            "papers": case.papers.select_related("meeting__board").order_by("-pk")[:20],
            "decisions": case.decisions.select_related("board").order_by("-decided_on", "-pk")[:20],
        },
    )


def _case_form_page(request, pk, form_class, *, title: str, submit: str, saved) -> HttpResponse:
    """A page that changes the business case's own fields (its details, or its equality and health
    inequalities assessment) through update_case."""
    case = get_case_for_user(request.user, pk)
    require(can_change_case(request.user, case))
    form = form_class(post_or_none(request), instance=case)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_case,
            case,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, _case_url(case), saved(case))
    return _form_page(request, form, title=title, caption=str(case), submit=submit, cancel=_case_url(case))


def case_edit(request, pk):
    return _case_form_page(
        request,
        pk,
        CaseForm,
        title="Change the business case",
        submit="Save",
        saved=lambda case: f"Saved the business case {case}.",
    )


def case_delete(request, pk):
    case = get_case_for_user(request.user, pk)
    require(can_change_case(request.user, case))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_case, case, by=request.user)
        if ok:
            return done(
                request,
                reverse("governance:index"),
                deleted_message(request, f"the business case {case}", event),
            )
    return render_page(
        request,
        "governance/confirm_delete.jinja",
        {
            "what": f"the business case {case}",
            "caption": "Business case",
            "consequence": "Its screening, plan, assurances and conditions are deleted with it. "
            "An engagement lead can restore them all from the audit log.",
            "form": form,
            "cancel": _case_url(case),
        },
    )


def case_screening(request, pk):
    case = get_case_for_user(request.user, pk)
    require(can_change_case(request.user, case))
    instance = case.screening_or_none() or DutyScreening(case=case)
    form = ScreeningForm(post_or_none(request), instance=instance, case=case, initial={"version": case.version})
    if not form.is_bound:
        form.initial["version"] = case.version
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.screen_duty,
            case,
            form.changes(),
            form.answers(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, _case_url(case), "Saved the duty screening.")
    return _form_page(
        request,
        form,
        title="Screen the involvement duty",
        caption=str(case),
        submit="Save the screening",
        cancel=_case_url(case),
        intro="Section 14Z45 of the NHS Act 2006: the ICB must involve people in planning commissioning, in "
        "proposals for change and in decisions that would change how services are delivered. You can save "
        "the screening part done; the business case cannot be signed off until it is complete.",
    )


def case_ehia(request, pk):
    return _case_form_page(
        request,
        pk,
        EhiaForm,
        title="Equality and health inequalities assessment",
        submit="Save the assessment",
        saved=lambda case: "Saved the equality and health inequalities assessment.",
    )


def case_plan(request, pk):
    case = get_case_for_user(request.user, pk)
    require(can_change_case(request.user, case))
    instance = case.plan_or_none() or EngagementPlan(case=case)
    form = PlanForm(post_or_none(request), instance=instance, case=case)
    if not form.is_bound:
        form.initial["version"] = case.version
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.plan_engagement,
            case,
            form.changes(),
            stage_runs=form.cleaned_data["stage_runs"],
            activities=form.cleaned_data["activities"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, _case_url(case), "Saved the engagement plan.")
    return _form_page(
        request,
        form,
        title="Engagement plan",
        caption=str(case),
        submit="Save the plan",
        cancel=_case_url(case),
        intro="Where the involvement duty applies, the plan must name the budget line engagement is paid from.",
    )


def case_assure(request, pk):
    """The lay or non-executive member records an assurance; a new one supersedes the current one."""
    case = get_case_for_user(request.user, pk)
    allowed = can_assure(request.user, case)
    if request.method == "POST":
        require(allowed, "Only the lay or non-executive member assures engagement.")
    current = case.current_assurance()
    form = AssuranceForm(post_or_none(request), initial={"supersedes": current.pk if current else None})
    if request.method == "POST" and form.is_valid():
        ok, assurance = act(
            form,
            actions.assure_engagement,
            case,
            outcome=form.cleaned_data["outcome"],
            commentary=form.cleaned_data["commentary"],
            checks=form.checks(),
            conditions=form.condition_lines(),
            supersedes=form.cleaned_data.get("supersedes"),
            by=request.user,
        )
        if ok:
            return done(
                request, _case_url(case), f"Recorded your assurance: {assurance.get_outcome_display()}.", form=form
            )
    intro = "Judge each criterion, then give your outcome."
    if current is not None:
        intro += f" This supersedes the current assurance ({current}); both stay in the history."
    return _form_page(
        request,
        form,
        title="Assure engagement",
        caption=str(case),
        submit="Record the assurance",
        cancel=_case_url(case),
        intro=intro,
        readonly=None
        if allowed
        else "Only the lay or non-executive member records an assurance. These are the "
        "criteria they judge: " + "; ".join(c.text for c in form.criteria) + ".",
    )


def condition_close(request, pk):
    condition = get_condition_for_user(request.user, pk)
    require(can_close_condition(request.user, condition))
    case = condition.assurance.case
    form = CloseConditionForm(post_or_none(request), initial={"version": condition.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.close_condition,
            condition,
            evidence=form.cleaned_data["evidence"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, _case_url(case), "Closed the condition.")
    return _form_page(
        request,
        form,
        title="Close an assurance condition",
        caption=str(case),
        submit="Close the condition",
        cancel=_case_url(case),
        intro=f"The condition: {condition.text}",
    )


def case_sign_off(request, pk):
    """A board signs the case off at a meeting. What still blocks it is shown before the button
    (to everyone: the gate is public within the organisation; the button to board members only);
    a refused sign-off saves nothing and lists every reason (409)."""
    case = get_case_for_user(request.user, pk)
    allowed = can_sign_off(request.user, case)
    if request.method == "POST":
        require(allowed, "Only a board member signs off a business case.")
    form = SignOffForm(
        post_or_none(request), organisation=case.programme.organisation_id, initial={"version": case.version}
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.sign_off,
            case,
            meeting=form.cleaned_data["meeting"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, _case_url(case), f"Signed off the business case {case}.")
    return render_page(
        request,
        "governance/sign_off.jinja",
        {"case": case, "form": form, "blockers": case.blockers_to_signing_off(), "can_sign": allowed},
    )


# Boards, members, meetings, papers ---------------------------------------------------------------------


@require_safe
def board_list(request):
    member = require_member(request.user)
    boards = (
        Board.objects.for_org(member.organisation_id)
        .annotate(member_count=Count("members", distinct=True), meeting_count=Count("meetings", distinct=True))
        .order_by("name", "pk")
    )
    return render_page(
        request,
        "governance/board_list.jinja",
        {"page": paginate(request, boards), "can_manage": can_manage_boards(request.user)},
    )


def board_create(request):
    member = require_member(request.user)
    require(can_manage_boards(request.user))
    form = BoardForm(post_or_none(request), organisation=member.organisation, once=True)
    if request.method == "POST" and form.is_valid():
        ok, board = act(form, actions.create_board, member.organisation, by=request.user, **form.changes())
        if ok:
            return done(request, reverse("governance:board_detail", args=[board.pk]), f"Created {board}.", form=form)
    return _form_page(
        request,
        form,
        title="Add a board or committee",
        caption="Boards and committees",
        submit="Add it",
        cancel=reverse("governance:board_list"),
    )


@require_safe
def board_detail(request, pk):
    board = get_board_for_user(request.user, pk)
    return render_page(
        request,
        "governance/board_detail.jinja",
        {
            "board": board,
            "members": paginate(request, board.members.select_related("person"), param="members_page"),
            "meetings": paginate(
                request,
                board.meetings.annotate(paper_count=Count("papers")).order_by("-held_on", "-pk"),
                param="meetings_page",
            ),
            "can_manage": can_manage_boards(request.user),
        },
    )


def board_edit(request, pk):
    board = get_board_for_user(request.user, pk)
    require(can_manage_boards(request.user))
    form = BoardForm(post_or_none(request), instance=board, organisation=board.organisation)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_board,
            board,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("governance:board_detail", args=[board.pk]), f"Saved {board}.")
    return _form_page(
        request,
        form,
        title="Change the board or committee",
        caption=str(board),
        submit="Save",
        cancel=reverse("governance:board_detail", args=[board.pk]),
    )


def _confirm_delete(request, obj, *, action, what, caption, consequence, back, after):
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, action, obj, by=request.user)
        if ok:
            return done(request, after, deleted_message(request, what, event))
    return render_page(
        request,
        "governance/confirm_delete.jinja",
        {"what": what, "caption": caption, "consequence": consequence, "form": form, "cancel": back},
    )


def board_delete(request, pk):
    board = get_board_for_user(request.user, pk)
    require(can_manage_boards(request.user))
    return _confirm_delete(
        request,
        board,
        action=actions.delete_board,
        what=str(board),
        caption="Board or committee",
        consequence="Its members, meetings and papers are deleted with it. An engagement lead can restore them.",
        back=reverse("governance:board_detail", args=[board.pk]),
        after=reverse("governance:board_list"),
    )


def member_add(request, pk):
    board = get_board_for_user(request.user, pk)
    require(can_manage_boards(request.user))
    form = MemberForm(post_or_none(request), board=board)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, seat = act(form, actions.add_member, board, person=data["person"], role=data["role"], by=request.user)
        if ok:
            url = reverse("governance:board_detail", args=[board.pk])
            return done(request, url, f"Added {seat.person} to {board}.", form=form)
    return _form_page(
        request,
        form,
        title="Add a member",
        caption=str(board),
        submit="Add the member",
        cancel=reverse("governance:board_detail", args=[board.pk]),
    )


def member_remove(request, pk):
    seat = get_member_for_user(request.user, pk)
    require(can_manage_boards(request.user))
    url = reverse("governance:board_detail", args=[seat.board_id])
    return _confirm_delete(
        request,
        seat,
        action=actions.remove_member,
        what=f"{seat.person} from {seat.board}",
        caption=str(seat.board),
        consequence="They are no longer listed as a member.",
        back=url,
        after=url,
    )


def meeting_create(request, pk):
    board = get_board_for_user(request.user, pk)
    require(can_manage_boards(request.user))
    form = MeetingForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, meeting = act(form, actions.schedule_meeting, board, by=request.user, **form.changes())
        if ok:
            url = reverse("governance:meeting_detail", args=[meeting.pk])
            return done(request, url, f"Added the meeting {meeting}.", form=form)
    return _form_page(
        request,
        form,
        title="Add a meeting",
        caption=str(board),
        submit="Add the meeting",
        cancel=reverse("governance:board_detail", args=[board.pk]),
    )


@require_safe
def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    return render_page(
        request,
        "governance/meeting_detail.jinja",
        {
            "meeting": meeting,
            "papers": paginate(request, meeting.papers.select_related("business_case"), param="papers_page"),
            "decisions": paginate(
                request, Decision.objects.filter(meeting=meeting).with_flags(), param="decisions_page"
            ),
            "signed_off": meeting.signed_off_cases.select_related("programme").order_by("title")[:50],
            "can_manage": can_manage_boards(request.user),
        },
    )


def meeting_delete(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    require(can_manage_boards(request.user))
    return _confirm_delete(
        request,
        meeting,
        action=actions.delete_meeting,
        what=f"the meeting {meeting}",
        caption=str(meeting.board),
        consequence="Its papers are deleted with it. An engagement lead can restore them.",
        back=reverse("governance:meeting_detail", args=[meeting.pk]),
        after=reverse("governance:board_detail", args=[meeting.board_id]),
    )


def paper_add(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    require(can_manage_boards(request.user))
    form = PaperForm(post_or_none(request), request.FILES or None, organisation=meeting.board.organisation_id)
    if request.method == "POST" and form.is_valid():
        ok, paper = act(form, actions.add_paper, meeting, by=request.user, **form.changes())
        if ok:
            url = reverse("governance:meeting_detail", args=[meeting.pk])
            return done(request, url, f"Added the paper {paper}.", form=form)
    return _form_page(
        request,
        form,
        title="Add a paper",
        caption=str(meeting),
        submit="Add the paper",
        cancel=reverse("governance:meeting_detail", args=[meeting.pk]),
        multipart=True,
    )


@require_safe
def paper_download(request, pk):
    """The paper's document, only to members of its organisation (the storage address is never
    shown)."""
    paper = get_paper_for_user(request.user, pk)
    try:
        handle = paper.document.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The document is missing") from None
    name = paper.document.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


def paper_delete(request, pk):
    paper = get_paper_for_user(request.user, pk)
    require(can_manage_boards(request.user))
    url = reverse("governance:meeting_detail", args=[paper.meeting_id])
    return _confirm_delete(
        request,
        paper,
        action=actions.delete_paper,
        what=f"the paper {paper}",
        caption=str(paper.meeting),
        consequence="Decisions that cite it keep their record, without the paper.",
        back=url,
        after=url,
    )


# Decisions --------------------------------------------------------------------------------------------

DECISION_FILTERS = {"all": "All", "flagged": "Flagged: cite no engagement where the duty applied"}


@require_safe
def decision_list(request):
    member = require_member(request.user)
    show = request.GET.get("show", "all")
    if show not in DECISION_FILTERS:
        raise Http404("No such filter")
    decisions = Decision.objects.for_org(member.organisation_id)
    if show == "flagged":
        decisions = decisions.flagged()
    page = paginate(request, decisions.with_flags().order_by("-decided_on", "-pk"))
    return render_page(
        request,
        "governance/decision_list.jinja",
        {"page": page, "show": show, "filters": DECISION_FILTERS, "can_record": can_record_decisions(request.user)},
    )


def decision_create(request):
    member = require_member(request.user)
    require(can_record_decisions(request.user))
    form = DecisionForm(post_or_none(request), organisation=member.organisation_id)
    if request.method == "POST" and form.is_valid():
        ok, decision = act(
            form, actions.record_decision, member.organisation, by=request.user, **form.changes(), **form.links()
        )
        if ok:
            url = reverse("governance:decision_detail", args=[decision.pk])
            return done(request, url, f"Recorded the decision {decision}.", form=form)
    return _form_page(
        request,
        form,
        title="Record a decision",
        caption="Decision register",
        submit="Record the decision",
        cancel=reverse("governance:decision_list"),
    )


@require_safe
def decision_detail(request, pk):
    decision = get_decision_for_user(request.user, pk)
    flagged = Decision.objects.flagged().filter(pk=decision.pk).exists()
    return render_page(
        request,
        "governance/decision_detail.jinja",
        {
            "decision": decision,
            "flagged": flagged,
            "insight": decision.insight.select_related("stage_run__programme")[:50],
            "handovers": decision.handovers.select_related("from_run__programme")[:50],
            "can_record": can_record_decisions(request.user),
        },
    )


def decision_edit(request, pk):
    decision = get_decision_for_user(request.user, pk)
    require(can_record_decisions(request.user))
    form = DecisionForm(post_or_none(request), instance=decision, organisation=decision.organisation_id, once=False)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_decision,
            decision,
            {**form.changes(), **form.links()},
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("governance:decision_detail", args=[decision.pk]), "Saved the decision.")
    return _form_page(
        request,
        form,
        title="Change the decision",
        caption=str(decision),
        submit="Save",
        cancel=reverse("governance:decision_detail", args=[decision.pk]),
    )


def decision_delete(request, pk):
    decision = get_decision_for_user(request.user, pk)
    require(can_record_decisions(request.user))
    return _confirm_delete(
        request,
        decision,
        action=actions.delete_decision,
        what=f"the decision {decision}",
        caption="Decision register",
        consequence="An engagement lead can restore it from the audit log.",
        back=reverse("governance:decision_detail", args=[decision.pk]),
        after=reverse("governance:decision_list"),
    )
