"""Who may do what with the people who take part. Pages, the API and templates all ask here."""

from __future__ import annotations

from baton.core import roles as _roles
from baton.core.models import Role as _Role
from baton.core.permissions import get_for_user as _get_for_user
from baton.core.permissions import has as _has
from baton.core.permissions import membership as _membership

# Taking part, rights and retention ---------------------------------------------------------------
#
# Engagement leads and admins manage opportunities to take part, their registrations, imports of
# people, people's rights (export, erasure) and retention. Programme leads also see registrations,
# invite people and record their participation (they run the activities). Lay and board members
# read the opportunities (no one's personal data). A patient partner sees only their own record and
# may export their own data. Another organisation's records are 404.

MANAGE_TAKING_PART = _roles.register(
    "manage_taking_part",
    "Manage opportunities to take part, registrations, imports of people, erasure and retention",
    {_Role.ENGAGEMENT_LEAD, _Role.ADMIN},
)
INVITE_PEOPLE = _roles.register(
    "invite_people",
    "See registrations of interest, invite people and record their participation",
    {_Role.ENGAGEMENT_LEAD, _Role.ADMIN, _Role.PROGRAMME_LEAD},
)
SEE_OPPORTUNITIES = _roles.register(
    "see_opportunities",
    "Read the opportunities to take part (no one's personal data)",
    {_Role.ENGAGEMENT_LEAD, _Role.ADMIN, _Role.PROGRAMME_LEAD, _Role.LAY_MEMBER, _Role.BOARD_MEMBER},
)


def can_manage_taking_part(user) -> bool:
    """Opportunities (create, change, publish, delete), imports, erasure, retention, exports."""
    return _has(user, MANAGE_TAKING_PART)


def can_invite(user) -> bool:
    """See registrations, invite, mark not selected, record participation."""
    return _has(user, INVITE_PEOPLE)


def can_see_opportunities(user) -> bool:
    return _has(user, SEE_OPPORTUNITIES)


def get_opportunity_for_user(user, pk):
    """An opportunity of the user's organisation; otherwise 404."""
    from .models import Opportunity

    return _get_for_user(Opportunity, user, pk, select_related=("organisation", "activity", "structure"))


def get_interest_for_user(user, pk):
    """A registration of interest of the user's organisation, with its person and opportunity; else 404."""
    from .models import Interest

    return _get_for_user(Interest, user, pk, select_related=("person", "opportunity", "opportunity__organisation"))


def get_person_for_rights(user, pk):
    """A person of the user's organisation (erased ones too); otherwise 404."""
    from .models import Person

    return _get_for_user(Person, user, pk, select_related=("organisation",))


def own_person(user):
    """The person record linked to the user's own account in the organisation they act for, or None."""
    from .models import Person

    member = _membership(user)
    if member is None:
        return None
    return Person.objects.filter(account=user, organisation_id=member.organisation_id, erased_at__isnull=True).first()


def can_export_person(user, person) -> bool:
    """Staff who manage taking part export anyone's data; a person exports their own."""
    return can_manage_taking_part(user) or (person.account_id is not None and person.account_id == user.pk)
