"""Who may do what with commitments. Pages, the API and templates all ask here.

Staff of the organisation read commitments (engagement leads, programme leads, lay and board
members, finance, admins, and a member whose role has ended); someone there only as a patient
partner is refused (403) and reads the public "you said, we did" pages like anyone else. The
engagement lead (and admins) make commitments for any programme; a programme lead for the
programmes she leads (`make_commitments` and the programme's lead). They and the commitment's
owner record its response. Those who make commitments publish them. Another organisation's
records are 404."""

from __future__ import annotations

from baton.core.models import Role, User
from baton.core.permissions import get_for_user, has, membership, require, roles_of
from baton.core.roles import LEAD_ENGAGEMENT
from baton.cycle.models import Programme

from .models import Commitment

MAKE_COMMITMENTS = "make_commitments"


def can_read(user) -> bool:
    """Staff of the organisation: anyone with a membership who is not there only as a patient
    partner."""
    if membership(user) is None:
        return False
    held = roles_of(user)
    return not held or held != {Role.PATIENT_PARTNER}


def require_reader(user) -> None:
    require(can_read(user), "Commitments are for staff of the organisation; the public pages show what was published.")


def can_make_any(user) -> bool:
    """May make commitments for some programme (the button on the list)."""
    return has(user, MAKE_COMMITMENTS)


def can_make(user, programme: Programme) -> bool:
    """Engagement leads and admins for any programme; a programme lead for her own."""
    if has(user, LEAD_ENGAGEMENT):
        return True
    return has(user, MAKE_COMMITMENTS) and programme.lead_id == user.pk


def can_change(user, commitment: Commitment) -> bool:
    """Change, delete or publish: those who may make commitments for its programme."""
    return can_make(user, commitment.programme)


def can_respond(user, commitment: Commitment) -> bool:
    """Record the response: those who may make commitments for its programme, and its owner."""
    return can_make(user, commitment.programme) or commitment.owner_id == user.pk


def get_commitment_for_user(user, pk) -> Commitment:
    """The commitment, if it is the user's organisation's (else 404) and the user reads them (else 403)."""
    found = get_for_user(
        Commitment, user, pk, select_related=("programme", "programme__organisation", "owner", "responded_by")
    )
    require_reader(user)
    return found


def get_programme_for_user(user, pk) -> Programme:
    found = get_for_user(Programme, user, pk, select_related=("organisation", "lead"))
    require_reader(user)
    return found


def eligible_owners(organisation):
    """Who may own a commitment: active members of the organisation."""
    return (
        User.objects.filter(is_active=True, memberships__organisation=organisation)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
