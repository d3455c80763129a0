"""Who may see reach and change the population profile. Pages, the API and templates all ask here.

Reach is built from equality monitoring (special-category data), so even as suppressed aggregates
it is for staff of the organisation: engagement and programme leads, lay and board members,
finance, admins. Someone there only as a patient partner is refused (403). Importing the population
profile is for engagement leads and admins (`import_population`). Another organisation's records
are 404."""

from __future__ import annotations

from baton.core.models import Role
from baton.core.permissions import get_for_user, has, membership, require, roles_of
from baton.cycle.models import EngagementActivity, Programme, StageRun
from baton.structures.models import Structure

IMPORT_POPULATION = "import_population"


def can_read(user) -> bool:
    """Staff of the organisation: anyone with a membership who is not there only as a patient
    partner."""
    if membership(user) is None:
        return False
    held = roles_of(user)
    return not held or held != {Role.PATIENT_PARTNER}


def require_reader(user) -> None:
    require(can_read(user), "Reach against the population is for staff of the organisation.")


def can_import(user) -> bool:
    """Import a population profile: engagement leads and admins."""
    return has(user, IMPORT_POPULATION)


def get_activity_for_user(user, pk) -> EngagementActivity:
    found = get_for_user(EngagementActivity, user, pk, select_related=("stage_run", "stage_run__programme"))
    require_reader(user)
    return found


def get_stage_run_for_user(user, pk) -> StageRun:
    found = get_for_user(StageRun, user, pk, select_related=("programme",))
    require_reader(user)
    return found


def get_programme_for_user(user, pk) -> Programme:
    found = get_for_user(Programme, user, pk)
    require_reader(user)
    return found


def get_structure_for_user(user, pk) -> Structure:
    found = get_for_user(Structure, user, pk)
    require_reader(user)
    return found
