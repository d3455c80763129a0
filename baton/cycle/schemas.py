"""What the cycle API reads and writes. Input schemas are derived from the models
(`core.schemas.from_model`), so a field's type and limits are declared once, on the model, and
the API refuses with a 422 exactly what the pages refuse; filters are FilterSchemas; output
schemas read from QuerySets built with the `with_*()` methods, so no resolver queries."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, FilterLookup, FilterSchema, Schema
from pydantic import ValidationInfo, field_validator

from baton.core.schemas import MAX_COUNT, Id, PersonOut, from_model, line, text

from . import stages
from .models import EngagementActivity, Handover, HandoverMessage, InsightItem, Programme, StageRun

StageKey = Literal[stages.KEYS]
RunStatus = Literal[tuple(StageRun.Status.values)]
Method = Literal[tuple(EngagementActivity.Method.values)]
Ladder = Literal[tuple(EngagementActivity.Ladder.values)]
Source = Literal[tuple(InsightItem.Source.values)]
InsightStatus = Literal[tuple(InsightItem.Status.values)]
Settled = Literal["answered", "closed"]
HandoverStatus = Literal[tuple(Handover.Status.values)]
Version = Field(None, ge=1, le=MAX_COUNT, description="The version you read, to refuse a stale change (409).")


class VersionIn(Schema):
    version: int | None = Version


# Programmes ------------------------------------------------------------------------------------

PROGRAMME_FIELDS = ["name", "description", "condition", "budget_line", "public_summary"]
ProgrammeIn = from_model(
    "ProgrammeIn",
    Programme,
    PROGRAMME_FIELDS,
    extra={"lead_id": (Id | None, Field(None, description="The programme lead: someone who may own work."))},
)
ProgrammePatch = from_model(
    "ProgrammePatch", Programme, PROGRAMME_FIELDS, partial=True, extra={"lead_id": (Id | None, None)}
)


class ProgrammeFilter(FilterSchema):
    stage: Annotated[StageKey | None, FilterLookup("current_stage")] = Field(
        None, description="Only programmes whose current stage is this one."
    )
    search: Annotated[line(200, required=False) | None, FilterLookup("name__icontains")] = Field(
        None, description="Part of the programme's name."
    )
    lead: Annotated[Id | None, FilterLookup("lead_id")] = Field(
        None, description="Only programmes led by this user id."
    )


class ProgrammeOut(Schema):
    id: int
    name: str
    description: str
    lead: PersonOut | None
    condition: str
    budget_line: str
    public_summary: str = Field(description="The draft of what the public pages say; not public until published.")
    published_summary: str = Field(description="What the public pages say now (empty: not published).")
    published_at: datetime | None
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


class RunFilter(FilterSchema):
    programme: Annotated[Id | None, FilterLookup("programme_id")] = None
    stage: Annotated[StageKey | None, FilterLookup("stage")] = None
    status: Annotated[RunStatus | None, FilterLookup("status")] = None


class RunIn(Schema):
    stage: StageKey
    owner_id: Id | None = Field(None, description="Who leads this stage (someone who may own work); you, if left out.")
    opened_on: date | None = None


DecisionText = text(5_000, required=True)


class InsightDecision(Schema):
    """What happens to one open insight item: answered here or closed, with the answer or reason."""

    insight_id: Id
    status: Settled
    text: DecisionText = Field(description="The answer, or why it is closed without action.")


class CloseIn(Schema):
    version: int | None = Version
    carry_ids: list[Id] = Field(
        default_factory=list, max_length=500, description="Open insight to carry into the run's (accepted) hand-over."
    )
    resolutions: list[InsightDecision] = Field(
        default_factory=list, max_length=500, description="Open insight to answer or close as the run closes."
    )


class ReasonIn(Schema):
    reason: text(2_000, required=True)
    version: int | None = Version


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
    dropped: bool = Field(description="Closed without a hand-over and without a lead's reason: a dropped baton.")
    no_handover_reason: str
    reopen_reason: str
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
        handover = obj.handover
        return handover.pk if handover else None

    @staticmethod
    def resolve_dropped(obj) -> bool:
        return obj.is_dropped


class BlockersOut(Schema):
    can_close: bool
    blockers: list[str] = Field(description="Why the run cannot close yet; empty when it can.")


# Activities ------------------------------------------------------------------------------------


class ActivityFilter(FilterSchema):
    run: Annotated[Id | None, FilterLookup("stage_run_id")] = None
    programme: Annotated[Id | None, FilterLookup("stage_run__programme_id")] = None
    stage: Annotated[StageKey | None, FilterLookup("stage_run__stage")] = None
    method: Annotated[Method | None, FilterLookup("method")] = None
    ladder_level: Annotated[Ladder | None, FilterLookup("ladder_level")] = None


def _ends_after_start(end, info: ValidationInfo):
    """The end date is an error of its own field (not of the whole body), so a form can show it there."""
    start = info.data.get("start_date")
    if start is not None and end is not None and end < start:
        raise ValueError("The end date must be on or after the start date.")
    return end


ACTIVITY_FIELDS = [
    "title",
    "method",
    "ladder_level",
    "target_groups",
    "start_date",
    "end_date",
    "reach",
    "cost",
    "accessibility_measures",
    "partners",
]
_DATES = {"check_dates": field_validator("end_date")(_ends_after_start)}
ActivityIn = from_model("ActivityIn", EngagementActivity, ACTIVITY_FIELDS, validators=_DATES)
ActivityPatch = from_model("ActivityPatch", EngagementActivity, ACTIVITY_FIELDS, partial=True, validators=_DATES)


class _OfRun(Schema):
    """What a record of a stage run says about where it belongs."""

    @staticmethod
    def resolve_programme_id(obj) -> int:
        return obj.stage_run.programme_id

    @staticmethod
    def resolve_stage(obj) -> str:
        return obj.stage_run.stage


class ActivityOut(_OfRun):
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


# Insight ---------------------------------------------------------------------------------------


class InsightFilter(FilterSchema):
    run: Annotated[Id | None, FilterLookup("stage_run_id")] = None
    programme: Annotated[Id | None, FilterLookup("stage_run__programme_id")] = None
    stage: Annotated[StageKey | None, FilterLookup("stage_run__stage")] = Field(
        None, description="The stage of the run it was learned in."
    )
    source: Annotated[Source | None, FilterLookup("source")] = None
    status: Annotated[InsightStatus | None, FilterLookup("status")] = None
    search: Annotated[line(200, required=False) | None, FilterLookup(["title__icontains", "themes__icontains"])] = (
        Field(None, description="Part of the title or themes.")
    )


INSIGHT_FIELDS = ["title", "detail", "source", "themes", "sentiment", "population_segment", "status", "resolution"]
StageList = Field(None, max_length=len(stages.KEYS), description="Stages this insight matters to.")
_INSIGHT_EXTRA = {
    "stage_relevance": (list[StageKey] | None, StageList),
    "activity_id": (Id | None, Field(None, description="The activity of the same run this came from.")),
}
InsightIn = from_model("InsightIn", InsightItem, INSIGHT_FIELDS, extra=_INSIGHT_EXTRA)
InsightPatch = from_model("InsightPatch", InsightItem, INSIGHT_FIELDS, partial=True, extra=_INSIGHT_EXTRA)


class InsightOut(_OfRun):
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
    resolution: str = Field(description="The answer, or why it was closed.")
    resolved_at: datetime | None
    version: int
    created_at: datetime


# Hand-overs ------------------------------------------------------------------------------------


class HandoverFilter(Schema):
    status: HandoverStatus | None = None
    programme: Id | None = None
    waiting_for_me: bool = Field(False, description="Only hand-overs waiting for me to accept.")
    queries_for_me: bool = Field(False, description="Only hand-overs I sent that were queried: queries I must answer.")
    overdue: bool = Field(False, description="Only hand-overs not accepted within the organisation's limit.")


InsightIds = Field(None, max_length=500, description="Insight items of the sending run to carry forward.")
_HANDOVER_TEXT = ["summary", "open_actions"]


class HandoverIn(from_model("HandoverBase", Handover, _HANDOVER_TEXT)):
    to_stage: StageKey | None = Field(None, description="The stage to hand to; the usual next stage if left out.")
    next_owner_id: Id = Field(description="Who leads the next stage and must accept: someone who may own work.")
    insight_ids: list[Id] | None = Field(
        None,
        max_length=500,
        description="The open insight to carry forward. Left out: all of it, except what `resolutions` answers or "
        "closes. Every open item must be carried, answered or closed.",
    )
    resolutions: list[InsightDecision] = Field(default_factory=list, max_length=500)


class HandoverPatch(from_model("HandoverPatchBase", Handover, _HANDOVER_TEXT, partial=True)):
    next_owner_id: Id = Field(None, description="A new next owner: they are told, and the planned run becomes theirs.")
    insight_ids: list[Id] = InsightIds


class QueryIn(Schema):
    note: text(5_000, required=True) = Field(description="What you need before you can accept.")
    version: int | None = Version


class AnswerIn(Schema):
    answer: text(5_000, required=True) = Field(description="Your answer to the next owner's query.")
    summary: text(required=True) | None = None
    open_actions: text() | None = None
    insight_ids: list[Id] = InsightIds
    version: int | None = Version


class MessageOut(Schema):
    kind: Literal[tuple(HandoverMessage.Kind.values)]
    text: str
    author: PersonOut | None
    created_at: datetime


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
    late: bool = Field(description="Made after its run had closed without a hand-over.")
    messages: list[MessageOut] = Field(description="The conversation: queries, answers, changes of next owner.")
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
    def resolve_messages(obj) -> list:
        return list(obj.messages.all())

    @staticmethod
    def resolve_due_by(obj) -> datetime:
        return obj.due_by()

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue()


# Journey and dropped batons ---------------------------------------------------------------------


class JourneyStepOut(RunOut):
    handover: HandoverOut | None = Field(description="The hand-over out of this run, if any.")

    @staticmethod
    def resolve_handover(obj):
        return obj.handover


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
