"""The one door for changes to activity assessments. Every action follows `core.actions`'
contract (lock, re-read, blockers, refuse, audited change); a deletion is kept in the audit trail
so that it can be restored."""

from __future__ import annotations

from django.utils import timezone

from baton.core.actions import change_record, create_record, delete_record, locked, refuse
from baton.core.models import AuditEvent
from baton.cycle.models import EngagementActivity

from .models import ActivityAssessment, blockers_to_assessing


def assess_activity(activity: EngagementActivity, *, by, **fields) -> ActivityAssessment:
    """Assess an activity on its outcomes, processes and mechanisms. The issue's rule: an
    activity is assessed at the end of its stage run (its run has handed over or closed) or once
    it has ended; once only (a second assessment is refused: change the first). The activity is
    locked, so two people assessing it at the same moment make one assessment, and the other is
    told it is already assessed."""
    with locked(activity, related=("stage_run", "stage_run__programme")) as current:
        refuse(blockers_to_assessing(current, timezone.localdate()))
        fields.setdefault("assessed_on", timezone.localdate())
        return create_record(
            ActivityAssessment(activity=current, assessed_by=by, **fields), by=by, action="assess_activity"
        )


def update_assessment(
    assessment: ActivityAssessment, changes: dict, *, by, expected_version: int | None = None
) -> ActivityAssessment:
    """Change an assessment (a stale version is refused: someone else changed it since)."""
    changes.pop("activity", None)
    return change_record(
        assessment, changes, by=by, action="update_activity_assessment", expected_version=expected_version
    )


def delete_assessment(assessment: ActivityAssessment, *, by, expected_version: int | None = None) -> AuditEvent:
    """Delete an assessment made in error: restorable from the audit trail (unless the activity
    has been assessed again since)."""
    with locked(assessment, expected_version=expected_version):
        return delete_record(assessment, by=by, action="delete_activity_assessment")
