"""What the self-assessment API reads and writes. Inputs derived from the models
(`core.schemas.from_model`), so limits are declared once."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from baton.core.schemas import MAX_COUNT, Id, PersonOut, from_model, text

from .models import Action, Assessment

Status = Literal[tuple(Assessment.Status.values)]

AssessmentIn = from_model("AssessmentIn", Assessment, ["period", "period_end", "summary"])
AssessmentPatch = from_model("AssessmentPatch", Assessment, ["period", "period_end", "summary"], partial=True)


class AssessmentOut(Schema):
    id: int
    period: str
    period_end: date
    summary: str
    status: Status
    completed_at: datetime | None
    rated: int = Field(description="Items with a score.")
    ccg_total: int | None = Field(description="The five CCG domains' scores summed (out of 15), as far as scored.")
    version: int


class VersionIn(Schema):
    version: int | None = Field(None, ge=1, le=MAX_COUNT, description="The version you read (409 if stale).")


class RatingIn(Schema):
    score: int = Field(..., ge=0, le=3, description="A score of the framework's scale (0 to 3).")
    evidence: text(4_000) = Field("", description="One piece of evidence a line: a link or words.")


class ActionOut(Schema):
    id: int
    text: str
    owner: PersonOut
    due_on: date
    version: int


class RatingOut(Schema):
    id: int
    item_id: int
    framework: str
    code: str
    title: str
    score: int | None
    evidence: list[str]
    actions: list[ActionOut]
    version: int

    @staticmethod
    def resolve_framework(obj) -> str:
        return obj.item.framework.key

    @staticmethod
    def resolve_code(obj) -> str:
        return obj.item.code

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.item.title

    @staticmethod
    def resolve_evidence(obj) -> list[str]:
        return obj.evidence_lines

    @staticmethod
    def resolve_actions(obj) -> list:
        return list(obj.actions.all())


ActionIn = from_model(
    "ActionIn",
    Action,
    ["text", "due_on"],
    extra={"owner_id": (Id, Field(..., description="Someone in your organisation."))},
)


class LevelOut(Schema):
    score: int
    label: str
    descriptor: str
    needs_action: bool


class ItemOut(Schema):
    id: int
    code: str
    title: str
    description: str


class FrameworkOut(Schema):
    key: str
    name: str
    source: str
    max_evidence: int | None
    levels: list[LevelOut]
    items: list[ItemOut]

    @staticmethod
    def resolve_levels(obj) -> list:
        return list(obj.levels.all())

    @staticmethod
    def resolve_items(obj) -> list:
        return list(obj.items.all())


class TrendRowOut(Schema):
    framework: str
    code: str
    title: str
    scores: list[int | None] = Field(description="One a period, in the order of `periods`.")


class TrendOut(Schema):
    periods: list[str] = Field(description="Completed periods, oldest first.")
    rows: list[TrendRowOut]
    totals: dict[str, list[int | None]] = Field(
        description="Each framework's total a period (None where an item is unscored); the CCG domains out of 15."
    )


class Deleted(Schema):
    audit_event_id: int = Field(description="Restore with POST /api/audit/events/{id}/restore.")
