"""Closing the loop (DESIGN.md rule 4): a commitment made from what people told us (one or more
insight items of one programme), what we will do, who owns it and by when; then the response
(adopted, partly adopted, or not adopted, with the reason); and the public words for it, which a
member of staff writes and publishes before anything shows on the public pages."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from baton.core.fields import LongTextField, PlausibleDateField
from baton.core.models import OrgOwned, OrgOwnedQuerySet, Versioned
from baton.cycle.models import InsightItem, Programme

NO_RESPONSE = ""


class CommitmentQuerySet(OrgOwnedQuerySet):
    def unanswered(self):
        return self.filter(response=NO_RESPONSE)

    def overdue(self, today: date):
        """No response yet and the due date has passed: escalated to the owner and the engagement
        leads."""
        return self.filter(response=NO_RESPONSE, due_on__lt=today)

    def published(self):
        """What the public pages show: published, with a response."""
        return self.filter(published_at__isnull=False).exclude(response=NO_RESPONSE)


class Commitment(OrgOwned, Versioned):
    organisation_path = "programme__organisation"

    class Response(models.TextChoices):
        ADOPTED = "adopted", "Adopted"
        PARTLY = "partly", "Partly adopted"
        NOT_ADOPTED = "not_adopted", "Not adopted"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="commitments")
    insight_items = models.ManyToManyField(
        InsightItem, related_name="commitments", help_text="What people told us that this answers."
    )
    will_do = LongTextField(
        "what we will do", max_length=2_000, help_text="What we will do about it, in a sentence or two."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="loop_commitments",
        help_text="Who in your organisation answers for it.",
    )
    due_on = PlausibleDateField("due by", help_text="When the response is due.")
    response = models.CharField(
        max_length=12, choices=Response.choices, blank=True, default=NO_RESPONSE, editable=False
    )
    what_we_did = LongTextField(max_length=5_000, blank=True, editable=False)
    reason = LongTextField(max_length=5_000, blank=True, editable=False)
    done_on = models.DateField(null=True, blank=True, editable=False)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    public_said = LongTextField(
        "what you said, in public words",
        max_length=2_000,
        blank=True,
        help_text="What people told us, with nothing that could identify anyone.",
    )
    public_did = LongTextField(
        "what we did, in public words",
        max_length=2_000,
        blank=True,
        help_text="What we did, or why we could not change it, in plain English.",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitmentQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(response__in=["", "adopted", "partly", "not_adopted"]),
                name="commitment_response_known",
                violation_error_message="Choose adopted, partly adopted or not adopted.",
            ),
            models.CheckConstraint(
                condition=(Q(response="") & Q(done_on__isnull=True)) | (~Q(response="") & Q(done_on__isnull=False)),
                name="commitment_response_has_its_date",
                violation_error_message="A response needs the day it was done; a commitment without one has none.",
            ),
            models.CheckConstraint(
                condition=Q(response__in=["", "adopted"]) | ~Q(reason=""),
                name="commitment_not_adopted_says_why",
                violation_error_message="Say why: we could not change this, because ...",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | (~Q(response="") & ~Q(public_said="") & ~Q(public_did="")),
                name="commitment_published_with_response",
                violation_error_message="Only a commitment with a response and its public words can be published.",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "response", "due_on"], name="commitment_programme_due"),
            models.Index(fields=["owner", "response", "due_on"], name="commitment_owner_due"),
        ]

    def __str__(self) -> str:
        return self.will_do if len(self.will_do) <= 80 else self.will_do[:79] + "…"

    @property
    def responded(self) -> bool:
        return self.response != NO_RESPONSE

    @property
    def published(self) -> bool:
        return self.published_at is not None

    def is_overdue(self, today: date) -> bool:
        return not self.responded and self.due_on < today

    def state(self, today: date) -> str:
        """What the lists say: overdue, waiting, the response, and whether it is public."""
        if self.is_overdue(today):
            return "Overdue"
        if not self.responded:
            return "Waiting for a response"
        said = self.get_response_display()
        return f"{said}, published" if self.published else f"{said}, not published"

    def blockers_to_responding(self) -> list[str]:
        """Why a response cannot be recorded now: there is one already (it is recorded once)."""
        if self.responded:
            who = self.responded_by.get_full_name() if self.responded_by else "someone"
            return [f"A response was already recorded: {self.get_response_display().lower()}, by {who}."]
        return []

    def blockers_to_publishing(self) -> list[str]:
        reasons = []
        if not self.responded:
            reasons.append("Record the response before publishing: the public page says what we did.")
        return reasons


def reason_needed(response: str) -> bool:
    """Not adopted, or only partly: the public deserves the reason ("we could not change this,
    because ...")."""
    return response in (Commitment.Response.PARTLY, Commitment.Response.NOT_ADOPTED)
