"""The cycle's REST API: programmes, stage runs, activities, insight, hand-overs and dropped batons.

Each operation follows the pages' four steps: access (`get_*_for_user`: 404 when not yours;
`can_*`: 403 when not allowed), bind (the schema: 422 for bad input), act (one action from
actions.py: 409 when a rule refuses), respond. Lists paginate and read from one `with_*()`
QuerySet, so the number of queries does not grow with the page. Every create takes an optional
`Idempotency-Key` header: sent again with the same key, it answers the first result (200) and
creates nothing."""

from django.core.exceptions import ValidationError
from ninja import Header, Path, Query, Router
from ninja.pagination import paginate

from baton.core.api_helpers import changes_of, created_once
from baton.core.permissions import require, require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Pages, responses

from . import actions, stages
from .models import EngagementActivity, Handover, InsightItem, Programme, StageRun
from .permissions import (
    can_change_handover,
    can_create_programme,
    can_delete_programme,
    can_edit_programme,
    can_publish_programme,
    can_reopen_run,
    can_respond_to_handover,
    can_work_on_run,
    eligible_owners,
    get_activity_for_user,
    get_handover_for_user,
    get_insight_for_user,
    get_programme_for_user,
    get_run_for_user,
)
from .schemas import (
    ActivityFilter,
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    AnswerIn,
    BlockersOut,
    CloseIn,
    Deleted,
    DroppedBatonsOut,
    HandoverFilter,
    HandoverIn,
    HandoverOut,
    HandoverPatch,
    InsightFilter,
    InsightIn,
    InsightOut,
    InsightPatch,
    JourneyStepOut,
    ProgrammeFilter,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammePatch,
    QueryIn,
    ReasonIn,
    RunFilter,
    RunIn,
    RunOut,
    VersionIn,
)

