"""What the learning API reads and writes. Input schemas are derived from the models
(`core.schemas.from_model`), so limits are declared once. Every name starts with "Learning": API
schema names are unique across the whole API."""

from datetime import date
from typing import Literal

from ninja import Field, Schema

from baton.core.schemas import Id, PersonOut, from_model

from .models import LearningNeed, LearningOffer, LearningRecord, LearningRequirement, State


class LearningDeleted(Schema):
    audit_event_id: int = Field(description="Restore with POST /api/audit/events/{id}/restore.")


OFFER_FIELDS = ["title", "kind", "audience", "provider", "link", "description", "active"]
LearningOfferIn = from_model("LearningOfferIn", LearningOffer, OFFER_FIELDS)
LearningOfferPatch = from_model("LearningOfferPatch", LearningOffer, OFFER_FIELDS, partial=True)


class LearningOfferFilter(Schema):
    audience: Literal["staff", "public"] | None = Field(None, description="Only offers open to this audience.")
    active: bool | None = Field(None, description="Only running (true) or retired (false) offers.")


class LearningOfferOut(Schema):
    id: int
    title: str
    kind: str
    audience: str
    provider: str
    link: str
    description: str
    active: bool
    version: int


class LearningRoleKindOut(Schema):
    id: int
    name: str
    role_contains: str
    structure_type_id: int | None
    stage: str
    min_level: int | None
    version: int


LearningRequirementIn = from_model(
    "LearningRequirementIn",
    LearningRequirement,
    ["staff_role", "renew_months"],
    extra={
        "offer_id": (Id, Field(..., description="The learning offer required.")),
        "participation_role_id": (
            Id | None,
            Field(None, description="A participation role (GET /api/learning/role-kinds); or give staff_role."),
        ),
    },
)


class LearningRequirementOut(Schema):
    id: int
    offer_id: int
    staff_role: str
    participation_role_id: int | None
    renew_months: int | None
    version: int


LearningRecordIn = from_model(
    "LearningRecordIn",
    LearningRecord,
    ["completed_on", "evidence", "evidence_link"],
    extra={
        "offer_id": (Id, Field(..., description="The learning offer done.")),
        "user_id": (Id | None, Field(None, description="A member of staff; or give person_id.")),
        "person_id": (Id | None, Field(None, description="A person who takes part; or give user_id.")),
    },
)


class LearningRecordFilter(Schema):
    offer_id: Id | None = None
    user_id: Id | None = None
    person_id: Id | None = None


class LearningRecordOut(Schema):
    id: int
    offer_id: int
    user_id: int | None
    person_id: int | None
    completed_on: date
    evidence: str
    evidence_link: str
    has_certificate: bool
    version: int

    @staticmethod
    def resolve_has_certificate(obj) -> bool:
        return bool(obj.certificate)


LearningNeedIn = from_model(
    "LearningNeedIn",
    LearningNeed,
    ["what"],
    extra={
        "offer_id": (Id | None, Field(None, description="One of the organisation's offers, if one fits.")),
        "user_id": (Id | None, Field(None, description="A member of staff; or give person_id.")),
        "person_id": (Id | None, Field(None, description="A person who takes part; or give user_id.")),
    },
)
LearningAskIn = from_model(
    "LearningAskIn",
    LearningNeed,
    ["what"],
    extra={"offer_id": (Id | None, Field(None, description="One of the organisation's offers, if one fits."))},
)


class LearningNeedClose(Schema):
    version: int = Field(..., ge=1, description="The version you read; a stale one is refused with 409.")
    status: Literal["met", "closed"]
    outcome: str = Field("", max_length=2_000, description="What was done, or why it is closed (needed then).")


class LearningNeedFilter(Schema):
    status: Literal["open", "met", "closed"] | None = None


class LearningNeedOut(Schema):
    id: int
    user_id: int | None
    person_id: int | None
    what: str
    offer_id: int | None
    raised_by: PersonOut | None
    raised_on: date
    status: str
    closed_on: date | None
    outcome: str
    version: int


class LearningStandingOut(Schema):
    offer_id: int
    offer: str
    needed_by: str
    state: Literal[tuple(s.value for s in State)]
    completed_on: date | None
    expires_on: date | None


class LearningMeOut(Schema):
    standings: list[LearningStandingOut]
    records: list[LearningRecordOut]
    needs: list[LearningNeedOut]
    offers: list[LearningOfferOut]


class LearningRoleFiguresOut(Schema):
    name: str
    staff: bool
    requirements: int
    people: int
    ready: int
    expiring_soon: int
    not_ready: int


class LearningOfferUptakeOut(Schema):
    offer_id: int
    title: str
    done_in_last_12_months: int


class LearningCapacityOut(Schema):
    roles: list[LearningRoleFiguresOut]
    uptake: list[LearningOfferUptakeOut]
