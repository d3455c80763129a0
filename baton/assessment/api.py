"""The self-assessment's REST API: the frameworks (reference data), assessments, rating an item,
actions, completing, and the trend. Same permission helpers and actions as the pages: 404 when not
yours, 403 when not allowed, 422 for bad input, 409 when a rule refuses (a completed assessment is
read-only). Lists paginate; creates take an optional `Idempotency-Key`."""

from django.core.exceptions import ValidationError
from ninja import Header, Path, Query, Router
from ninja.pagination import paginate

from baton.core.api_helpers import changes_of, created_once
from baton.core.errors import RuleBroken
from baton.core.permissions import require, require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Pages, responses

from . import actions, trend
from .models import Action, Assessment, Framework, Rating
from .permissions import (
    can_edit_assessments,
    eligible_owners,
    get_action_for_user,
    get_assessment_for_user,
    get_item,
)
from .schemas import (
    ActionIn,
    ActionOut,
    AssessmentIn,
    AssessmentOut,
    AssessmentPatch,
    Deleted,
    FrameworkOut,
    RatingIn,
    RatingOut,
    TrendOut,
    VersionIn,
)

router = Router(tags=["assessment"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)


def _assessments(member):
    return Assessment.objects.for_org(member.organisation_id).with_scores()


def _ratings(assessment_id):
    return (
        Rating.objects.filter(assessment_id=assessment_id)
        .select_related("item", "item__framework")
        .prefetch_related("actions__owner")
    )


@router.get("/assessment-frameworks", response=responses({200: list[FrameworkOut]}), summary="The frameworks")
@paginate(Pages)
def list_frameworks(request):
    """The ten hub elements, the ten principles and the five CCG domains, with their 0 to 3 scales."""
    require_member(request.auth)
    return Framework.objects.prefetch_related("levels", "items").order_by("order", "pk")


@router.get("/assessments", response=responses({200: list[AssessmentOut]}), summary="List self-assessments")
@paginate(Pages)
def list_assessments(request):
    return _assessments(require_member(request.auth))


@router.post(
    "/assessments", response=responses({201: AssessmentOut, 200: AssessmentOut}, WRITE_ERRORS), summary="Start one"
)
def create_assessment(request, payload: AssessmentIn, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    require(can_edit_assessments(request.auth))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.create_assessment(member.organisation, by=request.auth, **payload.dict()),
        lambda pk: _assessments(member).get(pk=pk),
    )


@router.get("/assessments/trend", response=responses({200: TrendOut}), summary="Compare completed periods")
def get_trend(request, periods: int = Query(12, ge=1, le=40, description="How many of the latest periods.")):
    """The latest completed periods, oldest first: each item's score and each framework's total
    (the CCG domains out of 15)."""
    member = require_member(request.auth)
    latest = Assessment.objects.for_org(member.organisation_id).completed().order_by("-period_end", "-pk")
    shown = list(reversed(latest[:periods]))
    built = trend.build(shown)
    return {
        "periods": [a.period for a in shown],
        "rows": [
            {"framework": t.framework.key, "code": r.item.code, "title": r.item.title, "scores": r.scores}
            for t in built
            for r in t.rows
        ],
        "totals": {t.framework.key: t.totals for t in built},
    }


@router.get("/assessments/{assessment_id}", response=responses({200: AssessmentOut}), summary="Get one")
def get_assessment(request, assessment_id: int = PK):
    member = require_member(request.auth)
    get_assessment_for_user(request.auth, assessment_id)
    return _assessments(member).get(pk=assessment_id)


@router.patch(
    "/assessments/{assessment_id}", response=responses({200: AssessmentOut}, WRITE_ERRORS), summary="Change a draft"
)
def update_assessment(request, payload: AssessmentPatch, assessment_id: int = PK):
    member = require_member(request.auth)
    assessment = get_assessment_for_user(request.auth, assessment_id)
    require(can_edit_assessments(request.auth))
    changes = changes_of(payload)
    actions.update_assessment(assessment, changes, by=request.auth, expected_version=payload.version)
    return _assessments(member).get(pk=assessment.pk)


@router.delete(
    "/assessments/{assessment_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a draft"
)
def delete_assessment(request, assessment_id: int = PK):
    assessment = get_assessment_for_user(request.auth, assessment_id)
    require(can_edit_assessments(request.auth))
    return {"audit_event_id": actions.delete_assessment(assessment, by=request.auth).pk}


@router.post(
    "/assessments/{assessment_id}/complete",
    response=responses({200: AssessmentOut}, WRITE_ERRORS),
    summary="Complete an assessment (then read-only)",
)
def complete_assessment(request, payload: VersionIn | None = None, assessment_id: int = PK):
    """409 with the reasons until every item is scored with evidence and every low score has an action."""
    member = require_member(request.auth)
    assessment = get_assessment_for_user(request.auth, assessment_id)
    require(can_edit_assessments(request.auth))
    actions.complete_assessment(assessment, by=request.auth, expected_version=payload.version if payload else None)
    return _assessments(member).get(pk=assessment.pk)


@router.get(
    "/assessments/{assessment_id}/ratings",
    response=responses({200: list[RatingOut]}),
    summary="An assessment's ratings",
)
@paginate(Pages)
def list_ratings(request, assessment_id: int = PK):
    get_assessment_for_user(request.auth, assessment_id)
    return _ratings(assessment_id)


@router.post(
    "/assessments/{assessment_id}/items/{item_id}",
    response=responses({200: RatingOut}, WRITE_ERRORS),
    summary="Rate an item (score and evidence; again to change it)",
)
def rate_item(request, payload: RatingIn, assessment_id: int = PK, item_id: int = PK):
    assessment = get_assessment_for_user(request.auth, assessment_id)
    require(can_edit_assessments(request.auth))
    item = get_item(item_id)
    rating = actions.rate(assessment, item, score=payload.score, evidence=payload.evidence, by=request.auth)
    return _ratings(assessment_id).get(pk=rating.pk)


@router.post(
    "/assessments/{assessment_id}/items/{item_id}/actions",
    response=responses({201: ActionOut, 200: ActionOut}, WRITE_ERRORS),
    summary="Add an action to a rating",
)
def add_action(
    request, payload: ActionIn, assessment_id: int = PK, item_id: int = PK, idempotency_key: str | None = IDEMPOTENCY
):
    member = require_member(request.auth)
    assessment = get_assessment_for_user(request.auth, assessment_id)
    require(can_edit_assessments(request.auth))
    item = get_item(item_id)
    rating = Rating.objects.filter(assessment=assessment, item=item).first()
    if rating is None:
        raise RuleBroken("Rate this item first; then add the actions it leads to.")
    fields = payload.dict()
    owner = eligible_owners(member.organisation_id).filter(pk=fields.pop("owner_id")).first()
    if owner is None:
        raise ValidationError({"owner_id": ["Choose someone in your organisation to own the action."]})

    return created_once(
        request,
        idempotency_key,
        lambda: actions.add_action(rating, by=request.auth, owner=owner, **fields),
        lambda pk: Action.objects.select_related("owner").get(pk=pk),
    )


@router.delete(
    "/assessment-actions/{action_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete an action"
)
def delete_action(request, action_id: int = PK):
    action = get_action_for_user(request.auth, action_id)
    require(can_edit_assessments(request.auth))
    return {"audit_event_id": actions.delete_action(action, by=request.auth).pk}
