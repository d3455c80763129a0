"""What the governance API reads and writes. Input schemas come from the models
(`core.schemas.from_model`), so a field's type and limits are declared once; output schemas read
from QuerySets built with `with_*()` methods, so no resolver queries per row."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from baton.core.schemas import MAX_COUNT, Id, PersonOut, from_model, text

from .models import (
    AssuranceCheck,
    Board,
    BusinessCase,
    Decision,
    DutyScreening,
    EngagementAssurance,
    EngagementPlan,
    Meeting,
)

Outcome = Literal[tuple(EngagementAssurance.Outcome.values)]
Met = Literal[tuple(AssuranceCheck.Met.values)]
Involvement = Literal[tuple(DutyScreening.Involvement.values)]
CaseFilterShow = Literal["all", "to_assure", "to_sign", "signed"]
Version = Field(None, ge=1, le=MAX_COUNT, description="The version you read, to refuse a stale change (409).")


class VersionIn(Schema):
    version: int | None = Version


class Deleted(Schema):
    audit_event_id: int = Field(description="Restore with POST /api/audit/events/{id}/restore.")


class SignOffBlockersOut(Schema):
    blockers: list[str] = Field(description="Why a board cannot sign the case off yet; empty when it can.")


# Reference data ------------------------------------------------------------------------------------


class QuestionOut(Schema):
    id: int
    key: str
    text: str
    guidance: str


class CriterionOut(Schema):
    id: int
    key: str
    text: str
    source: str


# Business cases --------------------------------------------------------------------------------------

CASE_FIELDS = ["title", "kind", "summary", "value"]
CaseIn = from_model("CaseIn", BusinessCase, CASE_FIELDS, extra={"programme_id": (Id, ...)})
CasePatch = from_model(
    "CasePatch", BusinessCase, CASE_FIELDS + ["ehia_done", "ehia_summary", "ehia_link"], partial=True
)


class ScreeningAnswerIn(Schema):
    question_id: Id
    answer: text(5_000)


_SCREENING = ["involvement", "groups_affected", "reason"]


class ScreeningIn(from_model("ScreeningBase", DutyScreening, _SCREENING)):
    duty_applies: bool | None = None
    substantial_variation: bool | None = None
    answers: list[ScreeningAnswerIn] = Field(default_factory=list, max_length=100)
    version: int | None = Version


class AnswerOut(Schema):
    question_id: int
    answer: str


class ScreeningOut(Schema):
    duty_applies: bool | None
    involvement: str
    substantial_variation: bool | None
    groups_affected: str
    reason: str
    screened_by_id: int | None
    screened_on: date | None
    answers: list[AnswerOut]

    @staticmethod
    def resolve_answers(obj) -> list:
        return list(obj.answers.all())


class EngagementPlanIn(from_model("PlanBase", EngagementPlan, ["summary", "budget_line", "budget"])):
    stage_run_ids: list[Id] = Field(default_factory=list, max_length=200)
    activity_ids: list[Id] = Field(default_factory=list, max_length=500)
    version: int | None = Version


class EngagementPlanOut(Schema):
    summary: str
    budget_line: str
    budget: Decimal | None
    stage_run_ids: list[int]
    activity_ids: list[int]

    @staticmethod
    def resolve_stage_run_ids(obj) -> list[int]:
        return [r.pk for r in obj.stage_runs.all()]

    @staticmethod
    def resolve_activity_ids(obj) -> list[int]:
        return [a.pk for a in obj.activities.all()]


class CaseOut(Schema):
    id: int
    programme_id: int
    programme_name: str
    title: str
    kind: str
    summary: str
    value: Decimal | None
    ehia_done: bool
    ehia_summary: str
    ehia_link: str
    screening: ScreeningOut | None
    plan: EngagementPlanOut | None
    assurance_outcome: Outcome | None = Field(description="The current assurance's outcome; null when none.")
    has_open_conditions: bool
    signed_off_at: datetime | None
    signed_off_by: PersonOut | None
    signed_off_meeting_id: int | None
    version: int
    created_at: datetime

    @staticmethod
    def resolve_programme_name(obj) -> str:
        return obj.programme.name

    @staticmethod
    def resolve_screening(obj):
        return obj.screening_or_none()

    @staticmethod
    def resolve_plan(obj):
        return obj.plan_or_none()


class CheckIn(Schema):
    criterion_id: Id
    met: Met


class AssuranceIn(Schema):
    outcome: Outcome
    commentary: text(5_000, required=True)
    checks: list[CheckIn] = Field(default_factory=list, max_length=100)
    conditions: list[text(2_000, required=True)] = Field(default_factory=list, max_length=50)
    supersedes_id: Id | None = Field(
        None, description="The current assurance you read (none: null). If another was recorded since: 409."
    )


class CheckOut(Schema):
    criterion_id: int
    met: str


class ConditionOut(Schema):
    id: int
    text: str
    evidence: str
    closed_at: datetime | None
    closed_by_id: int | None
    version: int


class AssuranceOut(Schema):
    id: int
    case_id: int
    reviewer: PersonOut
    outcome: Outcome
    commentary: str
    given_at: datetime
    superseded_by_id: int | None
    checks: list[CheckOut]
    conditions: list[ConditionOut]

    @staticmethod
    def resolve_checks(obj) -> list:
        return list(obj.checks.all())

    @staticmethod
    def resolve_conditions(obj) -> list:
        return list(obj.conditions.all())


class CloseConditionIn(Schema):
    evidence: text(5_000, required=True)
    version: int | None = Version


class SignOffIn(Schema):
    meeting_id: Id
    version: int | None = Version


# Boards, meetings, papers --------------------------------------------------------------------------

BoardIn = from_model("BoardIn", Board, ["name", "kind", "purpose"])
BoardPatch = from_model("BoardPatch", Board, ["name", "kind", "purpose"], partial=True)


class MemberIn(Schema):
    person_id: Id
    role: text(100, required=True)


class MemberOut(Schema):
    id: int
    person: PersonOut
    role: str


class BoardOut(Schema):
    id: int
    name: str
    kind: str
    purpose: str
    version: int
    members: list[MemberOut]

    @staticmethod
    def resolve_members(obj) -> list:
        return list(obj.members.all())


MeetingIn = from_model("MeetingIn", Meeting, ["held_on", "title", "location"])


class MeetingOut(Schema):
    id: int
    board_id: int
    held_on: date
    title: str
    location: str
    version: int


class PaperOut(Schema):
    id: int
    meeting_id: int
    title: str
    business_case_id: int | None
    document_url: str = Field(description="Where to download the document (signed in, same organisation).")

    @staticmethod
    def resolve_document_url(obj) -> str:
        from django.urls import reverse

        return reverse("api:paper_document", kwargs={"paper_id": obj.pk})


# Decisions -----------------------------------------------------------------------------------------

DECISION_FIELDS = ["decided_on", "title", "outcome", "engagement_influence"]


class DecisionIn(from_model("DecisionBase", Decision, DECISION_FIELDS)):
    board_id: Id
    meeting_id: Id | None = None
    paper_id: Id | None = None
    business_case_id: Id | None = None
    consultation_id: Id | None = Field(
        None, description="The consultation on the proposal; refused (409) until its report is published."
    )
    duty_applied: bool | None = None
    insight_ids: list[Id] = Field(default_factory=list, max_length=500)
    handover_ids: list[Id] = Field(default_factory=list, max_length=500)


class DecisionPatch(from_model("DecisionPatchBase", Decision, DECISION_FIELDS, partial=True)):
    consultation_id: Id | None = None
    duty_applied: bool | None = None
    insight_ids: list[Id] | None = Field(None, max_length=500)
    handover_ids: list[Id] | None = Field(None, max_length=500)


class DecisionOut(Schema):
    id: int
    board_id: int
    meeting_id: int | None
    paper_id: int | None
    business_case_id: int | None
    consultation_id: int | None
    decided_on: date
    title: str
    outcome: str
    engagement_influence: str
    duty_applied: bool | None
    insight_ids: list[int]
    handover_ids: list[int]
    flagged: bool = Field(description="The involvement duty applied and the decision cites no engagement.")
    version: int

    @staticmethod
    def resolve_insight_ids(obj) -> list[int]:
        return [i.pk for i in obj.insight.all()]

    @staticmethod
    def resolve_handover_ids(obj) -> list[int]:
        return [h.pk for h in obj.handovers.all()]

    @staticmethod
    def resolve_flagged(obj) -> bool:
        return bool(obj.is_flagged)
