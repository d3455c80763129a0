"""Who may do what in the responsibilities register. Pages, the API and templates all ask here.

Everyone in the organisation reads the register; engagement leads (`lead_engagement`) keep it:
add, change and delete roles, appoint holders and end their terms. Another organisation's roles
and holders, and the standard roles themselves (reference data), are 404."""

from __future__ import annotations

from baton.core.models import User
from baton.core.permissions import get_for_user, has
from baton.core.roles import LEAD_ENGAGEMENT

from .models import HubRole, RoleHolder


def get_role_for_user(user, pk) -> HubRole:
    """A role of the user's organisation's register; otherwise 404 (including the standard roles,
    which belong to no organisation)."""
    return get_for_user(HubRole, user, pk, select_related=("organisation",))


def get_holder_for_user(user, pk) -> RoleHolder:
    """A holder of one of the user's organisation's roles, with the role and person joined; else 404."""
    return get_for_user(RoleHolder, user, pk, select_related=("role", "role__organisation", "person"))


def can_edit_register(user) -> bool:
    """Engagement leads keep the register (roles, holders, terms)."""
    return has(user, LEAD_ENGAGEMENT)


def eligible_holders(organisation):
    """Baton users who may be named as a holder: active members of the organisation (any role, or
    none: the register records responsibilities, not access). The pages list exactly these; the
    API and the actions accept no one else."""
    return (
        User.objects.filter(is_active=True, memberships__organisation=organisation)
        .distinct()
        .order_by(
            "first_name",
            "last_name",
            "username",
            # Usernames are unique, so pk never decides: equivalent.
            "pk",  # pragma: no mutate
        )
    )
