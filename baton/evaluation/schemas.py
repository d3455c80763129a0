"""What the evaluation API reads and writes. Input schemas are derived from the model
(`core.schemas.from_model`), so limits are declared once. Every name starts with "Evaluation":
API schema names are unique across the whole API."""

from datetime import date

from ninja import Field, Schema

from baton.core.schemas import Id, from_model

from .forms import FIELDS
from .models import ActivityAssessment

EvaluationAssessmentIn = from_model(
    "EvaluationAssessmentIn",
    ActivityAssessment,
    [*FIELDS, "assessed_on"],
    extra={"activity_id": (Id, Field(..., description="The engagement activity assessed."))},
)
EvaluationAssessmentPatch = from_model(
    "EvaluationAssessmentPatch", ActivityAssessment, [*FIELDS, "assessed_on"], partial=True
)


class EvaluationDeleted(Schema):
    audit_event_id: int = Field(description="Restore with POST /api/audit/events/{id}/restore.")


class EvaluationFilter(Schema):
    programme_id: Id | None = Field(None, description="Only assessments of this programme's activities.")
    stage_run_id: Id | None = Field(None, description="Only assessments of this stage run's activities.")


class EvaluationAssessmentOut(Schema):
    id: int
    activity_id: int
    stage_run_id: int
    outcomes_rating: int
    outcomes_evidence: str
    processes_rating: int
    processes_evidence: str
    timely: str
    accessible: str
    feedback_given: str
    mechanisms_rating: int
    method_suited: str
    ladder_suited: str
    mechanisms_evidence: str
    with_patient_partners: bool
    assessors: str
    assessed_by_id: int
    assessed_on: date
    version: int

    @staticmethod
    def resolve_stage_run_id(obj) -> int:
        return obj.activity.stage_run_id


class EvaluationDimension(Schema):
    dimension: str
    not_met: int
    partly_met: int
    met: int
    exceeded: int


class EvaluationRollup(Schema):
    activities: int
    assessed: int
    percent_assessed: int
    complete: bool
    with_patient_partners: int
    dimensions: list[EvaluationDimension]


class EvaluationRunRollup(EvaluationRollup):
    stage_run_id: int
    stage: str
    status: str


class EvaluationProgrammeRollup(Schema):
    programme_id: int
    overall: EvaluationRollup
    stage_runs: list[EvaluationRunRollup]
