"""The commitments API (`/api/loop/commitments`): list, make, read, change, delete, record the
response (once) and publish. Each operation takes the pages' steps through the same permission
helpers and actions: 404 when not yours, 403 when not allowed (a patient partner reads none of
it), 422 with field errors for bad input, 409 when a rule refuses (a second response, a stale
version). Lists paginate; making takes an optional `Idempotency-Key`."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Header, Path, Query, Router
from ninja.pagination import paginate

from baton.core.api_helpers import changes_of, created_once
from baton.core.permissions import require, require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Pages, responses
from baton.cycle.models import InsightItem, Programme

from . import actions
from .models import Commitment
from .permissions import can_change, can_make, can_respond, eligible_owners, get_commitment_for_user, require_reader
from .schemas import CommitmentFilter, CommitmentIn, CommitmentOut, CommitmentPatch, Deleted, PublishIn, ResponseIn

router = Router(tags=["loop"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)
R = "/loop/commitments"


def _reader(request):
    member = require_member(request.auth)
    require_reader(request.auth)
    return member


def _one(queryset, pk, field: str, message: str):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [message]})
    return found


def _insight(programme, ids) -> list:
    ids = list(dict.fromkeys(ids))
    found = list(InsightItem.objects.filter(pk__in=ids, stage_run__programme=programme))
    if len(found) != len(ids):
        raise ValidationError({"insight_item_ids": [f"Choose insight items of {programme.name}."]})
    return found


def _owner(organisation_id, user_id):
    return _one(eligible_owners(organisation_id), user_id, "owner_id", "Choose someone in your organisation.")


def _read(pk):
    return Commitment.objects.prefetch_related("insight_items").get(pk=pk)


@router.get(R, response=responses({200: list[CommitmentOut]}), summary="Commitments: you said, we did")
@paginate(Pages)
def list_commitments(request, filters: Query[CommitmentFilter]):
    member = _reader(request)
    found = (
        Commitment.objects.for_org(member.organisation_id).prefetch_related("insight_items").order_by("due_on", "pk")
    )
    if filters.programme_id is not None:
        found = found.filter(programme_id=filters.programme_id)
    if filters.state == "overdue":
        found = found.overdue(timezone.localdate())
    elif filters.state == "waiting":
        found = found.unanswered()
    elif filters.state == "unpublished":
        found = found.exclude(response="").filter(published_at__isnull=True)
    elif filters.state == "published":
        found = found.published()
    return found


@router.post(R, response=responses({201: CommitmentOut, 200: CommitmentOut}, WRITE_ERRORS), summary="Make a commitment")
def make_commitment(request, payload: CommitmentIn, idempotency_key: str | None = IDEMPOTENCY):
    member = _reader(request)
    fields = payload.dict()
    programme = _one(
        Programme.objects.for_org(member.organisation_id),
        fields.pop("programme_id"),
        "programme_id",
        "Choose one of your organisation's programmes.",
    )
    require(can_make(request.auth, programme))
    items = _insight(programme, fields.pop("insight_item_ids"))
    owner = _owner(member.organisation_id, fields.pop("owner_id"))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.make_commitment(programme, by=request.auth, insight_items=items, owner=owner, **fields),
        _read,
    )


@router.get(f"{R}/{{commitment_id}}", response=responses({200: CommitmentOut}), summary="A commitment")
def get_commitment(request, commitment_id: int = PK):
    return _read(get_commitment_for_user(request.auth, commitment_id).pk)


@router.patch(
    f"{R}/{{commitment_id}}", response=responses({200: CommitmentOut}, WRITE_ERRORS), summary="Change a commitment"
)
def update_commitment(request, payload: CommitmentPatch, commitment_id: int = PK):
    commitment = get_commitment_for_user(request.auth, commitment_id)
    require(can_change(request.auth, commitment))
    changes = changes_of(payload)
    if "insight_item_ids" in changes:
        changes["insight_items"] = _insight(commitment.programme, changes.pop("insight_item_ids") or [])
    if "owner_id" in changes:
        changes["owner"] = _owner(commitment.programme.organisation_id, changes.pop("owner_id"))
    actions.update_commitment(commitment, changes, by=request.auth, expected_version=payload.version)
    return _read(commitment.pk)


@router.delete(
    f"{R}/{{commitment_id}}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a commitment"
)
def delete_commitment(request, commitment_id: int = PK):
    commitment = get_commitment_for_user(request.auth, commitment_id)
    require(can_change(request.auth, commitment))
    return {"audit_event_id": actions.delete_commitment(commitment, by=request.auth).pk}


@router.post(
    f"{R}/{{commitment_id}}/respond",
    response=responses({200: CommitmentOut}, WRITE_ERRORS),
    summary="Record the response, once",
)
def respond(request, payload: ResponseIn, commitment_id: int = PK):
    """Adopted, partly adopted or not adopted; `reason` needed unless adopted (422). A second
    response, or a stale `version`, is refused (409)."""
    commitment = get_commitment_for_user(request.auth, commitment_id)
    require(can_respond(request.auth, commitment))
    data = payload.dict()
    version = data.pop("version")
    actions.respond(commitment, by=request.auth, expected_version=version, **data)
    return _read(commitment.pk)


@router.post(
    f"{R}/{{commitment_id}}/publish",
    response=responses({200: CommitmentOut}, WRITE_ERRORS),
    summary="Publish on the public pages, in public words",
)
def publish(request, payload: PublishIn, commitment_id: int = PK):
    """409 before the response is recorded."""
    commitment = get_commitment_for_user(request.auth, commitment_id)
    require(can_change(request.auth, commitment))
    data = payload.dict()
    version = data.pop("version")
    actions.publish(commitment, by=request.auth, expected_version=version, **data)
    return _read(commitment.pk)
