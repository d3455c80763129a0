"""Pages of consultations: the list, a consultation with its materials, responses, Gunning checks
and report, the steps of its life (open, close, publish the report), the organisation's minimum
duration, and the public page of what is open and how to take part.

Every view takes four steps (core.pages): access (get_*_for_user -> 404 for another organisation,
then require(can_...) -> 403), bind (a form), act (one action from actions.py), respond. Files are
served only through views that check who may read them, never by a bare media address."""

from __future__ import annotations

import mimetypes
import os

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from baton.core.forms import VersionOnlyForm
from baton.core.models import Organisation
from baton.core.pages import act, deleted_message, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import can_view_audit, require, require_member

from . import actions
from .forms import AssessmentForm, CloseForm, ConsultationForm, MaterialForm, ReportForm, ResponsesForm, SettingsForm
from .models import Consultation, ConsultationMaterial, ConsultationSettings, GunningAssessment
from .permissions import (
    can_change_settings,
    can_create_consultation,
    can_manage_consultation,
    get_assessment_for_user,
    get_consultation_for_user,
    get_material_for_user,
)

STATUSES = [("", "All")] + list(Consultation.Status.choices)


def _detail_url(consultation) -> str:
    return reverse("consultations:consultation_detail", args=[consultation.pk])


def _serve(fieldfile, *, private: bool = True) -> FileResponse:
    """The stored document, as a download named as it was uploaded (never shown inline, so a file
    cannot act as a page of Baton's)."""
    if not fieldfile:
        raise Http404("No file")
    name = os.path.basename(fieldfile.name)
    try:
        handle = fieldfile.storage.open(fieldfile.name, "rb")
    except FileNotFoundError:
        raise Http404("File missing") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not private:
        response["Cache-Control"] = "public, max-age=300"
    return response


# The list and a consultation ---------------------------------------------------------------------


@require_safe
def consultation_list(request):
    member = require_member(request.user)
    status = request.GET.get("status", "")
    consultations = Consultation.objects.for_org(member.organisation_id).select_related("programme", "lead")
    if status in Consultation.Status.values:
        consultations = consultations.filter(status=status)
    else:
        status = ""
    return render_page(
        request,
        "consultations/consultation_list.jinja",
        {
            "page": paginate(request, consultations.order_by("-opens_on", "-pk")),
            "status": status,
            "statuses": STATUSES,
            "can_create": can_create_consultation(request.user),
            "minimum": ConsultationSettings.for_organisation(member.organisation_id),
            "can_change_settings": can_change_settings(request.user),
        },
    )


def consultation_create(request):
    member = require_member(request.user)
    require(can_create_consultation(request.user))
    form = ConsultationForm(
        post_or_none(request),
        organisation=member.organisation,
        user=request.user,
        instance=Consultation(organisation=member.organisation),
        initial={"lead": request.user.pk},
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, consultation = act(
            form, actions.create_consultation, member.organisation, by=request.user, **form.changes()
        )
        if ok:
            return done(request, _detail_url(consultation), f"Planned the consultation {consultation}.", form=form)
    return render_page(request, "consultations/consultation_form.jinja", {"form": form, "consultation": None})


@require_safe
def consultation_detail(request, pk):
    consultation = get_consultation_for_user(request.user, pk)
    can_manage = can_manage_consultation(request.user, consultation)
    assessments = list(
        GunningAssessment.objects.filter(consultation=consultation)
        .select_related("principle", "assessed_by")
        .order_by("principle__number", "pk")
    )
    consultation._prefetched_objects_cache = {"assessments": assessments}  # the blockers read them
    materials = paginate(
        request, consultation.materials.select_related("added_by").order_by("created_at", "pk"), param="materials_page"
    )
    minimum = consultation.minimum_settings()
    status = consultation.status
    next_step = {
        Consultation.Status.PLANNED: ("Open the consultation", consultation.blockers_to_opening, "consultation_open"),
        Consultation.Status.OPEN: ("Close the consultation", consultation.blockers_to_closing, "consultation_close"),
        Consultation.Status.CLOSED: (
            "Publish the consultation report",
            consultation.blockers_to_reporting,
            "consultation_publish_report",
        ),
    }.get(status)
    return render_page(
        request,
        "consultations/consultation_detail.jinja",
        {
            "consultation": consultation,
            "assessments": assessments,
            "materials": materials,
            "minimum": minimum,
            "shorter": consultation.shorter_than_minimum(minimum),
            "can_manage": can_manage,
            "can_view_audit": can_view_audit(request.user),
            "next_step": next_step and {"label": next_step[0], "blockers": next_step[1](), "route": next_step[2]},
            "deciding": consultation.blockers_to_deciding(),
            "can_change": can_manage and not consultation.blockers_to_changing(),
            "can_add_material": can_manage and not consultation.blockers_to_changing_materials(),
            "can_remove_material": can_manage and not consultation.blockers_to_removing_material(),
            "can_record_responses": can_manage and not consultation.blockers_to_recording_responses(),
            "can_draft_report": can_manage and not consultation.blockers_to_drafting_report(),
            "can_assess": can_manage and not consultation.blockers_to_assessing(),
            "can_delete": can_manage and not consultation.blockers_to_deleting(),
        },
    )


def consultation_edit(request, pk):
    consultation = get_consultation_for_user(request.user, pk)
    require(can_manage_consultation(request.user, consultation))
    form = ConsultationForm(
        post_or_none(request), organisation=consultation.organisation, user=request.user, instance=consultation
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_consultation,
            consultation,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, _detail_url(consultation), f"Saved the consultation {consultation}.")
    return render_page(
        request,
        "consultations/consultation_form.jinja",
        {"form": form, "consultation": consultation, "blockers": consultation.blockers_to_changing()},
    )


def consultation_delete(request, pk):
    consultation = get_consultation_for_user(request.user, pk)
    require(can_manage_consultation(request.user, consultation))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_consultation, consultation, by=request.user)
        if ok:
            return done(
                request,
                reverse("consultations:consultation_list"),
                deleted_message(request, f"the consultation {consultation}", event),
            )
    return render_page(
        request,
        "consultations/confirm_delete.jinja",
        {
            "form": form,
            "what": f"the consultation {consultation}",
            "caption": "Consultation",
            "blockers": consultation.blockers_to_deleting(),
            "consequence": "Its materials and Gunning checks are deleted with it. An engagement lead can restore "
            "them from the audit log.",
            "cancel": _detail_url(consultation),
        },
    )


