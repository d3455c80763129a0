"""What the consultations API reads and writes. Input schemas are derived from the models
(`core.schemas.from_model`), so a field's type and limits are declared once, on the model, and the
API refuses with a 422 exactly what the pages refuse. Output schemas read from QuerySets that join
and prefetch what they show, so no resolver queries."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, FilterLookup, FilterSchema, Schema

from baton.core.schemas import MAX_COUNT, Id, PersonOut, from_model, line, text

from .models import Consultation, ConsultationSettings, GunningAssessment

Status = Literal[tuple(Consultation.Status.values)]
Outcome = Literal[tuple(GunningAssessment.Outcome.values)]
Version = Field(None, ge=1, le=MAX_COUNT, description="The version you read, to refuse a stale change (409).")

DETAIL_FIELDS = [
    "title",
    "proposal",
    "formative_statement",
    "how_to_take_part",
    "opens_on",
    "closes_on",
    "short_duration_reason",
]
COUNT_FIELDS = ["individual_responses", "organisation_responses", "event_participants"]
_PEOPLE = {
    "programme_id": (
        Id | None,
        Field(None, description="A programme you may consult on (a programme lead: one you lead)."),
    ),
    "lead_id": (Id | None, Field(None, description="Who runs it: someone who may own work.")),
}

ConsultationIn = from_model("ConsultationIn", Consultation, DETAIL_FIELDS, extra=_PEOPLE)
ConsultationPatch = from_model(
    "ConsultationPatch",
    Consultation,
    DETAIL_FIELDS + COUNT_FIELDS + ["report_summary"],
    partial=True,
    extra={"programme_id": (Id | None, None), "lead_id": (Id | None, None)},
)


class ConsultationVersionIn(Schema):
    version: int | None = Version


class ConsultationCloseIn(Schema):
    version: int | None = Version
    early_reason: text(2_000) = Field("", description="Needed before the closing date: why it closes early.")


class ConsultationDocumentIn(Schema):
    """Sent as multipart form data with the file."""

    title: line(200)


class ConsultationReportIn(Schema):
    """Sent as multipart form data with the report file (optional: keep the one uploaded)."""

    report_summary: text(5_000) = Field("", description="How the responses were considered.")
    version: int | None = Version


class ConsultationFilter(FilterSchema):
    status: Annotated[Status | None, FilterLookup("status")] = None
    programme: Annotated[Id | None, FilterLookup("programme_id")] = None


class GunningCheckOut(Schema):
    key: str
    number: int
    title: str
    question: str
    evidenced_by: str


class GunningAssessmentOut(Schema):
    id: int
    check: GunningCheckOut
    outcome: Outcome
    evidence: str
    assessed_by: PersonOut | None
    assessed_at: datetime | None
    version: int

    @staticmethod
    def resolve_check(obj):
        return obj.principle


GunningAssessmentPatch = from_model(
    "GunningAssessmentPatch", GunningAssessment, ["outcome", "evidence"], extra={"version": (int | None, Version)}
)


class ConsultationOut(Schema):
    id: int
    title: str
    status: Status
    programme_id: int | None
    lead: PersonOut | None
    proposal: str
    formative_statement: str
    how_to_take_part: str
    opens_on: date
    closes_on: date
    duration_days: int
    short_duration_reason: str
    opened_at: datetime | None
    closed_at: datetime | None
    early_close_reason: str
    individual_responses: int
    organisation_responses: int
    event_participants: int
    report_file: str | None = Field(description="Where to download the report (signed in), if uploaded.")
    report_summary: str
    reported_at: datetime | None
    checks: list[GunningAssessmentOut]
    blockers_to_deciding: list[str] = Field(
        description="Why a decision on the consulted proposal cannot be recorded yet; empty when it can."
    )
    version: int

    @staticmethod
    def resolve_report_file(obj) -> str | None:
        return reverse("api:consultation_report_file", args=[obj.pk]) if obj.report else None

    @staticmethod
    def resolve_checks(obj) -> list:
        return obj.checks()

    @staticmethod
    def resolve_blockers_to_deciding(obj) -> list[str]:
        return obj.blockers_to_deciding()


class ConsultationDocumentOut(Schema):
    id: int
    consultation_id: int
    title: str
    file_name: str
    file: str = Field(description="Where to download the document (signed in).")
    created_at: datetime

    @staticmethod
    def resolve_file_name(obj) -> str:
        return obj.file.name.rsplit("/", 1)[-1]

    @staticmethod
    def resolve_file(obj) -> str:
        return reverse("api:consultation_document_file", args=[obj.pk])


class ConsultationDocumentFilter(FilterSchema):
    consultation: Annotated[Id | None, FilterLookup("consultation_id")] = None


class ConsultationReportOut(Schema):
    id: int = Field(description="The consultation's id.")
    title: str
    report_summary: str
    reported_at: datetime | None
    file: str = Field(description="Where to download the report (signed in).")

    @staticmethod
    def resolve_file(obj) -> str:
        return reverse("api:consultation_report_file", args=[obj.pk])


class ConsultationBlockersOut(Schema):
    step: str
    blockers: list[str]


ConsultationSettingsIn = from_model(
    "ConsultationSettingsIn", ConsultationSettings, ["minimum_weeks"], extra={"version": (int | None, Version)}
)


class ConsultationSettingsOut(Schema):
    minimum_weeks: int
    version: int
