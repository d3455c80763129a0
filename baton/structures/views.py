"""Pages of the register of engagement structures: the register (every group with its decision
body, when it last met and what is flagged), a structure with its meetings, what it influenced and
the sections other areas add (its members), a meeting with its minutes and actions, and the forms
that keep them. Four steps a view (core.pages): access, bind, act, respond."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from markupsafe import Markup

from baton.core import registry
from baton.core.forms import VersionOnlyForm
from baton.core.pages import act, deleted_message, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import require, require_member
from baton.cycle.models import Handover
from baton.governance.models import Decision

from . import actions
from .forms import ActionForm, CompleteActionForm, MeetingForm, ReviewForm, StructureForm
from .models import MeetingAction, Structure, StructureType
from .permissions import (
    can_keep_register,
    can_record_meetings,
    get_action_for_user,
    get_meeting_for_user,
    get_structure_for_user,
)

CAPTION = "Engagement structures"


def _page(request, template, context, status=200):
    return render_page(request, template, context, status, today=timezone.localdate())


def _form_page(request, form, *, title, caption, submit, cancel, multipart=False, intro="", status=200):
    return _page(
        request,
        "structures/form.jinja",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "submit_text": submit,
            "cancel": cancel,
            "multipart": multipart,
            "intro": intro,
        },
        status,
    )


def _confirm_delete(request, obj, *, action, what, consequence, back, after, caption=CAPTION):
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, action, obj, by=request.user)
        if ok:
            return done(request, after, deleted_message(request, what, event))
    return _page(
        request,
        "structures/confirm_delete.jinja",
        {"form": form, "what": what, "caption": caption, "consequence": consequence, "cancel": back},
    )


def _download(field):
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The document is missing") from None
    return FileResponse(handle, as_attachment=True, filename=field.name.rsplit("/", 1)[-1])


def _sections(request, record) -> list[Markup]:
    """The sections areas above add to this record's page (the people in a structure, who came to
    a meeting), each its template filled with its own context (core.registry.page_section)."""
    return [
        Markup(render_to_string(template, context, request=request))  # noqa: S704  rendered by the template engine, escaped
        for template, context in registry.page_sections(request, record)
    ]


def _structure_url(structure_id) -> str:
    return reverse("structures:structure_detail", args=[structure_id])


def _meeting_url(meeting_id) -> str:
    return reverse("structures:meeting_detail", args=[meeting_id])


# The register -----------------------------------------------------------------------------------------


@require_safe
def structure_list(request):
    member = require_member(request.user)
    today = timezone.localdate()
    structures = Structure.objects.for_org(member.organisation_id)
    show = request.GET.get("show")
    listed = structures.flagged(today).select_related("type", "feeds_board") if show == "flagged" else None
    if listed is None:
        listed = structures.with_register()
    types = list(StructureType.objects.order_by("position", "name", "pk"))
    chosen = request.GET.get("type")
    if chosen in {t.key for t in types}:
        listed = listed.filter(type__key=chosen)
    page = paginate(request, listed.order_by("name", "pk"))
    for structure in page.object_list:
        structure.flag_list = structure.flags(today, structure.last_met_on)
    return _page(
        request,
        "structures/structure_list.jinja",
        {
            "page": page,
            "show": show,
            "types": types,
            "chosen": chosen,
            "can_keep": can_keep_register(request.user),
        },
    )


def structure_create(request):
    member = require_member(request.user)
    require(can_keep_register(request.user))
    data = post_or_none(request)
    form = StructureForm(
        data,
        request.FILES or None,
        organisation=member.organisation_id,
        instance=Structure(organisation=member.organisation),
        similar=actions.similar_structures(member.organisation, data) if data is not None else (),
    )
    if request.method == "POST" and form.is_valid():
        ok, structure = act(
            form,
            actions.create_structure,
            member.organisation,
            by=request.user,
            none_will_do=form.cleaned_data.get("none_will_do", False),
            **form.changes(),
        )
        if ok:
            return done(request, _structure_url(structure.pk), f"Added {structure} to the register.", form=form)
    return _form_page(
        request,
        form,
        title="Add a structure",
        caption=CAPTION,
        submit="Add the structure",
        cancel=reverse("structures:structure_list"),
        multipart=True,
        intro="Function before form: say what the group is for and which decision body it feeds. "
        "A structure without these, or not reviewed in the last year, is flagged in the register.",
    )


@require_safe
def structure_detail(request, pk):
    structure = get_structure_for_user(request.user, pk)
    today = timezone.localdate()
    health = Structure.objects.with_health().get(pk=structure.pk)
    meetings = paginate(
        request,
        structure.meetings.annotate(
            action_count=Count("actions", distinct=True),
            open_count=Count("actions", filter=Q(actions__done_on__isnull=True), distinct=True),
            decision_count=Count("decisions", distinct=True),
        ).order_by("-held_on", "-pk"),
        param="meetings_page",
    )
    open_actions = MeetingAction.objects.filter(meeting__structure=structure).open().with_context()
    influenced = {
        "decisions": Decision.objects.filter(structure_meetings__structure=structure).distinct().count(),
        "handovers": Handover.objects.filter(structure_meetings__structure=structure).distinct().count(),
        **MeetingAction.objects.filter(meeting__structure=structure, commitment=True).aggregate(
            commitments=Count("pk"), kept=Count("pk", filter=Q(done_on__isnull=False))
        ),
    }
    can_keep = can_keep_register(request.user)
    return _page(
        request,
        "structures/structure_detail.jinja",
        {
            "structure": structure,
            "flags": structure.flags(today, health.last_met_on),
            "last_met_on": health.last_met_on,
            "meetings": meetings,
            "open_actions": paginate(request, open_actions.order_by("due_on", "pk"), param="actions_page"),
            "influenced": influenced,
            "can_keep": can_keep,
            "can_record": can_record_meetings(request.user, structure),
            "delete_blockers": structure.blockers_to_deleting() if can_keep else [],
            "sections": _sections(request, structure),
        },
    )


def structure_edit(request, pk):
    structure = get_structure_for_user(request.user, pk)
    require(can_keep_register(request.user))
    form = StructureForm(
        post_or_none(request),
        request.FILES or None,
        organisation=structure.organisation_id,
        instance=structure,
        once=False,
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_structure,
            structure,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, _structure_url(structure.pk), f"Saved {structure}.")
    return _form_page(
        request,
        form,
        title="Change the structure",
        caption=structure.name,
        submit="Save",
        cancel=_structure_url(structure.pk),
        multipart=True,
    )


def structure_review(request, pk):
    structure = get_structure_for_user(request.user, pk)
    require(can_keep_register(request.user))
    form = ReviewForm(post_or_none(request), initial={"version": structure.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.review_structure,
            structure,
            reviewed_on=form.cleaned_data["reviewed_on"],
            next_review_on=form.cleaned_data["next_review_on"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, _structure_url(structure.pk), f"Recorded the review of {structure}.")
    return _form_page(
        request,
        form,
        title="Record a review",
        caption=structure.name,
        submit="Record the review",
        cancel=_structure_url(structure.pk),
        intro="Check that the group still has a clear purpose, feeds a decision body, and that its terms of "
        "reference are up to date. Review each structure at least yearly.",
    )


def structure_delete(request, pk):
    structure = get_structure_for_user(request.user, pk)
    require(can_keep_register(request.user))
    return _confirm_delete(
        request,
        structure,
        action=actions.delete_structure,
        what=str(structure),
        consequence="Its meetings, minutes and actions are deleted with it, and the people taking part in it. "
        "An engagement lead can restore them from the audit log.",
        back=_structure_url(structure.pk),
        after=reverse("structures:structure_list"),
    )


@require_safe
def terms_download(request, pk):
    """The terms of reference, only to members of the organisation (the storage address is never shown)."""
    structure = get_structure_for_user(request.user, pk)
    return _download(structure.terms_document)


# Meetings ---------------------------------------------------------------------------------------------


def meeting_create(request, pk):
    structure = get_structure_for_user(request.user, pk)
    require(can_record_meetings(request.user, structure))
    form = MeetingForm(
        post_or_none(request),
        request.FILES or None,
        organisation=structure.organisation_id,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        ok, meeting = act(form, actions.record_meeting, structure, by=request.user, **form.changes(), **form.links())
        if ok:
            return done(request, _meeting_url(meeting.pk), f"Recorded the meeting of {structure}.", form=form)
    return _form_page(
        request,
        form,
        title="Record a meeting",
        caption=structure.name,
        submit="Record the meeting",
        cancel=_structure_url(structure.pk),
        multipart=True,
    )


@require_safe
def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    today = timezone.localdate()
    meeting_actions = paginate(request, meeting.actions.select_related("owner").order_by("due_on", "pk"))
    for item in meeting_actions.object_list:
        item.current_state = item.state(today)
    return _page(
        request,
        "structures/meeting_detail.jinja",
        {
            "meeting": meeting,
            "structure": meeting.structure,
            "actions": meeting_actions,
            "decisions": meeting.decisions.select_related("board").order_by("-decided_on", "-pk")[:50],
            "handovers": meeting.handovers.select_related("from_run", "from_run__programme").order_by("-pk")[:50],
            "can_record": can_record_meetings(request.user, meeting.structure),
            "sections": _sections(request, meeting),
        },
    )


def meeting_edit(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    require(can_record_meetings(request.user, meeting.structure))
    form = MeetingForm(
        post_or_none(request),
        request.FILES or None,
        organisation=meeting.structure.organisation_id,
        instance=meeting,
        once=False,
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_meeting,
            meeting,
            {**form.changes(), **form.links()},
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, _meeting_url(meeting.pk), "Saved the meeting.")
    return _form_page(
        request,
        form,
        title="Change the meeting",
        caption=meeting.structure.name,
        submit="Save",
        cancel=_meeting_url(meeting.pk),
        multipart=True,
    )


def meeting_delete(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    require(can_record_meetings(request.user, meeting.structure))
    return _confirm_delete(
        request,
        meeting,
        action=actions.delete_meeting,
        what=f"the meeting of {meeting}",
        caption=meeting.structure.name,
        consequence="Its minutes, actions and attendance are deleted with it. An engagement lead can restore "
        "them from the audit log.",
        back=_meeting_url(meeting.pk),
        after=_structure_url(meeting.structure_id),
    )


@require_safe
def minutes_download(request, pk):
    """The minutes, only to members of the organisation."""
    meeting = get_meeting_for_user(request.user, pk)
    return _download(meeting.minutes_document)


# Actions agreed at meetings ------------------------------------------------------------------------


def action_create(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    require(can_record_meetings(request.user, meeting.structure))
    form = ActionForm(post_or_none(request), organisation=meeting.structure.organisation_id)
    if request.method == "POST" and form.is_valid():
        ok, item = act(form, actions.agree_action, meeting, by=request.user, **form.changes())
        if ok:
            return done(request, _meeting_url(meeting.pk), "Recorded the action.", form=form)
    return _form_page(
        request,
        form,
        title="Record an action",
        caption=str(meeting),
        submit="Record the action",
        cancel=_meeting_url(meeting.pk),
        intro="Mark it as a commitment to the group when the organisation promised to do it: commitments "
        "kept show what the group influenced.",
    )


def action_edit(request, pk):
    item = get_action_for_user(request.user, pk)
    require(can_record_meetings(request.user, item.meeting.structure))
    form = ActionForm(
        post_or_none(request), organisation=item.meeting.structure.organisation_id, instance=item, once=False
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_action,
            item,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, _meeting_url(item.meeting_id), "Saved the action.")
    return _form_page(
        request,
        form,
        title="Change the action",
        caption=str(item.meeting),
        submit="Save",
        cancel=_meeting_url(item.meeting_id),
    )


def action_complete(request, pk):
    item = get_action_for_user(request.user, pk)
    require(can_record_meetings(request.user, item.meeting.structure))
    form = CompleteActionForm(post_or_none(request), initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.complete_action,
            item,
            done_on=form.cleaned_data["done_on"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, _meeting_url(item.meeting_id), "Marked the action done.")
    return _form_page(
        request,
        form,
        title="Mark the action done",
        caption=str(item.meeting),
        submit="Mark done",
        cancel=_meeting_url(item.meeting_id),
        intro=item.text,
    )


def action_delete(request, pk):
    item = get_action_for_user(request.user, pk)
    require(can_record_meetings(request.user, item.meeting.structure))
    return _confirm_delete(
        request,
        item,
        action=actions.delete_action,
        what="the action",
        caption=str(item.meeting),
        consequence="Delete an action recorded in error. An action that was done should be marked done instead.",
        back=_meeting_url(item.meeting_id),
        after=_meeting_url(item.meeting_id),
    )
