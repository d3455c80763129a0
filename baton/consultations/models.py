"""Formal consultations: the proposal consulted on, its dates, the materials people read, how many
responded, the four Gunning checks and the consultation report.

The fairness rule (DESIGN.md rule 3): a consultation opens only with its materials and a statement
of why the proposal is still at a formative stage, for at least the organisation's minimum duration
(or with a recorded reason for a shorter one); and no decision on the proposal may be recorded
before the consultation report shows how the responses were considered
(`Consultation.blockers_to_deciding()`, asked by governance's decision register).

On the minimum duration: the courts have never fixed a period (DOMAIN.md 3.5: "12 weeks is common,
but not fixed"); what is adequate depends on the proposal and the people affected. So a shorter
consultation is not refused outright: it opens only with a recorded reason, which stays on the
consultation, is shown beside its dates and is evidence for Gunning check 3.

Questions about one record are model methods returning reasons (`blockers_to_*`), asked by the
actions under a row lock and by the pages to explain a refusal before it happens."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from baton.core.fields import CountField, LineField, LongTextField, PlausibleDateField, describe
from baton.core.files import DocumentField
from baton.core.models import Organisation, OrgOwned, OrgOwnedQuerySet, Versioned
from baton.cycle.models import Programme

DEFAULT_MINIMUM_WEEKS = 12
RESPONSES_MAX = 5_000_000  # more people than the largest ICB serves: a typo, not a count


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _day(value: date) -> str:
    return describe(value)


# The organisation's settings for consultations ----------------------------------------------------


class ConsultationSettings(OrgOwned, Versioned):
    """One row per organisation, made when an engagement lead first changes it; until then the
    defaults below apply (`for_organisation`)."""

    organisation_path = "organisation"

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="consultation_settings")
    minimum_weeks = CountField(
        "minimum duration in weeks",
        maximum=52,
        default=DEFAULT_MINIMUM_WEEKS,
        help_text="The shortest a formal consultation may run without a recorded reason. 12 weeks is common practice.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "consultation settings"
        verbose_name_plural = "consultation settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_weeks__gte=1),
                name="consultation_minimum_at_least_a_week",
                violation_error_message="The minimum duration must be at least 1 week.",
            ),
        ]

    def __str__(self) -> str:
        return f"Consultation settings of {self.organisation}"

    @classmethod
    def for_organisation(cls, organisation: Organisation | int) -> ConsultationSettings:
        """The organisation's settings, or unsaved defaults when no one has changed them."""
        org_id = organisation if isinstance(organisation, int) else organisation.pk
        found = cls.objects.filter(organisation_id=org_id).first()
        return found or cls(organisation_id=org_id)

    @property
    def minimum_days(self) -> int:
        return self.minimum_weeks * 7


# The four Gunning checks (reference data, loaded by a data migration) ----------------------------


class GunningCheck(models.Model):
    """One of the four Gunning principles, as a check a consultation is assessed against: the
    question asked and what evidences it. Editable reference data (the admin site), loaded by
    migration 0002; `key` is stable, the words are not."""

    key = models.SlugField(max_length=40, unique=True)
    number = models.PositiveSmallIntegerField(unique=True)
    title = LineField(max_length=200)
    question = LongTextField(max_length=1_000)
    evidenced_by = LongTextField(max_length=1_000, help_text="What shows that a consultation meets this check.")

    class Meta:
        ordering = ["number"]
        verbose_name = "Gunning check"

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


# Consultations ---------------------------------------------------------------------------------------


class ConsultationQuerySet(OrgOwnedQuerySet):
    def public(self):
        """What the public pages show: open and reported consultations, never planned ones."""
        return self.filter(status__in=[Consultation.Status.OPEN, Consultation.Status.REPORTED])

    def live(self):
        """Not yet reported: planned, open or closed and waiting for the report."""
        return self.exclude(status=Consultation.Status.REPORTED)


