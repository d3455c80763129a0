"""Who may do what with the people who take part. Pages, the API and templates all ask here.

- Engagement leads, programme leads and admins keep the register (`keep_people`): they see people,
  their needs, consent and participation, and record and change them. Deleting a person is for
  engagement leads and admins (`lead_engagement`); it can be undone from the audit trail.
- A patient partner whose account is linked to a person (`Person.account`) sees that person's
  record and nothing else of the register: the register is 403, another person 404.
- Equality monitoring is special-category data: only `view_equality` (engagement leads, admins)
  sees it, only as counts with small numbers suppressed (`equality.py`), each view audited. No
  page or API answer shows one person's answers.
- Another organisation's people are 404 (core.permissions.get_for_user)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from baton.core import roles as _roles
from baton.core.models import Role
from baton.core.models import Role as _Role
from baton.core.permissions import get_for_user, has, roles_of
from baton.core.permissions import get_for_user as _get_for_user
from baton.core.permissions import has as _has
from baton.core.permissions import membership as _membership
from baton.core.roles import LEAD_ENGAGEMENT

from . import capabilities
from .models import Attendance, Participation, Person


def can_keep_people(user) -> bool:
    """See the register and record people, consent, participation and attendance."""
    return has(user, capabilities.KEEP_PEOPLE)


def can_delete_people(user) -> bool:
    """Delete a person (restorable from the audit trail): engagement leads and admins."""
    return has(user, LEAD_ENGAGEMENT)


def can_view_equality(user) -> bool:
    """See equality monitoring as suppressed counts: engagement leads and admins."""
    return has(user, capabilities.VIEW_EQUALITY)


def can_import_areas(user) -> bool:
    """Load the postcode-to-area table (national reference data): admins."""
    return has(user, capabilities.IMPORT_AREAS)


def is_patient_partner(user) -> bool:
    return Role.PATIENT_PARTNER in roles_of(user)


def own_person(user, organisation_id) -> Person | None:
    """The person record linked to the user's account in this organisation, if any."""
    if not user or not user.is_authenticated:
        return None
    return Person.objects.active().filter(organisation_id=organisation_id, account=user).first()


PERSON_JOINS = ("organisation", "account")


def get_person_for_user(user, pk) -> Person:
    """A person of the user's organisation whom the user may see: a keeper sees anyone; a patient
    partner only the person linked to his account (anyone else is 404, as if absent); any other
    role is refused (403). Another organisation's person, or an erased one, is 404."""
    person = get_for_user(Person.objects.active(), user, pk, select_related=PERSON_JOINS)
    if can_keep_people(user) or (person.account_id is not None and person.account_id == user.pk):
        return person
    if is_patient_partner(user):
        raise Http404("Not found")
    raise PermissionDenied("You do not have permission to see people's records.")


def get_person_to_keep(user, pk) -> Person:
    """A person of the user's organisation, for a change: 404 elsewhere, 403 without `keep_people`."""
    person = get_for_user(Person.objects.active(), user, pk, select_related=PERSON_JOINS)
    if not can_keep_people(user):
        raise PermissionDenied("You do not have permission to change people's records.")
    return person


def get_participation_to_keep(user, pk) -> Participation:
    participation = get_for_user(
        Participation, user, pk, select_related=("person", "activity", "structure", "person__organisation")
    )
    if not can_keep_people(user):
        raise PermissionDenied("You do not have permission to change people's records.")
    return participation


def get_attendance_to_keep(user, pk) -> Attendance:
    attendance = get_for_user(Attendance, user, pk, select_related=("person", "meeting", "meeting__structure"))
    if not can_keep_people(user):
        raise PermissionDenied("You do not have permission to change people's records.")
    return attendance


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


def own_record(user):
    """The person record linked to the user's own account in the organisation they act for, or None."""
    from .models import Person

    member = _membership(user)
    if member is None:
        return None
    return Person.objects.filter(account=user, organisation_id=member.organisation_id, erased_at__isnull=True).first()


def can_export_person(user, person) -> bool:
    """Staff who manage taking part export anyone's data; a person exports their own."""
    return can_manage_taking_part(user) or (person.account_id is not None and person.account_id == user.pk)
