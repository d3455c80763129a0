"""The register's REST API: structures (with their flags), their reviews, meetings (what each
informed) and the actions agreed at them. Each operation takes the pages' four steps through the
same permission helpers and actions: 404 when not yours, 403 when not allowed, 422 for bad input,
409 when a rule refuses. Lists paginate; creates take an optional `Idempotency-Key`."""

from typing import Any

from django.core.exceptions import ValidationError
from ninja import Header, Path, Query, Router
from ninja.pagination import paginate

from baton.core.api_helpers import changes_of, created_once
from baton.core.permissions import require, require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Pages, responses
from baton.cycle.models import Handover, Programme
from baton.governance.models import Board, Decision

from . import actions
from .models import MeetingAction, Structure, StructureMeeting, StructureType
from .permissions import (
    can_keep_register,
    can_record_meetings,
    eligible_owners,
    get_action_for_user,
    get_meeting_for_user,
    get_structure_for_user,
)
from .schemas import (
    Deleted,
    DoneIn,
    MeetingActionIn,
    MeetingActionOut,
    MeetingActionPatch,
    MeetingFilter,
    ReviewIn,
    StructureFilter,
    StructureIn,
    StructureMeetingIn,
    StructureMeetingOut,
    StructureMeetingPatch,
    StructureOut,
    StructurePatch,
    StructureTypeOut,
)

