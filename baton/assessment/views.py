"""Pages of the self-assessment: the periods, one assessment with its ratings by framework, rating
an item (score, evidence, actions), completing, and the trend across periods. Four steps a view
(core.pages): access, bind, act, respond."""

from __future__ import annotations

from django.urls import reverse
from django.views.decorators.http import require_safe

from baton.core.forms import VersionOnlyForm
from baton.core.pages import act, deleted_message, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import require, require_member

from . import actions, trend
from .forms import ActionForm, AssessmentForm, RatingForm
from .models import Action, Assessment, Framework, Rating
from .permissions import (
    can_edit_assessments,
    get_action_for_user,
    get_assessment_for_user,
    get_item,
    get_rating_for_user,
)


@require_safe
def assessment_list(request):
    member = require_member(request.user)
    assessments = Assessment.objects.for_org(member.organisation_id).with_scores()
    return render_page(
        request,
        "assessment/assessment_list.jinja",
        {"page": paginate(request, assessments), "can_edit": can_edit_assessments(request.user)},
    )


def assessment_create(request):
    member = require_member(request.user)
    require(can_edit_assessments(request.user))
    form = AssessmentForm(
        post_or_none(request),
        organisation=member.organisation,
        instance=Assessment(organisation=member.organisation),
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, made = act(form, actions.create_assessment, member.organisation, by=request.user, **form.changes())
        if ok:
            url = reverse("assessment:assessment_detail", args=[made.pk])
            return done(request, url, f"Started the self-assessment for {made.period}.", form=form)
    return render_page(request, "assessment/assessment_form.jinja", {"form": form, "assessment": None})


@require_safe
def assessment_detail(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    ratings = {r.item_id: r for r in Rating.objects.filter(assessment=assessment).with_detail()}
    frameworks = list(Framework.objects.prefetch_related("items", "levels").order_by("order", "pk"))
    can_edit = can_edit_assessments(request.user) and not assessment.is_completed
    return render_page(
        request,
        "assessment/assessment_detail.jinja",
        {
            "assessment": assessment,
            "frameworks": frameworks,
            "ratings": ratings,
            "labels": {f.pk: {lv.score: lv.label for lv in f.levels.all()} for f in frameworks},
            "can_edit": can_edit,
            "complete_blockers": assessment.blockers_to_completing() if can_edit else [],
            "complete_form": VersionOnlyForm(initial={"version": assessment.version}),
        },
    )


def assessment_edit(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    require(can_edit_assessments(request.user))
    form = AssessmentForm(post_or_none(request), organisation=assessment.organisation, instance=assessment)
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
            url = reverse("assessment:assessment_detail", args=[assessment.pk])
            return done(request, url, f"Saved the self-assessment for {assessment.period}.")
    return render_page(request, "assessment/assessment_form.jinja", {"form": form, "assessment": assessment})


def assessment_delete(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    require(can_edit_assessments(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_assessment, assessment, by=request.user)
        if ok:
            message = deleted_message(request, f"the self-assessment for {assessment.period}", event)
            return done(request, reverse("assessment:assessment_list"), message)
    return render_page(
        request,
        "assessment/confirm_delete.jinja",
        {
            "form": form,
            "what": f"the self-assessment for {assessment.period}",
            "consequence": "Its ratings and actions are deleted with it. An engagement lead can restore them "
            "from the audit log.",
            "cancel": reverse("assessment:assessment_detail", args=[assessment.pk]),
        },
        status=409 if form.errors else 200,
    )


def assessment_complete(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    require(can_edit_assessments(request.user))
    form = VersionOnlyForm(post_or_none(request), initial={"version": assessment.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form, actions.complete_assessment, assessment, by=request.user, expected_version=form.expected_version()
        )
        if ok:
            url = reverse("assessment:assessment_detail", args=[assessment.pk])
            return done(request, url, f"Completed the self-assessment for {assessment.period}. It is now read-only.")
    return render_page(
        request,
        "assessment/assessment_complete.jinja",
        {"assessment": assessment, "form": form, "blockers": assessment.blockers_to_completing()},
        status=409 if form.errors else 200,
    )


def rate_item(request, pk, item_pk):
    assessment = get_assessment_for_user(request.user, pk)
    item = get_item(item_pk)
    rating = Rating.objects.filter(assessment=assessment, item=item).first()
    editable = can_edit_assessments(request.user) and not assessment.is_completed
    if request.method == "POST":
        require(can_edit_assessments(request.user))
    initial = {"score": rating.score, "evidence": rating.evidence} if rating else {}
    form = RatingForm(post_or_none(request), item=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.rate,
            assessment,
            item,
            score=form.cleaned_data["score"],
            evidence=form.cleaned_data["evidence"].strip(),
            by=request.user,
        )
        if ok:
            url = reverse("assessment:assessment_detail", args=[assessment.pk]) + f"#{item.framework.key}"
            return done(request, url, f"Saved the rating of {item}.")
    actions_list = (
        Action.objects.filter(rating=rating).select_related("owner").order_by("due_on", "pk") if rating else []
    )
    return render_page(
        request,
        "assessment/rate_item.jinja",
        {
            "assessment": assessment,
            "item": item,
            "rating": rating,
            "form": form,
            "editable": editable,
            "actions": paginate(request, actions_list) if rating else None,
            "levels": list(item.framework.levels.all()),
        },
    )


def action_create(request, pk):
    rating = get_rating_for_user(request.user, pk)
    require(can_edit_assessments(request.user))
    organisation = rating.assessment.organisation
    form = ActionForm(post_or_none(request), organisation=organisation, instance=Action(rating=rating), once=True)
    back = reverse("assessment:rate_item", args=[rating.assessment_id, rating.item_id])
    if request.method == "POST" and form.is_valid():
        ok, _ = act(form, actions.add_action, rating, by=request.user, **form.changes())
        if ok:
            return done(request, back, "Added the action.", form=form)
    return render_page(
        request, "assessment/action_form.jinja", {"form": form, "rating": rating, "action": None, "back": back}
    )


def action_edit(request, pk):
    action = get_action_for_user(request.user, pk)
    require(can_edit_assessments(request.user))
    rating = action.rating
    form = ActionForm(post_or_none(request), organisation=rating.assessment.organisation, instance=action)
    back = reverse("assessment:rate_item", args=[rating.assessment_id, rating.item_id])
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_action,
            action,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, back, "Saved the action.")
    return render_page(
        request, "assessment/action_form.jinja", {"form": form, "rating": rating, "action": action, "back": back}
    )


def action_delete(request, pk):
    action = get_action_for_user(request.user, pk)
    require(can_edit_assessments(request.user))
    rating = action.rating
    back = reverse("assessment:rate_item", args=[rating.assessment_id, rating.item_id])
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_action, action, by=request.user)
        if ok:
            return done(request, back, deleted_message(request, "the action", event))
    return render_page(
        request,
        "assessment/confirm_delete.jinja",
        {
            "form": form,
            "what": "this action",
            "consequence": action.text,
            "cancel": back,
        },
        status=409 if form.errors else 200,
    )


TREND_PERIODS = 6  # periods side by side; earlier ones a page away


@require_safe
def trend_page(request):
    member = require_member(request.user)
    completed = Assessment.objects.for_org(member.organisation_id).completed().order_by("-period_end", "-pk")
    page = paginate(request, completed, per_page=TREND_PERIODS)
    periods = list(reversed(page.object_list))  # oldest on the left
    return render_page(
        request, "assessment/trend.jinja", {"page": page, "periods": periods, "trend": trend.build(periods)}
    )
