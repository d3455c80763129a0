"""Who may do what with activity assessments. Pages, the API and templates all ask here.

- Staff of the organisation (anyone with a membership who is not there only as a patient
  partner; board members, lay members, finance and a member whose role has ended included) read
  assessments and the roll-ups.
- Engagement leads and admins assess any activity of the organisation; programme leads assess
  the activities of the programmes they lead and of the stage runs they own (`assess_engagement`,
  the same people who may work on the run in the Cycle). They change and delete those assessments
  too; a deletion is restorable from the audit trail.
- A patient partner reads nothing here (403): an assessment is the organisation's judgment of its
  own work. Patient partners take part in assessing, which the assessment records
  (`with_patient_partners`), and see what changed on the public "you said, we did" pages.
- Another organisation's records are 404."""

from __future__ import annotations

from baton.core.models import Role
from baton.core.permissions import get_for_user, has, membership, require, roles_of
from baton.cycle.models import EngagementActivity, Programme
from baton.cycle.permissions import can_work_on_run

from .models import ActivityAssessment

ASSESS_ENGAGEMENT = "assess_engagement"
STAFF_ONLY = "Assessments of engagement are for staff of the organisation."
ASSESSORS_ONLY = (
    "Only engagement leads, and programme leads for their own programmes and stage runs, assess engagement."
)


def can_read(user) -> bool:
    """Staff of the organisation: anyone with a membership who is not there only as a patient partner."""
    if membership(user) is None:
        return False
    held = roles_of(user)
    return not held or held != {Role.PATIENT_PARTNER}


def require_reader(user) -> None:
    require(can_read(user), STAFF_ONLY)


def may_assess(user) -> bool:
    """Holds a role that assesses engagement at all (some activities, perhaps not this one)."""
    return has(user, ASSESS_ENGAGEMENT)


def can_assess(user, activity: EngagementActivity) -> bool:
    """Assess (or change, or delete the assessment of) this activity: engagement leads and admins
    for any; programme leads for the programmes they lead and the runs they own."""
    if not may_assess(user):
        return False
    return can_work_on_run(user, activity.stage_run)


ACTIVITY_RELATED = (
    "stage_run",
    "stage_run__programme",
    "stage_run__programme__organisation",
    "stage_run__programme__lead",
    "stage_run__owner",
    "stage_run__handover_out",
)


def get_activity_to_assess(user, pk) -> EngagementActivity:
    """The activity with its run, programme and the run's hand-over joined (what the rule reads);
    404 elsewhere, 403 for readers only."""
    activity = get_for_user(EngagementActivity, user, pk, select_related=ACTIVITY_RELATED)
    require_reader(user)
    require(can_assess(user, activity), ASSESSORS_ONLY)
    return activity


def get_assessment_for_user(user, pk) -> ActivityAssessment:
    """An assessment of the organisation, with its activity joined; 404 elsewhere, 403 for a
    patient partner."""
    found = get_for_user(
        ActivityAssessment,
        user,
        pk,
        select_related=("assessed_by", *(f"activity__{name}" for name in ACTIVITY_RELATED), "activity"),
    )
    require_reader(user)
    return found


def get_assessment_to_change(user, pk) -> ActivityAssessment:
    found = get_assessment_for_user(user, pk)
    require(can_assess(user, found.activity), ASSESSORS_ONLY)
    return found


def get_programme_for_user(user, pk) -> Programme:
    found = get_for_user(Programme, user, pk, select_related=("lead", "organisation"))
    require_reader(user)
    return found


def assessable_by(user, activities):
    """Of `activities`, those `user` may assess: all for engagement leads and admins; for a
    programme lead, those of the programmes they lead or the runs they own; none for anyone else.
    The filter `can_assess` answers for one activity, for a list."""
    from django.db.models import Q

    from baton.core.roles import LEAD_ENGAGEMENT, OWN_WORK

    if not may_assess(user):
        return activities.none()
    if has(user, LEAD_ENGAGEMENT):
        return activities
    if has(user, OWN_WORK):
        return activities.filter(Q(stage_run__programme__lead=user) | Q(stage_run__owner=user))
    return activities.none()
