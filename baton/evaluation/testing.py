"""Factories for activity assessments, made through the actions as a user would, and this app's
share of the test world (core.testing.build_world)."""

from __future__ import annotations

from dataclasses import dataclass

ANSWERS = {
    "outcomes_rating": 3,
    "outcomes_evidence": "The clinic moved its evening sessions because of what carers said.",
    "processes_rating": 2,
    "processes_evidence": "Run on time; the easy-read version came late.",
    "timely": "yes",
    "accessible": "partly",
    "feedback_given": "yes",
    "mechanisms_rating": 3,
    "method_suited": "yes",
    "ladder_suited": "partly",
    "mechanisms_evidence": "A survey reached carers; people without internet access needed a phone line.",
}


def make_assessment(activity, *, by, **overrides):
    from .actions import assess_activity

    return assess_activity(activity, by=by, **{**ANSWERS, **overrides})


@dataclass
class EvaluationWorld:
    assessment: object  # of the closed needs run's survey
    to_assess: object  # an activity of a run that has handed over, not yet assessed


def contribute(world) -> None:
    """An assessment of the closed needs run's activity (by Priya, with patient partners), and the
    open plan run's workshop (handed over, so ready) left to assess; one route instance each."""
    from baton.cycle.models import EngagementActivity

    p = world.personas
    cycle = world.of["cycle"]
    survey = EngagementActivity.objects.filter(stage_run=cycle.closed_run).first()
    assessment = make_assessment(survey, by=p.priya, with_patient_partners=True, assessors="two patient partners")
    world.of["evaluation"] = EvaluationWorld(assessment, cycle.activity)
    world.route("evaluation:assess", pk=cycle.activity.pk)
    for name in ("assessment_detail", "assessment_edit", "assessment_delete"):
        world.route(f"evaluation:{name}", pk=assessment.pk)
    world.route("evaluation:programme_rollup", programme_id=cycle.programme.pk)
