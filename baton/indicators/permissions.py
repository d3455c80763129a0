"""Who may read the board indicators. Pages, the API and the hub all ask here.

Staff of the organisation read them: engagement leads, programme leads, lay and board members
(who hold the organisation to account with them), finance officers, admins, and a member whose
role has ended. Someone there only as a patient partner is refused (403), as for commitments and
feedback: the indicators are the board's view of the organisation's own data. A programme of
another organisation is 404."""

from __future__ import annotations

from django.http import Http404

from baton.core import registry
from baton.core.models import Membership, Role
from baton.core.permissions import get_for_user, membership, require, require_member, roles_of
from baton.cycle.models import Programme

NOT_YOURS = "The indicators are for staff of the organisation, and its lay and board members."


def can_read(user) -> bool:
    """Staff of the organisation: anyone with a membership who is not there only as a patient
    partner."""
    if membership(user) is None:
        return False
    held = roles_of(user)
    return not held or held != {Role.PATIENT_PARTNER}


def require_reader(user) -> Membership:
    """404 for no organisation, 403 for a patient partner. Returns the membership."""
    member = require_member(user)
    require(can_read(user), NOT_YOURS)
    return member


def get_programme_for_user(user, pk) -> Programme:
    """A programme of the reader's organisation, for its per-programme indicators (404 if not)."""
    found = get_for_user(Programme, user, pk)
    require_reader(user)
    return found


NOT_THIS_ONE = "This indicator is for those who may see what it measures (spend, for instance, for finance and the engagement leads)."


def get_indicator_for_user(user, key: str) -> registry.Indicator:
    """A registered indicator the reader may read: 404 for an unknown key, 403 where the area that
    defined it says this person may not read it (its `readers`, the area's own rule)."""
    found = registry.indicator_by_key(key)
    if found is None:
        raise Http404("No such indicator")
    require(found.readable_by(user), NOT_THIS_ONE)
    return found
