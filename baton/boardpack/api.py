"""The board packs API (`/api/board-packs`): list (newest first), read (metadata and links to the
page, the PDF and the XLSX) and generate. Each operation takes the pages' steps through the same
permission helpers and actions: 404 when not yours, 403 when not allowed (a patient partner reads
none; only engagement leads and admins generate), 422 with field errors for bad input. Generating
takes an optional `Idempotency-Key`: sent twice, one pack and one task."""

from django.core.exceptions import ValidationError
from ninja import Header, Path, Router
from ninja.pagination import paginate

from baton.core.api_helpers import created_once
from baton.core.permissions import require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Pages, responses
from baton.direction.models import Objective

from . import actions
from .models import BoardPack
from .permissions import get_pack_for_user, require_maker, require_reader
from .schemas import BoardPackIn, BoardPackOut

router = Router(tags=["board pack"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)
R = "/board-packs"


def _read(pk):
    return BoardPack.objects.prefetch_related("objectives").get(pk=pk)


@router.get(R, response=responses({200: list[BoardPackOut]}), summary="Board packs, newest first")
@paginate(Pages)
def list_packs(request):
    member = require_member(request.auth)
    require_reader(request.auth)
    return (
        BoardPack.objects.for_org(member.organisation_id).prefetch_related("objectives").order_by("-created_at", "-pk")
    )


@router.post(
    R, response=responses({201: BoardPackOut, 200: BoardPackOut}, WRITE_ERRORS), summary="Generate a board pack"
)
def generate_pack(request, payload: BoardPackIn, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    require_reader(request.auth)
    require_maker(request.auth)
    fields = payload.dict()
    ids = list(dict.fromkeys(fields.pop("objective_ids") or []))
    objectives = list(Objective.objects.for_org(member.organisation_id).filter(pk__in=ids))
    if len(objectives) != len(ids):
        raise ValidationError({"objective_ids": ["Choose your organisation's strategic objectives."]})
    organisation = member.organisation
    return created_once(
        request,
        idempotency_key,
        lambda: actions.generate_pack(organisation, by=request.auth, objectives=objectives, **fields),
        _read,
    )


@router.get(f"{R}/{{pack_id}}", response=responses({200: BoardPackOut}), summary="A board pack")
def get_pack(request, pack_id: int = PK):
    return _read(get_pack_for_user(request.auth, pack_id).pk)
