"""Who may do what, asked the same way by pages, the API and templates.

Two kinds of refusal: a record of another organisation does not exist for this user (404); a
record they can see but may not change is forbidden (403).

A request acts for one organisation: the person's only membership, or the one they chose when they
signed in (session), or the one their API token was issued for. `membership(user)` answers which,
once a request (it is kept on the user object)."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from . import roles
from .models import Membership, OrgOwned, User

_UNSET = object()
# Set on a user object by the middleware (the session's choice) or the API token: which of the
# user's organisations this request acts for.
CHOSEN_ORGANISATION = "_baton_organisation_id"
_MEMBERSHIP = "_baton_membership"


_MEMBERSHIPS = "_baton_memberships"


def memberships_of(user) -> list[Membership]:
    """All the user's memberships, with their organisations and role assignments: two queries,
    once a request (kept on the user object)."""
    if not user or not user.is_authenticated:
        return []
    found = user.__dict__.get(_MEMBERSHIPS)
    if found is None:
        found = list(
            Membership.objects.filter(user=user).select_related("organisation").prefetch_related("role_assignments")
        )
        user.__dict__[_MEMBERSHIPS] = found
    return found


def membership(user) -> Membership | None:
    """The membership this request acts through, or None: signed out, no membership, or several
    and none chosen yet. Worked out once and kept on the user object."""
    if not user or not user.is_authenticated:
        return None
    # Equivalent mutant: not reading what was remembered works it out again from the remembered
    # memberships (no query, the same answer); the line's other mutants answer None and are killed.
    found = user.__dict__.get(_MEMBERSHIP, _UNSET)  # pragma: no mutate
    if found is not _UNSET:
        return found
    mine = memberships_of(user)
    chosen = user.__dict__.get(CHOSEN_ORGANISATION)
    if chosen is not None:
        found = next((m for m in mine if m.organisation_id == chosen), None)
    else:
        found = mine[0] if len(mine) == 1 else None
    user.__dict__[_MEMBERSHIP] = found
    return found


def forget(user) -> None:
    """Drop what `membership(user)` remembered (after changing the user's roles in a test)."""
    user.__dict__.pop(_MEMBERSHIP, None)
    user.__dict__.pop(_MEMBERSHIPS, None)


def act_for(user, organisation_id: int | None) -> None:
    """Make this request act for one of the user's organisations (None: the only one)."""
    user.__dict__.pop(_MEMBERSHIP, None)
    if organisation_id is None:
        user.__dict__.pop(CHOSEN_ORGANISATION, None)
    else:
        user.__dict__[CHOSEN_ORGANISATION] = organisation_id


def roles_of(user) -> frozenset[str]:
    """The roles the user holds today in the organisation this request acts for."""
    m = membership(user)
    if m is None or not user.is_active:
        return frozenset()
    return m.current_roles()


def has(user, capability: roles.Capability | str) -> bool:
    """May the user do what `capability` allows, in the organisation this request acts for?"""
    key = capability.key if isinstance(capability, roles.Capability) else capability
    return key in roles.granted_by(roles_of(user))


def require_member(user) -> Membership:
    """Any signed-in user acting for an organisation; someone without one sees nothing (404)."""
    m = membership(user)
    if m is None:
        raise Http404("No organisation")
    return m


def get_for_user(queryset: QuerySet | type[Model], user, pk, *, select_related=()):
    """The record with this id if it belongs to the organisation the user acts for (following the
    model's `organisation_path`); otherwise 404, whether it exists elsewhere or not."""
    member = require_member(user)
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    # Equivalent mutants: typing.cast returns its value whatever the type named (a note for mypy).
    path = cast("type[OrgOwned]", qs.model).organisation_path  # pragma: no mutate
    if select_related:  # with no names, select_related() would join every required foreign key
        qs = qs.select_related(*select_related)
    try:
        return qs.get(pk=pk, **{f"{path}_id": member.organisation_id})
    except (ObjectDoesNotExist, ValueError, TypeError):  # the model's DoesNotExist, or a malformed id
        raise Http404("Not found") from None


def holders_of(capability: roles.Capability | str, organisation) -> QuerySet:
    """Active users who, today, hold a role in the organisation that grants the capability: the
    people a page or the API may offer (and accept) as a choice for work that needs it."""
    from .models import RoleAssignment

    key = capability.key if isinstance(capability, roles.Capability) else capability
    granting = [c for c in roles.all_capabilities() if c.key == key][0].roles
    assignments = RoleAssignment.objects.current().filter(membership__organisation=organisation, role__in=granting)
    return (
        User.objects.filter(is_active=True, memberships__in=assignments.values("membership"))
        .distinct()
        .order_by("first_name", "last_name", "username", "pk")
    )


def can_view_audit(user) -> bool:
    """The audit trail: engagement leads, admins and lay members (who assure engagement)."""
    return has(user, roles.VIEW_AUDIT)


def can_restore(user) -> bool:
    """Undoing a deletion: engagement leads and admins."""
    return has(user, roles.RESTORE_DELETED)


def require(allowed: bool, reason: str = "You do not have permission to do this.") -> None:
    """Turn a no into 403."""
    if not allowed:
        raise PermissionDenied(reason)