router = Router(tags=["structures"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)


def _structures(member):
    return Structure.objects.for_org(member.organisation_id).with_register()


def _meetings(member):
    return StructureMeeting.objects.for_org(member.organisation_id).prefetch_related("decisions", "handovers")


def _actions(member):
    return MeetingAction.objects.for_org(member.organisation_id).select_related("owner")


def _links(member, fields: dict) -> dict:
    """The body's ids and keys as the organisation's own records: a choice that is not one of
    them is a 422 on that field, never a sign that it exists elsewhere."""
    out: dict[str, Any] = {}
    if "type" in fields:
        key = fields.pop("type")
        if key is not None:
            kind = StructureType.objects.filter(key=key).first()
            if kind is None:
                raise ValidationError({"type": ["Choose a type of structure by its key, for example 'ppg'."]})
            out["type"] = kind
    owned: tuple[tuple[str, Any], ...] = (("programme", Programme), ("feeds_board", Board))
    for name, model in owned:
        if f"{name}_id" in fields:
            pk = fields.pop(f"{name}_id")
            value = None if pk is None else model.objects.for_org(member.organisation_id).filter(pk=pk).first()
            if pk is not None and value is None:
                raise ValidationError({name: ["Choose one of your organisation's records."]})
            out[name] = value
    linked: tuple[tuple[str, Any], ...] = (("decisions", Decision), ("handovers", Handover))
    for name, model in linked:
        key = f"{name[:-1]}_ids"
        if key in fields:
            ids = fields.pop(key)
            if ids is None:
                continue
            found = list(model.objects.for_org(member.organisation_id).filter(pk__in=ids))
            if len(found) != len(set(ids)):
                raise ValidationError({name[:-1]: [f"Choose {name} of your organisation."]})
            out[name] = found
    if "owner_id" in fields:
        pk = fields.pop("owner_id")
        owner = None if pk is None else eligible_owners(member.organisation_id).filter(pk=pk).first()
        if pk is not None and owner is None:
            raise ValidationError({"owner": ["Choose someone in your organisation."]})
        out["owner"] = owner
    return {**fields, **out}


# Structures ------------------------------------------------------------------------------------------


@router.get("/structures/types", response=responses({200: list[StructureTypeOut]}), summary="The types of structure")
@paginate(Pages)
def list_types(request):
    """Reference data every organisation shares (editable by an administrator)."""
    require_member(request.auth)
    return StructureType.objects.order_by("position", "name", "pk")


@router.get(
    "/structures/meetings", response=responses({200: list[StructureMeetingOut]}), summary="Every structure's meetings"
)
@paginate(Pages)
def list_all_meetings(request, filters: Query[MeetingFilter]):
    """Every meeting of every structure, latest first; `structure_id` for one structure's."""
    member = require_member(request.auth)
    meetings = _meetings(member).order_by("-held_on", "-pk")
    if filters.structure_id is not None:
        meetings = meetings.filter(structure_id=filters.structure_id)
    return meetings


@router.get("/structures", response=responses({200: list[StructureOut]}), summary="List the register's structures")
@paginate(Pages)
def list_structures(request, filters: Query[StructureFilter]):
    member = require_member(request.auth)
    structures = _structures(member)
    if filters.flagged:
        structures = Structure.objects.for_org(member.organisation_id).flagged().select_related("type", "feeds_board")
    if filters.type:
        structures = structures.filter(type__key=filters.type)
    return structures.order_by("name", "pk")


@router.post(
    "/structures",
    response=responses({201: StructureOut, 200: StructureOut}, WRITE_ERRORS),
    summary="Add a structure to the register",
)
def create_structure(request, payload: StructureIn, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    require(can_keep_register(request.auth))
    fields = payload.dict()
    none_will_do = fields.pop("none_will_do", False)
    fields = _links(member, fields)
    return created_once(
        request,
        idempotency_key,
        lambda: actions.create_structure(member.organisation, by=request.auth, none_will_do=none_will_do, **fields),
        lambda pk: _structures(member).get(pk=pk),
    )


@router.get("/structures/{structure_id}", response=responses({200: StructureOut}), summary="Get a structure")
def get_structure(request, structure_id: int = PK):
    member = require_member(request.auth)
    get_structure_for_user(request.auth, structure_id)
    return _structures(member).get(pk=structure_id)


@router.patch(
    "/structures/{structure_id}", response=responses({200: StructureOut}, WRITE_ERRORS), summary="Change a structure"
)
def update_structure(request, payload: StructurePatch, structure_id: int = PK):
    member = require_member(request.auth)
    structure = get_structure_for_user(request.auth, structure_id)
    require(can_keep_register(request.auth))
    changes = _links(member, changes_of(payload))
    actions.update_structure(structure, changes, by=request.auth, expected_version=payload.version)
    return _structures(member).get(pk=structure.pk)


@router.post(
    "/structures/{structure_id}/review",
    response=responses({200: StructureOut}, WRITE_ERRORS),
    summary="Record a review of a structure",
)
def review_structure(request, payload: ReviewIn, structure_id: int = PK):
    """409 if the structure states no purpose or decision body, or the next review is more than a
    year away."""
    member = require_member(request.auth)
    structure = get_structure_for_user(request.auth, structure_id)
    require(can_keep_register(request.auth))
    actions.review_structure(
        structure,
        reviewed_on=payload.reviewed_on,
        next_review_on=payload.next_review_on,
        by=request.auth,
        expected_version=payload.version,
    )
    return _structures(member).get(pk=structure.pk)


@router.delete(
    "/structures/{structure_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a structure"
)
def delete_structure(request, structure_id: int = PK):
    """Refused (409) while its meetings informed decisions in the decision register."""
    structure = get_structure_for_user(request.auth, structure_id)
    require(can_keep_register(request.auth))
    event = actions.delete_structure(structure, by=request.auth)
    return {"audit_event_id": event.pk}


# Meetings ---------------------------------------------------------------------------------------------


@router.get(
    "/structures/{structure_id}/meetings",
    response=responses({200: list[StructureMeetingOut]}),
    summary="A structure's meetings, latest first",
)
@paginate(Pages)
def list_meetings(request, structure_id: int = PK):
    member = require_member(request.auth)
    get_structure_for_user(request.auth, structure_id)
    return _meetings(member).filter(structure_id=structure_id).order_by("-held_on", "-pk")


@router.post(
    "/structures/{structure_id}/meetings",
    response=responses({201: StructureMeetingOut, 200: StructureMeetingOut}, WRITE_ERRORS),
    summary="Record a meeting of a structure",
)
def record_meeting(
    request, payload: StructureMeetingIn, structure_id: int = PK, idempotency_key: str | None = IDEMPOTENCY
):
    member = require_member(request.auth)
    structure = get_structure_for_user(request.auth, structure_id)
    require(can_record_meetings(request.auth, structure))
    fields = _links(member, payload.dict())
    return created_once(
        request,
        idempotency_key,
        lambda: actions.record_meeting(structure, by=request.auth, **fields),
        lambda pk: _meetings(member).get(pk=pk),
    )


@router.get(
    "/structures/meetings/{meeting_id}", response=responses({200: StructureMeetingOut}), summary="Get a meeting"
)
def get_meeting(request, meeting_id: int = PK):
    member = require_member(request.auth)
    get_meeting_for_user(request.auth, meeting_id)
    return _meetings(member).get(pk=meeting_id)


@router.patch(
    "/structures/meetings/{meeting_id}",
    response=responses({200: StructureMeetingOut}, WRITE_ERRORS),
    summary="Change a meeting",
)
def update_meeting(request, payload: StructureMeetingPatch, meeting_id: int = PK):
    member = require_member(request.auth)
    meeting = get_meeting_for_user(request.auth, meeting_id)
    require(can_record_meetings(request.auth, meeting.structure))
    changes = _links(member, changes_of(payload))
    actions.update_meeting(meeting, changes, by=request.auth, expected_version=payload.version)
    return _meetings(member).get(pk=meeting.pk)


@router.delete(
    "/structures/meetings/{meeting_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a meeting"
)
def delete_meeting(request, meeting_id: int = PK):
    meeting = get_meeting_for_user(request.auth, meeting_id)
    require(can_record_meetings(request.auth, meeting.structure))
    event = actions.delete_meeting(meeting, by=request.auth)
    return {"audit_event_id": event.pk}


# Actions agreed at meetings ------------------------------------------------------------------------


@router.get(
    "/structures/meetings/{meeting_id}/actions",
    response=responses({200: list[MeetingActionOut]}),
    summary="The actions agreed at a meeting",
)
@paginate(Pages)
def list_actions(request, meeting_id: int = PK):
    member = require_member(request.auth)
    get_meeting_for_user(request.auth, meeting_id)
    return _actions(member).filter(meeting_id=meeting_id).order_by("due_on", "pk")


@router.post(
    "/structures/meetings/{meeting_id}/actions",
    response=responses({201: MeetingActionOut, 200: MeetingActionOut}, WRITE_ERRORS),
    summary="Record an action agreed at a meeting",
)
def agree_action(request, payload: MeetingActionIn, meeting_id: int = PK, idempotency_key: str | None = IDEMPOTENCY):
    """A Baton user of the organisation (`owner_id`) or a named outside person (`owner_name`) owns
    it, or nobody yet; never both."""
    member = require_member(request.auth)
    meeting = get_meeting_for_user(request.auth, meeting_id)
    require(can_record_meetings(request.auth, meeting.structure))
    fields = _links(member, payload.dict())
    return created_once(
        request,
        idempotency_key,
        lambda: actions.agree_action(meeting, by=request.auth, **fields),
        lambda pk: _actions(member).get(pk=pk),
    )


@router.patch(
    "/structures/actions/{action_id}",
    response=responses({200: MeetingActionOut}, WRITE_ERRORS),
    summary="Change an action",
)
def update_action(request, payload: MeetingActionPatch, action_id: int = PK):
    member = require_member(request.auth)
    item = get_action_for_user(request.auth, action_id)
    require(can_record_meetings(request.auth, item.meeting.structure))
    changes = _links(member, changes_of(payload))
    actions.update_action(item, changes, by=request.auth, expected_version=payload.version)
    return _actions(member).get(pk=item.pk)


@router.post(
    "/structures/actions/{action_id}/done",
    response=responses({200: MeetingActionOut}, WRITE_ERRORS),
    summary="Mark an action done",
)
def complete_action(request, payload: DoneIn, action_id: int = PK):
    """409 if it is done already, or the day is before the meeting or after today."""
    member = require_member(request.auth)
    item = get_action_for_user(request.auth, action_id)
    require(can_record_meetings(request.auth, item.meeting.structure))
    actions.complete_action(item, done_on=payload.done_on, by=request.auth, expected_version=payload.version)
    return _actions(member).get(pk=item.pk)


@router.delete(
    "/structures/actions/{action_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete an action"
)
def delete_action(request, action_id: int = PK):
    item = get_action_for_user(request.auth, action_id)
    require(can_record_meetings(request.auth, item.meeting.structure))
    event = actions.delete_action(item, by=request.auth)
    return {"audit_event_id": event.pk}
