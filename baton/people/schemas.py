"""What the people API reads and writes. Input schemas are derived from the models
(`core.schemas.from_model`), so limits are declared once. No schema carries a person's equality
monitoring answers: recording them answers only which questions are answered, and the aggregates
are suppressed counts."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from baton.core.schemas import MAX_COUNT, Id, from_model, line

from .models import Attendance, ConsentEvent, Participation, Person, Purpose

Kind = Literal[tuple(Person.Kind.values)]
PurposeKey = Literal[tuple(Purpose.values)]
Need = Literal["easy_read", "bsl", "large_print", "hearing_loop", "step_free", "language", "other"]

PERSON_FIELDS = [
    "name",
    "kind",
    "email",
    "phone",
    "postcode",
    "easy_read",
    "bsl",
    "large_print",
    "hearing_loop",
    "step_free",
    "language",
    "other_needs",
]
ACCOUNT = {
    "account_id": (
        Id | None,
        Field(None, description="A patient partner's Baton account (a user holding that role in your organisation)."),
    )
}
PersonIn = from_model("PersonIn", Person, PERSON_FIELDS, extra=ACCOUNT)
PersonPatch = from_model("PersonPatch", Person, PERSON_FIELDS, partial=True, extra=ACCOUNT)


class PersonFilter(Schema):
    q: line(100, required=False) | None = Field(None, description="Part of the name or alias.")
    kind: Kind | None = None
    need: Need | None = Field(None, description="Only people with this communication or access need.")
    consent: PurposeKey | None = Field(None, description="Only people whose consent for this purpose is given now.")


class ConsentNow(Schema):
    contact_activity: bool | None
    future_opportunities: bool | None
    equality_monitoring: bool | None
    named_publicly: bool | None


class PersonRecordOut(Schema):
    id: int
    name: str
    kind: Kind
    email: str
    phone: str
    postcode: str
    easy_read: bool
    bsl: bool
    large_print: bool
    hearing_loop: bool
    step_free: bool
    language: str
    other_needs: str
    account_id: int | None
    last_active_on: date | None
    consent: ConsentNow = Field(description="Consent now, per purpose: true given, false withdrawn, null never asked.")
    version: int

    @staticmethod
    def resolve_consent(obj) -> dict:
        return {purpose: getattr(obj, f"consent_{purpose}") for purpose in Purpose.values}


ConsentIn = from_model(
    "ConsentIn",
    ConsentEvent,
    ["purpose", "given", "how"],
)


class ConsentOut(Schema):
    id: int
    purpose: PurposeKey
    given: bool
    at: datetime
    how: str
    recorded_by_id: int | None


Code = str | None


class EqualityIn(Schema):
    """NHS Data Dictionary codes (GET /api/people/equality-codes lists them); each optional: a
    question left out keeps the answer recorded before."""

    ethnic_category: Code = Field(None, max_length=10)
    sex: Code = Field(None, max_length=10)
    gender_identity: Code = Field(None, max_length=10)
    sexual_orientation: Code = Field(None, max_length=10)
    disability: Code = Field(None, max_length=10)
    religion: Code = Field(None, max_length=10)
    age_band: Code = Field(None, max_length=10)
    carer: Code = Field(None, max_length=10)
    imd_decile: int | None = Field(None, ge=1, le=10, description="Left out: looked up from the postcode.")


class EqualityCodeOut(Schema):
    category: str
    code: str
    label: str


class EqualityScope(Schema):
    structure_id: Id | None = Field(None, description="A structure's current members; or activity_id; or neither.")
    activity_id: Id | None = Field(None, description="An activity's participants; or neither: the organisation.")


class EqualityRecorded(Schema):
    answered: list[str] = Field(description="Which questions have an answer (never the answers).")


class Cell(Schema):
    label: str
    count: int | None = Field(description="null: suppressed (fewer than 5, or hidden so it cannot be worked out).")


class CategoryOut(Schema):
    key: str
    label: str
    cells: list[Cell]


class EqualityOut(Schema):
    scope: str
    people: int = Field(description="People in the group.")
    total: int | None = Field(description="People in the group with answers; null when fewer than 5 (nothing shown).")
    categories: list[CategoryOut]


PARTICIPATION_FIELDS = ["role", "role_level", "starts_on", "ends_on", "hours"]
WHERE = {
    "activity_id": (
        Id | None,
        Field(None, description="An engagement activity of your organisation; or structure_id."),
    ),
    "structure_id": (Id | None, Field(None, description="A structure of your organisation; or activity_id.")),
}
ParticipationIn = from_model("ParticipationIn", Participation, PARTICIPATION_FIELDS, extra=WHERE)
ParticipationPatch = from_model("ParticipationPatch", Participation, PARTICIPATION_FIELDS, partial=True)


class ParticipationOut(Schema):
    id: int
    person_id: int
    activity_id: int | None
    structure_id: int | None
    role: str
    role_level: int
    starts_on: date
    ends_on: date | None
    hours: Decimal
    version: int


class ParticipationRecorded(ParticipationOut):
    advice: list[str] = Field(
        [], description="What other areas say about it: the learning the role needs that the person lacks."
    )


class EndIn(Schema):
    ends_on: date | None = Field(None, description="Left out: today.")
    version: int | None = Field(None, ge=1, le=MAX_COUNT, description="The version you read; a stale one is 409.")


AttendanceIn = from_model(
    "AttendanceIn",
    Attendance,
    ["status"],
    extra={
        "meeting_id": (Id, ...),
        "person_id": (Id, ...),
        "hours": (Decimal | None, Field(None, ge=0, le=24, max_digits=5, decimal_places=2)),
    },
)


class AttendanceFilter(Schema):
    meeting_id: Id | None = Field(None, description="Only this structure meeting's attendance.")
    person_id: Id | None = Field(None, description="Only this person's attendance.")


class AttendanceOut(Schema):
    id: int
    meeting_id: int
    person_id: int
    status: Literal[tuple(Attendance.Status.values)]
    hours: Decimal


class Deleted(Schema):
    audit_event_id: int = Field(description="Restore with POST /api/audit/events/{id}/restore.")
