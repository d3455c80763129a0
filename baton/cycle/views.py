"""Pages of the Engagement Cycle: programmes and their journey round the Cycle, stage runs with
their activities and insight, hand-overs (the baton) with their conversation, and the guide.

Every view takes four steps (core.pages): access (get_*_for_user -> 404 for another organisation,
then require(can_...) -> 403), bind (a form), act (one action from actions.py), respond (redirect,
page or, for HTMX, a partial)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe
from markupsafe import Markup

from baton.core import registry
from baton.core.forms import VersionOnlyForm
from baton.core.pages import act, advise, deleted_message, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import can_view_audit, require, require_member

from . import actions, stages
from .forms import (
    INSIGHT_LIMIT,
    ActivityForm,
    AnswerQueryForm,
    CloseRunForm,
    HandoverEditForm,
    HandoverForm,
    InsightForm,
    OpenRunForm,
    ProgrammeForm,
    QueryHandoverForm,
    ReasonForm,
)
from .models import EngagementActivity, Handover, HandoverMessage, InsightItem, Programme, StageRun
from .permissions import (
    can_change_handover,
    can_create_programme,
    can_delete_programme,
    can_edit_programme,
    can_publish_programme,
    can_reopen_run,
    can_respond_to_handover,
    can_work_on_run,
    get_activity_for_user,
    get_handover_for_user,
    get_insight_for_user,
    get_programme_for_user,
    get_run_for_user,
)


def _page(request, template, context, status=200):
    return render_page(request, template, context, status, stages=stages)


def decorate(handovers, organisation, now=None):
    """Adds `due` and `state` to each hand-over (Handover.due_by and Handover.state, given the
    organisation's limit so that no row reads the organisation)."""
    now = now or timezone.now()
    limit = organisation.handover_limit_days
    for handover in handovers:
        handover.due = handover.due_by(limit)
        handover.state_now = handover.state(now, limit)
    return handovers


# Programmes ---------------------------------------------------------------------------------------


@require_safe
def programme_list(request):
    member = require_member(request.user)
    programmes = Programme.objects.for_org(member.organisation_id).with_current_stage()
    return _page(
        request,
        "cycle/programme_list.jinja",
        {"page": paginate(request, programmes), "can_create": can_create_programme(request.user)},
    )


def programme_create(request):
    member = require_member(request.user)
    require(can_create_programme(request.user))
    form = ProgrammeForm(
        post_or_none(request),
        organisation=member.organisation,
        instance=Programme(organisation=member.organisation),
        initial={"lead": request.user.pk},
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, programme = act(form, actions.create_programme, member.organisation, by=request.user, **form.changes())
        if ok:
            url = reverse("cycle:programme_detail", args=[programme.pk])
            return done(request, url, f"Created the programme {programme}.", form=form)
    return _page(request, "cycle/programme_form.jinja", {"form": form, "programme": None})


def programme_edit(request, pk):
    programme = get_programme_for_user(request.user, pk)
    require(can_edit_programme(request.user, programme))
    form = ProgrammeForm(post_or_none(request), organisation=programme.organisation, instance=programme)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_programme,
            programme,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            message = f"Saved the programme {programme}."
            if programme.is_published and programme.has_unpublished_changes:
                message += (
                    " The public pages show the published summary until an engagement lead publishes the new one."
                )
            return done(request, reverse("cycle:programme_detail", args=[programme.pk]), message)
    return _page(request, "cycle/programme_form.jinja", {"form": form, "programme": programme})


def programme_delete(request, pk):
    programme = get_programme_for_user(request.user, pk)
    require(can_delete_programme(request.user, programme))
    if request.method == "POST":
        event = actions.delete_programme(programme, by=request.user)
        return done(
            request, reverse("cycle:programme_list"), deleted_message(request, f"the programme {programme}", event)
        )
    return _page(
        request,
        "cycle/confirm_delete.jinja",
        {
            "what": f"the programme {programme}",
            "caption": "Programme",
            "consequence": "Its stage runs, activities, insight and hand-overs are deleted with it. "
            "An engagement lead can restore them all from the audit log.",
            "cancel": reverse("cycle:programme_detail", args=[programme.pk]),
        },
    )


def programme_publish(request, pk):
    """Preview what the public pages will say, then publish it (or take it off them)."""
    programme = get_programme_for_user(request.user, pk)
    require(can_publish_programme(request.user, programme))
    form = VersionOnlyForm(post_or_none(request), initial={"version": programme.version})
    if request.method == "POST" and form.is_valid():
        unpublish = request.POST.get("action") == "unpublish"
        action = actions.unpublish_programme if unpublish else actions.publish_programme
        ok, _ = act(form, action, programme, by=request.user, expected_version=form.expected_version())
        if ok:
            said = (
                "Took the programme off the public pages."
                if unpublish
                else "Published the programme on the public pages."
            )
            return done(request, reverse("cycle:programme_detail", args=[programme.pk]), said)
    return _page(
        request,
        "cycle/programme_publish.jinja",
        {"programme": programme, "form": form, "blockers": programme.blockers_to_publishing()},
        status=409 if form.errors else 200,
    )


JOURNEY_SHOWN = 3  # runs a stage's box lists; the rest are counted and listed in the table of runs


def build_journey(runs, limit_days, now):
    """The programme's journey round the Cycle, stage by stage: what each stage box shows and says.
    `runs` are the newest of each stage, with their hand-overs joined and their stage's totals
    annotated (`StageRun.objects.latest_of_each_stage()`), so each box speaks for the stage's whole
    history, however long, without reading it."""
    by_stage = {key: [] for key in stages.KEYS}
    for run in runs:
        by_stage[run.stage].append(run)
    journey = []
    for stage in stages.STAGES:
        stage_runs = sorted(by_stage[stage.key], key=lambda r: (r.created_at, r.pk), reverse=True)
        total = stage_runs[0].stage_runs if stage_runs else 0
        live = stage_runs[0].stage_live if stage_runs else 0
        state = "current" if live else ("done" if total else "not_started")
        if state == "done" and stage_runs[0].is_dropped:
            state = "dropped"  # its latest run closed without handing over: not "done"
        items = []
        for run in stage_runs[:JOURNEY_SHOWN]:
            handover = run.handover
            if handover is not None:
                handover.state_now = handover.state(now, limit_days)
                handover.due = handover.due_by(limit_days)
            items.append({"run": run, "handover": handover})
        journey.append({"stage": stage, "state": state, "entries": items, "more": max(0, total - len(items))})
    return journey


@require_safe
def programme_detail(request, pk):
    programme = get_programme_for_user(request.user, pk)
    runs = StageRun.objects.filter(programme=programme).with_handover()
    limit = programme.organisation.handover_limit_days
    can_edit = can_edit_programme(request.user, programme)
    page = paginate(request, runs.order_by("-created_at", "-pk"))  # history: newest first, a page at a time
    decorate([run.handover for run in page.object_list if run.handover], programme.organisation)
    return _page(
        request,
        "cycle/programme_detail.jinja",
        {
            "programme": programme,
            "journey": build_journey(runs.latest_of_each_stage(JOURNEY_SHOWN), limit, timezone.now()),
            "page": page,
            "can_edit": can_edit,
            "can_delete": can_delete_programme(request.user, programme),
            "can_publish": can_publish_programme(request.user, programme),
            "can_view_audit": can_view_audit(request.user),
            "open_form": OpenRunForm(programme=programme) if can_edit else None,
            # Sections areas above add to the programme's page (its budget and spend: resources).
            "sections": [
                Markup(render_to_string(template, context, request=request))  # noqa: S704  rendered by the template engine, escaped
                for template, context in registry.page_sections(request, programme)
            ],
        },
    )


def run_open(request, pk):
    programme = get_programme_for_user(request.user, pk)
    require(can_edit_programme(request.user, programme))
    form = OpenRunForm(post_or_none(request), programme=programme)
    if request.method == "POST" and form.is_valid():
        ok, run = act(
            form,
            actions.open_stage_run,
            programme,
            form.cleaned_data["stage"],
            owner=form.cleaned_data["owner"],
            by=request.user,
        )
        if ok:
            url = reverse("cycle:run_detail", args=[run.pk])
            return done(request, url, f"Opened the {run.stage_info.label} stage run.", form=form)
    return _page(request, "cycle/run_open.jinja", {"form": form, "programme": programme})


# Stage runs ---------------------------------------------------------------------------------------


def _run_page(request, run, close_form=None, status=200):
    carried = Handover.carried_insight.through.objects.filter(insightitem_id=OuterRef("pk"))
    activities = run.activities.order_by("-start_date", "-pk")
    insight = (
        run.insight_items.select_related("activity").annotate(carried=Exists(carried)).order_by("-created_at", "-pk")
    )
    handover_out, handover_in = run.handover, getattr(run, "handover_in", None)
    decorate([h for h in (handover_out, handover_in) if h is not None], run.programme.organisation)
    can_work = can_work_on_run(request.user, run)
    is_open = run.status == StageRun.Status.OPEN
    return _page(
        request,
        "cycle/run_detail.jinja",
        {
            "run": run,
            "programme": run.programme,
            "activities": paginate(request, activities, param="activities_page"),
            "insight": paginate(request, insight, param="insight_page"),
            "handover_out": handover_out,
            "handover_in": handover_in,
            "can_work": can_work,
            "is_open": is_open,
            "is_closed": run.status == StageRun.Status.CLOSED,
            "can_reopen": can_reopen_run(request.user, run),
            "close_blockers": run.blockers_to_closing() if can_work and is_open else [],
            "close_form": close_form or VersionOnlyForm(initial={"version": run.version}),
            # Sections areas above add to the run's page (how its activities were assessed: evaluation).
            "sections": [
                Markup(render_to_string(template, context, request=request))  # noqa: S704  rendered by the template engine, escaped
                for template, context in registry.page_sections(request, run)
            ],
        },
        status=status,
    )


@require_safe
def run_detail(request, pk):
    run = get_run_for_user(request.user, pk)
    return _run_page(request, run)


def run_close(request, pk):
    """Close a run: first settle every open insight item that would otherwise be dropped, on this
    page, then close (all in one step)."""
    run = get_run_for_user(request.user, pk)
    require(can_work_on_run(request.user, run))
    # The open insight is settled on this page; the other reasons are said above the form.
    others = [b for b in run.blockers_to_closing() if "insight item" not in b]
    form = CloseRunForm(post_or_none(request), run=run, settle=not others, initial={"version": run.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.close_stage_run,
            run,
            by=request.user,
            expected_version=form.cleaned_data.get("version"),
            dispositions=form.dispositions(),
        )
        if ok:
            advise(request, run)  # what areas above say (activities not yet assessed): warnings, never refusals
            return done(
                request, reverse("cycle:run_detail", args=[run.pk]), f"Closed the {run.stage_info.label} stage run."
            )
        if request.htmx and not form.disposition_items:
            return _page(request, "cycle/_close_run.jinja", {"run": run, "close_form": form, "close_blockers": []})
    return _page(
        request,
        "cycle/run_close.jinja",
        {
            "run": run,
            "form": form,
            "blockers_other": others,
            "limit": INSIGHT_LIMIT,
        },
        status=409 if form.errors else 200,
    )


def _reason_page(request, run, *, action, label, hint, title, submit, message):
    require(can_reopen_run(request.user, run))
    form = ReasonForm(post_or_none(request), label=label, hint=hint, initial={"version": run.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            action,
            run,
            reason=form.cleaned_data["reason"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("cycle:run_detail", args=[run.pk]), message)
    return _page(
        request,
        "cycle/run_reason.jinja",
        {"run": run, "form": form, "title": title, "submit": submit},
        status=409 if form.errors and request.method == "POST" else 200,
    )


def run_reopen(request, pk):
    """A closed run is read-only until an engagement lead reopens it, saying why."""
    run = get_run_for_user(request.user, pk)
    return _reason_page(
        request,
        run,
        action=actions.reopen_stage_run,
        label="Why are you reopening this stage run?",
        hint="For example, to correct an activity's reach. The reason is kept in the run's history.",
        title="Reopen the stage run",
        submit="Reopen the stage run",
        message=f"Reopened the {run.stage_info.label} stage run.",
    )


def run_excuse(request, pk):
    """End the dropped baton of a run closed without a hand-over by recording why none is needed."""
    run = get_run_for_user(request.user, pk)
    return _reason_page(
        request,
        run,
        action=actions.excuse_stage_run,
        label="Why does this stage run need no hand-over?",
        hint="For example, the programme was stopped by the board. The reason is kept in the run's history. "
        "If what it learned should reach the next stage, hand over late instead.",
        title="Record why there is no hand-over",
        submit="Record the reason",
        message="Recorded why the stage run needs no hand-over.",
    )


def _record_form_page(request, form, *, title, caption, submit, cancel, status=200):
    return _page(
        request,
        "cycle/record_form.jinja",
        {"form": form, "title": title, "caption": caption, "submit_text": submit, "cancel": cancel},
        status=status,
    )


def _record_on_run(request, run, form, *, action, what: str, title: str, submit: str, instance=None):
    """Record (or, given `instance`, change) an activity or an insight item of a run: the same four
    steps for both."""
    require(can_work_on_run(request.user, run))
    if request.method == "POST" and form.is_valid():
        if instance is None:
            ok, record = act(form, action, run, by=request.user, **form.changes())
        else:
            ok, record = act(
                form, action, instance, form.changes(), by=request.user, expected_version=form.cleaned_data["version"]
            )
        if ok:
            said = f"Recorded the {what} {record}." if instance is None else f"Saved the {what} {instance}."
            return done(request, reverse("cycle:run_detail", args=[run.pk]), said, form=form)
    return _record_form_page(
        request, form, title=title, caption=str(run), submit=submit, cancel=reverse("cycle:run_detail", args=[run.pk])
    )


def activity_create(request, pk):
    run = get_run_for_user(request.user, pk)
    form = ActivityForm(post_or_none(request), once=True)
    return _record_on_run(
        request,
        run,
        form,
        action=actions.record_activity,
        what="activity",
        title="Record an activity",
        submit="Record activity",
    )


def activity_edit(request, pk):
    activity = get_activity_for_user(request.user, pk)
    form = ActivityForm(post_or_none(request), instance=activity)
    return _record_on_run(
        request,
        activity.stage_run,
        form,
        action=actions.update_activity,
        what="activity",
        title="Change an activity",
        submit="Save activity",
        instance=activity,
    )


def _delete_page(request, obj, run, *, action, what, consequence):
    require(can_work_on_run(request.user, run))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, action, obj, by=request.user)
        if ok:
            return done(request, reverse("cycle:run_detail", args=[run.pk]), deleted_message(request, what, event))
    return _page(
        request,
        "cycle/confirm_delete.jinja",
        {
            "what": what,
            "caption": str(run),
            "consequence": consequence,
            "form": form,
            "cancel": reverse("cycle:run_detail", args=[run.pk]),
        },
        status=409 if form.errors else 200,
    )


def activity_delete(request, pk):
    activity = get_activity_for_user(request.user, pk)
    return _delete_page(
        request,
        activity,
        activity.stage_run,
        action=actions.delete_activity,
        what=f"the activity {activity}",
        consequence="Insight recorded from it stays, no longer linked to an activity.",
    )


def insight_create(request, pk):
    run = get_run_for_user(request.user, pk)
    form = InsightForm(post_or_none(request), run=run, once=True)
    return _record_on_run(
        request,
        run,
        form,
        action=actions.record_insight,
        what="insight",
        title="Record insight",
        submit="Record insight",
    )


def insight_edit(request, pk):
    item = get_insight_for_user(request.user, pk)
    form = InsightForm(post_or_none(request), instance=item, run=item.stage_run)
    return _record_on_run(
        request,
        item.stage_run,
        form,
        action=actions.update_insight,
        what="insight",
        title="Change insight",
        submit="Save insight",
        instance=item,
    )


def insight_delete(request, pk):
    item = get_insight_for_user(request.user, pk)
    return _delete_page(
        request,
        item,
        item.stage_run,
        action=actions.delete_insight,
        what=f"the insight {item}",
        consequence="It is no longer carried forward by any hand-over.",
    )


# Hand-overs ---------------------------------------------------------------------------------------


def handover_create(request, pk):
    run = get_run_for_user(request.user, pk)
    require(can_work_on_run(request.user, run))
    if run.handover is not None:
        messages.info(
            request, "This stage run has already handed over. You can change that hand-over until it is accepted."
        )
        return redirect("cycle:handover_detail", pk=run.handover.pk)
    form = HandoverForm(post_or_none(request), run=run)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, handover = act(
            form,
            actions.hand_over,
            run,
            to_stage=data["to_stage"],
            next_owner=data["next_owner"],
            summary=data["summary"],
            open_actions=data["open_actions"],
            dispositions=form.dispositions(),
            by=request.user,
        )
        if ok:
            return done(
                request,
                reverse("cycle:handover_detail", args=[handover.pk]),
                f"Handed over to {stages.label(handover.to_stage)}. {handover.next_owner} has been asked to accept it.",
                form=form,
            )
    return _page(request, "cycle/handover_form.jinja", {"form": form, "run": run, "limit": INSIGHT_LIMIT})


def _handover_page(request, handover, *, query_form=None, accept_form=None, status=200, partial=False):
    decorate([handover], handover.from_run.programme.organisation)
    waiting = handover.status != Handover.Status.ACCEPTED
    context = {
        "handover": handover,
        "can_respond": can_respond_to_handover(request.user, handover) and waiting,
        "can_change": can_change_handover(request.user, handover) and waiting,
        "accept_form": accept_form or VersionOnlyForm(initial={"version": handover.version}),
        "query_form": query_form or QueryHandoverForm(initial={"version": handover.version}),
    }
    if partial:
        return _page(request, "cycle/_handover_response.jinja", context)
    carried = handover.carried_insight.select_related("stage_run").order_by("-created_at", "-pk")
    context["insight"] = paginate(request, carried)
    context["conversation"] = paginate(
        request, HandoverMessage.objects.filter(handover=handover).select_related("author"), param="messages_page"
    )
    return _page(request, "cycle/handover_detail.jinja", context, status=status)


@require_safe
def handover_detail(request, pk):
    handover = get_handover_for_user(request.user, pk)
    return _handover_page(request, handover)


@require_POST
def handover_accept(request, pk):
    handover = get_handover_for_user(request.user, pk)
    require(can_respond_to_handover(request.user, handover), "Only the next owner can accept this hand-over.")
    form = VersionOnlyForm(request.POST)
    ok, _ = act(form, actions.accept_handover, handover, by=request.user, expected_version=form.expected_version())
    if ok:
        return done(
            request,
            reverse("cycle:run_detail", args=[handover.to_run_id]),
            f"Accepted the hand-over. The {stages.label(handover.to_stage)} stage run is open, and the sender has been told.",
        )
    return _handover_page(request, handover, accept_form=form, status=409, partial=request.htmx)


@require_POST
def handover_query(request, pk):
    handover = get_handover_for_user(request.user, pk)
    require(can_respond_to_handover(request.user, handover), "Only the next owner can query this hand-over.")
    form = QueryHandoverForm(request.POST)
    if form.is_valid():
        ok, _ = act(
            form,
            actions.query_handover,
            handover,
            note=form.cleaned_data["note"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(
                request,
                reverse("cycle:handover_detail", args=[handover.pk]),
                "Sent your query. The sender has been asked to answer it.",
                form=form,
            )
    return _handover_page(request, handover, query_form=form, status=409 if form.errors else 200, partial=request.htmx)


def handover_answer(request, pk):
    """The sender answers the next owner's query, seeing the whole conversation."""
    handover = get_handover_for_user(request.user, pk)
    require(can_change_handover(request.user, handover))
    form = AnswerQueryForm(
        post_or_none(request),
        initial={"version": handover.version, "summary": handover.summary, "open_actions": handover.open_actions},
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.answer_query,
            handover,
            answer=form.cleaned_data["answer"],
            changes=form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(
                request,
                reverse("cycle:handover_detail", args=[handover.pk]),
                f"Sent your answer. {handover.next_owner} has been asked again to accept the hand-over.",
                form=form,
            )
    conversation = HandoverMessage.objects.filter(handover=handover).select_related("author")
    return _page(
        request,
        "cycle/handover_answer.jinja",
        {
            "handover": handover,
            "form": form,
            "conversation": conversation,
            "blockers": handover.blockers_to_answering(),
        },
        status=409 if form.errors and request.method == "POST" else 200,
    )


def handover_edit(request, pk):
    handover = get_handover_for_user(request.user, pk)
    require(can_change_handover(request.user, handover))
    form = HandoverEditForm(
        post_or_none(request), instance=handover, organisation=handover.from_run.programme.organisation
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_handover,
            handover,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(
                request,
                reverse("cycle:handover_detail", args=[handover.pk]),
                f"Saved the hand-over. {handover.next_owner} is the next owner.",
            )
    return _record_form_page(
        request,
        form,
        title="Change the hand-over",
        caption=str(handover.from_run),
        submit="Save hand-over",
        cancel=reverse("cycle:handover_detail", args=[handover.pk]),
    )


HANDOVER_FILTERS = {
    "waiting": "Waiting for me",
    "queried": "Queries I must answer",
    "sent": "Sent by me, waiting",
    "overdue": "Overdue",
    "all": "All",
}


@require_safe
def handover_list(request):
    member = require_member(request.user)
    organisation = member.organisation
    show = request.GET.get("show", "all")
    if show not in HANDOVER_FILTERS:
        raise Http404("No such filter")
    handovers = Handover.objects.for_org(organisation).with_parties().order_by("-created_at", "-pk")
    me = request.user
    sent_by_me = {"created_by": me}
    if show == "waiting":
        handovers = handovers.filter(next_owner=me, status=Handover.Status.PENDING)
    elif show == "queried":
        handovers = handovers.filter(status=Handover.Status.QUERIED, **sent_by_me)
    elif show == "sent":
        handovers = handovers.filter(status=Handover.Status.PENDING, **sent_by_me)
    elif show == "overdue":
        handovers = Handover.objects.overdue(organisation).with_parties()
    page = paginate(request, handovers)
    decorate(page.object_list, organisation)
    return _page(request, "cycle/handover_list.jinja", {"page": page, "show": show, "filters": HANDOVER_FILTERS})


# The guide ------------------------------------------------------------------------------------------


@require_safe
def guide(request):
    """How Baton works, for someone new to the Engagement Cycle."""
    require_member(request.user)
    return _page(
        request,
        "cycle/guide.jinja",
        {
            "ladder": EngagementActivity.Ladder.choices,
            "limit": request.organisation.handover_limit_days,
            "statuses": InsightItem.Status.choices,
        },
    )