router = Router(tags=["cycle"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)


# Helpers ---------------------------------------------------------------------------------------


def _person(member, user_id, field):
    """A person chosen for work (lead, owner, next owner): one of `eligible_owners`, the same
    choice the pages offer. Anyone else is 'not a choice' (422), never a hint that they exist."""
    if user_id is None:
        return None
    user = eligible_owners(member.organisation_id).filter(pk=user_id).first()
    if user is None:
        raise ValidationError(
            {field: ["Choose someone in your organisation who can lead programmes and own stage runs."]}
        )
    return user


def _programmes(member):
    return Programme.objects.for_org(member.organisation_id).with_current_stage()


def _runs(member):
    return StageRun.objects.for_org(member.organisation_id).with_handover()


def _activities(member):
    return EngagementActivity.objects.for_org(member.organisation_id).select_related("stage_run")


def _insight(member):
    return InsightItem.objects.for_org(member.organisation_id).select_related("stage_run")


def _handovers(member, queryset=None):
    queryset = Handover.objects.for_org(member.organisation_id) if queryset is None else queryset
    return (
        queryset.with_parties()
        .select_related("from_run__programme__organisation")
        .prefetch_related("carried_insight", "messages__author")
    )


def _run_insight(run, insight_ids, field="insight_ids"):
    """Insight items of the run, by id; any other id is refused (422)."""
    if insight_ids is None:
        return None
    wanted = set(insight_ids)
    items = list(InsightItem.objects.filter(pk__in=wanted, stage_run=run))
    if len(items) != len(wanted):
        raise ValidationError({field: ["Choose insight items of this stage run."]})
    return items


def _decisions(run, resolutions, carry_ids=()):
    """(item, choice, text) for the actions, from the API's lists."""
    decided = _run_insight(run, [r.insight_id for r in resolutions], "resolutions") or []
    by_id = {item.pk: item for item in decided}
    chosen = [(by_id[r.insight_id], "answer" if r.status == "answered" else "close", r.text) for r in resolutions]
    carried = _run_insight(run, list(carry_ids), "carry_ids") or []
    return chosen + [(item, "carry", "") for item in carried]


# Programmes ------------------------------------------------------------------------------------


@router.get("/programmes", response=responses({200: list[ProgrammeOut]}), summary="List programmes")
@paginate(Pages)
def list_programmes(request, filters: Query[ProgrammeFilter]):
    return filters.filter(_programmes(require_member(request.auth)))


@router.post(
    "/programmes",
    response=responses({201: ProgrammeOut, 200: ProgrammeOut}, WRITE_ERRORS),
    summary="Create a programme",
)
def create_programme(request, payload: ProgrammeIn, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    require(can_create_programme(request.auth))
    fields = payload.dict()
    fields["lead"] = _person(member, fields.pop("lead_id"), "lead_id")
    return created_once(
        request,
        idempotency_key,
        lambda: actions.create_programme(member.organisation, by=request.auth, **fields),
        lambda pk: _programmes(member).get(pk=pk),
    )


@router.get("/programmes/{programme_id}", response=responses({200: ProgrammeOut}), summary="Get a programme")
def get_programme(request, programme_id: int = PK):
    member = require_member(request.auth)
    get_programme_for_user(request.auth, programme_id)
    return _programmes(member).get(pk=programme_id)


@router.patch(
    "/programmes/{programme_id}", response=responses({200: ProgrammeOut}, WRITE_ERRORS), summary="Change a programme"
)
def update_programme(request, payload: ProgrammePatch, programme_id: int = PK):
    member = require_member(request.auth)
    programme = get_programme_for_user(request.auth, programme_id)
    require(can_edit_programme(request.auth, programme))
    changes = changes_of(payload)
    if "lead_id" in changes:
        changes["lead"] = _person(member, changes.pop("lead_id"), "lead_id")
    actions.update_programme(programme, changes, by=request.auth, expected_version=payload.version)
    return _programmes(member).get(pk=programme.pk)


@router.delete(
    "/programmes/{programme_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a programme"
)
def delete_programme(request, programme_id: int = PK):
    programme = get_programme_for_user(request.auth, programme_id)
    require(can_delete_programme(request.auth, programme))
    event = actions.delete_programme(programme, by=request.auth)
    return {"audit_event_id": event.pk}


@router.post(
    "/programmes/{programme_id}/publish",
    response=responses({200: ProgrammeOut}, WRITE_ERRORS),
    summary="Publish the public summary",
)
def publish_programme(request, payload: VersionIn | None = None, programme_id: int = PK):
    """Puts the draft `public_summary` on the public pages (engagement leads)."""
    return _publication(request, programme_id, payload, actions.publish_programme)


@router.post(
    "/programmes/{programme_id}/unpublish",
    response=responses({200: ProgrammeOut}, WRITE_ERRORS),
    summary="Take a programme off the public pages",
)
def unpublish_programme(request, payload: VersionIn | None = None, programme_id: int = PK):
    return _publication(request, programme_id, payload, actions.unpublish_programme)


def _publication(request, programme_id, payload, action):
    member = require_member(request.auth)
    programme = get_programme_for_user(request.auth, programme_id)
    require(can_publish_programme(request.auth, programme))
    action(programme, by=request.auth, expected_version=payload.version if payload else None)
    return _programmes(member).get(pk=programme.pk)


@router.get(
    "/programmes/{programme_id}/journey",
    response=responses({200: list[JourneyStepOut]}),
    summary="A programme's journey round the Cycle",
)
@paginate(Pages)
def programme_journey(request, programme_id: int = PK):
    """The programme's stage runs, newest first, each with its hand-over to the next stage (if any):
    a page of its history at a time, like every list. The programme itself is
    GET /api/programmes/{programme_id}."""
    get_programme_for_user(request.auth, programme_id)
    return (
        StageRun.objects.filter(programme_id=programme_id)
        .with_handover()
        .select_related("handover_out__from_run", "handover_out__created_by", "programme__organisation")
        .prefetch_related("handover_out__carried_insight", "handover_out__messages__author")
        .order_by("-created_at", "-pk")
    )


# Stage runs ------------------------------------------------------------------------------------


@router.get("/runs", response=responses({200: list[RunOut]}), summary="List stage runs")
@paginate(Pages)
def list_runs(request, filters: Query[RunFilter]):
    return filters.filter(_runs(require_member(request.auth)))


@router.post(
    "/programmes/{programme_id}/runs",
    response=responses({201: RunOut, 200: RunOut}, WRITE_ERRORS),
    summary="Open a stage run",
)
def open_run(request, payload: RunIn, programme_id: int = PK, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    programme = get_programme_for_user(request.auth, programme_id)
    require(can_edit_programme(request.auth, programme))
    owner = _person(member, payload.owner_id, "owner_id") or request.auth
    return created_once(
        request,
        idempotency_key,
        lambda: actions.open_stage_run(
            programme, payload.stage, owner=owner, by=request.auth, opened_on=payload.opened_on
        ),
        lambda pk: _runs(member).get(pk=pk),
    )


@router.get("/runs/{run_id}", response=responses({200: RunOut}), summary="Get a stage run")
def get_run(request, run_id: int = PK):
    member = require_member(request.auth)
    get_run_for_user(request.auth, run_id)
    return _runs(member).get(pk=run_id)


@router.post(
    "/runs/{run_id}/close", response=responses({200: RunOut}, WRITE_ERRORS), summary="Close a stage run (baton rule)"
)
def close_run(request, payload: CloseIn | None = None, run_id: int = PK):
    """Refused with 409 and the reasons unless the hand-over to the next stage has been accepted
    and no insight is left open: carry each open item into the hand-over (`carry_ids`), or answer
    or close it (`resolutions`), in the same request."""
    member = require_member(request.auth)
    run = get_run_for_user(request.auth, run_id)
    require(can_work_on_run(request.auth, run))
    payload = payload or CloseIn()
    dispositions = _decisions(run, payload.resolutions, payload.carry_ids)
    actions.close_stage_run(run, by=request.auth, expected_version=payload.version, dispositions=dispositions)
    return _runs(member).get(pk=run.pk)


@router.post(
    "/runs/{run_id}/reopen", response=responses({200: RunOut}, WRITE_ERRORS), summary="Reopen a closed stage run"
)
def reopen_run(request, payload: ReasonIn, run_id: int = PK):
    """A closed run is read-only until an engagement lead reopens it, saying why."""
    return _with_reason(request, run_id, payload, actions.reopen_stage_run)


@router.post(
    "/runs/{run_id}/no-hand-over",
    response=responses({200: RunOut}, WRITE_ERRORS),
    summary="Record why a closed run needs no hand-over",
)
def excuse_run(request, payload: ReasonIn, run_id: int = PK):
    """Ends the dropped baton of a run closed without a hand-over (engagement leads)."""
    return _with_reason(request, run_id, payload, actions.excuse_stage_run)


def _with_reason(request, run_id, payload, action):
    member = require_member(request.auth)
    run = get_run_for_user(request.auth, run_id)
    require(can_reopen_run(request.auth, run))
    action(run, reason=payload.reason, by=request.auth, expected_version=payload.version)
    return _runs(member).get(pk=run.pk)


@router.get(
    "/runs/{run_id}/blockers", response=responses({200: BlockersOut}), summary="Why a stage run cannot close yet"
)
def run_blockers(request, run_id: int = PK):
    run = get_run_for_user(request.auth, run_id)
    blockers = run.blockers_to_closing()
    return {"can_close": not blockers, "blockers": blockers}


# Activities ------------------------------------------------------------------------------------


@router.get("/activities", response=responses({200: list[ActivityOut]}), summary="List engagement activities")
@paginate(Pages)
def list_activities(request, filters: Query[ActivityFilter]):
    return filters.filter(_activities(require_member(request.auth)))


@router.post(
    "/runs/{run_id}/activities",
    response=responses({201: ActivityOut, 200: ActivityOut}, WRITE_ERRORS),
    summary="Record an activity",
)
def create_activity(request, payload: ActivityIn, run_id: int = PK, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    run = get_run_for_user(request.auth, run_id)
    require(can_work_on_run(request.auth, run))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.record_activity(run, by=request.auth, **payload.dict()),
        lambda pk: _activities(member).get(pk=pk),
    )


@router.get("/activities/{activity_id}", response=responses({200: ActivityOut}), summary="Get an activity")
def get_activity(request, activity_id: int = PK):
    return get_activity_for_user(request.auth, activity_id)


@router.patch(
    "/activities/{activity_id}", response=responses({200: ActivityOut}, WRITE_ERRORS), summary="Change an activity"
)
def update_activity(request, payload: ActivityPatch, activity_id: int = PK):
    member = require_member(request.auth)
    activity = get_activity_for_user(request.auth, activity_id)
    require(can_work_on_run(request.auth, activity.stage_run))
    actions.update_activity(activity, changes_of(payload), by=request.auth, expected_version=payload.version)
    return _activities(member).get(pk=activity.pk)


@router.delete(
    "/activities/{activity_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete an activity"
)
def delete_activity(request, activity_id: int = PK):
    activity = get_activity_for_user(request.auth, activity_id)
    require(can_work_on_run(request.auth, activity.stage_run))
    return {"audit_event_id": actions.delete_activity(activity, by=request.auth).pk}


# Insight ---------------------------------------------------------------------------------------


@router.get("/insight", response=responses({200: list[InsightOut]}), summary="List insight items")
@paginate(Pages)
def list_insight(request, filters: Query[InsightFilter]):
    return filters.filter(_insight(require_member(request.auth)))


def _activity_of_run(run, activity_id):
    """The activity an insight item came from must be one of the same run's."""
    if activity_id is None:
        return None
    activity = EngagementActivity.objects.filter(pk=activity_id, stage_run=run).first()
    if activity is None:
        raise ValidationError({"activity_id": ["Choose an activity of the same stage run."]})
    return activity


@router.post(
    "/runs/{run_id}/insight",
    response=responses({201: InsightOut, 200: InsightOut}, WRITE_ERRORS),
    summary="Record an insight item",
)
def create_insight(request, payload: InsightIn, run_id: int = PK, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    run = get_run_for_user(request.auth, run_id)
    require(can_work_on_run(request.auth, run))
    fields = payload.dict(exclude_unset=True)
    fields["activity"] = _activity_of_run(run, fields.pop("activity_id", None))
    if fields.get("stage_relevance") is None:
        fields.pop("stage_relevance", None)  # the action defaults it to the run's stage
    return created_once(
        request,
        idempotency_key,
        lambda: actions.record_insight(run, by=request.auth, **fields),
        lambda pk: _insight(member).get(pk=pk),
    )


@router.get("/insight/{item_id}", response=responses({200: InsightOut}), summary="Get an insight item")
def get_insight(request, item_id: int = PK):
    return get_insight_for_user(request.auth, item_id)


@router.patch(
    "/insight/{item_id}", response=responses({200: InsightOut}, WRITE_ERRORS), summary="Change an insight item"
)
def update_insight(request, payload: InsightPatch, item_id: int = PK):
    """Answering or closing an item (`status`) needs its `resolution`: the answer, or why."""
    member = require_member(request.auth)
    item = get_insight_for_user(request.auth, item_id)
    require(can_work_on_run(request.auth, item.stage_run))
    changes = changes_of(payload)
    if "activity_id" in changes:
        changes["activity"] = _activity_of_run(item.stage_run, changes.pop("activity_id"))
    if changes.get("stage_relevance", []) is None:
        changes.pop("stage_relevance")
    actions.update_insight(item, changes, by=request.auth, expected_version=payload.version)
    return _insight(member).get(pk=item.pk)


@router.delete("/insight/{item_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete an insight item")
def delete_insight(request, item_id: int = PK):
    item = get_insight_for_user(request.auth, item_id)
    require(can_work_on_run(request.auth, item.stage_run))
    return {"audit_event_id": actions.delete_insight(item, by=request.auth).pk}


# Hand-overs ------------------------------------------------------------------------------------


@router.get("/handovers", response=responses({200: list[HandoverOut]}), summary="List hand-overs")
@paginate(Pages)
def list_handovers(request, filters: Query[HandoverFilter]):
    member = require_member(request.auth)
    handovers = _handovers(member, Handover.objects.overdue(member.organisation) if filters.overdue else None)
    if filters.status:
        handovers = handovers.filter(status=filters.status)
    if filters.programme:
        handovers = handovers.filter(from_run__programme_id=filters.programme)
    if filters.waiting_for_me:
        handovers = handovers.filter(next_owner=request.auth, status=Handover.Status.PENDING)
    if filters.queries_for_me:
        handovers = handovers.filter(created_by=request.auth, status=Handover.Status.QUERIED)
    return handovers


@router.post(
    "/runs/{run_id}/handover",
    response=responses({201: HandoverOut, 200: HandoverOut}, WRITE_ERRORS),
    summary="Hand over to the next stage",
)
def create_handover(request, payload: HandoverIn, run_id: int = PK, idempotency_key: str | None = IDEMPOTENCY):
    """Every open insight item of the run is carried forward (`insight_ids`; all of them if left
    out), or answered or closed (`resolutions`). A run closed without a hand-over may hand over late."""
    member = require_member(request.auth)
    run = get_run_for_user(request.auth, run_id)
    require(can_work_on_run(request.auth, run))
    next_owner = _person(member, payload.next_owner_id, "next_owner_id")
    carry = _run_insight(run, payload.insight_ids)
    return created_once(
        request,
        idempotency_key,
        lambda: actions.hand_over(
            run,
            to_stage=payload.to_stage or stages.get(run.stage).next_key,
            next_owner=next_owner,
            summary=payload.summary,
            open_actions=payload.open_actions,
            insight=carry,
            dispositions=_decisions(run, payload.resolutions),
            by=request.auth,
        ),
        lambda pk: _handovers(member).get(pk=pk),
    )


@router.get("/handovers/{handover_id}", response=responses({200: HandoverOut}), summary="Get a hand-over")
def get_handover(request, handover_id: int = PK):
    member = require_member(request.auth)
    get_handover_for_user(request.auth, handover_id)
    return _handovers(member).get(pk=handover_id)


@router.patch(
    "/handovers/{handover_id}",
    response=responses({200: HandoverOut}, WRITE_ERRORS),
    summary="Change a hand-over not yet accepted",
)
def update_handover(request, payload: HandoverPatch, handover_id: int = PK):
    """A new `next_owner_id` is told, and the planned run becomes theirs."""
    member = require_member(request.auth)
    handover = get_handover_for_user(request.auth, handover_id)
    require(can_change_handover(request.auth, handover))
    changes = changes_of(payload)
    if "next_owner_id" in changes:
        changes["next_owner"] = _person(member, changes.pop("next_owner_id"), "next_owner_id")
    if "insight_ids" in changes:
        changes["carried_insight"] = _run_insight(handover.from_run, changes.pop("insight_ids")) or []
    actions.update_handover(handover, changes, by=request.auth, expected_version=payload.version)
    return _handovers(member).get(pk=handover.pk)


@router.post(
    "/handovers/{handover_id}/accept",
    response=responses({200: HandoverOut}, WRITE_ERRORS),
    summary="Accept a hand-over",
)
def accept_handover(request, payload: VersionIn | None = None, handover_id: int = PK):
    """The next owner (only they) takes the baton: the next stage run opens and the sender is told."""
    member = require_member(request.auth)
    handover = get_handover_for_user(request.auth, handover_id)
    require(can_respond_to_handover(request.auth, handover), "Only the next owner can accept this hand-over.")
    actions.accept_handover(handover, by=request.auth, expected_version=payload.version if payload else None)
    return _handovers(member).get(pk=handover.pk)


@router.post(
    "/handovers/{handover_id}/query", response=responses({200: HandoverOut}, WRITE_ERRORS), summary="Query a hand-over"
)
def query_handover(request, payload: QueryIn, handover_id: int = PK):
    """The next owner asks for more before accepting; the question is kept and the sender told."""
    member = require_member(request.auth)
    handover = get_handover_for_user(request.auth, handover_id)
    require(can_respond_to_handover(request.auth, handover), "Only the next owner can query this hand-over.")
    actions.query_handover(handover, note=payload.note, by=request.auth, expected_version=payload.version)
    return _handovers(member).get(pk=handover.pk)


@router.post(
    "/handovers/{handover_id}/answer",
    response=responses({200: HandoverOut}, WRITE_ERRORS),
    summary="Answer a query on a hand-over",
)
def answer_query(request, payload: AnswerIn, handover_id: int = PK):
    """The sender answers (and may change the hand-over); it goes back to awaiting acceptance."""
    member = require_member(request.auth)
    handover = get_handover_for_user(request.auth, handover_id)
    require(can_change_handover(request.auth, handover))
    changes = {
        k: v for k, v in {"summary": payload.summary, "open_actions": payload.open_actions}.items() if v is not None
    }
    if payload.insight_ids is not None:
        changes["carried_insight"] = _run_insight(handover.from_run, payload.insight_ids)
    actions.answer_query(
        handover, answer=payload.answer, changes=changes, by=request.auth, expected_version=payload.version
    )
    return _handovers(member).get(pk=handover.pk)


# Dropped batons --------------------------------------------------------------------------------


@router.get("/dropped-batons", response=responses({200: DroppedBatonsOut}), summary="Every dropped baton")
def dropped_batons(request, limit: int = Query(25, ge=1, le=100, description="Items shown in each list.")):
    """Baton rule: hand-overs not accepted in time (oldest first, as on the hub), runs closed
    without a hand-over and insight never carried forward, answered or closed. Each list gives its
    total count and its first items."""
    member = require_member(request.auth)
    overdue = _handovers(member, Handover.objects.overdue(member.organisation))
    unhanded = _runs(member).closed_without_handover().order_by("-closed_on", "-pk")
    insight = _insight(member).dropped().order_by("created_at", "pk")
    return {
        "overdue_handovers": {"count": overdue.count(), "items": list(overdue[:limit])},
        "runs_closed_without_handover": {"count": unhanded.count(), "items": list(unhanded[:limit])},
        "dropped_insight": {"count": insight.count(), "items": list(insight[:limit])},
    }
