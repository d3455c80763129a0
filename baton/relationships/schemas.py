"""What the partner API reads and writes. Input schemas are derived from the models
(`core.schemas.from_model`), so limits are declared once; output schemas read from QuerySets built
with `with_health()` and `select_related`, so no resolver queries."""

from datetime import date
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema

from baton.core.schemas import Id, Key, PersonOut, from_model
from baton.cycle import stages

from .models import CommsItem, Contact, Dialogue, FormatRequest, Partner, Promise

StageKey = Literal[stages.KEYS]
Health = Literal["flagged", "quiet", "overdue", "unowned"]


class Deleted(Schema):
    audit_event_id: int = Field(description="Restore with POST /api/audit/events/{id}/restore.")


# Partners ------------------------------------------------------------------------------------------

PARTNER_FIELDS = ["name", "ods_code", "about", "email", "phone"]
_partner_extra = {
    "type_key": (Key, Field(..., description="A partner type's key: GET /api/relationships/types.")),
    "owner_id": (Id | None, Field(None, description="Who owns the relationship: a Baton user of your organisation.")),
}
PartnerIn = from_model("PartnerIn", Partner, PARTNER_FIELDS, extra=_partner_extra)
PartnerPatch = from_model(
    "PartnerPatch",
    Partner,
    PARTNER_FIELDS,
    partial=True,
    extra={"type_key": (Key | None, Field(None)), "owner_id": (Id | None, None)},
)


class PartnerFilter(Schema):
    type_key: Key | None = Field(None, description="Only partners of this type.")
    owner_id: Id | None = Field(None, description="Only relationships this user owns.")
    health: Health | None = Field(None, description="Only partners with this health flag ('flagged': any).")


class PartnerTypeOut(Schema):
    key: str
    name: str
    community: bool


class PartnerOut(Schema):
    id: int
    name: str
    type: PartnerTypeOut
    ods_code: str
    owner: PersonOut | None
    about: str
    email: str
    phone: str
    last_spoke_on: date | None = Field(description="The latest dialogue with them.")
    overdue_promises: int
    open_promises: int
    health: list[str] = Field(description="Relationship health in words; empty when nothing needs attention.")
    version: int

    @staticmethod
    def resolve_health(obj) -> list[str]:
        return obj.health(timezone.localdate())


# Contacts ------------------------------------------------------------------------------------------

CONTACT_FIELDS = ["name", "role", "email", "phone", "patient_leader"]
ContactIn = from_model(
    "ContactIn",
    Contact,
    CONTACT_FIELDS,
    extra={"person_id": (Id | None, Field(None, description="A patient leader's record in the people register."))},
)
ContactPatch = from_model("ContactPatch", Contact, CONTACT_FIELDS, partial=True, extra={"person_id": (Id | None, None)})


class ContactOut(Schema):
    id: int
    partner_id: int
    name: str
    role: str
    email: str
    phone: str
    patient_leader: bool
    person_id: int | None
    version: int


# Dialogue ------------------------------------------------------------------------------------------

DIALOGUE_FIELDS = ["stage", "kind", "happened_on", "summary"]
_dialogue_links = {
    "programme_id": (Id, Field(..., description="One of your organisation's programmes.")),
    "staff_ids": (list[Id], Field([], max_length=50, description="Who from our side: Baton users.")),
    "contact_ids": (list[Id], Field([], max_length=50, description="The partner's contacts who took part.")),
}
DialogueIn = from_model(
    "DialogueIn",
    Dialogue,
    DIALOGUE_FIELDS,
    extra={**_dialogue_links, "partner_id": (Id, Field(..., description="The partner."))},
)
DialoguePatch = from_model(
    "DialoguePatch",
    Dialogue,
    DIALOGUE_FIELDS,
    partial=True,
    extra={
        "programme_id": (Id | None, None),
        "staff_ids": (list[Id] | None, Field(None, max_length=50)),
        "contact_ids": (list[Id] | None, Field(None, max_length=50)),
    },
)


class DialogueFilter(Schema):
    partner_id: Id | None = None
    programme_id: Id | None = None
    stage: StageKey | None = None


class DialogueOut(Schema):
    id: int
    partner_id: int
    programme_id: int
    stage: StageKey
    kind: str
    happened_on: date
    summary: str
    staff: list[PersonOut]
    contact_ids: list[int]
    version: int

    @staticmethod
    def resolve_staff(obj) -> list:
        return list(obj.staff.all())

    @staticmethod
    def resolve_contact_ids(obj) -> list[int]:
        return [c.pk for c in obj.contacts.all()]


# Promises ------------------------------------------------------------------------------------------

PromiseIn = from_model(
    "PromiseIn", Promise, ["text", "due_on"], extra={"dialogue_id": (Id, Field(..., description="Made in this entry."))}
)
PromisePatch = from_model("PromisePatch", Promise, ["text", "due_on", "outcome", "outcome_on"], partial=True)


class PromiseFilter(Schema):
    partner_id: Id | None = None
    overdue: bool | None = Field(None, description="true: open promises past their due date.")


class PromiseOut(Schema):
    id: int
    partner_id: int
    dialogue_id: int
    text: str
    due_on: date
    outcome: Literal[tuple(Promise.Outcome.values)]
    outcome_on: date | None
    overdue: bool
    version: int

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue(timezone.localdate())


# Communications ------------------------------------------------------------------------------------

COMMS_FIELDS = ["audience", "message", "channel", "planned_on", "accessible_formats", "languages"]
CommsIn = from_model(
    "CommsIn", CommsItem, COMMS_FIELDS, extra={"programme_id": (Id, Field(..., description="The programme."))}
)
CommsPatch = from_model("CommsPatch", CommsItem, COMMS_FIELDS, partial=True)


class CommsFilter(Schema):
    programme_id: Id | None = None


class CommsOut(Schema):
    id: int
    programme_id: int
    audience: str
    message: str
    channel: str
    planned_on: date
    accessible_formats: str
    languages: str
    version: int


REQUEST_FIELDS = ["format", "language", "material", "requester_name", "requested_on", "due_on", "fulfilled_on"]
_request_links = {
    "programme_id": (Id | None, Field(None, description="The programme the material belongs to, if any.")),
    "person_id": (Id | None, Field(None, description="Who asked, from the people register; or `requester_name`.")),
    "owner_id": (Id | None, Field(None, description="Who makes sure it is sent: a Baton user.")),
}
FormatRequestIn = from_model("FormatRequestIn", FormatRequest, REQUEST_FIELDS, extra=_request_links)
FormatRequestPatch = from_model(
    "FormatRequestPatch",
    FormatRequest,
    REQUEST_FIELDS,
    partial=True,
    extra={k: (Id | None, None) for k in _request_links},
)


class FormatRequestFilter(Schema):
    show: Literal["open", "overdue", "fulfilled", "all"] = "all"


class FormatRequestOut(Schema):
    id: int
    format: str
    language: str
    material: str
    programme_id: int | None
    person_id: int | None
    requested_by: str
    requested_on: date
    due_on: date
    fulfilled_on: date | None
    owner: PersonOut | None
    overdue: bool
    version: int

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue(timezone.localdate())