# The steps of its life ------------------------------------------------------------------------------


def _step(request, pk, *, blockers, action, title, button, explain, message, form_class=VersionOnlyForm):
    """A step (open, close, publish the report): a page saying what it does and, before it is
    tried, what stands in its way; then the action."""
    consultation = get_consultation_for_user(request.user, pk)
    require(can_manage_consultation(request.user, consultation))
    form = form_class(post_or_none(request), initial={"version": consultation.version})
    if request.method == "POST" and form.is_valid():
        extra = {"early_reason": form.cleaned_data["early_reason"]} if form_class is CloseForm else {}
        ok, _ = act(
            form, action, consultation, by=request.user, expected_version=form.cleaned_data.get("version"), **extra
        )
        if ok:
            return done(request, _detail_url(consultation), message.format(consultation=consultation))
    return render_page(
        request,
        "consultations/step.jinja",
        {
            "consultation": consultation,
            "form": form,
            "title": title,
            "button": button,
            "explain": explain,
            "blockers": blockers(consultation),
        },
    )


def consultation_open(request, pk):
    return _step(
        request,
        pk,
        blockers=lambda c: c.blockers_to_opening(),
        action=actions.open_consultation,
        title="Open the consultation",
        button="Open the consultation",
        explain="Opening puts the consultation, its materials and how to take part on the public pages. "
        "The proposal, why it is at a formative stage and the opening date are then fixed.",
        message="Opened the consultation {consultation}. It is on the public pages.",
    )


def consultation_close(request, pk):
    return _step(
        request,
        pk,
        blockers=lambda c: c.blockers_to_closing(early_reason="-"),
        action=actions.close_consultation,
        title="Close the consultation",
        button="Close the consultation",
        explain="Closing ends the time for responses. Before the closing date, give the reason for closing early: "
        "it stays on the consultation as evidence for Gunning check 3.",
        message="Closed the consultation {consultation}. Write its report next.",
        form_class=CloseForm,
    )


def consultation_publish_report(request, pk):
    return _step(
        request,
        pk,
        blockers=lambda c: c.blockers_to_reporting(),
        action=actions.publish_report,
        title="Publish the consultation report",
        button="Publish the report",
        explain="Publishing puts the report and how the responses were considered on the public pages. After "
        "that a decision on the proposal can be recorded, if every Gunning check is met.",
        message="Published the report of {consultation}.",
    )


def _record_form(request, pk, *, form_class, action, title, message, blockers):
    consultation = get_consultation_for_user(request.user, pk)
    require(can_manage_consultation(request.user, consultation))
    form = form_class(post_or_none(request), request.FILES or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            action,
            consultation,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, _detail_url(consultation), message)
    return render_page(
        request,
        "consultations/record_form.jinja",
        {
            "consultation": consultation,
            "form": form,
            "title": title,
            "blockers": blockers(consultation),
            "multipart": form.is_multipart(),
        },
    )


def consultation_responses(request, pk):
    return _record_form(
        request,
        pk,
        form_class=ResponsesForm,
        action=actions.record_responses,
        title="Record the responses",
        message="Saved the response counts.",
        blockers=lambda c: c.blockers_to_recording_responses(),
    )


