"""What the register's API reads and writes. Input schemas are derived from the models
(`core.schemas.from_model`), so limits are declared once; output schemas read from QuerySets built
with `with_register()` and prefetches, so no resolver queries. Documents (terms of reference,
minutes) are uploaded on the pages; the API says whether there is one."""

from datetime import date
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Schema

from baton.core.schemas import MAX_COUNT, Id, Key, PersonOut, from_model

from .models import MeetingAction, Structure, StructureMeeting

TypeKey = Key

STRUCTURE_FIELDS = [
    "name",
    "purpose",
    "function",
    "feeds_named_body",
    "terms_of_reference",
    "terms_reviewed_on",
    "review_due_on",
    "recruiting",
    "vacancies",
]
_STRUCTURE_LINKS = {
    "programme_id": (Id | None, Field(None, description="The one programme it serves, if any.")),
    "feeds_board_id": (Id | None, Field(None, description="The board or committee it feeds; or `feeds_named_body`.")),
}
StructureIn = from_model(
    "StructureIn",
    Structure,
    STRUCTURE_FIELDS,
    extra={
        "type": (TypeKey, Field(..., description="The type's key, as /structures/types lists them.")),
        **_STRUCTURE_LINKS,
        "none_will_do": (
            bool,
            Field(
                False,
                description="Function before form: where structures with a similar purpose exist, adding "
                "another is refused (409, naming them) until this says none of them will do.",
            ),
        ),
    },
)
StructurePatch = from_model(
    "StructurePatch",
    Structure,
    STRUCTURE_FIELDS,
    partial=True,
    extra={"type": (TypeKey | None, None), **_STRUCTURE_LINKS},
)


class StructureFilter(Schema):
    type: TypeKey | None = Field(None, description="Only structures of this type (its key).")
    flagged: bool | None = Field(None, description="true: only structures with a flag.")


class StructureTypeOut(Schema):
    key: str
    name: str
    description: str
    active: bool


class StructureOut(Schema):
    id: int
    name: str
    type: str = Field(description="The type's key.")
    type_name: str
    programme_id: int | None
    purpose: str
    function: str
    feeds_board_id: int | None
    feeds_named_body: str
    decision_body: str = Field(description="The name of the decision body it feeds, in Baton or outside.")
    terms_of_reference: str
    has_terms_document: bool
    terms_reviewed_on: date | None
    review_due_on: date | None
    recruiting: bool
    vacancies: int
    last_met_on: date | None
    flags: list[str] = Field(description="Function before form: each reason the structure needs attention.")
    version: int

    @staticmethod
    def resolve_type(obj) -> str:
        return obj.type.key

    @staticmethod
    def resolve_type_name(obj) -> str:
        return obj.type.name

    @staticmethod
    def resolve_has_terms_document(obj) -> bool:
        return bool(obj.terms_document)

    @staticmethod
    def resolve_flags(obj) -> list[str]:
        return obj.flags(timezone.localdate(), obj.last_met_on)


class ReviewIn(Schema):
    reviewed_on: date | None = Field(None, description="The day of the review; today if left out.")
    next_review_on: date = Field(description="When the next review is due: within a year of this one.")
    version: int | None = Field(
        None, ge=1, le=MAX_COUNT, description="The version you read; a stale one is refused (409)."
    )


MEETING_FIELDS = ["held_on", "title", "location", "minutes"]
_MEETING_LINKS: dict[str, Any] = {
    "decision_ids": (list[Id], Field([], max_length=500, description="Decisions this meeting informed.")),
    "handover_ids": (list[Id], Field([], max_length=500, description="Hand-overs this meeting contributed to.")),
}
StructureMeetingIn = from_model("StructureMeetingIn", StructureMeeting, MEETING_FIELDS, extra=_MEETING_LINKS)
StructureMeetingPatch = from_model(
    "StructureMeetingPatch",
    StructureMeeting,
    MEETING_FIELDS,
    partial=True,
    extra={
        "decision_ids": (list[Id] | None, Field(None, max_length=500)),
        "handover_ids": (list[Id] | None, Field(None, max_length=500)),
    },
)


class MeetingFilter(Schema):
    structure_id: Id | None = Field(None, description="Only this structure's meetings.")


class StructureMeetingOut(Schema):
    id: int
    structure_id: int
    held_on: date
    title: str
    location: str
    minutes: str
    has_minutes_document: bool
    decision_ids: list[int]
    handover_ids: list[int]
    version: int

    @staticmethod
    def resolve_has_minutes_document(obj) -> bool:
        return bool(obj.minutes_document)

    @staticmethod
    def resolve_decision_ids(obj) -> list[int]:
        return [d.pk for d in obj.decisions.all()]

    @staticmethod
    def resolve_handover_ids(obj) -> list[int]:
        return [h.pk for h in obj.handovers.all()]


ACTION_FIELDS = ["text", "owner_name", "commitment", "due_on"]
_OWNER = {"owner_id": (Id | None, Field(None, description="A Baton user of your organisation; or `owner_name`."))}
MeetingActionIn = from_model("MeetingActionIn", MeetingAction, ACTION_FIELDS, extra=_OWNER)
MeetingActionPatch = from_model(
    "MeetingActionPatch", MeetingAction, ACTION_FIELDS, partial=True, extra={"owner_id": (Id | None, None)}
)


class MeetingActionOut(Schema):
    id: int
    meeting_id: int
    text: str
    owner: PersonOut | None
    owner_name: str
    commitment: bool
    due_on: date | None
    done_on: date | None
    state: Literal["open", "overdue", "done"]
    version: int

    @staticmethod
    def resolve_state(obj) -> str:
        return obj.state(timezone.localdate())


class DoneIn(Schema):
    done_on: date | None = Field(None, description="The day it was done; today if left out.")
    version: int | None = Field(
        None, ge=1, le=MAX_COUNT, description="The version you read; a stale one is refused (409)."
    )


class Deleted(Schema):
    audit_event_id: int = Field(description="Restore with POST /api/audit/events/{id}/restore.")
