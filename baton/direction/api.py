"""The direction's REST API: versions of the vision and the strategy (start a draft, change it,
approve it, delete a draft), objectives, plans, the principles and their adoption, and coverage.

The same four steps as the pages: access (`get_*_for_user`: 404), permission (`can_*`: 403),
bind (the schema: 422), act (one action: 409 when a rule refuses). Lists paginate; creates take
an optional `Idempotency-Key`."""

from django.core.exceptions import ValidationError
from ninja import Header, Path, Query, Router
from ninja.pagination import paginate

from baton.core.api_helpers import changes_of, created_once
from baton.core.permissions import require, require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Pages, responses
from baton.cycle.models import Programme

from . import actions
from .models import (
    Objective,
    Plan,
    PlanType,
    Principle,
    PrincipleAdoption,
    StrategyVersion,
    VisionVersion,
    programmes_serving_no_objective,
    strategy_in_force,
)
from .permissions import (
    can_adopt_principles,
    can_approve,
    can_draft,
    can_link_programmes,
    can_manage_plans,
    get_adoption_for_user,
    get_objective_for_user,
    get_plan_for_user,
    get_strategy_for_user,
    get_vision_for_user,
)
from .schemas import (
    AdoptionIn,
    AdoptionOut,
    AdoptionPatch,
    CoverageOut,
    Deleted,
    ObjectiveIn,
    ObjectiveOut,
    ObjectivePatch,
    PlanIn,
    PlanOut,
    PlanPatch,
    PlanTypeOut,
    PrincipleOut,
    StrategyOut,
    StrategyPatch,
    VersionIn,
    VisionOut,
    VisionPatch,
)

