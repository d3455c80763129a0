"""Pages of "you said, we did": the commitments list (filters by programme and state; overdue ones
marked), making a commitment from a programme's insight, a commitment's page, changing it,
recording its response once, publishing it in public words, withdrawing and deleting it; and
the public pages (no sign-in) of an organisation's and a programme's published commitments. Four
steps a view (core.pages): access, bind, act, respond."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from baton.core.forms import VersionOnlyForm
from baton.core.models import Organisation
from baton.core.pages import act, deleted_message, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import can_view_audit, require, require_member
from baton.core.registry import financial_year_start
from baton.cycle.models import Programme

from . import actions
from .forms import CommitmentForm, PublishForm, ResponseForm
from .hub import indicator_lines
from .models import Commitment
from .permissions import (
    can_change,
    can_make,
    can_make_any,
    can_respond,
    get_commitment_for_user,
    get_programme_for_user,
    require_reader,
)

STATES = {
    "overdue": "Overdue",
    "waiting": "Waiting for a response",
    "unpublished": "Responded, not published",
    "published": "Published",
}


def _page(request, template, context, status=200):
    return render_page(request, template, context, status, today=timezone.localdate())


def _form_page(request, form, *, heading, caption, submit, cancel, intro="", status=200):
    return _page(
        request,
        "loop/form.jinja",
        {"form": form, "heading": heading, "caption": caption, "submit": submit, "cancel": cancel, "intro": intro},
        status=status,
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _filtered(found, state, today):
    if state == "overdue":
        return found.overdue(today)
    if state == "waiting":
        return found.unanswered()
    if state == "unpublished":
        return found.exclude(response="").filter(published_at__isnull=True)
    if state == "published":
        return found.published()
    return found


@require_safe
def index(request):
    """Every commitment of the organisation, soonest due first; filter by programme, state, owner."""
    member = require_member(request.user)
    require_reader(request.user)
    today = timezone.localdate()
    org = member.organisation
    programmes = list(Programme.objects.for_org(org).order_by("name", "pk").only("pk", "name"))
    programme_id = _int(request.GET.get("programme"))
    state = request.GET.get("state", "")
    found = Commitment.objects.for_org(org).select_related("programme", "owner").order_by("due_on", "pk")
    if programme_id:
        found = found.filter(programme_id=programme_id)
    found = _filtered(found, state, today)
    if request.GET.get("owner") == "me":
        found = found.filter(owner=request.user)
    return _page(
        request,
        "loop/index.jinja",
        {
            "org": org,
            "page": paginate(request, found),
            "programmes": programmes,
            "programme_id": programme_id,
            "state": state if state in STATES else "",
            "states": STATES,
            "lines": indicator_lines(org, financial_year_start(today)),
            "may_make": can_make_any(request.user),
        },
    )


def commitment_create(request, pk):
    programme = get_programme_for_user(request.user, pk)
    require(can_make(request.user, programme))
    initial = {}
    chosen = _int(request.GET.get("insight"))
    if chosen:
        initial["insight_items"] = [chosen]
    form = CommitmentForm(
        post_or_none(request),
        instance=Commitment(programme=programme),
        programme=programme,
        initial={**initial, "owner": programme.lead_id or request.user.pk},
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, made = act(form, actions.make_commitment, programme, by=request.user, **form.changes())
        if ok:
            return done(request, reverse("loop:commitment_detail", args=[made.pk]), "Made the commitment.", form=form)
    return _form_page(
        request,
        form,
        heading="Make a commitment",
        caption=programme.name,
        submit="Make commitment",
        cancel=reverse("cycle:programme_detail", args=[programme.pk]),
        intro="Say what we will do about what people told us, who owns it and when the response is due.",
    )


@require_safe
def commitment_detail(request, pk):
    commitment = get_commitment_for_user(request.user, pk)
    items = commitment.insight_items.select_related("stage_run").order_by("created_at", "pk")
    return _page(
        request,
        "loop/detail.jinja",
        {
            "c": commitment,
            "items": list(items),
            "may_change": can_change(request.user, commitment),
            "may_respond": can_respond(request.user, commitment),
            "may_view_audit": can_view_audit(request.user),
        },
    )


def commitment_edit(request, pk):
    commitment = get_commitment_for_user(request.user, pk)
    require(can_change(request.user, commitment))
    form = CommitmentForm(post_or_none(request), instance=commitment, programme=commitment.programme)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_commitment,
            commitment,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("loop:commitment_detail", args=[commitment.pk]), "Saved the commitment.")
    return _form_page(
        request,
        form,
        heading="Change the commitment",
        caption=commitment.programme.name,
        submit="Save commitment",
        cancel=reverse("loop:commitment_detail", args=[commitment.pk]),
    )


def commitment_respond(request, pk):
    commitment = get_commitment_for_user(request.user, pk)
    require(can_respond(request.user, commitment))
    form = ResponseForm(post_or_none(request), initial={"version": commitment.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = act(
            form,
            actions.respond,
            commitment,
            by=request.user,
            response=data["response"],
            what_we_did=data["what_we_did"],
            reason=data["reason"],
            done_on=data["done_on"],
            expected_version=data["version"],
        )
        if ok:
            url = reverse("loop:commitment_detail", args=[commitment.pk])
            return done(request, url, "Recorded the response.", form=form)
    return _form_page(
        request,
        form,
        heading="Record the response",
        caption=str(commitment),
        submit="Record response",
        cancel=reverse("loop:commitment_detail", args=[commitment.pk]),
        intro="A response is recorded once. If it was not adopted, or only partly, say why.",
    )


def commitment_publish(request, pk):
    commitment = get_commitment_for_user(request.user, pk)
    require(can_change(request.user, commitment))
    form = PublishForm(post_or_none(request), instance=commitment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = act(
            form,
            actions.publish,
            commitment,
            by=request.user,
            public_said=data["public_said"],
            public_did=data["public_did"],
            expected_version=data["version"],
        )
        if ok:
            url = reverse("loop:commitment_detail", args=[commitment.pk])
            return done(request, url, "Published on the public “you said, we did” pages.", form=form)
    return _form_page(
        request,
        form,
        heading="Publish: you said, we did",
        caption=str(commitment),
        submit="Publish",
        cancel=reverse("loop:commitment_detail", args=[commitment.pk]),
        intro="Anyone can read these words, without signing in. Write them for the public: nothing that could "
        "identify anyone, no internal names or codes.",
    )


def commitment_withdraw(request, pk):
    commitment = get_commitment_for_user(request.user, pk)
    require(can_change(request.user, commitment))
    form = VersionOnlyForm(post_or_none(request), initial={"version": commitment.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(form, actions.withdraw, commitment, by=request.user, expected_version=form.expected_version())
        if ok:
            url = reverse("loop:commitment_detail", args=[commitment.pk])
            return done(request, url, "Taken off the public pages.")
    return _page(
        request,
        "loop/confirm.jinja",
        {
            "form": form,
            "heading": "Take this off the public pages?",
            "consequence": "The commitment and its response stay here; the public no longer sees them until you publish again.",
            "button": "Yes, take it off",
            "cancel": reverse("loop:commitment_detail", args=[commitment.pk]),
        },
    )


def commitment_delete(request, pk):
    commitment = get_commitment_for_user(request.user, pk)
    require(can_change(request.user, commitment))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        event = actions.delete_commitment(commitment, by=request.user)
        return done(request, reverse("loop:index"), deleted_message(request, "the commitment", event))
    return _page(
        request,
        "loop/confirm.jinja",
        {
            "form": form,
            "heading": "Are you sure you want to delete this commitment?",
            "consequence": "Delete a commitment made in error. One we could not keep is answered “not adopted” with the reason instead.",
            "button": "Yes, delete it",
            "cancel": reverse("loop:commitment_detail", args=[commitment.pk]),
        },
    )


# Public pages --------------------------------------------------------------------------------------


def _public(org):
    """Only what staff published with a response, of this organisation, of a published programme."""
    return (
        Commitment.objects.for_org(org)
        .published()
        .filter(programme__published_at__isnull=False)
        .select_related("programme")
        .order_by("-published_at", "-pk")
    )


@login_not_required
@require_safe
def public_list(request, slug):
    org = get_object_or_404(Organisation, public_slug=slug)
    programmes = list(Programme.objects.for_org(org).published().order_by("name", "pk").only("pk", "name"))
    programme_id = _int(request.GET.get("programme"))
    found = _public(org)
    if programme_id:
        found = found.filter(programme_id=programme_id)
    return render(
        request,
        "loop/public_list.jinja",
        {"org": org, "page": paginate(request, found), "programmes": programmes, "programme_id": programme_id},
    )


@login_not_required
@require_safe
def public_programme(request, slug, pk):
    org = get_object_or_404(Organisation, public_slug=slug)
    programme = get_object_or_404(Programme.objects.for_org(org).published(), pk=pk)
    found = _public(org).filter(programme=programme)
    return render(
        request, "loop/public_programme.jinja", {"org": org, "programme": programme, "page": paginate(request, found)}
    )