class Consultation(OrgOwned, Versioned):
    organisation_path = "organisation"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed, awaiting report"
        REPORTED = "reported", "Reported"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="consultations")
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        help_text="The programme whose proposal this consults on, if any.",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_consultations",
        help_text="Who runs this consultation day to day.",
    )
    title = LineField(max_length=200, help_text="For example 'The future of stroke services in the north'.")
    proposal = LongTextField(
        max_length=5_000,
        help_text="The proposal people are consulted on, in plain English: what would change, for whom and why.",
    )
    formative_statement = LongTextField(
        "why the proposal is still at a formative stage",
        max_length=2_000,
        blank=True,
        help_text="What can still change because of the responses, and what has not been decided. "
        "Needed before the consultation opens (Gunning check 1).",
    )
    how_to_take_part = LongTextField(
        max_length=2_000,
        blank=True,
        help_text="How people can respond: the survey address, events, post, easy read or other formats. "
        "Shown on the public pages.",
    )
    opens_on = PlausibleDateField()
    closes_on = PlausibleDateField()
    short_duration_reason = LongTextField(
        "reason for a shorter consultation",
        max_length=2_000,
        blank=True,
        help_text="Needed only if the consultation runs for less than the organisation's minimum duration.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED, editable=False)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    early_close_reason = LongTextField(max_length=2_000, blank=True, editable=False)

    individual_responses = CountField(
        maximum=RESPONSES_MAX, default=0, help_text="Responses from individual people (survey, letter, email)."
    )
    organisation_responses = CountField(
        maximum=RESPONSES_MAX, default=0, help_text="Responses on behalf of organisations or groups."
    )
    event_participants = CountField(
        maximum=RESPONSES_MAX, default=0, help_text="People who took part in consultation events and meetings."
    )

    report = DocumentField(
        "consultation report",
        blank=True,
        help_text="The consultation report. A PDF, Word or OpenDocument file, up to 25 MB.",
    )
    report_summary = LongTextField(
        "how the responses were considered",
        max_length=5_000,
        blank=True,
        help_text="What people said, how each theme was considered and what changed because of it.",
    )
    reported_at = models.DateTimeField(null=True, blank=True, editable=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsultationQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gt=F("opens_on")),
                name="consultation_closes_after_it_opens",
                violation_error_message="The closing date must be after the opening date.",
            ),
            models.CheckConstraint(
                condition=~Q(status="reported") | (~Q(report="") & ~Q(report_summary="")),
                name="reported_consultation_has_a_report",
                violation_error_message="A reported consultation needs its report and a summary of how the "
                "responses were considered.",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status", "closes_on"], name="consultation_by_status")]

    def __str__(self) -> str:
        return self.title

    # Facts --------------------------------------------------------------------------------------------

    @property
    def duration_days(self) -> int:
        return (self.closes_on - self.opens_on).days

    @property
    def duration_text(self) -> str:
        weeks, days = divmod(self.duration_days, 7)
        parts = [_plural(weeks, "week", "weeks")] if weeks else []
        if days:
            parts.append(_plural(days, "day", "days"))
        return " and ".join(parts) or "0 days"

    @property
    def total_responses(self) -> int:
        return self.individual_responses + self.organisation_responses

    def minimum_settings(self) -> ConsultationSettings:
        return ConsultationSettings.for_organisation(self.organisation_id)

    def shorter_than_minimum(self, minimum: ConsultationSettings) -> bool:
        """Against the organisation's settings, which the caller has read once (`minimum_settings`)
        to say the minimum in the same sentence."""
        return self.duration_days < minimum.minimum_days

    def checks(self) -> list[GunningAssessment]:
        """This consultation's four assessments in the checks' order (reads prefetched ones)."""
        return sorted(self.assessments.all(), key=lambda a: (a.principle.number, a.pk))

    # Rules --------------------------------------------------------------------------------------------

    def blockers_to_deciding(self) -> list[str]:
        """Why a decision on the consulted proposal cannot yet be recorded (empty when it can).
        Asked by the decision register. No decision before the consultation report shows how the
        responses were considered, and none on a consultation that failed a Gunning check."""
        reasons: list[str] = []
        if self.status == self.Status.PLANNED:
            reasons.append(
                f"The consultation '{self.title}' has not opened yet. A decision on its proposal can only be "
                "recorded after it has run, closed and reported how the responses were considered."
            )
        elif self.status == self.Status.OPEN:
            reasons.append(
                f"The consultation '{self.title}' is still open (it closes on {_day(self.closes_on)}). "
                "Deciding before it closes would pre-judge the responses."
            )
        elif self.status == self.Status.CLOSED:
            reasons.append(
                f"The consultation '{self.title}' has closed but its report has not been published. "
                "Publish the report, with how the responses were considered, first."
            )
        else:
            if not self.report:
                reasons.append(f"The consultation '{self.title}' has no report file.")
            if not self.report_summary.strip():
                reasons.append(f"The consultation '{self.title}' does not say how the responses were considered.")
        if self.status in (self.Status.CLOSED, self.Status.REPORTED):
            for assessment in self.checks():
                if assessment.outcome == GunningAssessment.Outcome.NOT_MET:
                    reasons.append(
                        f"Gunning check {assessment.principle.number} ({assessment.principle.title}) is recorded as not "
                        "met. A decision on a consultation that was not fair is open to challenge: put it right "
                        "(or consult again) and record the check as met first."
                    )
                elif self.status == self.Status.REPORTED and assessment.outcome == GunningAssessment.Outcome.NOT_YET:
                    reasons.append(
                        f"Gunning check {assessment.principle.number} ({assessment.principle.title}) has not been assessed yet."
                    )
        return reasons

    def blockers_to_opening(self, today: date | None = None) -> list[str]:
        """Why the consultation cannot open (and appear on the public pages) yet."""
        today = today or timezone.localdate()
        if self.status != self.Status.PLANNED:
            return [f"Only a planned consultation can open; this one is {self.get_status_display().lower()}."]
        reasons = []
        if not self.materials.exists():
            reasons.append(
                "There are no consultation materials. Add at least one document people can read, so they have "
                "enough information to respond (Gunning check 2)."
            )
        if not self.formative_statement.strip():
            reasons.append(
                "Say why the proposal is still at a formative stage: what can still change because of the "
                "responses (Gunning check 1)."
            )
        if not self.how_to_take_part.strip():
            reasons.append("Say how people can take part: the public pages show it.")
        if self.opens_on > today:
            reasons.append(
                f"The consultation is planned to open on {_day(self.opens_on)}. Open it on that day, or change the date."
            )
        if self.closes_on <= today:
            reasons.append(
                f"The closing date, {_day(self.closes_on)}, has passed. Change the closing date before opening."
            )
        minimum = self.minimum_settings()
        if self.shorter_than_minimum(minimum) and not self.short_duration_reason.strip():
            reasons.append(
                f"The consultation runs for {self.duration_text}, less than the organisation's minimum of "
                f"{_plural(minimum.minimum_weeks, 'week', 'weeks')}. Make it longer, or record why a shorter "
                "consultation is adequate (Gunning check 3)."
            )
        return reasons

    def blockers_to_closing(self, early_reason: str = "", today: date | None = None) -> list[str]:
        """Why the consultation cannot close: it is not open, or it is before the closing date and no
        reason for closing early was given."""
        today = today or timezone.localdate()
        if self.status != self.Status.OPEN:
            return [f"Only an open consultation can close; this one is {self.get_status_display().lower()}."]
        if today < self.closes_on and not early_reason.strip():
            return [
                f"The consultation is due to close on {_day(self.closes_on)}. Closing it early cuts the time "
                "people have to respond: give the reason for closing early."
            ]
        return []

    def blockers_to_reporting(self) -> list[str]:
        """Why the consultation report cannot be published yet."""
        if self.status != self.Status.CLOSED:
            if self.status == self.Status.REPORTED:
                return ["The report has already been published."]
            return ["The consultation must close before its report is published."]
        reasons = []
        if not self.report:
            reasons.append("Upload the consultation report first.")
        if not self.report_summary.strip():
            reasons.append(
                "Summarise how the responses were considered: what people said and what changed because of it "
                "(Gunning check 4)."
            )
        waiting = [a for a in self.checks() if a.outcome == GunningAssessment.Outcome.NOT_YET]
        if waiting:
            names = ", ".join(str(a.principle.number) for a in waiting)
            reasons.append(
                f"Assess every Gunning check as met or not met, with its evidence, first "
                f"({_plural(len(waiting), 'check is', 'checks are')} not assessed yet: {names})."
            )
        return reasons

    def blockers_to_changing(self) -> list[str]:
        """Why its details (dates, proposal, response counts, report) cannot change."""
        if self.status == self.Status.REPORTED:
            return ["The consultation has been reported, so it cannot change: its report is the public record."]
        return []

    def blockers_to_changing_proposal(self) -> list[str]:
        """The proposal, the formative-stage statement and the opening date are fixed once people
        have been consulted on them."""
        if self.status != self.Status.PLANNED:
            return [
                "The consultation has opened, so the proposal, why it is at a formative stage and the opening "
                "date cannot change: people have responded to them. Consult again on a changed proposal."
            ]
        return []

    def blockers_to_recording_responses(self) -> list[str]:
        """Responses are counted while the consultation is open or closed, until it is reported."""
        if self.status == self.Status.PLANNED:
            return ["The consultation has not opened yet, so no one has responded."]
        return self.blockers_to_changing()

    def blockers_to_drafting_report(self) -> list[str]:
        """The report is written once the consultation has closed, until it is published."""
        if self.status in (self.Status.PLANNED, self.Status.OPEN):
            return ["The consultation report is written after the consultation closes: close it first."]
        if self.status == self.Status.REPORTED:
            return ["The report has been published, so it cannot change."]
        return []

    def blockers_to_changing_materials(self) -> list[str]:
        """Materials may be added while planned or open, and removed only while planned."""
        if self.status in (self.Status.CLOSED, self.Status.REPORTED):
            return ["The consultation has closed, so its materials cannot change: they are what people responded to."]
        return []

    def blockers_to_removing_material(self) -> list[str]:
        if self.status != self.Status.PLANNED:
            return [
                "The consultation has opened, so its materials cannot be removed: people may have read them. "
                "Add a corrected document instead."
            ]
        return []

    def blockers_to_assessing(self) -> list[str]:
        if self.status == self.Status.REPORTED:
            return ["The consultation has been reported, so its Gunning checks are part of the record."]
        return []

    def blockers_to_deleting(self) -> list[str]:
        if self.status != self.Status.PLANNED:
            return ["Only a planned consultation can be deleted: once it opened, it is part of the public record."]
        return []

    def blockers_to_restoring(self) -> list[str]:
        return []


class ConsultationMaterial(OrgOwned, Versioned):
    """One document of a consultation: the consultation document, a summary, an easy read version."""

    organisation_path = "consultation__organisation"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="materials")
    title = LineField(max_length=200, help_text="For example 'Consultation document' or 'Easy read summary'.")
    file = DocumentField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consultation", "created_at", "pk"]
        verbose_name = "consultation material"

    def __str__(self) -> str:
        return self.title

    def blockers_to_restoring(self) -> list[str]:
        return self.consultation.blockers_to_changing_materials()


class GunningAssessment(OrgOwned, Versioned):
    """How one consultation meets one Gunning check: met, not met or not yet assessed, with evidence."""

    organisation_path = "consultation__organisation"

    class Outcome(models.TextChoices):
        NOT_YET = "not_yet", "Not yet assessed"
        MET = "met", "Met"
        NOT_MET = "not_met", "Not met"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="assessments")
    principle = models.ForeignKey(GunningCheck, on_delete=models.PROTECT, related_name="assessments", editable=False)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.NOT_YET)
    evidence = LongTextField(
        max_length=2_000, blank=True, help_text="What shows this, for example the materials, dates or report section."
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["consultation", "principle__number", "pk"]
        verbose_name = "Gunning assessment"
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "principle"],
                name="one_assessment_per_gunning_check",
                violation_error_message="This consultation already has an assessment for that Gunning check.",
            ),
            models.CheckConstraint(
                condition=Q(outcome="not_yet") | ~Q(evidence=""),
                name="assessed_check_has_evidence",
                violation_error_message="Give the evidence for the assessment.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.principle}: {self.get_outcome_display()}"

    def blockers_to_restoring(self) -> list[str]:
        return self.consultation.blockers_to_assessing()
