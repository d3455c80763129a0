"""Patients analyse and gather too (issue #12).

- `ReviewSample`: a fixed sample of machine-labelled feedback comments that an engagement lead gives
  a patient partner to review. The pick is made once, when the sample is made (random but
  reproducible from its `seed`), and never changes.
- `Review`: one comment of one sample (a row per comment per sample, made with the sample) with the
  machine's labels as they were when the sample was made, and, once reviewed, the patient partner's
  own: the themes they keep or add, and the sentiment. Editable until the sample is closed.
- `FieldReport`: insight a patient partner gathered on a monitoring visit (Enter and View style) or
  in a community conversation. It is not insight until staff accept it: accepting makes one cycle
  `InsightItem` on the chosen stage run and links it back; returning it, with a note, lets the
  patient partner change it and send it again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from baton.core.fields import LineField, LongTextField, PlausibleDateField
from baton.core.models import Organisation, OrgOwned, OrgOwnedQuerySet, Versioned
from baton.cycle.models import InsightItem, Programme, StageRun
from baton.insight.models import FeedbackComment

SAMPLE_MIN = 5
SAMPLE_MAX = 200


class ReviewSample(OrgOwned, Versioned):
    """A sample of comments given to one patient partner to review."""

    class Order(models.TextChoices):
        LOW_CONFIDENCE = "low_confidence", "Least confident first"
        RANDOM = "random", "Random"

    class Status(models.TextChoices):
        OPEN = "open", "Open for review"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = LineField(max_length=200, help_text="A name for the sample, for example 'Outpatients, March'.")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    size = models.PositiveSmallIntegerField(help_text=f"How many comments, {SAMPLE_MIN} to {SAMPLE_MAX}.")
    service = LineField(max_length=200, blank=True, help_text="Only comments about this service.")
    month = models.DateField(null=True, blank=True, help_text="Only comments received in this month (its first day).")
    theme = models.CharField(max_length=60, blank=True, help_text="Only comments the machine gave this theme.")
    order = models.CharField(max_length=20, choices=Order.choices, default=Order.RANDOM)
    seed = models.PositiveIntegerField(help_text="The random pick is reproducible from this number.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gte=SAMPLE_MIN) & Q(size__lte=SAMPLE_MAX), name="review_sample_size_in_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def blockers_to_reviewing(self) -> list[str]:
        if self.status == self.Status.CLOSED:
            return ["This sample is closed, so its reviews cannot change. Ask an engagement lead to reopen it."]
        return []


class ReviewQuerySet(OrgOwnedQuerySet):
    def reviewed(self):
        return self.filter(reviewed_at__isnull=False)


class Review(OrgOwned, Versioned):
    """One comment of one sample: the machine's labels when the sample was made, and the reviewer's."""

    organisation_path = "sample__organisation"

    sample = models.ForeignKey(ReviewSample, on_delete=models.CASCADE, related_name="reviews")
    comment = models.ForeignKey(FeedbackComment, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(help_text="1 for the first comment of the sample.")
    machine_themes = models.JSONField(default=list, help_text="The machine's theme codes when the sample was made.")
    machine_sentiment = models.PositiveSmallIntegerField(choices=InsightItem.Sentiment.choices, null=True, blank=True)
    themes = models.JSONField(default=list, blank=True, help_text="The reviewer's theme codes.")
    sentiment = models.PositiveSmallIntegerField(choices=InsightItem.Sentiment.choices, null=True, blank=True)
    agreed = models.BooleanField(default=False, help_text="The reviewer agreed with the machine as it was.")
    note = LineField(max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["sample_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "comment"], name="review_comment_once_per_sample"),
            models.UniqueConstraint(fields=["sample", "position"], name="review_position_once_per_sample"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.position} of {self.sample}"

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class FieldReportQuerySet(OrgOwnedQuerySet):
    def waiting(self):
        return self.filter(status=FieldReport.Status.SUBMITTED)


class FieldReport(OrgOwned, Versioned):
    """Insight a patient partner gathered, waiting for staff to accept it (or return it)."""

    class Kind(models.TextChoices):
        MONITORING_VISIT = "monitoring_visit", "Monitoring visit (Enter and View style)"
        COMMUNITY_CONVERSATION = "community_conversation", "Community conversation"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for review"
        RETURNED = "returned", "Returned for changes"
        ACCEPTED = "accepted", "Accepted as insight"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    happened_on = PlausibleDateField(help_text="The day of the visit or conversation.")
    place = LineField(max_length=200, help_text="Where, for example 'Ward 7, Riverside Hospital'.")
    heard_from = LineField(
        max_length=300,
        help_text="Who you heard from, in general terms, for example 'six parents at a baby group'. "
        "Do not give names or anything that could identify someone.",
    )
    heard = LongTextField(max_length=10_000, help_text="What you heard.")
    suggestions = LongTextField(max_length=5_000, blank=True, help_text="What you suggest should change.")
    programme = models.ForeignKey(Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    stage_run = models.ForeignKey(StageRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    return_note = LongTextField(max_length=2_000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    insight_item = models.OneToOneField(
        InsightItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="field_report"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    objects = FieldReportQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.place}"

    def blockers_to_accepting(self) -> list[str]:
        if self.status == self.Status.ACCEPTED:
            return ["This report has already been accepted as insight."]
        if self.status == self.Status.RETURNED:
            return ["This report was returned to its author: wait until they send it again."]
        return []

    def blockers_to_returning(self) -> list[str]:
        if self.status != self.Status.SUBMITTED:
            return ["Only a report waiting for review can be returned."]
        return []

    def blockers_to_editing(self) -> list[str]:
        if self.status == self.Status.ACCEPTED:
            return ["This report has been accepted as insight, so it cannot change."]
        return []
