"""What taking part's API reads and writes. Input schemas are derived from the models
(`core.schemas.from_model`), so limits are declared once."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, FilterSchema, Schema

from baton.core.schemas import MAX_COUNT, Id, from_model, line

from .models import Interest, Opportunity

FIELDS = ["title", "summary", "where", "when", "access", "payment_offered", "role_level", "closes_on"]
_LINKS = {"activity_id": (Id | None, None), "structure_id": (Id | None, None)}
OpportunityIn = from_model("OpportunityIn", Opportunity, FIELDS, extra=_LINKS)
OpportunityPatch = from_model("OpportunityPatch", Opportunity, FIELDS, partial=True, extra=_LINKS)
StatusName = Literal[tuple(Interest.Status.values)]


class OpportunityOut(Schema):
    id: int
    title: str
    summary: str
    activity_id: int | None
    structure_id: int | None
    where: str
    when: str
    access: str
    payment_offered: str
    role_level: int
    closes_on: date | None
    published: bool
    registrations: int = Field(description="Registrations of interest, whatever their status.")
    version: int


class Version(Schema):
    version: int | None = Field(None, ge=1, le=MAX_COUNT, description="The version you read; a stale one is 409.")


class InterestOut(Schema):
    id: int
    opportunity_id: int
    person_id: int
    person_name: str
    status: str
    message: str
    registered_at: datetime
    invited_at: datetime | None
    version: int

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name


class InterestFilter(FilterSchema):
    status: StatusName | None = Field(None, description="Only registrations with this status.")


class InterestParticipationIn(Schema):
    version: int | None = Field(None, ge=1, le=MAX_COUNT)
    starts_on: date | None = Field(None, description="Taking part from (default today).")
    role: line(100, required=False) = "Participant"


class InterestParticipationOut(Schema):
    id: int
    person_id: int
    activity_id: int | None
    structure_id: int | None
    role: str
    role_level: int
    starts_on: date


class Erased(Schema):
    audit_event_id: int


class Deleted(Schema):
    audit_event_id: int
