"""Who may do what with partners, dialogue and communications. Pages, the API and templates all
ask here.

Staff of the organisation read (engagement leads, programme leads, lay and board members, and a
member whose role has ended); someone there only as a patient partner is refused (403): these are
staff pages about partners and named contacts. Engagement leads, programme leads and admins
(`keep_relationships`) change them. Another organisation's records are 404."""

from __future__ import annotations

from baton.core.models import Role, User
from baton.core.permissions import get_for_user, has, membership, require, roles_of

from .models import CommsItem, Contact, Dialogue, FormatRequest, Partner, Promise

KEEP_RELATIONSHIPS = "keep_relationships"


def can_read(user) -> bool:
    """Staff of the organisation: anyone with a membership who is not there only as a patient
    partner."""
    if membership(user) is None:
        return False
    held = roles_of(user)
    return not held or held != {Role.PATIENT_PARTNER}


def require_reader(user) -> None:
    """404 for no organisation (get_for_user and require_member say so first), 403 for a
    patient partner."""
    require(can_read(user), "These pages are for staff of the organisation.")


def can_keep(user) -> bool:
    """Engagement leads, programme leads and admins keep the register and the communications."""
    return has(user, KEEP_RELATIONSHIPS)


def _get(model, user, pk, related=()):
    found = get_for_user(model, user, pk, select_related=related)
    require_reader(user)
    return found


def get_partner_for_user(user, pk) -> Partner:
    return _get(Partner, user, pk, ("organisation", "type", "owner"))


def get_contact_for_user(user, pk) -> Contact:
    return _get(Contact, user, pk, ("partner", "partner__organisation", "person"))


def get_dialogue_for_user(user, pk) -> Dialogue:
    return _get(Dialogue, user, pk, ("partner", "partner__organisation", "programme"))


def get_promise_for_user(user, pk) -> Promise:
    return _get(Promise, user, pk, ("partner", "partner__organisation", "dialogue"))


def get_comms_for_user(user, pk) -> CommsItem:
    return _get(CommsItem, user, pk, ("programme", "programme__organisation"))


def get_request_for_user(user, pk) -> FormatRequest:
    return _get(FormatRequest, user, pk, ("organisation", "programme", "person", "owner"))


def get_programme_for_user(user, pk):
    from baton.cycle.models import Programme

    return _get(Programme, user, pk, ("organisation",))


def eligible_owners(organisation):
    """Who may own a relationship or a format request: active members of the organisation."""
    return (
        User.objects.filter(is_active=True, memberships__organisation=organisation)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
