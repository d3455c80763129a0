"""What the direction API reads and writes. Input schemas come from the models
(`core.schemas.from_model`), so limits are said once, on the model."""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

from baton.core.schemas import MAX_COUNT, Id, PersonOut, from_model, line

from .models import DocumentStatus, Objective, Plan, PrincipleAdoption, StrategyVersion, VisionVersion

Status = Literal[tuple(DocumentStatus.values)]
Version = Field(None, ge=1, le=MAX_COUNT, description="The version you read, to refuse a stale change (409).")

VISION_FIELDS = [
    "statement",
    "principles",
    *VisionVersion.PURPOSE_FIELDS,
    "business_benefits",
    "health_benefits",
    "social_benefits",
]
VisionPatch = from_model("VisionPatch", VisionVersion, VISION_FIELDS, partial=True)
StrategyPatch = from_model("StrategyPatch", StrategyVersion, ["title", "summary", "review_date"], partial=True)


class VersionIn(Schema):
    version: int | None = Version


class DocumentOut(Schema):
    id: int
    number: int
    status: Status
    drafted_by: PersonOut | None
    changed_by: PersonOut | None
    approved_by: PersonOut | None
    approved_at: datetime | None
    superseded_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


class VisionOut(DocumentOut):
    statement: str
    principles: str
    purpose_needs: str
    purpose_plan: str
    purpose_improve: str
    purpose_procure: str
    purpose_monitor: str
    business_benefits: str
    health_benefits: str
    social_benefits: str


class StrategyOut(DocumentOut):
    title: str
    summary: str
    review_date: date | None


LINKS: dict[str, tuple[Any, Any]] = {
    "plan_ids": (list[Id], Field(default_factory=list, max_length=500, description="Plans of your organisation.")),
    "programme_ids": (list[Id], Field(default_factory=list, max_length=500, description="Programmes delivering it.")),
}
ObjectiveIn = from_model("ObjectiveIn", Objective, ["title", "description"], extra=LINKS)
ObjectivePatch = from_model(
    "ObjectivePatch",
    Objective,
    ["title", "description"],
    partial=True,
    extra={"plan_ids": (list[Id] | None, None), "programme_ids": (list[Id] | None, None)},
)


class ObjectiveOut(Schema):
    id: int
    strategy_id: int
    title: str
    description: str
    plan_ids: list[int]
    programme_ids: list[int]
    version: int

    @staticmethod
    def resolve_plan_ids(obj) -> list[int]:
        return [p.pk for p in obj.plans.all()]

    @staticmethod
    def resolve_programme_ids(obj) -> list[int]:
        return [p.pk for p in obj.programmes.all()]


PlanIn = from_model(
    "PlanIn", Plan, ["name", "period"], extra={"plan_type_id": (Id, ...), "link": (line(500, required=False), "")}
)
PlanPatch = from_model(
    "PlanPatch",
    Plan,
    ["name", "period"],
    partial=True,
    extra={"plan_type_id": (Id | None, None), "link": (line(500, required=False) | None, None)},
)


class PlanTypeOut(Schema):
    id: int
    name: str
    description: str


class PlanOut(Schema):
    id: int
    name: str
    period: str
    link: str
    plan_type: PlanTypeOut
    version: int


class PrincipleOut(Schema):
    id: int
    number: int
    text: str
    source: str


AdoptionIn = from_model(
    "AdoptionIn",
    PrincipleAdoption,
    ["how", "evidence_links"],
    extra={"principle_number": (int, Field(..., ge=1, le=1000))},
)
AdoptionPatch = from_model("AdoptionPatch", PrincipleAdoption, ["how", "evidence_links"], partial=True)


class AdoptionOut(Schema):
    id: int
    principle: PrincipleOut
    how: str
    evidence_links: list[str] = Field(description="Web addresses of the evidence.")
    version: int

    @staticmethod
    def resolve_evidence_links(obj) -> list[str]:
        return obj.links


class CoverageOut(Schema):
    strategy_id: int | None = Field(description="The approved strategy; null when none is approved.")
    past_review: bool
    review_date: date | None
    programmes_serving_no_objective: int = Field(description="How many; listed at /direction/coverage/programmes.")
    objectives_no_programme_serves: int = Field(description="How many; listed at /direction/coverage/objectives.")


class Deleted(Schema):
    audit_event_id: int = Field(description="Restore with POST /api/audit/events/{id}/restore.")
