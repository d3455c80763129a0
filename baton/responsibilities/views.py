"""Pages of the responsibilities register: the register (every role with who holds it and what is
flagged), a role with its terms, and the forms that keep them. Four steps a view (core.pages):
access, bind, act, respond."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from baton.core.forms import VersionOnlyForm
from baton.core.pages import act, deleted_message, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import require, require_member

from . import actions
from .forms import EndTermForm, HolderForm, RoleForm
from .models import HubRole, RoleHolder
from .permissions import can_edit_register, get_holder_for_user, get_role_for_user


def _page(request, template, context, status=200):
    return render_page(request, template, context, status, today=timezone.localdate())


# The register ---------------------------------------------------------------------------------------


@require_safe
def role_list(request):
    member = require_member(request.user)
    today = timezone.localdate()
    roles = HubRole.objects.for_org(member.organisation_id)
    show = request.GET.get("show")
    listed = roles.flagged(today) if show == "flagged" else roles.with_holders(today)
    page = paginate(request, listed)
    current = {}
    ids = [r.pk for r in page.object_list]
    for holder in RoleHolder.objects.filter(role_id__in=ids).current(today).select_related("person"):
        current.setdefault(holder.role_id, []).append(holder)
    for role in page.object_list:
        role.current_holders = current.get(role.pk, [])
        role.flag_list = role.flags(today)
    can_edit = can_edit_register(request.user)
    return _page(
        request,
        "responsibilities/role_list.jinja",
        {
            "page": page,
            "show": show,
            "can_edit": can_edit,
            "missing": actions.missing_standard_roles(member.organisation_id).count() if can_edit else 0,
        },
    )


def role_create(request):
    member = require_member(request.user)
    require(can_edit_register(request.user))
    form = RoleForm(
        post_or_none(request),
        organisation=member.organisation,
        instance=HubRole(organisation=member.organisation),
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, role = act(form, actions.create_role, member.organisation, by=request.user, **form.changes())
        if ok:
            url = reverse("responsibilities:role_detail", args=[role.pk])
            return done(request, url, f"Added the role {role} to the register.", form=form)
    return _page(request, "responsibilities/role_form.jinja", {"form": form, "role": None})


def adopt_standard(request):
    """Preview the standard roles the register lacks, then add them all."""
    member = require_member(request.user)
    require(can_edit_register(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, added = act(form, actions.adopt_standard_roles, member.organisation, by=request.user)
        if ok:
            return done(
                request, reverse("responsibilities:role_list"), f"Added {len(added)} standard roles to the register."
            )
    missing = actions.missing_standard_roles(member.organisation_id)
    return _page(
        request,
        "responsibilities/adopt_standard.jinja",
        {"form": form, "missing": paginate(request, missing)},
        status=409 if form.errors else 200,
    )


@require_safe
def role_detail(request, pk):
    role = get_role_for_user(request.user, pk)
    today = timezone.localdate()
    holders = paginate(request, role.holders.with_people().order_by("-starts_on", "-pk"))
    for holder in holders.object_list:
        holder.state = holder.status(today)
    can_edit = can_edit_register(request.user)
    return _page(
        request,
        "responsibilities/role_detail.jinja",
        {
            "role": role,
            "flags": HubRole.objects.with_holders(today).get(pk=role.pk).flags(today),
            "holders": holders,
            "can_edit": can_edit,
            "delete_blockers": role.blockers_to_deleting(today) if can_edit else [],
        },
    )


def role_edit(request, pk):
    role = get_role_for_user(request.user, pk)
    require(can_edit_register(request.user))
    form = RoleForm(post_or_none(request), organisation=role.organisation, instance=role)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_role,
            role,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("responsibilities:role_detail", args=[role.pk]), f"Saved the role {role}.")
    return _page(request, "responsibilities/role_form.jinja", {"form": form, "role": role})


def role_delete(request, pk):
    role = get_role_for_user(request.user, pk)
    require(can_edit_register(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_role, role, by=request.user)
        if ok:
            return done(
                request, reverse("responsibilities:role_list"), deleted_message(request, f"the role {role}", event)
            )
    return _page(
        request,
        "responsibilities/confirm_delete.jinja",
        {
            "form": form,
            "what": f"the role {role}",
            "caption": "Responsibilities register",
            "consequence": "Its past terms are deleted with it. An engagement lead can restore them from the audit log.",
            "cancel": reverse("responsibilities:role_detail", args=[role.pk]),
        },
        status=409 if form.errors else 200,
    )


# Holders --------------------------------------------------------------------------------------------


def holder_create(request, pk):
    role = get_role_for_user(request.user, pk)
    require(can_edit_register(request.user))
    form = HolderForm(
        post_or_none(request),
        organisation=role.organisation,
        instance=RoleHolder(role=role),
        initial={"starts_on": timezone.localdate()},
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, holder = act(form, actions.appoint_holder, role, by=request.user, **form.changes())
        if ok:
            url = reverse("responsibilities:role_detail", args=[role.pk])
            return done(request, url, f"Recorded {holder.holder_name} as holding {role}.", form=form)
    return _page(request, "responsibilities/holder_form.jinja", {"form": form, "role": role, "holder": None})


def holder_edit(request, pk):
    holder = get_holder_for_user(request.user, pk)
    require(can_edit_register(request.user))
    form = HolderForm(post_or_none(request), organisation=holder.role.organisation, instance=holder)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_holder,
            holder,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("responsibilities:role_detail", args=[holder.role_id]), "Saved the term.")
    return _page(request, "responsibilities/holder_form.jinja", {"form": form, "role": holder.role, "holder": holder})


def holder_end(request, pk):
    holder = get_holder_for_user(request.user, pk)
    require(can_edit_register(request.user))
    form = EndTermForm(post_or_none(request), initial={"version": holder.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.end_term,
            holder,
            ends_on=form.cleaned_data["ends_on"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            url = reverse("responsibilities:role_detail", args=[holder.role_id])
            return done(request, url, f"Ended {holder.holder_name}'s term as {holder.role}.")
    return _page(request, "responsibilities/holder_end.jinja", {"form": form, "holder": holder})


def holder_delete(request, pk):
    holder = get_holder_for_user(request.user, pk)
    require(can_edit_register(request.user))
    if request.method == "POST":
        event = actions.delete_holder(holder, by=request.user)
        return done(
            request,
            reverse("responsibilities:role_detail", args=[holder.role_id]),
            deleted_message(request, f"{holder.holder_name}'s term", event),
        )
    return _page(
        request,
        "responsibilities/confirm_delete.jinja",
        {
            "what": f"{holder.holder_name}'s term as {holder.role}",
            "caption": "Responsibilities register",
            "consequence": "Delete a term recorded in error. A term that has simply ended should be ended instead, "
            "so the register keeps its history.",
            "cancel": reverse("responsibilities:role_detail", args=[holder.role_id]),
        },
    )
