"""Who may do what, asked the same way by pages, the API and templates.

Two kinds of refusal: a record of another organisation does not exist for this user (404);
a record they can see but may not change is forbidden (403)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Membership, Role

WRITERS = {Role.ENGAGEMENT_LEAD, Role.PROGRAMME_LEAD, Role.ADMIN}
READERS = set(Role)


def membership(user) -> Membership | None:
    if not user or not user.is_authenticated:
        return None
    return getattr(user, "membership", None)


def role_of(user) -> str | None:
    m = membership(user)
    return m.role if m else None


def organisation_of(user):
    m = membership(user)
    return m.organisation if m else None


def require_member(user):
    """Any signed-in user with a membership; someone without one sees nothing."""
    m = membership(user)
    if m is None:
        raise Http404("No organisation")
    return m


def ensure_same_organisation(user, organisation_id: int) -> None:
    m = require_member(user)
    if m.organisation_id != organisation_id:
        raise Http404("Not found")


def is_engagement_lead(user) -> bool:
    return role_of(user) in {Role.ENGAGEMENT_LEAD, Role.ADMIN}


def can_view_audit(user) -> bool:
    return role_of(user) in {Role.ENGAGEMENT_LEAD, Role.ADMIN, Role.LAY_MEMBER}


def can_restore(user) -> bool:
    return role_of(user) in {Role.ENGAGEMENT_LEAD, Role.ADMIN}


def require(allowed: bool, reason: str = "You do not have permission to do this.") -> None:
    if not allowed:
        raise PermissionDenied(reason)
