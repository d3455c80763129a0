"""Data and insight (hub element 5): patient feedback imported in bulk from the files an ICB gets
(an FFT export, a survey tool's download, a provider's spreadsheet), each comment labelled by the
feedback engine (`feedback/`) with its themes, sentiment and confidence.

- `FeedbackImport`: one file, its column mapping, and the progress of its background import.
- `FeedbackComment`: one comment. `row_key` (a hash of the row's mapped values) is unique per
  organisation, so importing the same file or the same rows again adds nothing twice.
- `FeedbackTheme`: one theme of one comment (a row per theme, so filtering and counting by theme
  is an indexed query on every database).

Full-text search (the insight bank) uses the database's own: on PostgreSQL a GIN index over
`to_tsvector('english', text)` of comments and of insight items; on SQLite FTS5 tables kept in step
by triggers. Both are made by migration `0002_search` (`search.py` reads them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from baton.core.fields import LineField, LongTextField
from baton.core.models import Organisation, OrgOwned, OrgOwnedQuerySet, Versioned
from baton.cycle.models import InsightItem, Programme, StageRun

COMMENT_MAX = 20_000  # characters in one comment: a page of text; longer is a pasted document


class Source(models.TextChoices):
    FFT = "fft", "Friends and Family Test"
    SURVEY = "survey", "Survey"
    PROVIDER = "provider", "Provider report"
    COMPLAINT = "complaint", "Complaint"
    PALS = "pals", "PALS"
    HEALTHWATCH = "healthwatch", "Healthwatch"
    OTHER = "other", "Other"


class FeedbackImport(Versioned, OrgOwned):
    """One uploaded file of feedback and what became of it. The file is kept (in the uploads
    storage) until the import finishes, so the background task can read it; the mapping says which
    column holds what (`comment` is required; `date`, `service`, `question`, `score`, `id` are
    optional)."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Columns to map"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="feedback/%Y/%m/", blank=True)
    file_name = LineField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    file_size = models.PositiveBigIntegerField(default=0)
    encoding = models.CharField(max_length=20, blank=True)
    columns = models.JSONField(default=list, blank=True, help_text="The file's column headings, in order.")
    mapping = models.JSONField(default=dict, blank=True, help_text="Field name to column heading.")
    date_format = models.CharField(max_length=20, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.FFT)
    programme = models.ForeignKey(Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    stage_run = models.ForeignKey(StageRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_added = models.PositiveIntegerField(default=0)
    rows_repeated = models.PositiveIntegerField(default=0, help_text="Rows already imported, added nothing.")
    problems = models.JSONField(default=list, blank=True, help_text="Why it was not imported, row by row.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class CommentQuerySet(OrgOwnedQuerySet):
    def to_check(self):
        return self.filter(needs_check=True)


class FeedbackComment(Versioned, OrgOwned):
    """One comment, as imported, with the engine's labels. Sentiment uses InsightItem's scale
    (1 very positive to 5 very negative)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    feedback_import = models.ForeignKey(
        FeedbackImport, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    row_key = models.CharField(
        max_length=64, help_text="Hash of the row's mapped values: the same row twice is one comment."
    )
    text = LongTextField(max_length=COMMENT_MAX)
    received_on = models.DateField(null=True, blank=True)
    service = LineField(max_length=200, blank=True)
    question = LineField(max_length=500, blank=True)
    score = models.SmallIntegerField(null=True, blank=True)
    external_id = LineField(max_length=100, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.FFT)
    programme = models.ForeignKey(Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    stage_run = models.ForeignKey(StageRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    sentiment = models.PositiveSmallIntegerField(choices=InsightItem.Sentiment.choices, null=True, blank=True)
    confidence = models.FloatField(null=True, blank=True, help_text="The engine's confidence, 0 to 1.")
    language = models.CharField(max_length=12, blank=True)
    needs_check = models.BooleanField(default=False, help_text="The engine was unsure: a person should read it.")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommentQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "row_key"], name="feedback_row_once"),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | (Q(confidence__gte=0) & Q(confidence__lte=1)),
                name="feedback_confidence_0_to_1",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-received_on", "-id"], name="feedback_newest"),
            models.Index(fields=["organisation", "service"], name="feedback_service"),
            models.Index(fields=["organisation", "needs_check"], name="feedback_to_check"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class FeedbackTheme(models.Model):
    """One theme (a sub-category code of the framework, `feedback/data/framework.json`) of one
    comment."""

    comment = models.ForeignKey(FeedbackComment, on_delete=models.CASCADE, related_name="themes")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=60)
    probability = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["comment_id", "code"]
        constraints = [models.UniqueConstraint(fields=["comment", "code"], name="feedback_theme_once")]
        indexes = [models.Index(fields=["organisation", "code"], name="feedback_theme_code")]

    def __str__(self) -> str:
        return self.code