def consultation_report(request, pk):
    return _record_form(
        request,
        pk,
        form_class=ReportForm,
        action=actions.save_report,
        title="The consultation report",
        message="Saved the report. Publish it when every Gunning check is assessed.",
        blockers=lambda c: c.blockers_to_drafting_report(),
    )


# Materials ---------------------------------------------------------------------------------------------


def material_create(request, pk):
    consultation = get_consultation_for_user(request.user, pk)
    require(can_manage_consultation(request.user, consultation))
    form = MaterialForm(
        post_or_none(request),
        request.FILES or None,
        instance=ConsultationMaterial(consultation=consultation),
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, material = act(
            form,
            actions.add_material,
            consultation,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
            by=request.user,
        )
        if ok:
            return done(request, _detail_url(consultation), f"Added {material}.", form=form)
    return render_page(
        request,
        "consultations/record_form.jinja",
        {
            "consultation": consultation,
            "form": form,
            "title": "Add a consultation document",
            "blockers": consultation.blockers_to_changing_materials(),
            "multipart": True,
        },
    )


def material_delete(request, pk):
    material = get_material_for_user(request.user, pk)
    consultation = material.consultation
    require(can_manage_consultation(request.user, consultation))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.remove_material, material, by=request.user)
        if ok:
            return done(request, _detail_url(consultation), deleted_message(request, f"the document {material}", event))
    return render_page(
        request,
        "consultations/confirm_delete.jinja",
        {
            "form": form,
            "what": f"the document {material}",
            "caption": consultation.title,
            "blockers": consultation.blockers_to_removing_material(),
            "consequence": "The file is removed from the consultation. An engagement lead can restore it from the "
            "audit log while the consultation is planned.",
            "cancel": _detail_url(consultation),
        },
    )


@require_safe
def material_download(request, pk):
    """Anyone in the organisation reads its consultations' documents, planned ones too."""
    return _serve(get_material_for_user(request.user, pk).file)


@require_safe
def report_download(request, pk):
    return _serve(get_consultation_for_user(request.user, pk).report)


# Gunning checks ------------------------------------------------------------------------------------------


def assessment_edit(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    consultation = assessment.consultation
    require(can_manage_consultation(request.user, consultation))
    form = AssessmentForm(post_or_none(request), instance=assessment)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.assess_check,
            assessment,
            outcome=form.cleaned_data["outcome"],
            evidence=form.cleaned_data["evidence"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(
                request, _detail_url(consultation) + "#gunning", f"Saved Gunning check {assessment.principle.number}."
            )
    return render_page(
        request,
        "consultations/assessment_form.jinja",
        {
            "consultation": consultation,
            "assessment": assessment,
            "form": form,
            "blockers": consultation.blockers_to_assessing(),
        },
    )


# The organisation's minimum duration --------------------------------------------------------------------


def settings_edit(request):
    member = require_member(request.user)
    require(can_change_settings(request.user))
    current = ConsultationSettings.for_organisation(member.organisation)
    form = SettingsForm(post_or_none(request), instance=current)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.change_settings,
            member.organisation,
            minimum_weeks=form.cleaned_data["minimum_weeks"],
            by=request.user,
            expected_version=form.cleaned_data.get("version"),
        )
        if ok:
            return done(
                request,
                reverse("consultations:consultation_list"),
                f"Saved: consultations now run for at least {form.cleaned_data['minimum_weeks']} weeks unless a "
                "reason is recorded.",
            )
    return render_page(request, "consultations/settings_form.jinja", {"form": form})


# The public pages -----------------------------------------------------------------------------------------


def _public_consultations(organisation):
    """Open and reported consultations only: a planned one is never public."""
    return Consultation.objects.for_org(organisation).public()


@login_not_required
@require_safe
def public_list(request, slug):
    org = get_object_or_404(Organisation, public_slug=slug)
    consultations = _public_consultations(org).order_by("status", "closes_on", "-pk")  # open first, soonest closing
    page = paginate(request, consultations)
    shown = list(page.object_list)
    by_consultation: dict[int, list] = {c.pk: [] for c in shown}
    for material in ConsultationMaterial.objects.filter(consultation__in=[c.pk for c in shown]).order_by(
        "created_at", "pk"
    ):
        by_consultation[material.consultation_id].append(material)
    for c in shown:
        c.public_materials = by_consultation[c.pk]
    return render_page(request, "consultations/public_list.jinja", {"org": org, "page": page, "shown": shown})


@login_not_required
@require_safe
def public_material(request, slug, pk):
    org = get_object_or_404(Organisation, public_slug=slug)
    material = get_object_or_404(
        ConsultationMaterial.objects.filter(consultation__in=_public_consultations(org)), pk=pk
    )
    return _serve(material.file, private=False)


@login_not_required
@require_safe
def public_report(request, slug, pk):
    org = get_object_or_404(Organisation, public_slug=slug)
    consultation = get_object_or_404(_public_consultations(org).filter(status=Consultation.Status.REPORTED), pk=pk)
    return _serve(consultation.report, private=False)
