"""Feedback pages: the list with filters, the charts, exports, one comment and its check, the
imports (upload, map, preview, progress). Each view: access, bind, act, respond (core.pages)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from baton.core.pages import act, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import require

from . import actions, importer, reports
from .forms import CheckForm, FilterForm, MappingForm, UploadForm
from .models import FeedbackComment, FeedbackImport, FeedbackTheme
from .permissions import (
    can_check,
    can_import,
    get_comment_for_user,
    get_import_for_user,
    require_import,
    require_see,
)


def _filters(request, member, *, to_check: bool = False):
    data = request.GET.copy()
    if to_check:
        data["to_check"] = "on"
    form = FilterForm(data, organisation=member.organisation)
    form.is_valid()
    return form, form.filters()


def _query(request) -> str:
    q = request.GET.copy()
    q.pop("page", None)
    return q.urlencode()


@require_GET
def comment_list(request, to_check: bool = False):
    member = require_see(request.user)
    form, f = _filters(request, member, to_check=to_check)
    qs = (
        reports.filtered(member.organisation, f)
        .select_related("programme")
        .prefetch_related(Prefetch("themes", queryset=FeedbackTheme.objects.order_by("code")))
        .order_by("-received_on", "-pk")
    )
    return render_page(
        request,
        "insight/comment_list.jinja",
        {
            "form": form,
            "page": paginate(request, qs),
            "to_check": to_check,
            "query": _query(request),
            "can_import": can_import(request.user),
            "can_check": can_check(request.user),
            "xlsx_most": reports.XLSX_MOST,
        },
    )


@require_GET
def to_check(request):
    return comment_list(request, to_check=True)


@require_GET
def charts(request):
    member = require_see(request.user)
    form, f = _filters(request, member)
    qs = reports.filtered(member.organisation, f)
    return render_page(
        request,
        "insight/charts.jinja",
        {"form": form, "charts": reports.charts(qs, member.organisation), "query": _query(request)},
    )


@require_GET
def export(request, format: str):
    member = require_see(request.user)
    _, f = _filters(request, member)
    qs = reports.filtered(member.organisation, f)
    name = f"feedback-{timezone.localdate():%Y-%m-%d}"
    if not qs.exists():
        messages.error(request, "No comments match these filters, so there is nothing to download.")
        return redirect(reverse("insight:comment_list") + "?" + _query(request))
    if format == "xlsx":
        n = qs.count()
        if n > reports.XLSX_MOST:
            messages.error(
                request,
                f"An XLSX file holds at most {reports.XLSX_MOST:,} comments and these are {n:,}: "
                "download CSV instead, or filter to fewer.",
            )
            return redirect(reverse("insight:comment_list") + "?" + _query(request))
        return reports.xlsx_response(qs, name)
    return reports.csv_response(qs, name)


@require_GET
def comment_detail(request, pk):
    comment = get_comment_for_user(request.user, pk)
    return render_page(
        request,
        "insight/comment_detail.jinja",
        {"comment": comment, "themes": list(comment.themes.order_by("code")), "can_check": can_check(request.user)},
    )


def comment_check(request, pk):
    comment = get_comment_for_user(request.user, pk)
    require(can_check(request.user), "Checking feedback is for engagement leads, programme leads and admins.")
    initial = {
        "sentiment": comment.sentiment,
        "themes": list(comment.themes.values_list("code", flat=True)),
        "version": comment.version,
    }
    form = CheckForm(post_or_none(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.check_comment,
            comment,
            by=request.user,
            sentiment=form.cleaned_data["sentiment"],
            themes=form.cleaned_data["themes"],
            expected_version=form.expected_version(),
        )
        if ok:
            nxt = (
                FeedbackComment.objects.for_org(comment.organisation_id)
                .to_check()
                .order_by("-received_on", "-pk")
                .values_list("pk", flat=True)
                .first()
            )
            url = reverse("insight:comment_check", args=[nxt]) if nxt else reverse("insight:to_check")
            return done(request, url, "Saved the labels you checked.")
    return render_page(request, "insight/comment_check.jinja", {"form": form, "comment": comment})


# Imports ------------------------------------------------------------------------------------------


@require_GET
def import_list(request):
    member = require_see(request.user)
    qs = FeedbackImport.objects.for_org(member.organisation).select_related("uploaded_by", "programme")
    return render_page(
        request,
        "insight/import_list.jinja",
        {"page": paginate(request, qs), "can_import": can_import(request.user)},
    )


def import_new(request):
    member = require_import(request.user)
    form = UploadForm(post_or_none(request), request.FILES or None, organisation=member.organisation)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ok, imp = act(
            form,
            actions.upload_feedback,
            member.organisation,
            by=request.user,
            upload=d["file"],
            source=d["source"],
            programme=d["programme"],
            stage_run=d["stage_run"],
        )
        if ok:
            return done(
                request,
                reverse("insight:import_detail", args=[imp.pk]),
                f"Uploaded {imp.file_name}. Check which column holds what, then import it.",
                form=form,
            )
    return render_page(
        request,
        "insight/import_new.jinja",
        {"form": form, "limit": importer.size_in_words(importer.MAX_BYTES)},
    )


def _progress_context(imp: FeedbackImport) -> dict:
    actions.mark_stale(imp)
    written = importer.written_so_far(imp) if imp.status == FeedbackImport.Status.RUNNING else None
    return {
        "imp": imp,
        "written": written,
        "working": imp.status in (FeedbackImport.Status.QUEUED, FeedbackImport.Status.RUNNING),
    }


def import_detail(request, pk):
    imp = get_import_for_user(request.user, pk)
    may = can_import(request.user)
    form = None
    rows: list = []
    mappable = imp.status in (FeedbackImport.Status.UPLOADED, FeedbackImport.Status.FAILED) and bool(imp.file)
    if request.method == "POST":
        require(may, "Importing feedback is for engagement leads, programme leads and admins.")
    if may and mappable:
        form = MappingForm(post_or_none(request), imp=imp)
        if request.method == "POST" and form.is_valid():
            ok, _ = act(
                form,
                actions.start_import,
                imp,
                by=request.user,
                mapping=form.mapping(),
                expected_version=form.expected_version(),
            )
            if ok:
                return done(request, reverse("insight:import_detail", args=[imp.pk]), f"Importing {imp.file_name}.")
        if request.method == "GET" or form.is_bound:
            try:
                rows = importer.preview(imp) if imp.mapping.get("comment") else []
            except Exception:  # an unreadable file: its import will say so
                rows = []
    return render_page(
        request,
        "insight/import_detail.jinja",
        {**_progress_context(imp), "form": form, "rows": rows, "can_import": may, "fields": importer.FIELDS},
    )


@require_GET
def import_progress(request, pk):
    """The progress fragment, polled by HTMX while the import works; anyone else (no JavaScript,
    a bookmark) is sent to the import's page."""
    imp = get_import_for_user(request.user, pk)
    if not getattr(request, "htmx", False):
        return redirect(reverse("insight:import_detail", args=[imp.pk]))
    return render_page(request, "insight/_progress.jinja", _progress_context(imp))
