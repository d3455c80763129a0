"""What the patient insight API reads and writes. Input schemas are derived from the models
(`core.schemas.from_model`), so limits are declared once. Every name starts with "PatientInsight":
API schema names are unique across the whole API."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from baton.core.schemas import MAX_COUNT, Id, from_model

from .models import SAMPLE_MAX, SAMPLE_MIN, FieldReport

VERSION = Field(..., ge=1, le=MAX_COUNT, description="The version you read; a stale one is refused with 409.")


class PatientInsightSampleIn(Schema):
    title: str = Field(..., min_length=1, max_length=200, pattern=r"\S")
    reviewer_id: Id = Field(..., description="A patient partner of your organisation.")
    size: int = Field(40, ge=SAMPLE_MIN, le=SAMPLE_MAX)
    service: str = Field("", max_length=200, description="Only comments about this service.")
    month: date | None = Field(None, description="Only comments received in this month (any day of it).")
    theme: str = Field("", max_length=60, description="Only comments the machine gave this theme.")
    order: Literal["random", "low_confidence"] = "random"
    seed: int | None = Field(None, ge=0, le=2**31 - 1, description="Give one to make the same pick again.")


class PatientInsightSampleOut(Schema):
    id: int
    title: str
    reviewer_id: int
    size: int
    reviewed: int
    service: str
    month: date | None
    theme: str
    order: str
    seed: int
    status: str
    version: int


class PatientInsightVersion(Schema):
    version: int = VERSION


class PatientInsightReviewOut(Schema):
    id: int
    sample_id: int
    position: int
    comment_id: int
    comment_text: str
    machine_themes: list[str]
    machine_sentiment: int | None
    reviewed: bool
    agreed: bool
    themes: list[str]
    sentiment: int | None
    note: str
    version: int


class PatientInsightReviewIn(Schema):
    version: int = VERSION
    agreed: bool = Field(..., description="True: the machine's themes and sentiment are right.")
    themes: list[str] = Field([], max_length=40, description="When not agreed: the framework sub-categories.")
    sentiment: int | None = Field(None, ge=1, le=5, description="When not agreed: 1 very positive to 5 very negative.")
    note: str = Field("", max_length=500)


class PatientInsightThemeOut(Schema):
    code: str
    kept: int
    removed: int
    added: int
    kept_share: float | None
    found_share: float | None
    kappa: float | None


class PatientInsightAgreementOut(Schema):
    reviewed: int
    fully_agreed: int
    fully_agreed_share: float | None
    themes_agreed_share: float | None
    sentiment_exact_share: float | None
    sentiment_within_one_share: float | None
    themes: list[PatientInsightThemeOut]


REPORT_FIELDS = ["kind", "happened_on", "place", "heard_from", "heard", "suggestions"]
RUN = (Id | None, Field(None, description="The stage run it is about, if known."))
PROGRAMME = (Id | None, Field(None, description="The programme it is about, if any."))
PatientInsightReportIn = from_model(
    "PatientInsightReportIn", FieldReport, REPORT_FIELDS, extra={"programme_id": PROGRAMME, "stage_run_id": RUN}
)
PatientInsightReportPatch = from_model(
    "PatientInsightReportPatch",
    FieldReport,
    REPORT_FIELDS,
    partial=True,
    extra={"programme_id": PROGRAMME, "stage_run_id": RUN},
)


class PatientInsightReportOut(Schema):
    id: int
    author_id: int
    kind: str
    happened_on: date
    place: str
    heard_from: str
    heard: str
    suggestions: str
    programme_id: int | None
    stage_run_id: int | None
    status: str
    return_note: str
    insight_item_id: int | None
    submitted_at: datetime
    version: int


class PatientInsightAccept(Schema):
    version: int = VERSION
    stage_run_id: Id = Field(..., description="The stage run the insight item goes on.")
    title: str = Field(..., min_length=1, max_length=200, pattern=r"\S", description="What was learned, in a sentence.")
    sentiment: int | None = Field(None, ge=1, le=5)
    themes: str = Field("", max_length=500, description="Separated by commas.")


class PatientInsightReturn(Schema):
    version: int = VERSION
    note: str = Field(..., min_length=1, max_length=2_000, pattern=r"\S", description="What the author should change.")


class PatientInsightReportFilter(Schema):
    status: Literal["submitted", "returned", "accepted"] | None = None
