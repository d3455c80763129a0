"""Meaningful engagement structures (hub element 6): the register of the groups through which
patients, carers and the public take part (patient participation groups and their federations,
citizens' panels, reference groups, programme patient panels, youth forums, Healthwatch partnership
boards), each with its purpose, the decision body it feeds, its terms of reference, its meetings
(minutes, actions, what it influenced) and its review date.

Function before form (DESIGN.md rule 5): a structure states its purpose and the decision body it
feeds and is reviewed at least yearly. The flags (`Structure.flags()`, and `StructureQuerySet.flagged`
for the register) are computed from the data, never typed in.

The types of structure are reference data (`StructureType`), loaded by a data migration and
editable. Who is a member of a structure and who came to its meetings are people (the `people` app,
above this one): that app adds its sections to the structure's page through the registry."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Max, Q
from django.utils import timezone

from baton.core.fields import LineField, LongTextField, PlausibleDateField
from baton.core.files import DocumentField
from baton.core.models import Organisation, OrgOwned, OrgOwnedQuerySet, Versioned
from baton.cycle.models import Handover, Programme
from baton.governance.models import Board, Decision

QUIET_AFTER_DAYS = 183  # "no meeting in six months"
TERMS_VALID_FOR_DAYS = 366  # terms of reference reviewed at least yearly


# Reference data -------------------------------------------------------------------------------------


class StructureType(models.Model):
    """A kind of structure (patient participation group, citizens' panel...). Loaded by a data
    migration; an administrator may add, rename or retire types."""

    key = models.SlugField(max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    name = LineField(max_length=120)
    description = LongTextField(max_length=2_000, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name", "pk"]

    def __str__(self) -> str:
        return self.name


# Structures -------------------------------------------------------------------------------------------


class StructureQuerySet(OrgOwnedQuerySet):
    def with_health(self):
        """Annotates `last_met_on` (the latest meeting held on or before today), in the same query."""
        today = timezone.localdate()
        return self.annotate(last_met_on=Max("meetings__held_on", filter=Q(meetings__held_on__lte=today)))

    def flagged(self, today: date | None = None):
        """Structures with at least one "function before form" flag (see `Structure.flags`)."""
        today = today or timezone.localdate()
        return self.with_health().filter(
            Q(purpose="")
            | (Q(feeds_board__isnull=True) & Q(feeds_named_body=""))
            | Q(terms_reviewed_on__isnull=True)
            | Q(terms_reviewed_on__lt=today - timedelta(days=TERMS_VALID_FOR_DAYS))
            | Q(last_met_on__isnull=True)
            | Q(last_met_on__lt=today - timedelta(days=QUIET_AFTER_DAYS))
            | Q(review_due_on__lt=today)
        )


class Structure(OrgOwned, Versioned):
    """One group in the register. The decision body it feeds is one of the organisation's boards or
    committees (governance) or, where it feeds a body outside Baton, that body's name."""

    organisation_path = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="structures")
    name = LineField(max_length=200, help_text="For example 'North Locality Patient Participation Group Network'.")
    type = models.ForeignKey(StructureType, on_delete=models.PROTECT, related_name="structures")
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="structures",
        help_text="Leave blank unless the structure serves one programme (a programme patient panel).",
    )
    purpose = LongTextField(
        max_length=2_000, blank=True, help_text="Why the structure exists: what it is for, in plain English."
    )
    function = LongTextField(
        "function statement",
        max_length=4_000,
        blank=True,
        help_text="What it does: the decisions it informs, the work it reviews, the advice it gives.",
    )
    feeds_board = models.ForeignKey(
        Board,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="structures_feeding",
        verbose_name="decision body it feeds",
        help_text="The board or committee that hears from this structure.",
    )
    feeds_named_body = LineField(
        "decision body outside Baton",
        max_length=200,
        blank=True,
        help_text="If it feeds a body not recorded in Baton, its name, for example 'Place partnership board'.",
    )
    terms_of_reference = LongTextField(max_length=20_000, blank=True)
    terms_document = DocumentField(
        "terms of reference (file)", blank=True, help_text="Upload the terms of reference instead of typing them."
    )
    terms_reviewed_on = PlausibleDateField(
        "terms of reference last reviewed",
        null=True,
        blank=True,
        help_text="Terms of reference reviewed more than a year ago are flagged as out of date.",
    )
    review_due_on = PlausibleDateField(
        "next review of the structure", null=True, blank=True, help_text="Review each structure at least yearly."
    )
    recruiting = models.BooleanField(
        "recruiting members",
        default=False,
        help_text="Open vacancies are shown on the public page of opportunities to take part.",
    )
    vacancies = models.PositiveSmallIntegerField(default=0, help_text="How many places are open.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StructureQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="structure_name_unique_in_org",
                violation_error_message="There is already a structure with this name. Choose another name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def decision_body(self) -> str:
        if self.feeds_board_id:
            return str(self.feeds_board)
        return self.feeds_named_body

    def flags(self, today: date | None = None, last_met_on: date | None | bool = False) -> list[str]:
        """Function before form: each sentence a reason this structure needs attention. `last_met_on`
        may be passed (annotated by `with_health()`); otherwise it is read."""
        today = today or timezone.localdate()
        if last_met_on is False:
            last_met_on = getattr(self, "last_met_on", False)
        if last_met_on is False:
            last_met_on = self.meetings.filter(held_on__lte=today).aggregate(last=Max("held_on"))["last"]
        found = []
        if not self.purpose.strip():
            found.append("No stated purpose.")
        if not self.feeds_board_id and not self.feeds_named_body.strip():
            found.append("Not linked to a decision body.")
        if self.terms_reviewed_on is None:
            found.append("No date of review for its terms of reference.")
        elif self.terms_reviewed_on < today - timedelta(days=TERMS_VALID_FOR_DAYS):
            found.append("Terms of reference out of date (last reviewed more than a year ago).")
        if last_met_on is None:
            found.append("No meeting recorded.")
        elif isinstance(last_met_on, date) and last_met_on < today - timedelta(days=QUIET_AFTER_DAYS):
            found.append("No meeting in the last six months.")
        if self.review_due_on is not None and self.review_due_on < today:
            found.append("Review overdue.")
        return found


class StructureMeeting(OrgOwned, Versioned):
    """A meeting of a structure, with its minutes and what it influenced: decisions of the board
    or committee, hand-overs of the Cycle, and the actions (commitments) agreed at it."""

    organisation_path = "structure__organisation"

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="meetings")
    held_on = PlausibleDateField(help_text="The day the meeting is (or was) held.")
    title = LineField(max_length=200, blank=True)
    location = LineField(max_length=200, blank=True, help_text="Where, or 'online'.")
    minutes = LongTextField(max_length=50_000, blank=True)
    minutes_document = DocumentField("minutes (file)", blank=True)
    decisions = models.ManyToManyField(
        Decision, blank=True, related_name="structure_meetings", help_text="Decisions this meeting informed."
    )
    handovers = models.ManyToManyField(
        Handover, blank=True, related_name="structure_meetings", help_text="Hand-overs this meeting contributed to."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["structure", "-held_on"], name="structure_meeting_newest")]

    def __str__(self) -> str:
        return f"{self.structure.name}, {self.held_on.day} {self.held_on:%B %Y}"


class MeetingAction(OrgOwned, Versioned):
    """An action or commitment agreed at a meeting: who will do what by when, and whether it was done."""

    organisation_path = "meeting__structure__organisation"

    meeting = models.ForeignKey(StructureMeeting, on_delete=models.CASCADE, related_name="actions")
    text = LongTextField("action", max_length=2_000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    owner_name = LineField(
        "owner outside Baton", max_length=200, blank=True, help_text="If the owner has no Baton account, their name."
    )
    commitment = models.BooleanField(
        "a commitment to the group",
        default=False,
        help_text="Something the organisation promised the group it would do, shown as what the group influenced.",
    )
    due_on = PlausibleDateField(null=True, blank=True)
    done_on = PlausibleDateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
