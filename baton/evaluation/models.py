"""Assessing engagement (issue #12; hub element 5, part "assessments"): at the end of each stage
run, each engagement activity is assessed on its **outcomes** (what changed because of it), its
**processes** (how well it was run: on time, accessible, feedback given to the people who took
part) and its **mechanisms** (whether the method and the ladder level suited the people and the
purpose), each rated with its evidence. Assessments roll up per stage run and per programme
(`rollup.py`).

Not to be confused with `baton.assessment`, the organisation's self-assessment against frameworks:
this app judges single activities."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from baton.core.fields import LineField, LongTextField, PlausibleDateField, today
from baton.core.models import OrgOwned, OrgOwnedQuerySet, Versioned
from baton.cycle.models import EngagementActivity, StageRun

EVIDENCE_MAX = 4_000
DIMENSIONS = ("outcomes", "processes", "mechanisms")
DIMENSION_LABELS = {"outcomes": "Outcomes", "processes": "Processes", "mechanisms": "Mechanisms"}


class Rating(models.IntegerChoices):
    """How well one dimension met what the activity set out to do, in NHS-plain words."""

    NOT_MET = 1, "Not met"
    PARTLY_MET = 2, "Partly met"
    MET = 3, "Met"
    EXCEEDED = 4, "Exceeded"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


def assessable(today_: date) -> Q:
    """Activities that can be assessed on `today_` (as a filter on EngagementActivity): the
    activity has ended (its end date has come), or its stage run is ending (it has handed over to
    the next stage) or closed. The issue: "at the end of each stage run, each activity is
    assessed"."""
    return (
        Q(end_date__lte=today_) | Q(stage_run__status=StageRun.Status.CLOSED) | Q(stage_run__handover_out__isnull=False)
    )


def blockers_to_assessing(activity: EngagementActivity, today_: date) -> list[str]:
    """Why `activity` cannot be assessed yet (empty when it can). Reads the run's status and its
    hand-over (joined by `permissions.get_activity_to_assess`)."""
    reasons = []
    run = activity.stage_run
    ended = activity.end_date is not None and activity.end_date <= today_
    if not ended and run.status != StageRun.Status.CLOSED and run.handover is None:
        when = f"it ends on {activity.end_date:%-d %B %Y}" if activity.end_date else "it has no end date"
        reasons.append(
            f"This activity cannot be assessed yet: {when} and its {run.stage_info.label} stage run is "
            f"{run.get_status_display().lower()}. An activity is assessed once it has ended, or once its "
            "stage run has handed over or closed."
        )
    if ActivityAssessment.objects.filter(activity_id=activity.pk).exists():
        reasons.append(ALREADY)
    return reasons


ALREADY = "This activity has already been assessed. Change its assessment instead."


class AssessmentQuerySet(OrgOwnedQuerySet):
    def with_activity(self):
        """Joins the activity, its run and programme, and the assessor: what every list shows."""
        return self.select_related("activity", "activity__stage_run", "activity__stage_run__programme", "assessed_by")


class ActivityAssessment(OrgOwned, Versioned):
    """One engagement activity's assessment: a rating with evidence for each of the three
    dimensions, the process checks, whether the method and ladder level suited, and who took part
    in assessing it."""

    organisation_path = "activity__stage_run__programme__organisation"

    activity = models.OneToOneField(
        EngagementActivity,
        on_delete=models.CASCADE,
        related_name="assessment",
        error_messages={"unique": ALREADY},
    )
    outcomes_rating = models.PositiveSmallIntegerField(
        "outcomes", choices=Rating.choices, help_text="What changed because of this activity."
    )
    outcomes_evidence = LongTextField(
        "evidence of outcomes",
        max_length=EVIDENCE_MAX,
        help_text="What changed, and how you know: a decision it shaped, a service that changed.",
    )
    processes_rating = models.PositiveSmallIntegerField(
        "processes",
        choices=Rating.choices,
        help_text="How well it was run: on time, accessible, with feedback to the people who took part.",
    )
    processes_evidence = LongTextField(
        "evidence of processes", max_length=EVIDENCE_MAX, help_text="What went well and what did not."
    )
    timely = models.CharField(
        "Was it run on time?", max_length=6, choices=Answer.choices, help_text="Early enough to influence decisions."
    )
    accessible = models.CharField(
        "Was it accessible?",
        max_length=6,
        choices=Answer.choices,
        help_text="For example interpreters, easy read, a step-free venue, times that suit carers.",
    )
    feedback_given = models.CharField(
        "Were the people who took part told what happened next?", max_length=6, choices=Answer.choices
    )
    mechanisms_rating = models.PositiveSmallIntegerField(
        "mechanisms",
        choices=Rating.choices,
        help_text="Whether the method and the ladder level suited the people and the purpose.",
    )
    method_suited = models.CharField(
        "Did the method suit the people and the purpose?", max_length=6, choices=Answer.choices
    )
    ladder_suited = models.CharField(
        "Did the ladder of engagement level suit the purpose?", max_length=6, choices=Answer.choices
    )
    mechanisms_evidence = LongTextField(
        "why the method and level did or did not suit",
        max_length=EVIDENCE_MAX,
        help_text="For example: a survey did not reach people without internet access.",
    )
    with_patient_partners = models.BooleanField(
        "Patient partners or people who took part helped assess it",
        default=False,
        help_text="People who use services involved in analysing what the activity achieved.",
    )
    assessors = LineField(
        "who else took part in assessing",
        max_length=300,
        blank=True,
        help_text="Names or roles, separated by commas, for example 'two patient partners, Healthwatch'.",
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="activity_assessments"
    )
    assessed_on = PlausibleDateField("date assessed", default=today)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        verbose_name = "activity assessment"
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcomes_rating__gte=1, outcomes_rating__lte=4)
                & Q(processes_rating__gte=1, processes_rating__lte=4)
                & Q(mechanisms_rating__gte=1, mechanisms_rating__lte=4),
                name="assessment_ratings_in_scale",
                violation_error_message="Each rating must be one of: not met, partly met, met, exceeded.",
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment of {self.activity}"

    def ratings(self) -> list[tuple[str, str, str]]:
        """(dimension, rating words, evidence) for each dimension, in order."""
        return [
            (
                DIMENSION_LABELS[d],
                Rating(getattr(self, f"{d}_rating")).label,
                getattr(self, f"{d}_evidence"),
            )
            for d in DIMENSIONS
        ]

    def blockers_to_restoring(self) -> list[str]:
        if ActivityAssessment.objects.filter(activity_id=self.activity_id).exclude(pk=self.pk).exists():
            return [ALREADY]
        return []
