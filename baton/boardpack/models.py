"""The board pack: a board paper generated for a period, with the NHS board-paper cover sheet
(purpose, executive lead, author, assurance level and why, recommendation, the strategic objectives
and risks it links to), then the indicators and every area's section (`core.registry`).

A pack is made by a background task (`tasks.generate_pack`): it is "generating" until the task
stores its HTML, PDF and XLSX (`BoardPackContent`) and marks it "ready", or "failed" with the
reason. A ready pack may be generated again (the figures of today) or issued; an issued pack is
frozen: never generated again or changed, kept and listed with the others."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from baton.core.fields import LineField, LongTextField, PlausibleDateField
from baton.core.models import Organisation, OrgOwned, Versioned
from baton.direction.models import Objective

STALE_AFTER = timedelta(minutes=10)  # a pack takes seconds; one "generating" this long has lost its worker
LONGEST_PERIOD = timedelta(days=731)  # two years: what a board pack reports on, at most


class BoardPack(OrgOwned, Versioned):
    class Purpose(models.TextChoices):
        APPROVAL = "approval", "For approval"
        ASSURANCE = "assurance", "For assurance"
        DISCUSSION = "discussion", "For discussion"
        INFORMATION = "information", "For information"

    class Assurance(models.TextChoices):
        SUBSTANTIAL = "substantial", "Substantial assurance"
        REASONABLE = "reasonable", "Reasonable assurance"
        LIMITED = "limited", "Limited assurance"
        NONE = "none", "No assurance"

    class Status(models.TextChoices):
        GENERATING = "generating", "Being generated"
        READY = "ready", "Ready to issue"
        FAILED = "failed", "Not generated"
        ISSUED = "issued", "Issued"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period_start = PlausibleDateField("start of the period", help_text="The first day the pack reports on.")
    period_end = PlausibleDateField("end of the period", help_text="The last day the pack reports on.")
    title = LineField(max_length=200, help_text="For example 'Engagement report to the board, quarter 2'.")
    meeting_date = PlausibleDateField("date of the board meeting")
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    executive_lead = LineField(max_length=200, help_text="The executive director who presents the paper.")
    report_author = LineField(max_length=200, help_text="Who wrote the paper.")
    assurance_level = models.CharField(max_length=12, choices=Assurance.choices)
    assurance_reason = LongTextField(
        "why this level of assurance", max_length=3_000, help_text="What the level of assurance rests on."
    )
    recommendation = LongTextField(max_length=3_000, help_text="What the board is asked to do.")
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="+", help_text="The strategic objectives this paper supports."
    )
    risks = LongTextField(
        "links to risks",
        max_length=3_000,
        blank=True,
        help_text="The risks on the board assurance framework it bears on.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.GENERATING, editable=False)
    progress = models.PositiveSmallIntegerField(default=0, editable=False, help_text="Percent done, while generating.")
    problem = models.CharField(max_length=300, blank=True, editable=False, help_text="Why it was not generated.")
    generation_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    generated_at = models.DateTimeField(null=True, blank=True, editable=False)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="boardpack_period_in_order",
                violation_error_message="The end of the period must be on or after its start.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["generating", "ready", "failed", "issued"]),
                name="boardpack_status_known",
                violation_error_message="The pack's status is not one Baton knows.",
            ),
            models.CheckConstraint(
                condition=(Q(status="issued") & Q(issued_at__isnull=False))
                | (~Q(status="issued") & Q(issued_at__isnull=True)),
                name="boardpack_issued_has_its_date",
                violation_error_message="An issued pack has the day it was issued; no other pack has one.",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="boardpack_progress_percent",
                violation_error_message="Progress is a percentage.",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="boardpack_org_newest")]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"

    def is_stale(self, now=None) -> bool:
        """Generating for longer than a pack ever takes: its worker has stopped."""
        now = now or timezone.now()
        started = self.generation_started_at or self.created_at
        return self.status == self.Status.GENERATING and started is not None and now - started > STALE_AFTER

    def cover_problems(self) -> dict[str, list[str]]:
        """What is wrong with the cover sheet beyond one field's own limits (field -> sentences)."""
        found: dict[str, list[str]] = {}
        if self.period_start and self.period_end:
            if self.period_end < self.period_start:
                found["period_end"] = ["The end of the period must be on or after its start."]
            elif self.period_end - self.period_start > LONGEST_PERIOD:
                found["period_end"] = ["A board pack covers at most two years: choose a shorter period."]
            elif self.period_start > timezone.localdate():
                found["period_start"] = ["The period cannot start in the future."]
        if self.meeting_date and self.period_start and self.meeting_date < self.period_start:
            found["meeting_date"] = ["The board meeting cannot be before the period the pack reports on."]
        return found

    def blockers_to_changing(self) -> list[str]:
        if self.status == self.Status.ISSUED:
            return ["This pack has been issued, so it cannot be changed. Generate a new pack instead."]
        return []

    def blockers_to_generating(self) -> list[str]:
        if self.status == self.Status.ISSUED:
            return ["This pack has been issued, so it cannot be generated again. Generate a new pack instead."]
        if self.status == self.Status.GENERATING and not self.is_stale():
            return ["This pack is already being generated. Wait for it to finish."]
        return []

    def blockers_to_issuing(self) -> list[str]:
        if self.status == self.Status.ISSUED:
            return ["This pack has already been issued."]
        if self.status != self.Status.READY:
            return ["Only a pack that has been generated can be issued. Wait for it to finish, or generate it again."]
        return []


class BoardPackContent(models.Model):
    """What generating a pack made: the HTML (the same fragment the page and the PDF show), the PDF
    and the XLSX. Kept in the database beside the pack, not in file storage: a few megabytes at
    most, written in the same transaction that marks the pack ready (no file without its pack, nor
    a pack without its files), backed up with everything else, and frozen with the pack when it is
    issued. Apart from the pack so its audit events stay small (they record the cover sheet)."""

    pack = models.OneToOneField(BoardPack, on_delete=models.CASCADE, primary_key=True, related_name="content")
    html = models.TextField()
    pdf = models.BinaryField()
    xlsx = models.BinaryField()
    sheets = models.JSONField(default=list, help_text="The XLSX's sheet names, in order.")
    seconds = models.FloatField(default=0, help_text="How long generating took.")

    def __str__(self) -> str:
        return f"Content of {self.pack}"
