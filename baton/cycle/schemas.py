"""What the cycle API reads and writes. Input schemas mirror the model constraints (so bad input is
a 422 with field errors before any action runs); output schemas read from QuerySets built with
the `with_*()` methods, so no resolver queries."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import ValidationInfo, field_validator

from baton.core.schemas import MAX_COUNT, Id, line, text

from . import stages
from .models import EngagementActivity, Handover, InsightItem, StageRun

StageKey = Literal[stages.KEYS]
RunStatus = Literal[tuple(StageRun.Status.values)]
Method = Literal[tuple(EngagementActivity.Method.values)]
Ladder = Literal[tuple(EngagementActivity.Ladder.values)]
Source = Literal[tuple(InsightItem.Source.values)]
InsightStatus = Literal[tuple(InsightItem.Status.values)]
HandoverStatus = Literal[tuple(Handover.Status.values)]
Version = Field(ge=1, le=MAX_COUNT, description="The version you read; a stale one is refused with 409.")


class PersonOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.get_full_name() or obj.username


# Programmes ------------------------------------------------------------------------------------


class ProgrammeFilter(Schema):
    stage: StageKey | None = Field(None, description="Only programmes whose current stage is this one.")
    search: line(200, required=False) | None = Field(None, description="Part of the programme's name.")
    lead: Id | None = Field(None, description="Only programmes led by this user id.")


class ProgrammeIn(Schema):
    name: line(200)
    description: text() = ""
    lead_id: Id | None = Field(None, description="The programme lead: a member of your organisation.")
    condition: line(200, required=False) = ""
    budget_line: line(100, required=False) = ""
    public_summary: text() = ""


class ProgrammePatch(Schema):
    version: int = Version
    name: line(200) = None
    description: text() = None
    lead_id: Id | None = None
    condition: line(200, required=False) = None
    budget_line: line(100, required=False) = None
    public_summary: text() = None


class ProgrammeOut(Schema):
    id: int
    name: str
    description: str
    lead: PersonOut | None
    condition: str
    budget_line: str
    public_summary: str
    current_stage: StageKey | None = Field(
        description="The stage of the open run, else of the latest awaiting hand-over."
    )
    run_count: int
    version: int
    created_at: datetime
    updated_at: datetime


class Deleted(Schema):
    audit_event_id: int = Field(description="Restore with POST /api/audit/events/{id}/restore.")


# Stage runs ------------------------------------------------------------------------------------


class RunFilter(Schema):
    programme: Id | None = None
    stage: StageKey | None = None
    status: RunStatus | None = None


class RunIn(Schema):
    stage: StageKey
    owner_id: Id | None = Field(
        None, description="Who leads this stage (a member of your organisation); you, if left out."
    )
    opened_on: date | None = None


class VersionIn(Schema):
    version: int | None = Field(None, ge=1, le=MAX_COUNT, description="The version you read, to refuse a stale change.")


class RunOut(Schema):
    id: int
    programme_id: int
    programme_name: str
    stage: StageKey
    stage_label: str
    status: RunStatus
    owner: PersonOut
    opened_on: date | None
    closed_on: date | None
    handover_id: int | None = Field(description="The hand-over out of this run, if any.")
    version: int
    created_at: datetime

    @staticmethod
    def resolve_programme_name(obj) -> str:
        return obj.programme.name

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return stages.label(obj.stage)

    @staticmethod
    def resolve_handover_id(obj) -> int | None:
        handover = getattr(obj, "handover_out", None)
        return handover.pk if handover else None


class BlockersOut(Schema):
    can_close: bool
    blockers: list[str] = Field(description="Why the run cannot close yet; empty when it can.")


# Activities ------------------------------------------------------------------------------------


class ActivityFilter(Schema):
    run: Id | None = None
    programme: Id | None = None
    stage: StageKey | None = None
    method: Method | None = None
    ladder_level: Ladder | None = None


def _ends_after_start(end, info: ValidationInfo):
    """The end date is an error of its own field (not of the whole body), so a form can show it there."""
    start = info.data.get("start_date")
    if start is not None and end is not None and end < start:
        raise ValueError("The end date must be on or after the start date.")
    return end


class ActivityIn(Schema):
    title: line(200)
    method: Method
    ladder_level: Ladder
    target_groups: line(500)
    start_date: date
    end_date: date | None = None
    reach: int = Field(0, ge=0, le=MAX_COUNT)
    cost: Decimal = Field(Decimal(0), ge=0, max_digits=10, decimal_places=2, description="Cost in pounds.")
    accessibility_measures: text() = ""
    partners: line(500, required=False) = ""

    check_dates = field_validator("end_date")(_ends_after_start)


class ActivityPatch(Schema):
    version: int = Version
    title: line(200) = None
    method: Method = None
    ladder_level: Ladder = None
    target_groups: line(500) = None
    start_date: date = None
    end_date: date | None = None
    reach: int = Field(None, ge=0, le=MAX_COUNT)
    cost: Decimal = Field(None, ge=0, max_digits=10, decimal_places=2)
    accessibility_measures: text() = None
    partners: line(500, required=False) = None

    check_dates = field_validator("end_date")(_ends_after_start)


class ActivityOut(Schema):
    id: int
    stage_run_id: int
    programme_id: int
    stage: StageKey
    title: str
    method: Method
    ladder_level: Ladder
    target_groups: str
    start_date: date
    end_date: date | None
    reach: int
    cost: Decimal
    accessibility_measures: str
    partners: str
    version: int
    created_at: datetime

    @staticmethod
    def resolve_programme_id(obj) -> int:
        return obj.stage_run.programme_id

    @staticmethod
    def resolve_stage(obj) -> str:
        return obj.stage_run.stage


# Insight ---------------------------------------------------------------------------------------


class InsightFilter(Schema):
    run: Id | None = None
    programme: Id | None = None
    stage: StageKey | None = Field(None, description="The stage of the run it was learned in.")
    source: Source | None = None
    status: InsightStatus | None = None
    search: line(200, required=False) | None = Field(None, description="Part of the title or themes.")


Sentiment = Field(None, ge=1, le=5, description="1 very positive to 5 very negative.")
StageList = Field(None, max_length=len(stages.KEYS), description="Stages this insight matters to.")


class InsightIn(Schema):
    title: line(200)
    detail: text() = ""
    source: Source
    themes: line(500, required=False) = ""
    sentiment: int | None = Sentiment
    population_segment: line(200, required=False) = ""
    stage_relevance: list[StageKey] = StageList
    activity_id: Id | None = Field(None, description="The activity of the same run this came from.")


class InsightPatch(Schema):
    version: int = Version
    title: line(200) = None
    detail: text() = None
    source: Source = None
    themes: line(500, required=False) = None
    sentiment: int | None = Sentiment
    population_segment: line(200, required=False) = None
    stage_relevance: list[StageKey] = StageList
    status: InsightStatus = None
    activity_id: Id | None = None


class InsightOut(Schema):
    id: int
    stage_run_id: int
    programme_id: int
    stage: StageKey
    activity_id: int | None
    title: str
    detail: str
    source: Source
    themes: str
    sentiment: int | None
    population_segment: str
    stage_relevance: list[str]
    status: InsightStatus
    version: int
    created_at: datetime

    @staticmethod
    def resolve_programme_id(obj) -> int:
        return obj.stage_run.programme_id

    @staticmethod
    def resolve_stage(obj) -> str:
        return obj.stage_run.stage


# Hand-overs ------------------------------------------------------------------------------------


class HandoverFilter(Schema):
    status: HandoverStatus | None = None
    programme: Id | None = None
    waiting_for_me: bool = Field(False, description="Only hand-overs waiting for me to accept.")
    overdue: bool = Field(False, description="Only hand-overs not accepted within the organisation's limit.")


InsightIds = Field(None, max_length=500, description="Insight items of this programme to carry forward.")


class HandoverIn(Schema):
    to_stage: StageKey | None = Field(None, description="The stage to hand to; the usual next stage if left out.")
    next_owner_id: Id = Field(description="Who leads the next stage and must accept: a member of your organisation.")
    summary: text(required=True)
    open_actions: text() = ""
    insight_ids: list[Id] = InsightIds


class HandoverPatch(Schema):
    version: int = Version
    next_owner_id: Id = None
    summary: text(required=True) = None
    open_actions: text() = None
    insight_ids: list[Id] = InsightIds


class QueryIn(Schema):
    note: text(5_000, required=True) = Field(description="What you need before you can accept.")
    version: int | None = Field(None, ge=1, le=MAX_COUNT)


class HandoverOut(Schema):
    id: int
    programme_id: int
    programme_name: str
    from_run_id: int
    from_stage: StageKey
    to_stage: StageKey
    to_run_id: int
    next_owner: PersonOut
    summary: str
    open_actions: str
    carried_insight_ids: list[int]
    status: HandoverStatus
    query_note: str
    created_by: PersonOut | None
    created_at: datetime
    responded_at: datetime | None
    due_by: datetime = Field(description="Accept by then, or the baton is dropped.")
    overdue: bool
    version: int

    @staticmethod
    def resolve_programme_id(obj) -> int:
        return obj.from_run.programme_id

    @staticmethod
    def resolve_programme_name(obj) -> str:
        return obj.from_run.programme.name

    @staticmethod
    def resolve_from_stage(obj) -> str:
        return obj.from_run.stage

    @staticmethod
    def resolve_carried_insight_ids(obj) -> list[int]:
        return sorted(item.pk for item in obj.carried_insight.all())

    @staticmethod
    def resolve_due_by(obj) -> datetime:
        return obj.due_by()

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.status != Handover.Status.ACCEPTED and obj.due_by() < timezone.now()


# Journey and dropped batons ---------------------------------------------------------------------


class JourneyStepOut(RunOut):
    handover: HandoverOut | None = Field(description="The hand-over out of this run, if any.")

    @staticmethod
    def resolve_handover(obj):
        return getattr(obj, "handover_out", None)


class OverdueHandovers(Schema):
    count: int
    items: list[HandoverOut]


class UnhandedRuns(Schema):
    count: int
    items: list[RunOut]


class DroppedInsight(Schema):
    count: int
    items: list[InsightOut]


class DroppedBatonsOut(Schema):
    overdue_handovers: OverdueHandovers = Field(description="Hand-overs not accepted within the organisation's limit.")
    runs_closed_without_handover: UnhandedRuns
    dropped_insight: DroppedInsight = Field(
        description="Insight never carried forward, answered or closed, from closed runs."
    )
