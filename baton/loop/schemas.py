"""What the commitments API reads and writes. Input schemas are derived from the model
(`core.schemas.from_model`), so limits are declared once; output reads QuerySets built with
`select_related` and `prefetch_related`, so no resolver queries."""

from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema

from baton.core.schemas import Id, from_model

from .models import Commitment

Response = Literal[tuple(Commitment.Response.values)]
State = Literal["overdue", "waiting", "unpublished", "published"]


class Deleted(Schema):
    audit_event_id: int = Field(description="Restore with POST /api/audit/events/{id}/restore.")


_ids = (list[Id], Field(..., min_length=1, max_length=100, description="Insight items of the programme it answers."))
CommitmentIn = from_model(
    "CommitmentIn",
    Commitment,
    ["will_do", "due_on"],
    extra={
        "programme_id": (Id, Field(..., description="The programme.")),
        "insight_item_ids": _ids,
        "owner_id": (Id, Field(..., description="Who owns it: a Baton user of your organisation.")),
    },
)
CommitmentPatch = from_model(
    "CommitmentPatch",
    Commitment,
    ["will_do", "due_on", "public_said", "public_did"],
    partial=True,
    extra={
        "insight_item_ids": (list[Id] | None, Field(None, min_length=1, max_length=100)),
        "owner_id": (Id | None, None),
    },
)


class ResponseIn(Schema):
    version: int = Field(..., description="The version you read: a stale one is refused (409).")
    response: Response
    what_we_did: str = Field("", max_length=5_000)
    reason: str = Field(
        "", max_length=5_000, description='Needed unless adopted: "we could not change this, because ...".'
    )
    done_on: date | None = Field(None, description="The day it was done; today if left out.")


class PublishIn(Schema):
    version: int
    public_said: str = Field(..., max_length=2_000, description="What people said, in public words.")
    public_did: str = Field(..., max_length=2_000, description="What we did, in public words.")


class CommitmentFilter(Schema):
    programme_id: Id | None = None
    state: State | None = None


class CommitmentOut(Schema):
    id: int
    programme_id: int
    insight_item_ids: list[int]
    will_do: str
    owner_id: int
    due_on: date
    overdue: bool
    response: Response | Literal[""]
    what_we_did: str
    reason: str
    done_on: date | None
    public_said: str
    public_did: str
    published_at: datetime | None
    version: int

    @staticmethod
    def resolve_insight_item_ids(obj) -> list[int]:
        return [i.pk for i in obj.insight_items.all()]

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue(timezone.localdate())
