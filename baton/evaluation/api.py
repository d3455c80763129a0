"""The evaluation API: activity assessments (list, read, create, change, delete) and a
programme's roll-up. Each operation takes the pages' steps through the same permission helpers
and actions: 404 when not yours, 403 when not allowed (a patient partner reads nothing here; only
assessors write), 422 for bad input, 409 when a rule refuses (not ready to assess, already
assessed, a stale version). Lists paginate; creating takes an optional `Idempotency-Key`."""

from django.core.exceptions import ValidationError
from ninja import Header, Path, Query, Router
from ninja.pagination import paginate

from baton.core.api_helpers import changes_of, created_once
from baton.core.permissions import require, require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Pages, responses
from baton.cycle.models import EngagementActivity, StageRun

from . import actions
from .models import DIMENSION_LABELS, DIMENSIONS, ActivityAssessment, Rating
from .permissions import (
    ACTIVITY_RELATED,
    ASSESSORS_ONLY,
    can_assess,
    get_assessment_for_user,
    get_assessment_to_change,
    get_programme_for_user,
    require_reader,
)
from .rollup import Rollup, rollup, rollups_by_run
from .schemas import (
    EvaluationAssessmentIn,
    EvaluationAssessmentOut,
    EvaluationAssessmentPatch,
    EvaluationDeleted,
    EvaluationFilter,
    EvaluationProgrammeRollup,
)

router = Router(tags=["evaluation"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)
R = "/evaluation"


def _reader(request):
    member = require_member(request.auth)
    require_reader(request.auth)
    return member


def _fetch(pk):
    return ActivityAssessment.objects.select_related("activity").get(pk=pk)


@router.get(
    f"{R}/assessments", response=responses({200: list[EvaluationAssessmentOut]}), summary="List activity assessments"
)
@paginate(Pages)
def list_assessments(request, filters: Query[EvaluationFilter]):
    member = _reader(request)
    found = ActivityAssessment.objects.for_org(member.organisation_id).select_related("activity")
    if filters.programme_id:
        found = found.filter(activity__stage_run__programme_id=filters.programme_id)
    if filters.stage_run_id:
        found = found.filter(activity__stage_run_id=filters.stage_run_id)
    return found.order_by("-assessed_on", "-pk")


@router.post(
    f"{R}/assessments",
    response=responses({201: EvaluationAssessmentOut, 200: EvaluationAssessmentOut}, WRITE_ERRORS),
    summary="Assess an engagement activity",
)
def create_assessment(request, payload: EvaluationAssessmentIn, idempotency_key: str | None = IDEMPOTENCY):
    """Refused (409) while the activity has not ended and its stage run has neither handed over
    nor closed, and when it is already assessed (change that assessment instead)."""
    member = _reader(request)
    fields = payload.dict()
    activity = (
        EngagementActivity.objects.for_org(member.organisation_id)
        .select_related(*ACTIVITY_RELATED)
        .filter(pk=fields.pop("activity_id"))
        .first()
    )
    if activity is None:
        raise ValidationError({"activity_id": ["Choose one of your organisation's engagement activities."]})
    require(can_assess(request.auth, activity), ASSESSORS_ONLY)
    if fields.get("assessed_on") is None:
        fields.pop("assessed_on", None)
    return created_once(
        request,
        idempotency_key,
        lambda: actions.assess_activity(activity, by=request.auth, **fields),
        _fetch,
    )


@router.get(
    f"{R}/assessments/{{assessment_id}}",
    response=responses({200: EvaluationAssessmentOut}),
    summary="Read an activity assessment",
)
def read_assessment(request, assessment_id: int = PK):
    return get_assessment_for_user(request.auth, assessment_id)


@router.patch(
    f"{R}/assessments/{{assessment_id}}",
    response=responses({200: EvaluationAssessmentOut}, WRITE_ERRORS),
    summary="Change an activity assessment",
)
def update_assessment(request, payload: EvaluationAssessmentPatch, assessment_id: int = PK):
    assessment = get_assessment_to_change(request.auth, assessment_id)
    actions.update_assessment(assessment, changes_of(payload), by=request.auth, expected_version=payload.version)
    return _fetch(assessment.pk)


@router.delete(
    f"{R}/assessments/{{assessment_id}}",
    response=responses({200: EvaluationDeleted}, WRITE_ERRORS),
    summary="Delete an activity assessment",
)
def delete_assessment(request, assessment_id: int = PK):
    """Restorable: the answer names the audit event to restore it from."""
    assessment = get_assessment_to_change(request.auth, assessment_id)
    return {"audit_event_id": actions.delete_assessment(assessment, by=request.auth).pk}


def _rollup_out(r: Rollup | None) -> dict:
    r = r or Rollup()
    labels = {
        Rating.NOT_MET: "not_met",
        Rating.PARTLY_MET: "partly_met",
        Rating.MET: "met",
        Rating.EXCEEDED: "exceeded",
    }
    return {
        "activities": r.activities,
        "assessed": r.assessed,
        "percent_assessed": r.percent,
        "complete": r.complete,
        "with_patient_partners": r.with_partners,
        "dimensions": [
            {"dimension": DIMENSION_LABELS[d].lower(), **{labels[k]: r.counts.get(d, {}).get(k, 0) for k in labels}}
            for d in DIMENSIONS
        ],
    }


@router.get(
    f"{R}/programmes/{{programme_id}}/rollup",
    response=responses({200: EvaluationProgrammeRollup}),
    summary="A programme's assessments rolled up, overall and per stage run",
)
def programme_rollup(request, programme_id: int = PK):
    """Counts of each rating on each dimension (outcomes, processes, mechanisms) and the share of
    activities assessed, for the programme and for each of its stage runs (newest first). A stage
    run's assessment is complete when every activity in it is assessed."""
    programme = get_programme_for_user(request.auth, programme_id)
    activities = EngagementActivity.objects.filter(stage_run__programme=programme)
    by_run = rollups_by_run(activities)
    runs = StageRun.objects.filter(programme=programme).order_by("-created_at", "-pk")
    return {
        "programme_id": programme.pk,
        "overall": _rollup_out(rollup(activities)),
        "stage_runs": [
            {"stage_run_id": run.pk, "stage": run.stage, "status": run.status, **_rollup_out(by_run.get(run.pk))}
            for run in runs
        ],
    }
