"""Pages of assessing engagement: the activities to assess (with filters), the assessment form,
an assessment's page (change, delete) and a programme's roll-up. Four steps a view (core.pages):
access, bind, act, respond."""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from baton.core.forms import VersionOnlyForm
from baton.core.pages import act, deleted_message, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import require_member
from baton.cycle import stages
from baton.cycle.models import EngagementActivity, Programme, StageRun

from . import actions
from .forms import AssessmentForm
from .models import Rating, assessable, blockers_to_assessing
from .permissions import (
    can_assess,
    get_activity_to_assess,
    get_assessment_for_user,
    get_assessment_to_change,
    get_programme_for_user,
    may_assess,
    require_reader,
)
from .rollup import rollup, rollups_by_run, summary

SHOW = {
    "to_assess": "To assess",
    "assessed": "Assessed",
    "not_yet": "Not ready to assess",
    "all": "All activities",
}


def _page(request, template, context, status_code=200):
    return render_page(
        request, template, context, status_code, ratings=Rating.choices, may_assess=may_assess(request.user)
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_safe
def index(request):
    """Activities of the organisation with where each stands: to assess, assessed, not ready."""
    member = require_member(request.user)
    require_reader(request.user)
    today = timezone.localdate()
    show = request.GET.get("show") or "to_assess"
    show = show if show in SHOW else "to_assess"
    activities = (
        EngagementActivity.objects.for_org(member.organisation_id)
        .select_related("stage_run", "stage_run__programme", "assessment")
        .annotate(ready=ExpressionWrapper(assessable(today), output_field=BooleanField()))
    )
    if show == "to_assess":
        activities = activities.filter(assessable(today), assessment__isnull=True)
    elif show == "assessed":
        activities = activities.filter(assessment__isnull=False)
    elif show == "not_yet":
        activities = activities.exclude(assessable(today)).filter(assessment__isnull=True)
    programmes = list(
        Programme.objects.for_org(member.organisation_id).order_by("name", "pk").values_list("pk", "name")
    )
    programme = _int(request.GET.get("programme"))
    if programme is not None:
        activities = activities.filter(stage_run__programme_id=programme)
    stage = request.GET.get("stage") or ""
    stage = stage if stage in dict(stages.CHOICES) else ""
    if stage:
        activities = activities.filter(stage_run__stage=stage)
    page = paginate(request, activities.order_by("-start_date", "-pk"))
    return _page(
        request,
        "evaluation/index.jinja",
        {
            "page": page,
            "show": show,
            "filters": SHOW,
            "programmes": programmes,
            "programme": programme,
            "stages": stages.CHOICES,
            "stage": stage,
            "can_assess": {a.pk: can_assess(request.user, a) for a in page.object_list},
        },
    )


def assess(request, pk):
    activity = get_activity_to_assess(request.user, pk)
    blockers = blockers_to_assessing(activity, timezone.localdate())
    form = AssessmentForm(post_or_none(request), once=True)
    if request.method == "POST" and form.is_valid():
        ok, assessment = act(form, actions.assess_activity, activity, by=request.user, **form.changes())
        if ok:
            url = reverse("evaluation:assessment_detail", args=[assessment.pk])
            return done(request, url, f"Assessed {activity}.", form=form)
    return _page(
        request,
        "evaluation/assess.jinja",
        {"form": form, "activity": activity, "run": activity.stage_run, "blockers": blockers, "editing": False},
    )


@require_safe
def assessment_detail(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    return _page(
        request,
        "evaluation/assessment_detail.jinja",
        {
            "assessment": assessment,
            "activity": assessment.activity,
            "run": assessment.activity.stage_run,
            "can_change": can_assess(request.user, assessment.activity),
        },
    )


def assessment_edit(request, pk):
    assessment = get_assessment_to_change(request.user, pk)
    form = AssessmentForm(post_or_none(request), instance=assessment)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_assessment,
            assessment,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            url = reverse("evaluation:assessment_detail", args=[assessment.pk])
            return done(request, url, f"Saved the assessment of {assessment.activity}.")
    return _page(
        request,
        "evaluation/assess.jinja",
        {"form": form, "activity": assessment.activity, "run": assessment.activity.stage_run, "editing": True},
    )


def assessment_delete(request, pk):
    assessment = get_assessment_to_change(request.user, pk)
    form = VersionOnlyForm(post_or_none(request), initial={"version": assessment.version})
    if request.method == "POST" and form.is_valid():
        ok, event = act(
            form, actions.delete_assessment, assessment, by=request.user, expected_version=form.expected_version()
        )
        if ok:
            return done(request, reverse("evaluation:index"), deleted_message(request, str(assessment), event))
    return _page(
        request,
        "evaluation/confirm_delete.jinja",
        {"form": form, "assessment": assessment, "cancel": reverse("evaluation:assessment_detail", args=[pk])},
        status_code=409 if form.errors else 200,
    )


@require_safe
def programme_rollup(request, programme_id):
    """A programme's assessments rolled up: overall, stage run by stage run, and the activities."""
    programme = get_programme_for_user(request.user, programme_id)
    activities = EngagementActivity.objects.filter(stage_run__programme=programme)
    by_run = rollups_by_run(activities)
    runs = StageRun.objects.filter(programme=programme).order_by("-created_at", "-pk")
    listed = paginate(
        request,
        activities.select_related("stage_run", "assessment").order_by("-start_date", "-pk"),
        param="activities_page",
    )
    return _page(
        request,
        "evaluation/programme_rollup.jinja",
        {
            "programme": programme,
            "rollup": rollup(activities),
            "runs": [(run, by_run.get(run.pk)) for run in runs],
            "activities": listed,
            "summary": summary,
        },
    )
