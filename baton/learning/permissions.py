"""Who may do what with learning and support. Pages, the API and templates all ask here.

- Staff of the organisation (anyone with a membership who is not there only as a patient partner,
  a member whose role has ended included) read the registers: offers, requirements, records,
  support requests, readiness and uptake.
- Engagement leads and admins (`keep_learning`) keep offers, requirements and participation roles,
  and delete records entered in error.
- Engagement leads, programme leads and admins (`record_learning`) record anyone's learning and
  raise or close support requests for anyone: they are the managers the issue speaks of.
- Everyone signed in sees their own learning at /learning/me/ and, while they hold a role, asks
  for support there. A patient partner sees only that page (the registers are 403); another
  person's records are 404 to him.
- Another organisation's records are 404."""

from __future__ import annotations

from django.db.models import QuerySet

from baton.core.models import Role, User
from baton.core.permissions import get_for_user, has, membership, require, roles_of

from .models import LearningNeed, LearningOffer, LearningRecord, LearningRequirement, ParticipationRole

KEEP_LEARNING = "keep_learning"
RECORD_LEARNING = "record_learning"


def can_read(user) -> bool:
    """Staff of the organisation: anyone with a membership who is not there only as a patient
    partner."""
    if membership(user) is None:
        return False
    held = roles_of(user)
    return not held or held != {Role.PATIENT_PARTNER}


def require_reader(user) -> None:
    require(can_read(user), "These pages are for staff of the organisation.")


def can_keep(user) -> bool:
    return has(user, KEEP_LEARNING)


def can_record(user) -> bool:
    return has(user, RECORD_LEARNING)


def can_ask(user) -> bool:
    """Ask for support for oneself: anyone holding a role today."""
    return membership(user) is not None and bool(roles_of(user))


def _get(model, user, pk, related=()):
    found = get_for_user(model, user, pk, select_related=related)
    require_reader(user)
    return found


def get_offer_for_user(user, pk) -> LearningOffer:
    return _get(LearningOffer, user, pk, ("organisation",))


def get_requirement_for_user(user, pk) -> LearningRequirement:
    return _get(LearningRequirement, user, pk, ("organisation", "offer", "participation_role"))


def get_role_kind_for_user(user, pk) -> ParticipationRole:
    return _get(ParticipationRole, user, pk, ("organisation", "structure_type"))


def get_record_for_user(user, pk) -> LearningRecord:
    """A record: staff read any; the person it is about (or whose person it is) reads their own;
    anyone else 404."""
    found = get_for_user(LearningRecord, user, pk, select_related=("organisation", "offer", "user", "person"))
    if can_read(user) or found.user_id == user.pk or (found.person_id and found.person.account_id == user.pk):
        return found
    from django.http import Http404

    raise Http404("Not found")


def get_record_to_keep(user, pk) -> LearningRecord:
    """A record of the organisation, for deleting: 404 elsewhere, 403 for anyone but staff."""
    return _get(LearningRecord, user, pk, ("organisation", "offer", "user", "person"))


def get_need_for_user(user, pk) -> LearningNeed:
    return _get(LearningNeed, user, pk, ("organisation", "offer", "user", "person"))


def staff_members(organisation) -> QuerySet[User]:
    """Who may have a staff learning record: active members of the organisation."""
    return (
        User.objects.filter(is_active=True, memberships__organisation=organisation)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