router = Router(tags=["direction"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)
KINDS = {
    "vision": (VisionVersion, get_vision_for_user, actions.start_vision_draft, VisionOut, VisionPatch),
    "strategy": (StrategyVersion, get_strategy_for_user, actions.start_strategy_draft, StrategyOut, StrategyPatch),
}


def _versions(model, member):
    return model.objects.for_org(member.organisation_id).with_people().order_by("-number")


def _objectives(member):
    return Objective.objects.for_org(member.organisation_id).with_links()


def _plans(member):
    return Plan.objects.for_org(member.organisation_id).select_related("plan_type")


def _adoptions(member):
    return PrincipleAdoption.objects.for_org(member.organisation_id).select_related("principle")


def _links(fields: dict) -> dict:
    """plan_ids and programme_ids as the actions take them (ids; the action checks they are ours)."""
    out = dict(fields)
    if "plan_ids" in out:
        ids = out.pop("plan_ids")
        if ids is not None:
            out["plans"] = ids
    if "programme_ids" in out:
        ids = out.pop("programme_ids")
        if ids is not None:
            out["programmes"] = ids
    return out


# Versions of the vision and the strategy ---------------------------------------------------------------


def _version_routes(kind: str) -> None:
    model, get, start, out, patch = KINDS[kind]
    noun = "vision" if kind == "vision" else "strategy"

    @router.get(
        f"/direction/{kind}/versions",
        response=responses({200: list[out]}),  # type: ignore[valid-type]  # built per kind
        summary=f"List the {noun}'s versions",
        operation_id=f"baton_direction_api_list_{kind}_versions",
        url_name=f"list_{kind}_versions",
    )
    @paginate(Pages)
    def list_versions(request):
        return _versions(model, require_member(request.auth))

    @router.post(
        f"/direction/{kind}/versions",
        response=responses({201: out, 200: out}, WRITE_ERRORS),
        summary=f"Start a new draft of the {noun} (a copy of the version in force)",
        operation_id=f"baton_direction_api_start_{kind}_draft",
        url_name=f"start_{kind}_draft",
    )
    def start_draft(request, idempotency_key: str | None = IDEMPOTENCY):
        member = require_member(request.auth)
        require(can_draft(request.auth))
        return created_once(
            request,
            idempotency_key,
            lambda: start(member.organisation, by=request.auth),
            lambda pk: _versions(model, member).get(pk=pk),
        )

    @router.get(
        f"/direction/{kind}/versions/{{version_id}}",
        response=responses({200: out}),
        summary=f"Get a version of the {noun}",
        operation_id=f"baton_direction_api_get_{kind}_version",
        url_name=f"get_{kind}_version",
    )
    def get_version(request, version_id: int = PK):
        return get(request.auth, version_id)

    @router.patch(
        f"/direction/{kind}/versions/{{version_id}}",
        response=responses({200: out}, WRITE_ERRORS),
        summary=f"Change a draft of the {noun}",
        operation_id=f"baton_direction_api_update_{kind}_draft",
        url_name=f"update_{kind}_draft",
    )
    def update_version(request, payload: patch, version_id: int = PK):  # type: ignore[valid-type]
        version = get(request.auth, version_id)
        require(can_draft(request.auth))
        actions.update_version(version, changes_of(payload), by=request.auth, expected_version=payload.version)  # type: ignore[attr-defined]
        return get(request.auth, version_id)

    @router.post(
        f"/direction/{kind}/versions/{{version_id}}/approve",
        response=responses({200: out}, WRITE_ERRORS),
        summary=f"Approve a draft of the {noun}: it is published, and the version in force is superseded",
        operation_id=f"baton_direction_api_approve_{kind}_version",
        url_name=f"approve_{kind}_version",
    )
    def approve(request, payload: VersionIn, version_id: int = PK):
        version = get(request.auth, version_id)
        require(can_approve(request.auth))
        actions.approve_version(version, by=request.auth, expected_version=payload.version)
        return get(request.auth, version_id)

    @router.delete(
        f"/direction/{kind}/versions/{{version_id}}",
        response=responses({200: Deleted}, WRITE_ERRORS),
        summary=f"Delete a draft of the {noun}",
        operation_id=f"baton_direction_api_delete_{kind}_draft",
        url_name=f"delete_{kind}_draft",
    )
    def delete_version(request, version_id: int = PK):
        version = get(request.auth, version_id)
        require(can_draft(request.auth))
        return {"audit_event_id": actions.delete_draft(version, by=request.auth).pk}


_version_routes("vision")
_version_routes("strategy")


# Objectives -------------------------------------------------------------------------------------------


@router.get(
    "/direction/strategy/versions/{version_id}/objectives",
    response=responses({200: list[ObjectiveOut]}),
    summary="List a strategy's objectives",
)
@paginate(Pages)
def list_objectives(request, version_id: int = PK):
    strategy = get_strategy_for_user(request.auth, version_id)
    return _objectives(require_member(request.auth)).filter(strategy=strategy)


@router.post(
    "/direction/strategy/versions/{version_id}/objectives",
    response=responses({201: ObjectiveOut, 200: ObjectiveOut}, WRITE_ERRORS),
    summary="Add an objective to a draft strategy",
)
def create_objective(request, payload: ObjectiveIn, version_id: int = PK, idempotency_key: str | None = IDEMPOTENCY):
    strategy = get_strategy_for_user(request.auth, version_id)
    member = require_member(request.auth)
    require(can_draft(request.auth))
    fields = _links(payload.dict())
    return created_once(
        request,
        idempotency_key,
        lambda: actions.add_objective(strategy, by=request.auth, **fields),
        lambda pk: _objectives(member).get(pk=pk),
    )


@router.get("/direction/objectives", response=responses({200: list[ObjectiveOut]}), summary="List objectives")
@paginate(Pages)
def list_all_objectives(
    request, strategy: int | None = Query(None, ge=1, le=MAX_ID, description="Only this strategy version's.")
):
    objectives = _objectives(require_member(request.auth))
    return objectives.filter(strategy_id=strategy) if strategy else objectives


@router.get("/direction/objectives/{objective_id}", response=responses({200: ObjectiveOut}), summary="Get an objective")
def get_objective(request, objective_id: int = PK):
    get_objective_for_user(request.auth, objective_id)
    return _objectives(require_member(request.auth)).get(pk=objective_id)


@router.patch(
    "/direction/objectives/{objective_id}",
    response=responses({200: ObjectiveOut}, WRITE_ERRORS),
    summary="Change an objective",
)
def update_objective(request, payload: ObjectivePatch, objective_id: int = PK):
    """A draft strategy's objective: anything. An approved strategy's: only `programme_ids`."""
    objective = get_objective_for_user(request.auth, objective_id)
    changes = _links(changes_of(payload))
    only_programmes = set(changes) <= {"programmes"}
    require(can_link_programmes(request.auth) if only_programmes else can_draft(request.auth))
    actions.update_objective(objective, changes, by=request.auth, expected_version=payload.version)
    return _objectives(require_member(request.auth)).get(pk=objective_id)


@router.delete(
    "/direction/objectives/{objective_id}",
    response=responses({200: Deleted}, WRITE_ERRORS),
    summary="Delete an objective of a draft strategy",
)
def delete_objective(request, objective_id: int = PK):
    objective = get_objective_for_user(request.auth, objective_id)
    require(can_draft(request.auth))
    return {"audit_event_id": actions.delete_objective(objective, by=request.auth).pk}


@router.get(
    "/direction/coverage",
    response=responses({200: CoverageOut}),
    summary="How the approved strategy covers the programmes",
)
def coverage(request):
    member = require_member(request.auth)
    strategy = strategy_in_force(member.organisation_id)
    if strategy is None:
        programmes = Programme.objects.for_org(member.organisation_id).count()
        return {
            "strategy_id": None,
            "past_review": False,
            "review_date": None,
            "programmes_serving_no_objective": programmes,
            "objectives_no_programme_serves": 0,
        }
    return {
        "strategy_id": strategy.pk,
        "past_review": strategy.is_past_review(),
        "review_date": strategy.review_date,
        "programmes_serving_no_objective": programmes_serving_no_objective(strategy).count(),
        "objectives_no_programme_serves": strategy.objectives.unserved().count(),
    }


@router.get(
    "/direction/coverage/objectives",
    response=responses({200: list[ObjectiveOut]}),
    summary="Objectives of the approved strategy that no programme serves",
)
@paginate(Pages)
def unserved_objectives(request):
    member = require_member(request.auth)
    strategy = strategy_in_force(member.organisation_id)
    return _objectives(member).filter(strategy=strategy).unserved() if strategy else Objective.objects.none()


@router.get(
    "/direction/coverage/programmes",
    response=responses({200: list[int]}),
    summary="Ids of programmes serving no objective of the approved strategy",
)
@paginate(Pages)
def idle_programmes(request):
    member = require_member(request.auth)
    strategy = strategy_in_force(member.organisation_id)
    programmes = (
        programmes_serving_no_objective(strategy) if strategy else Programme.objects.for_org(member.organisation_id)
    )
    return programmes.order_by("name", "pk").values_list("pk", flat=True)


# Plans --------------------------------------------------------------------------------------------------


def _plan_type(type_id):
    found = PlanType.objects.filter(pk=type_id).first()
    if found is None:
        raise ValidationError({"plan_type_id": ["Choose one of the plan types (GET /api/direction/plan-types)."]})
    return found


@router.get(
    "/direction/plan-types",
    response=responses({200: list[PlanTypeOut]}),
    summary="List the kinds of organisational plan",
)
@paginate(Pages)
def list_plan_types(request):
    require_member(request.auth)
    return PlanType.objects.all()


@router.get("/direction/plans", response=responses({200: list[PlanOut]}), summary="List the organisation's plans")
@paginate(Pages)
def list_plans(request):
    return _plans(require_member(request.auth))


@router.post("/direction/plans", response=responses({201: PlanOut, 200: PlanOut}, WRITE_ERRORS), summary="Add a plan")
def create_plan(request, payload: PlanIn, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    require(can_manage_plans(request.auth))
    fields = payload.dict()
    fields["plan_type"] = _plan_type(fields.pop("plan_type_id"))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.create_plan(member.organisation, by=request.auth, **fields),
        lambda pk: _plans(member).get(pk=pk),
    )


@router.patch("/direction/plans/{plan_id}", response=responses({200: PlanOut}, WRITE_ERRORS), summary="Change a plan")
def update_plan(request, payload: PlanPatch, plan_id: int = PK):
    plan = get_plan_for_user(request.auth, plan_id)
    require(can_manage_plans(request.auth))
    changes = {k: v for k, v in changes_of(payload).items() if v is not None}
    if "plan_type_id" in changes:
        changes["plan_type"] = _plan_type(changes.pop("plan_type_id"))
    actions.update_plan(plan, changes, by=request.auth, expected_version=payload.version)
    return _plans(require_member(request.auth)).get(pk=plan_id)


@router.delete("/direction/plans/{plan_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a plan")
def delete_plan(request, plan_id: int = PK):
    plan = get_plan_for_user(request.auth, plan_id)
    require(can_manage_plans(request.auth))
    return {"audit_event_id": actions.delete_plan(plan, by=request.auth).pk}


# Principles ------------------------------------------------------------------------------------------


@router.get("/direction/principles", response=responses({200: list[PrincipleOut]}), summary="The ten principles (2022)")
@paginate(Pages)
def list_principles(request):
    require_member(request.auth)
    return Principle.objects.all()


@router.get(
    "/direction/adoptions",
    response=responses({200: list[AdoptionOut]}),
    summary="Principles the organisation has adopted",
)
@paginate(Pages)
def list_adoptions(request):
    return _adoptions(require_member(request.auth))


@router.post(
    "/direction/adoptions",
    response=responses({201: AdoptionOut, 200: AdoptionOut}, WRITE_ERRORS),
    summary="Adopt a principle",
)
def create_adoption(request, payload: AdoptionIn, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    require(can_adopt_principles(request.auth))
    fields = payload.dict()
    principle = Principle.objects.filter(number=fields.pop("principle_number")).first()
    if principle is None:
        raise ValidationError({"principle_number": ["Choose one of the ten principles, 1 to 10."]})
    return created_once(
        request,
        idempotency_key,
        lambda: actions.adopt_principle(member.organisation, principle, by=request.auth, **fields),
        lambda pk: _adoptions(member).get(pk=pk),
    )


@router.patch(
    "/direction/adoptions/{adoption_id}",
    response=responses({200: AdoptionOut}, WRITE_ERRORS),
    summary="Change how a principle is adopted",
)
def update_adoption(request, payload: AdoptionPatch, adoption_id: int = PK):
    adoption = get_adoption_for_user(request.auth, adoption_id)
    require(can_adopt_principles(request.auth))
    actions.update_adoption(adoption, changes_of(payload), by=request.auth, expected_version=payload.version)
    return _adoptions(require_member(request.auth)).get(pk=adoption_id)


@router.delete(
    "/direction/adoptions/{adoption_id}",
    response=responses({200: Deleted}, WRITE_ERRORS),
    summary="Withdraw a principle",
)
def delete_adoption(request, adoption_id: int = PK):
    adoption = get_adoption_for_user(request.auth, adoption_id)
    require(can_adopt_principles(request.auth))
    return {"audit_event_id": actions.withdraw_adoption(adoption, by=request.auth).pk}
