"""Self-assessment: the organisation rates itself, period by period, against three frameworks (the
ten elements of The Engagement Cycle's hub, the ten principles of NHS England's 2022 statutory
guidance "Working in partnership with people and communities", and the five domains of the former
CCG Improvement and Assessment Framework's patient and community engagement indicator, A to E,
each scored 0 to 3, out of 15), each rating with its evidence and the actions it leads to.

The frameworks, their items and their scales are reference data (loaded by a data migration,
editable by a system administrator); assessments, ratings and actions belong to an organisation. A
completed assessment is read-only: it is the record the trend compares."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone

from baton.core.fields import LineField, LongTextField, PlausibleDateField
from baton.core.models import Organisation, OrgOwned, OrgOwnedQuerySet, Versioned


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


# Reference frameworks ------------------------------------------------------------------------------


class Framework(models.Model):
    """A framework an organisation assesses itself against (reference data)."""

    key = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True, help_text="Where the framework comes from.")
    order = models.PositiveSmallIntegerField(default=100)
    max_evidence = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The most pieces of evidence a rating may cite (the CCG indicator allowed three); blank: no limit.",
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class ScaleLevel(models.Model):
    """One score of a framework's scale, with what it means (0 inadequate ... 3 outstanding)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    score = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=60)
    descriptor = models.TextField(max_length=1_000)
    needs_action = models.BooleanField(
        default=False, help_text="A rating at this level must have at least one action before the assessment completes."
    )

    class Meta:
        ordering = ["framework", "score"]
        constraints = [models.UniqueConstraint(fields=["framework", "score"], name="one_level_per_score")]

    def __str__(self) -> str:
        return f"{self.score}: {self.label}"


class Item(models.Model):
    """One thing a framework rates: a hub element, a principle, a CCG domain."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=10, help_text="For example '3' or 'A'.")
    title = models.CharField(max_length=300)
    description = models.TextField(max_length=2_000, blank=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["framework__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="one_item_per_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


# Assessments -----------------------------------------------------------------------------------------


class AssessmentQuerySet(OrgOwnedQuerySet):
    def with_scores(self):
        """Annotates `rated` (items with a score), `ccg_total` (the CCG domains' scores summed, out
        of 15) and `actions_open` in one query; newest period first."""
        return self.annotate(
            rated=Count("ratings", filter=Q(ratings__score__isnull=False), distinct=True),
            ccg_total=Sum("ratings__score", filter=Q(ratings__item__framework__key="ccg")),
        ).order_by("-period_end", "-pk")

    def completed(self):
        return self.filter(status=Assessment.Status.COMPLETED)


class Assessment(OrgOwned, Versioned):
    organisation_path = "organisation"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETED = "completed", "Completed"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assessments")
    period = LineField(max_length=40, help_text="For example '2026/27 Q3'.")
    period_end = PlausibleDateField(
        "period ends on", help_text="The last day of the period: the trend puts periods in this order."
    )
    summary = LongTextField(max_length=4_000, blank=True, help_text="What this assessment found, in brief.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        verbose_name = "self-assessment"
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period"],
                name="one_assessment_per_period",
                violation_error_message="There is already an assessment for this period.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(completed_at__isnull=False),
                name="completed_assessment_has_a_date",
                violation_error_message="A completed assessment needs the date it was completed.",
            ),
        ]

    def __str__(self) -> str:
        return f"Self-assessment {self.period}"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    def blockers_to_changing(self) -> list[str]:
        """A completed assessment is the record the trend compares: read-only."""
        if self.is_completed and self.completed_at is not None:
            return [
                f"This assessment was completed on {_day(timezone.localdate(self.completed_at))}, so it is read-only. "
                "Start a new period's assessment instead."
            ]
        return []

    def blockers_to_completing(self) -> list[str]:
        """An assessment completes when every item of every framework has a score with evidence,
        and every score at a level that needs action (inadequate, requires improvement) has at
        least one action: the evidence rule of the CCG indicator, and no low rating without a plan."""
        if self.is_completed:
            return ["This assessment is already completed."]
        reasons = []
        items = Item.objects.count()
        ratings = self.ratings.filter(score__isnull=False)
        unrated = items - ratings.count()
        if unrated:
            reasons.append(f"{_plural(unrated, 'item has', 'items have')} no score yet. Rate every item first.")
        no_evidence = ratings.filter(evidence="").count()
        if no_evidence:
            reasons.append(
                f"{_plural(no_evidence, 'rating has', 'ratings have')} no evidence. Give a link or say what shows it."
            )
        needs = set(ScaleLevel.objects.filter(needs_action=True).values_list("framework_id", "score"))
        rows = ratings.annotate(n=Count("actions")).filter(n=0).values_list("item__framework_id", "score")
        without = sum(1 for row in rows if row in needs)
        if without:
            reasons.append(
                f"{_plural(without, 'low rating has', 'low ratings have')} no action. "
                "Say what will be done, by whom and by when."
            )
        return reasons

    def blockers_to_deleting(self) -> list[str]:
        if self.is_completed:
            return ["A completed assessment is kept: the trend compares it with later periods."]
        return []


class RatingQuerySet(OrgOwnedQuerySet):
    def with_detail(self):
        return self.select_related("item", "item__framework", "assessment").annotate(action_count=Count("actions"))


class Rating(OrgOwned, Versioned):
    organisation_path = "assessment__organisation"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="ratings")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence = LongTextField(
        max_length=4_000,
        blank=True,
        help_text="One piece of evidence a line: a link (starting https://) or what shows it, in words.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RatingQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["item__framework__order", "item__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="one_rating_per_item")]

    def __str__(self) -> str:
        return f"{self.item} ({self.assessment.period})"

    @property
    def evidence_lines(self) -> list[str]:
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]


class Action(OrgOwned, Versioned):
    """What a rating leads to: an improvement, its owner and when it is due."""

    organisation_path = "rating__assessment__organisation"

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="actions")
    text = LongTextField("action", max_length=2_000, help_text="What will be done.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessment_actions",
        help_text="Who makes sure it is done: someone in your organisation.",
    )
    due_on = PlausibleDateField("due on")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "assessment action"
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def blockers_to_restoring(self) -> list[str]:
        return self.rating.assessment.blockers_to_changing()
