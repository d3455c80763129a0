"""Who may do what in the register of engagement structures. Pages, the API and templates all ask here.

Everyone in the organisation reads the register (structures, meetings, minutes, actions).
Engagement leads and admins (`structures_keep`) keep it: add, change, review and delete structures,
and record the meetings of any of them. The lead of the programme a structure serves (a programme
patient panel) records that structure's meetings, minutes and actions. Another organisation's
structures, meetings and actions are 404."""

from __future__ import annotations

from baton.core.models import User
from baton.core.permissions import get_for_user, has
from baton.core.roles import OWN_WORK

from . import capabilities
from .models import MeetingAction, Structure, StructureMeeting


def get_structure_for_user(user, pk) -> Structure:
    """A structure of the user's organisation, with what its page shows joined; else 404."""
    return get_for_user(
        Structure,
        user,
        pk,
        # The joins only save queries (the same row comes back without them): an equivalent mutant.
        select_related=("type", "feeds_board", "programme"),  # pragma: no mutate
    )


def get_meeting_for_user(user, pk) -> StructureMeeting:
    """A meeting of one of the organisation's structures, with the structure joined; else 404."""
    return get_for_user(
        StructureMeeting,
        user,
        pk,
        # The joins only save queries (the same row comes back without them): an equivalent mutant.
        select_related=("structure", "structure__programme"),  # pragma: no mutate
    )


def get_action_for_user(user, pk) -> MeetingAction:
    """An action agreed at one of the organisation's meetings, with its meeting and structure; else 404."""
    return get_for_user(
        MeetingAction,
        user,
        pk,
        # The joins only save queries (the same row comes back without them): an equivalent mutant.
        select_related=("meeting", "meeting__structure", "meeting__structure__programme", "owner"),  # pragma: no mutate
    )


def can_keep_register(user) -> bool:
    """Engagement leads and admins keep the register: structures, their reviews, their meetings."""
    return has(user, capabilities.KEEP)


def can_record_meetings(user, structure: Structure) -> bool:
    """Whoever keeps the register, and the lead of the programme the structure serves."""
    if can_keep_register(user):
        return True
    programme = structure.programme
    if programme is None or not has(user, OWN_WORK):
        return False
    return programme.lead_id == user.pk


def eligible_owners(organisation):
    """Baton users who may own an action: active members of the organisation. The pages list
    exactly these; the API and the actions accept no one else."""
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
