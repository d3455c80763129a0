"""Pages of patients analysing and gathering: review samples (staff give them; a patient partner works
through his one comment a page), agreement with the machine, and patient partners' reports (staff
accept them as insight or return them). Four steps a view (core.pages): access, bind, act, respond."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from baton.core.forms import VersionOnlyForm
from baton.core.pages import act, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import require, require_member
from baton.cycle.models import InsightItem

from . import actions, framework
from .agreement import KAPPA_MIN, measure, pair
from .forms import AcceptForm, ReportForm, ReturnForm, ReviewForm, SampleForm
from .models import FieldReport, Review, ReviewSample
from .permissions import (
    can_accept,
    can_edit_report,
    can_gather,
    can_give_samples,
    can_review,
    get_report_for_user,
    get_review_for_user,
    get_sample_for_user,
    is_staff,
    reports_for,
    require_area,
    require_staff,
    samples_for,
)


def _page(request, template, context, status_code=200):
    return render_page(
        request,
        template,
        context,
        status_code,
        is_staff=is_staff(request.user),
        can_give=can_give_samples(request.user),
        can_accept=can_accept(request.user),
        can_gather=can_gather(request.user),
        sentiments=dict(InsightItem.Sentiment.choices),
    )


def _member(request):
    member = require_member(request.user)
    require_area(request.user)
    return member


def with_progress(samples):
    return (
        samples.select_related("reviewer")
        .annotate(reviewed=Count("reviews", filter=Q(reviews__reviewed_at__isnull=False)))
        .order_by("-created_at", "-pk")
    )


def agreement_of(reviews):
    """Agreement over the reviewed comments of `reviews` (one query)."""
    rows = reviews.reviewed().values_list("machine_themes", "themes", "machine_sentiment", "sentiment")
    return measure([pair(*row) for row in rows], framework.codes())


# Overview and samples -------------------------------------------------------------------------------------


@require_safe
def index(request):
    member = _member(request)
    samples = with_progress(samples_for(request.user, member.organisation_id)).filter(status=ReviewSample.Status.OPEN)
    reports = reports_for(request.user, member.organisation_id).select_related("author")
    waiting = reports.filter(
        status=FieldReport.Status.SUBMITTED if is_staff(request.user) else FieldReport.Status.RETURNED
    )
    return _page(
        request,
        "patient_insight/index.jinja",
        {"samples": list(samples[:10]), "reports": list(waiting[:10])},
    )


@require_safe
def sample_list(request):
    member = _member(request)
    samples = with_progress(samples_for(request.user, member.organisation_id))
    return _page(request, "patient_insight/sample_list.jinja", {"page": paginate(request, samples)})


def sample_create(request):
    member = _member(request)
    require(can_give_samples(request.user), "Only engagement leads and admins give patient partners samples to review.")
    form = SampleForm(post_or_none(request), organisation=member.organisation, once=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, sample = act(
            form,
            actions.make_sample,
            member.organisation,
            by=request.user,
            **{k: data[k] for k in ("reviewer", "title", "size", "service", "month", "theme", "order")},
        )
        if ok:
            return done(
                request,
                reverse("patient_insight:sample_detail", args=[sample.pk]),
                f"Gave {sample.reviewer.get_full_name()} {sample.size} comments to review.",
                form=form,
            )
    return _page(request, "patient_insight/sample_form.jinja", {"form": form})


@require_safe
def sample_detail(request, pk):
    sample = get_sample_for_user(request.user, pk)
    reviews = Review.objects.filter(sample=sample)
    page = paginate(request, reviews.select_related("comment"))
    reviewed = reviews.reviewed().count()
    first_open = reviews.filter(reviewed_at__isnull=True).values_list("position", flat=True).first()
    return _page(
        request,
        "patient_insight/sample_detail.jinja",
        {
            "sample": sample,
            "page": page,
            "reviewed": reviewed,
            "next_position": first_open or 1,
            "agreement": agreement_of(reviews) if is_staff(request.user) else None,
            "can_review": can_review(request.user, sample),
            "kappa_min": KAPPA_MIN,
            "close_form": VersionOnlyForm(initial={"version": sample.version}),
        },
    )


@require_POST
def sample_close(request, pk):
    sample = get_sample_for_user(request.user, pk)
    require(can_give_samples(request.user), "Only engagement leads and admins close samples.")
    form = VersionOnlyForm(request.POST)
    action = actions.close_sample if sample.status == ReviewSample.Status.OPEN else actions.reopen_sample
    ok, _ = act(form, action, sample, by=request.user, expected_version=form.expected_version())
    url = reverse("patient_insight:sample_detail", args=[sample.pk])
    if ok:
        word = "Closed" if action is actions.close_sample else "Reopened"
        return done(request, url, f"{word} the sample {sample.title}.")
    from django.contrib import messages

    for error in form.non_field_errors():
        messages.error(request, error)
    return redirect(url)


def review(request, pk, position):
    item = get_review_for_user(request.user, pk, position)
    sample = item.sample
    initial = {
        "agreed": None if not item.is_reviewed else ("yes" if item.agreed else "no"),
        "themes": item.themes if item.is_reviewed else item.machine_themes,
        "sentiment": item.sentiment if item.is_reviewed else item.machine_sentiment,
        "note": item.note,
        "version": item.version,
    }
    form = ReviewForm(post_or_none(request), initial=initial, extra_codes=item.machine_themes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = act(
            form,
            actions.save_review,
            item,
            by=request.user,
            agreed=data["agreed"],
            themes=data["themes"],
            sentiment=data["sentiment"],
            note=data["note"],
            expected_version=data["version"],
        )
        if ok:
            following = position + 1 if position < sample.size else None
            url = (
                reverse("patient_insight:review", args=[sample.pk, following])
                if following
                else reverse("patient_insight:sample_detail", args=[sample.pk])
            )
            return done(request, url, f"Saved your review of comment {position}.")
    reviewed = Review.objects.filter(sample=sample).reviewed().count()
    chosen = set(form["themes"].value() or [])
    return _page(
        request,
        "patient_insight/review.jinja",
        {
            "sample": sample,
            "item": item,
            "form": form,
            "reviewed": reviewed,
            "groups": [(name, [(c, c in chosen) for c in subs]) for name, subs in framework.categories()],
            "extra": [(c, c in chosen) for c in item.machine_themes if c not in framework.codes()],
            "closed": bool(sample.blockers_to_reviewing()),
        },
    )


@require_safe
def agreement(request):
    member = _member(request)
    require_staff(request.user)
    reviews = Review.objects.for_org(member.organisation_id)
    samples = with_progress(ReviewSample.objects.for_org(member.organisation_id))
    return _page(
        request,
        "patient_insight/agreement.jinja",
        {"agreement": agreement_of(reviews), "page": paginate(request, samples), "kappa_min": KAPPA_MIN},
    )


# Reports -----------------------------------------------------------------------------------------------

REPORT_FILTERS = {"": "All reports", **dict(FieldReport.Status.choices)}


@require_safe
def report_list(request):
    member = _member(request)
    show = request.GET.get("show", "")
    show = show if show in REPORT_FILTERS else ""
    reports = reports_for(request.user, member.organisation_id).select_related("author", "stage_run__programme")
    if show:
        reports = reports.filter(status=show)
    return _page(
        request,
        "patient_insight/report_list.jinja",
        {"page": paginate(request, reports), "filters": REPORT_FILTERS, "show": show},
    )


def report_create(request):
    member = _member(request)
    require(can_gather(request.user), "Only patient partners record reports here.")
    form = ReportForm(
        post_or_none(request), organisation=member.organisation, instance=FieldReport(organisation=member.organisation)
    )
    if request.method == "POST" and form.is_valid():
        ok, report = act(form, actions.submit_report, member.organisation, by=request.user, **form.changes())
        if ok:
            return done(
                request,
                reverse("patient_insight:report_detail", args=[report.pk]),
                "Sent your report. Staff will review it before it counts as insight.",
                form=form,
            )
    return _page(request, "patient_insight/report_form.jinja", {"form": form, "report": None})


def report_edit(request, pk):
    report = get_report_for_user(request.user, pk)
    require(can_edit_report(request.user, report), "Only its author changes a report, until it is accepted.")
    form = ReportForm(post_or_none(request), organisation=report.organisation, instance=report, once=False)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.edit_report,
            report,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data.get("version"),
        )
        if ok:
            return done(
                request, reverse("patient_insight:report_detail", args=[pk]), "Sent your report again for review."
            )
    return _page(request, "patient_insight/report_form.jinja", {"form": form, "report": report})


@require_safe
def report_detail(request, pk):
    report = get_report_for_user(request.user, pk)
    return _page(
        request,
        "patient_insight/report_detail.jinja",
        {"report": report, "can_edit": can_edit_report(request.user, report)},
    )


def _decider(request, pk):
    report = get_report_for_user(request.user, pk)
    require(can_accept(request.user), "Only engagement leads and admins accept or return reports.")
    return report


def report_accept(request, pk):
    report = _decider(request, pk)
    initial = {"version": report.version, "stage_run": report.stage_run_id, "title": report.heard.split("\n")[0][:200]}
    form = AcceptForm(post_or_none(request), organisation=report.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = act(
            form,
            actions.accept_report,
            report,
            by=request.user,
            stage_run=data["stage_run"],
            title=data["title"],
            sentiment=data["sentiment"],
            themes=data["themes"],
            expected_version=data["version"],
        )
        if ok:
            return done(request, reverse("patient_insight:report_detail", args=[pk]), "Accepted the report as insight.")
    return _page(request, "patient_insight/report_decide.jinja", {"form": form, "report": report, "accepting": True})


def report_return(request, pk):
    report = _decider(request, pk)
    form = ReturnForm(post_or_none(request), initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.return_report,
            report,
            by=request.user,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(
                request, reverse("patient_insight:report_detail", args=[pk]), "Returned the report to its author."
            )
    return _page(request, "patient_insight/report_decide.jinja", {"form": form, "report": report, "accepting": False})
