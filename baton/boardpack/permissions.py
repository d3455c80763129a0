"""Who may do what with board packs. Pages, the API and templates all ask here.

Staff of the organisation read packs (engagement and programme leads, lay and board members,
finance, admins, and a member whose role has ended); someone there only as a patient partner is
refused (403). Engagement leads and admins generate and issue them (`make_board_packs`). Another
organisation's packs are 404."""

from __future__ import annotations

from baton.core.models import Role
from baton.core.permissions import get_for_user, has, membership, require, roles_of

from .models import BoardPack

MAKE_BOARD_PACKS = "make_board_packs"


def can_read(user) -> bool:
    """Staff of the organisation: anyone with a membership who is not there only as a patient partner."""
    if membership(user) is None:
        return False
    held = roles_of(user)
    return not held or held != {Role.PATIENT_PARTNER}


def require_reader(user) -> None:
    require(can_read(user), "Board packs are for staff and board members of the organisation.")


def can_make(user) -> bool:
    """Generate, generate again and issue packs: engagement leads and admins."""
    return has(user, MAKE_BOARD_PACKS)


def require_maker(user) -> None:
    require(can_make(user), "Generating and issuing board packs is for engagement leads and admins.")


def get_pack_for_user(user, pk) -> BoardPack:
    """The pack, if it is the user's organisation's (else 404) and the user reads packs (else 403)."""
    found = get_for_user(BoardPack, user, pk, select_related=("organisation", "generated_by", "issued_by"))
    require_reader(user)
    return found
