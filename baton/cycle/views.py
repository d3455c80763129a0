"""Pages of the Engagement Cycle: programmes, their journey round the Cycle, stage runs with their
activities and insight, hand-overs (the baton) and the hub dashboard.

Every view takes four steps: access (get_*_for_user -> 404 for another organisation, then
require(can_...) -> 403), bind (a form), act (one action from actions.py), respond (redirect, page
or, for HTMX, a partial)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from baton.core.errors import RuleBroken
from baton.core.paging import paginate
from baton.core.permissions import can_view_audit, require, require_member

from . import actions, stages
from . import hub as hub_elements
from .forms import (
    HANDOVER_INSIGHT_LIMIT,
    ActivityForm,
    HandoverEditForm,
    HandoverForm,
    InsightForm,
    OpenRunForm,
    ProgrammeForm,
    QueryHandoverForm,
    VersionOnlyForm,
)
from .models import Handover, InsightItem, Programme, StageRun
from .permissions import (
    can_change_handover,
    can_create_programme,
    can_delete_programme,
    can_edit_programme,
    can_respond_to_handover,
    can_work_on_run,
    get_activity_for_user,
    get_handover_for_user,
    get_insight_for_user,
    get_programme_for_user,
    get_run_for_user,
)

WAITING = [Handover.Status.PENDING, Handover.Status.QUERIED]


# Helpers ------------------------------------------------------------------------------------------


def _render(request, template, context, status=200):
    return render(request, template, {"stages": stages, **context}, status=status)


def _post_or_none(request):
    return request.POST if request.method == "POST" else None


def _act(form, action, *args, **kwargs):
    """Run one action. A broken rule (or a stale edit) goes into the form's error summary and
    nothing is saved. Returns (done, result)."""
    try:
        return True, action(*args, **kwargs)
    except RuleBroken as exc:
        form.add_error(None, exc.reasons)
    except ValidationError as exc:
        form.add_error(None, exc.messages)
    return False, None


def _done(request, url, message):
    """A change worked: say so and go to `url` (a full redirect for HTMX too, so the page and its
    message are fresh)."""
    messages.success(request, message)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _deleted_message(request, what, event):
    if can_view_audit(request.user):
        return format_html(
            'Deleted {}. <a href="{}">Restore it from its audit record</a>.',
            what,
            reverse("core:audit_event", args=[event.pk]),
        )
    return f"Deleted {what}. An engagement lead can restore it from the audit log."


def handover_state(handover, limit_days, now):
    """accepted, overdue (a dropped baton: not accepted within the organisation's limit), queried
    or pending. Computed from the organisation's limit, with no query."""
    if handover.status == Handover.Status.ACCEPTED:
        return "accepted"
    if handover.created_at < now - timedelta(days=limit_days):
        return "overdue"
    return handover.status


def _decorate(handovers, organisation, now=None):
    """Adds `due` and `state` to each hand-over, from the organisation's limit (no query a row)."""
    now = now or timezone.now()
    for handover in handovers:
        handover.due = handover.created_at + timedelta(days=organisation.handover_limit_days)
        handover.state = handover_state(handover, organisation.handover_limit_days, now)
    return handovers


def _handover_of(run):
    return getattr(run, "handover_out", None)


# Programmes ---------------------------------------------------------------------------------------


def programme_list(request):
    member = require_member(request.user)
    programmes = Programme.objects.for_org(member.organisation_id).with_current_stage().order_by("name", "pk")
    return _render(
        request,
        "cycle/programme_list.jinja",
        {
            "page": paginate(request, programmes),
            "can_create": can_create_programme(request.user),
        },
    )


def programme_create(request):
    member = require_member(request.user)
    require(can_create_programme(request.user))
    form = ProgrammeForm(
        _post_or_none(request),
        organisation=member.organisation,
        instance=Programme(organisation=member.organisation),
        initial={"lead": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        done, programme = _act(form, actions.create_programme, member.organisation, by=request.user, **form.changes())
        if done:
            return _done(
                request, reverse("cycle:programme_detail", args=[programme.pk]), f"Created the programme {programme}."
            )
    return _render(request, "cycle/programme_form.jinja", {"form": form, "programme": None})


def programme_edit(request, pk):
    programme = get_programme_for_user(request.user, pk)
    require(can_edit_programme(request.user, programme))
    form = ProgrammeForm(_post_or_none(request), organisation=programme.organisation, instance=programme)
    if request.method == "POST" and form.is_valid():
        done, _ = _act(
            form,
            actions.update_programme,
            programme,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if done:
            return _done(
                request, reverse("cycle:programme_detail", args=[programme.pk]), f"Saved the programme {programme}."
            )
    return _render(request, "cycle/programme_form.jinja", {"form": form, "programme": programme})


def programme_delete(request, pk):
    programme = get_programme_for_user(request.user, pk)
    require(can_delete_programme(request.user, programme))
    if request.method == "POST":
        event = actions.delete_programme(programme, by=request.user)
        return _done(
            request, reverse("cycle:programme_list"), _deleted_message(request, f"the programme {programme}", event)
        )
    return _render(
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
        items = []
        for run in stage_runs[:JOURNEY_SHOWN]:
            handover = _handover_of(run)
            if handover is not None:
                handover.state = handover_state(handover, limit_days, now)
                handover.due = handover.created_at + timedelta(days=limit_days)
            items.append({"run": run, "handover": handover})
        journey.append({"stage": stage, "state": state, "entries": items, "more": max(0, total - len(items))})
    return journey


def programme_detail(request, pk):
    programme = get_programme_for_user(request.user, pk)
    runs = StageRun.objects.filter(programme=programme).with_handover()
    limit = programme.organisation.handover_limit_days
    can_edit = can_edit_programme(request.user, programme)
    page = paginate(request, runs.order_by("-created_at", "-pk"))  # history: newest first, a page at a time
    for run in page.object_list:
        run.handover = _handover_of(run)
    _decorate([run.handover for run in page.object_list if run.handover], programme.organisation)
    return _render(
        request,
        "cycle/programme_detail.jinja",
        {
            "programme": programme,
            "journey": build_journey(runs.latest_of_each_stage(JOURNEY_SHOWN), limit, timezone.now()),
            "page": page,
            "can_edit": can_edit,
            "can_delete": can_delete_programme(request.user, programme),
            "can_view_audit": can_view_audit(request.user),
            "open_form": OpenRunForm(programme=programme) if can_edit else None,
        },
    )


def run_open(request, pk):
    programme = get_programme_for_user(request.user, pk)
    require(can_edit_programme(request.user, programme))
    form = OpenRunForm(_post_or_none(request), programme=programme)
    if request.method == "POST" and form.is_valid():
        done, run = _act(
            form,
            actions.open_stage_run,
            programme,
            form.cleaned_data["stage"],
            owner=form.cleaned_data["owner"],
            by=request.user,
        )
        if done:
            return _done(
                request, reverse("cycle:run_detail", args=[run.pk]), f"Opened the {run.stage_info.label} stage run."
            )
    return _render(request, "cycle/run_open.jinja", {"form": form, "programme": programme})


# Stage runs ---------------------------------------------------------------------------------------


def _run_page(request, run, close_form=None, status=200):
    carried = Handover.carried_insight.through.objects.filter(insightitem_id=OuterRef("pk"))
    activities = run.activities.order_by("-start_date", "-pk")
    insight = (
        run.insight_items.select_related("activity").annotate(carried=Exists(carried)).order_by("-created_at", "-pk")
    )
    limit = run.programme.organisation.handover_limit_days
    now = timezone.now()
    handover_out, handover_in = _handover_of(run), getattr(run, "handover_in", None)
    _decorate([h for h in (handover_out, handover_in) if h is not None], run.programme.organisation, now)
    can_work = can_work_on_run(request.user, run)
    return _render(
        request,
        "cycle/run_detail.jinja",
        {
            "run": run,
            "programme": run.programme,
            "limit": limit,
            "activities": paginate(request, activities, param="activities_page"),
            "insight": paginate(request, insight, param="insight_page"),
            "handover_out": handover_out,
            "handover_in": handover_in,
            "can_work": can_work,
            "is_open": run.status == StageRun.Status.OPEN,
            "close_form": close_form or VersionOnlyForm(initial={"version": run.version}),
        },
        status=status,
    )


def run_detail(request, pk):
    run = get_run_for_user(request.user, pk)
    return _run_page(request, run)


@require_POST
def run_close(request, pk):
    run = get_run_for_user(request.user, pk)
    require(can_work_on_run(request.user, run))
    form = VersionOnlyForm(request.POST)
    done, _ = _act(form, actions.close_stage_run, run, by=request.user, expected_version=form.expected_version())
    if done:
        return _done(
            request, reverse("cycle:run_detail", args=[run.pk]), f"Closed the {run.stage_info.label} stage run."
        )
    if request.htmx:
        return _render(request, "cycle/_close_run.jinja", {"run": run, "close_form": form})
    return _run_page(request, run, close_form=form, status=409)


def _record_form_page(request, form, *, title, caption, submit, cancel, status=200):
    return _render(
        request,
        "cycle/record_form.jinja",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "submit_text": submit,
            "cancel": cancel,
        },
        status=status,
    )


def activity_create(request, pk):
    run = get_run_for_user(request.user, pk)
    require(can_work_on_run(request.user, run))
    form = ActivityForm(_post_or_none(request))
    if request.method == "POST" and form.is_valid():
        done, activity = _act(form, actions.record_activity, run, by=request.user, **form.changes())
        if done:
            return _done(request, reverse("cycle:run_detail", args=[run.pk]), f"Recorded the activity {activity}.")
    return _record_form_page(
        request,
        form,
        title="Record an activity",
        caption=str(run),
        submit="Record activity",
        cancel=reverse("cycle:run_detail", args=[run.pk]),
    )


def activity_edit(request, pk):
    activity = get_activity_for_user(request.user, pk)
    run = activity.stage_run
    require(can_work_on_run(request.user, run))
    form = ActivityForm(_post_or_none(request), instance=activity)
    if request.method == "POST" and form.is_valid():
        done, _ = _act(
            form,
            actions.update_activity,
            activity,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if done:
            return _done(request, reverse("cycle:run_detail", args=[run.pk]), f"Saved the activity {activity}.")
    return _record_form_page(
        request,
        form,
        title="Change an activity",
        caption=str(run),
        submit="Save activity",
        cancel=reverse("cycle:run_detail", args=[run.pk]),
    )


def activity_delete(request, pk):
    activity = get_activity_for_user(request.user, pk)
    run = activity.stage_run
    require(can_work_on_run(request.user, run))
    if request.method == "POST":
        event = actions.delete_activity(activity, by=request.user)
        return _done(
            request,
            reverse("cycle:run_detail", args=[run.pk]),
            _deleted_message(request, f"the activity {activity}", event),
        )
    return _render(
        request,
        "cycle/confirm_delete.jinja",
        {
            "what": f"the activity {activity}",
            "caption": str(run),
            "consequence": "Insight recorded from it stays, no longer linked to an activity.",
            "cancel": reverse("cycle:run_detail", args=[run.pk]),
        },
    )


def insight_create(request, pk):
    run = get_run_for_user(request.user, pk)
    require(can_work_on_run(request.user, run))
    form = InsightForm(_post_or_none(request), run=run)
    if request.method == "POST" and form.is_valid():
        done, item = _act(form, actions.record_insight, run, by=request.user, **form.changes())
        if done:
            return _done(request, reverse("cycle:run_detail", args=[run.pk]), f"Recorded the insight {item}.")
    return _record_form_page(
        request,
        form,
        title="Record insight",
        caption=str(run),
        submit="Record insight",
        cancel=reverse("cycle:run_detail", args=[run.pk]),
    )


def insight_edit(request, pk):
    item = get_insight_for_user(request.user, pk)
    run = item.stage_run
    require(can_work_on_run(request.user, run))
    form = InsightForm(_post_or_none(request), instance=item, run=run)
    if request.method == "POST" and form.is_valid():
        done, _ = _act(
            form,
            actions.update_insight,
            item,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if done:
            return _done(request, reverse("cycle:run_detail", args=[run.pk]), f"Saved the insight {item}.")
    return _record_form_page(
        request,
        form,
        title="Change insight",
        caption=str(run),
        submit="Save insight",
        cancel=reverse("cycle:run_detail", args=[run.pk]),
    )


def insight_delete(request, pk):
    item = get_insight_for_user(request.user, pk)
    run = item.stage_run
    require(can_work_on_run(request.user, run))
    if request.method == "POST":
        event = actions.delete_insight(item, by=request.user)
        return _done(
            request, reverse("cycle:run_detail", args=[run.pk]), _deleted_message(request, f"the insight {item}", event)
        )
    return _render(
        request,
        "cycle/confirm_delete.jinja",
        {
            "what": f"the insight {item}",
            "caption": str(run),
            "consequence": "It is no longer carried forward by any hand-over.",
            "cancel": reverse("cycle:run_detail", args=[run.pk]),
        },
    )


# Hand-overs ---------------------------------------------------------------------------------------


def handover_create(request, pk):
    run = get_run_for_user(request.user, pk)
    require(can_work_on_run(request.user, run))
    if _handover_of(run) is not None:
        messages.info(
            request, "This stage run has already handed over. You can change that hand-over until it is accepted."
        )
        return redirect("cycle:handover_detail", pk=run.handover_out.pk)
    form = HandoverForm(_post_or_none(request), run=run)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, handover = _act(
            form,
            actions.hand_over,
            run,
            to_stage=data["to_stage"],
            next_owner=data["next_owner"],
            summary=data["summary"],
            open_actions=data["open_actions"],
            insight=form.carried_items(),
            by=request.user,
        )
        if done:
            return _done(
                request,
                reverse("cycle:handover_detail", args=[handover.pk]),
                f"Handed over to {stages.label(handover.to_stage)}. {handover.next_owner} has been asked to accept it.",
            )
    return _render(request, "cycle/handover_form.jinja", {"form": form, "run": run, "limit": HANDOVER_INSIGHT_LIMIT})


def _handover_page(request, handover, *, accept_form=None, query_form=None, status=200, partial=False):
    _decorate([handover], handover.from_run.programme.organisation)
    context = {
        "handover": handover,
        "can_respond": can_respond_to_handover(request.user, handover) and handover.status != Handover.Status.ACCEPTED,
        "can_change": can_change_handover(request.user, handover) and handover.status != Handover.Status.ACCEPTED,
        "accept_form": accept_form or VersionOnlyForm(initial={"version": handover.version}),
        "query_form": query_form or QueryHandoverForm(initial={"version": handover.version}),
    }
    if partial:
        return _render(request, "cycle/_handover_response.jinja", context)
    carried = handover.carried_insight.select_related("stage_run").order_by("-created_at", "-pk")
    context["insight"] = paginate(request, carried)
    return _render(request, "cycle/handover_detail.jinja", context, status=status)


def handover_detail(request, pk):
    handover = get_handover_for_user(request.user, pk)
    return _handover_page(request, handover)


@require_POST
def handover_accept(request, pk):
    handover = get_handover_for_user(request.user, pk)
    require(can_respond_to_handover(request.user, handover))
    form = VersionOnlyForm(request.POST)
    done, _ = _act(form, actions.accept_handover, handover, by=request.user, expected_version=form.expected_version())
    if done:
        return _done(
            request,
            reverse("cycle:run_detail", args=[handover.to_run_id]),
            f"Accepted the hand-over. The {stages.label(handover.to_stage)} stage run is open.",
        )
    return _handover_page(request, handover, accept_form=form, status=409, partial=request.htmx)


@require_POST
def handover_query(request, pk):
    handover = get_handover_for_user(request.user, pk)
    require(can_respond_to_handover(request.user, handover))
    form = QueryHandoverForm(request.POST)
    if form.is_valid():
        done, _ = _act(
            form,
            actions.query_handover,
            handover,
            note=form.cleaned_data["note"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if done:
            return _done(
                request,
                reverse("cycle:handover_detail", args=[handover.pk]),
                "Sent your query. The sender has been asked to answer it.",
            )
    return _handover_page(request, handover, query_form=form, partial=request.htmx)


def handover_edit(request, pk):
    handover = get_handover_for_user(request.user, pk)
    require(can_change_handover(request.user, handover))
    form = HandoverEditForm(
        _post_or_none(request), instance=handover, organisation=handover.from_run.programme.organisation
    )
    if request.method == "POST" and form.is_valid():
        done, _ = _act(
            form,
            actions.update_handover,
            handover,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if done:
            return _done(
                request,
                reverse("cycle:handover_detail", args=[handover.pk]),
                f"Saved the hand-over. {handover.next_owner} has been asked to accept it.",
            )
    return _record_form_page(
        request,
        form,
        title="Change the hand-over",
        caption=str(handover.from_run),
        submit="Save hand-over",
        cancel=reverse("cycle:handover_detail", args=[handover.pk]),
    )


HANDOVER_FILTERS = {"waiting": "Waiting for me", "overdue": "Overdue", "all": "All"}


def handover_list(request):
    member = require_member(request.user)
    organisation = member.organisation
    show = request.GET.get("show", "all")
    if show not in HANDOVER_FILTERS:
        raise Http404("No such filter")
    handovers = Handover.objects.for_org(organisation).with_parties()
    if show == "waiting":
        handovers = handovers.filter(next_owner=request.user, status__in=WAITING)
    elif show == "overdue":
        handovers = handovers.overdue(organisation)
    page = paginate(request, handovers.order_by("-created_at", "-pk"))
    _decorate(page.object_list, organisation)
    return _render(request, "cycle/handover_list.jinja", {"page": page, "show": show, "filters": HANDOVER_FILTERS})


# The hub ------------------------------------------------------------------------------------------


def hub(request):
    member = require_member(request.user)
    organisation = member.organisation
    overdue = paginate(
        request,
        Handover.objects.overdue(organisation).with_parties().order_by("created_at", "pk"),
        param="overdue_page",
    )
    closed = paginate(
        request,
        StageRun.objects.for_org(organisation)
        .closed_without_handover()
        .select_related("programme", "owner")
        .order_by("-closed_on", "-pk"),
        param="closed_page",
    )
    dropped_insight = InsightItem.objects.for_org(organisation).dropped()
    counted = hub_elements.Counted(dropped_insight=dropped_insight.count())  # for the list and element 5: counted once
    dropped = paginate(
        request,
        dropped_insight.select_related("stage_run", "stage_run__programme").order_by("created_at", "pk"),
        param="insight_page",
        count=counted.dropped_insight,
    )
    waiting = paginate(
        request,
        Handover.objects.for_org(organisation)
        .with_parties()
        .filter(next_owner=request.user, status__in=WAITING)
        .order_by("created_at", "pk"),
        param="waiting_page",
    )
    _decorate(overdue.object_list, organisation)
    _decorate(waiting.object_list, organisation)
    return _render(
        request,
        "cycle/hub.jinja",
        {
            "organisation": organisation,
            "elements": hub_elements.statuses(organisation, counted=counted),
            "overdue": overdue,
            "closed": closed,
            "dropped": dropped,
            "waiting": waiting,
            "dropped_total": overdue.paginator.count + closed.paginator.count + dropped.paginator.count,
        },
    )
