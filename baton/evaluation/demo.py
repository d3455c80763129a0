"""Assessing engagement's share of the demo organisation: the activities of closed stage runs
and of runs that have handed over, most assessed (some with patient partners), a few left for the
programme lead to assess, so "Activities to assess" and the programme pages' roll-ups show
something. Built through the actions, as a programme lead would. Run by `baton demo` after the
Cycle's share."""

from __future__ import annotations

from django.utils import timezone

ASSESSMENTS = [
    # outcomes, processes, mechanisms, timely, accessible, feedback, method, ladder, with partners
    (3, 3, 4, "yes", "yes", "yes", "yes", "yes", True),
    (4, 3, 3, "yes", "partly", "yes", "yes", "yes", True),
    (2, 2, 3, "partly", "no", "partly", "yes", "partly", False),
    (3, 2, 2, "yes", "partly", "no", "partly", "no", False),
    (1, 2, 2, "no", "yes", "no", "no", "partly", True),
]


def load(organisation, users) -> None:
    """Assess most of the organisation's activities that are ready (nothing if any is assessed)."""
    from baton.cycle.models import EngagementActivity

    from .actions import assess_activity
    from .models import ActivityAssessment, assessable

    if ActivityAssessment.objects.for_org(organisation).exists():
        return
    ready = list(
        EngagementActivity.objects.for_org(organisation)
        .filter(assessable(timezone.localdate()))
        .select_related("stage_run", "stage_run__programme")
        .order_by("start_date", "pk")
    )
    leave = max(1, len(ready) // 4)  # a quarter left for the programme lead to assess
    for i, activity in enumerate(ready[:-leave] if len(ready) > 1 else []):
        o, p, m, timely, accessible, feedback, method, ladder, partners = ASSESSMENTS[i % len(ASSESSMENTS)]
        assess_activity(
            activity,
            by=activity.stage_run.programme.lead or users["ellie"],
            outcomes_rating=o,
            outcomes_evidence=f"What people told us in '{activity.title}' changed the plan for {activity.stage_run.programme.name}.",
            processes_rating=p,
            processes_evidence="Run on time with easy-read materials; the summary reached participants a month late.",
            timely=timely,
            accessible=accessible,
            feedback_given=feedback,
            mechanisms_rating=m,
            method_suited=method,
            ladder_suited=ladder,
            mechanisms_evidence=f"A {activity.get_method_display().lower()} suited {activity.target_groups or 'the people we wanted to hear from'}.",
            with_patient_partners=partners,
            assessors="two patient partners" if partners else "",
        )
