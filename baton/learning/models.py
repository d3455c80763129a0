"""Learning and support (hub elements 9 and 10): the learning the organisation offers (courses,
e-learning, coaching, shadowing, inductions, development programmes, mentoring, buddying), what
each role requires and how often it is renewed, who has done what (with its evidence), and what
people ask for.

A requirement names its target once: a staff role (a Baton role, `core.models.Role`) or a
participation role (`ParticipationRole`: a kind of role people who take part hold, matched against
their participations by data, never by code). Whether a person meets a requirement is said by one
function, `state()`, and its SQL twin `cutoffs()`; pages, the API and the hub ask those (see
`status.py` for the sums)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from baton.core.fields import LineField, LongTextField, PlausibleDateField
from baton.core.files import DocumentField
from baton.core.models import Organisation, OrgOwned, Role, Versioned
from baton.cycle import stages
from baton.people.models import Participation, Person, RoleLevel
from baton.structures.models import StructureType

SOON_DAYS = 60  # learning that expires within this many days is "expiring soon"
RENEW_MAX = 120  # months: renewal at most every ten years


def ukdate(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# Expiry: one rule ------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months; a day the month lacks becomes its last (31 August plus
    six months is 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expires_on(completed_on: date, renew_months: int | None) -> date | None:
    """The day learning completed on `completed_on` stops counting: `renew_months` later (None: it
    never expires). On that day itself it has expired: learning completed on 1 December 2024 and
    renewed every 24 months counts up to and including 30 November 2026, and has expired on
    1 December 2026."""
    return None if renew_months is None else add_months(completed_on, renew_months)


class State(models.TextChoices):
    MET = "met", "Done"
    SOON = "soon", "Expiring soon"
    EXPIRED = "expired", "Expired"
    MISSING = "missing", "Not done"


def state(completed_on: date | None, renew_months: int | None, today: date) -> State:
    """Where one person stands on one requirement, from the latest completion of its offer: not
    done; expired (its expiry day has come); expiring soon (it expires within `SOON_DAYS` days);
    or done."""
    if completed_on is None:
        return State.MISSING
    ends = expires_on(completed_on, renew_months)
    if ends is None:
        return State.MET
    if ends <= today:
        return State.EXPIRED
    if ends <= today + timedelta(days=SOON_DAYS):
        return State.SOON
    return State.MET


def _latest_expiring_by(day: date, months: int) -> date:
    """The latest completion day whose expiry falls on or before `day` (`add_months` never goes
    backwards, so every earlier completion expires by then too)."""
    guess = add_months(day, -months)
    while expires_on(guess + timedelta(days=1), months) <= day:  # type: ignore[operator]
        guess += timedelta(days=1)
    while expires_on(guess, months) > day:  # type: ignore[operator]
        guess -= timedelta(days=1)
    return guess


def cutoffs(renew_months: int | None, today: date) -> tuple[date | None, date | None]:
    """`state()` for a database query: (expired through, expiring soon through). Completed on or
    before the first: expired; on or before the second: expiring soon; after it: done. None: the
    learning never expires. The tests check this agrees with `state()` day by day."""
    if renew_months is None:
        return None, None
    return (
        _latest_expiring_by(today, renew_months),
        _latest_expiring_by(today + timedelta(days=SOON_DAYS), renew_months),
    )


# Offers ----------------------------------------------------------------------------------------------


class LearningOffer(OrgOwned, Versioned):
    """Learning or support the organisation offers, to its staff, to people who take part, or both."""

    organisation_path = "organisation"

    class Kind(models.TextChoices):
        COURSE = "course", "Course"
        ELEARNING = "elearning", "E-learning"
        COACHING = "coaching", "Coaching"
        SHADOWING = "shadowing", "Shadowing"
        INDUCTION = "induction", "Induction"
        DEVELOPMENT = "development", "Development programme"
        MENTORING = "mentoring", "Mentoring"
        BUDDYING = "buddying", "Buddying"

    class Audience(models.TextChoices):
        STAFF = "staff", "Staff"
        PUBLIC = "public", "People who take part"
        BOTH = "both", "Staff and people who take part"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="learning_offers")
    title = LineField(max_length=200, help_text="For example 'Engagement assurance induction'.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    audience = models.CharField("for", max_length=10, choices=Audience.choices, default=Audience.BOTH)
    provider = LineField(max_length=200, blank=True, help_text="Who runs it, for example 'NHS England'.")
    link = models.URLField(blank=True, max_length=500, help_text="Where to find it or book it: a web address.")
    description = LongTextField(max_length=4_000, blank=True, help_text="What it covers and how long it takes.")
    active = models.BooleanField(default=True, help_text="A retired offer stays on the records of those who did it.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = "learning offer"
        constraints = [
            models.UniqueConstraint(
                "organisation",
                "title",
                name="learning_offer_title_unique",
                violation_error_message="There is already an offer with this title.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def for_public(self) -> bool:
        return self.audience != self.Audience.STAFF

    @property
    def for_staff(self) -> bool:
        return self.audience != self.Audience.PUBLIC

    def blockers_to_deleting(self) -> list[str]:
        reasons = []
        if self.records.exists():
            reasons.append("People's learning records name this offer. Retire it instead, so their records stay.")
        if self.requirements.exists():
            reasons.append("A requirement names this offer. Remove the requirement first, or retire the offer.")
        return reasons


# Participation roles -------------------------------------------------------------------------------


class ParticipationRole(OrgOwned, Versioned):
    """A kind of role people who take part hold ("Tender panel member", "Patient leader"), said as
    data: a participation is in it when it matches every condition given (at least one): its role
    contains the words, its structure is of the type, its activity is in the stage of the Cycle, its
    level is at least the level. Participations are matched while they are current (started, not
    ended) and, for the warning when someone is added, as they are recorded."""

    organisation_path = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="participation_roles")
    name = LineField(max_length=100, help_text="For example 'Tender panel member'.")
    role_contains = LineField(
        "role contains",
        max_length=100,
        blank=True,
        help_text="Words in the participation's role, for example 'tender panel'. Capitals do not matter.",
    )
    structure_type = models.ForeignKey(
        StructureType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="in a structure of type",
    )
    stage = models.CharField(
        "in an activity in the stage", max_length=10, choices=stages.CHOICES, blank=True, help_text="Of the Cycle."
    )
    min_level = models.PositiveSmallIntegerField("at least the level", choices=RoleLevel.choices, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "participation role"
        constraints = [
            models.UniqueConstraint(
                "organisation",
                "name",
                name="learning_participation_role_unique",
                violation_error_message="There is already a participation role with this name.",
            ),
            models.CheckConstraint(
                condition=~Q(role_contains="")
                | Q(structure_type__isnull=False)
                | ~Q(stage="")
                | Q(min_level__isnull=False),
                name="learning_participation_role_has_a_condition",
                violation_error_message="Say at least one thing a participation in this role has: words in its "
                "role, a type of structure, a stage or a level.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def matching(self, prefix: str = "") -> Q:
        """Participations in this role (`prefix` reaches Participation from another model)."""
        q = Q()
        if self.role_contains:
            q &= Q(**{f"{prefix}role__icontains": self.role_contains.strip()})
        if self.structure_type_id:
            q &= Q(**{f"{prefix}structure__type_id": self.structure_type_id})
        if self.stage:
            q &= Q(**{f"{prefix}activity__stage_run__stage": self.stage})
        if self.min_level is not None:
            q &= Q(**{f"{prefix}role_level__gte": self.min_level})
        return q

    def conditions(self) -> str:
        """What a participation in this role has, in words."""
        said = []
        if self.role_contains:
            said.append(f"a role containing '{self.role_contains}'")
        if self.structure_type_id:
            said.append(f"in a {self.structure_type}")
        if self.stage:
            said.append(f"in an activity in the {stages.label(self.stage)} stage")
        if self.min_level is not None:
            said.append(f"at level {self.min_level} or above")
        return ", ".join(said)

    def blockers_to_deleting(self) -> list[str]:
        if self.requirements.exists():
            return ["A requirement names this participation role. Remove the requirement first."]
        return []


def current_participations(today: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__lte": today}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})
    )


# Requirements -------------------------------------------------------------------------------------

STAFF_ROLES = [(r.value, r.label) for r in Role]


class LearningRequirement(OrgOwned, Versioned):
    """An offer required of everyone in a role: a staff role or a participation role (one of the
    two), renewed every `renew_months` months (blank: done once, never expires)."""

    organisation_path = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="learning_requirements")
    offer = models.ForeignKey(LearningOffer, on_delete=models.PROTECT, related_name="requirements")
    staff_role = models.CharField("staff role", max_length=20, choices=STAFF_ROLES, blank=True)
    participation_role = models.ForeignKey(
        ParticipationRole, on_delete=models.PROTECT, null=True, blank=True, related_name="requirements"
    )
    renew_months = models.PositiveSmallIntegerField(
        "renewed every (months)",
        null=True,
        blank=True,
        help_text="Leave blank if it is done once and never expires.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["staff_role", "participation_role__name", "offer__title", "pk"]
        verbose_name = "learning requirement"
        constraints = [
            models.CheckConstraint(
                condition=(~Q(staff_role="") & Q(participation_role__isnull=True))
                | (Q(staff_role="") & Q(participation_role__isnull=False)),
                name="learning_requirement_one_target",
                violation_error_message="Choose either a staff role or a participation role.",
            ),
            models.CheckConstraint(
                condition=Q(renew_months__isnull=True) | (Q(renew_months__gte=1) & Q(renew_months__lte=RENEW_MAX)),
                name="learning_requirement_renewal_in_range",
                violation_error_message=f"Renewal must be every 1 to {RENEW_MAX} months, or blank.",
            ),
            models.UniqueConstraint(
                "offer",
                "staff_role",
                condition=~Q(staff_role=""),
                name="learning_requirement_staff_unique",
                violation_error_message="This offer is already required of that staff role.",
            ),
            models.UniqueConstraint(
                "offer",
                "participation_role",
                condition=Q(participation_role__isnull=False),
                name="learning_requirement_participation_unique",
                violation_error_message="This offer is already required of that participation role.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} for {self.target}"

    @property
    def target(self) -> str:
        if self.staff_role:
            return Role(self.staff_role).label.lower()
        return str(self.participation_role).lower()

    @property
    def for_staff(self) -> bool:
        return bool(self.staff_role)

    @property
    def renewal(self) -> str:
        if self.renew_months is None:
            return "Once"
        if self.renew_months % 12 == 0:
            years = self.renew_months // 12
            return "Every year" if years == 1 else f"Every {years} years"
        return f"Every {self.renew_months} months"

    def blockers_to_saving(self) -> list[str]:
        offer = self.offer
        reasons = []
        if not offer.active:
            reasons.append(f"{offer} is retired. Require an offer that is still running.")
        if self.staff_role and not offer.for_staff:
            reasons.append(f"{offer} is for people who take part, not staff.")
        if self.participation_role_id and not offer.for_public:
            reasons.append(f"{offer} is for staff, not people who take part.")
        return reasons


# Records --------------------------------------------------------------------------------------------


def _subject_q() -> Q:
    return (Q(user__isnull=False) & Q(person__isnull=True)) | (Q(user__isnull=True) & Q(person__isnull=False))


class LearningRecord(OrgOwned, Versioned):
    """Someone did a piece of learning: a member of staff (a Baton user of the organisation) or a
    person who takes part (the people register), never both. Evidence is words, a web address, an
    uploaded certificate (checked as every document is), or any of these."""

    organisation_path = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="learning_records")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="learning_records",
        verbose_name="member of staff",
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="learning_records",
        verbose_name="person who takes part",
    )
    offer = models.ForeignKey(LearningOffer, on_delete=models.PROTECT, related_name="records")
    completed_on = PlausibleDateField("completed on")
    evidence = LongTextField(max_length=2_000, blank=True, help_text="For example 'Attended the session in person'.")
    evidence_link = models.URLField("evidence link", max_length=500, blank=True)
    certificate = DocumentField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        verbose_name = "learning record"
        constraints = [
            models.CheckConstraint(
                condition=_subject_q(),
                name="learning_record_one_subject",
                violation_error_message="Choose either a member of staff or a person who takes part.",
            )
        ]
        indexes = [
            models.Index(fields=["person", "offer", "-completed_on"], name="learning_record_person"),
            models.Index(fields=["user", "offer", "-completed_on"], name="learning_record_user"),
            models.Index(fields=["organisation", "-completed_on"], name="learning_record_org"),
        ]

    def __str__(self) -> str:
        return f"{self.offer} by {self.subject_name}"

    @property
    def subject_name(self) -> str:
        if self.person_id:
            return str(self.person)
        user = self.user
        return (user.get_full_name() or user.username) if user else ""

    def blockers_to_recording(self, today: date) -> list[str]:
        if self.completed_on and self.completed_on > today:
            return ["The day it was completed cannot be in the future."]
        return []


# Support requests -------------------------------------------------------------------------------------


class LearningNeed(OrgOwned, Versioned):
    """Learning or support someone needs, asked for by themselves or by their manager or an
    engagement lead; open until it is met or closed, with a note."""

    organisation_path = "organisation"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MET = "met", "Met"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="learning_needs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="learning_needs",
        verbose_name="member of staff",
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="learning_needs",
        verbose_name="person who takes part",
    )
    what = LongTextField("what is needed", max_length=2_000, help_text="The learning or support, in plain words.")
    offer = models.ForeignKey(
        LearningOffer, on_delete=models.SET_NULL, null=True, blank=True, related_name="needs", verbose_name="offer"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    raised_on = models.DateField(default=timezone.localdate, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, editable=False)
    closed_on = models.DateField(null=True, blank=True, editable=False)
    outcome = LongTextField("note", max_length=2_000, blank=True, editable=False)

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = "support request"
        constraints = [
            models.CheckConstraint(
                condition=_subject_q(),
                name="learning_need_one_subject",
                violation_error_message="Choose either a member of staff or a person who takes part.",
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True) | (~Q(status="open") & Q(closed_on__isnull=False)),
                name="learning_need_closed_on_when_closed",
                violation_error_message="A request that is met or closed has the day it was.",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("raised_on")),
                name="learning_need_closed_after_raised",
                violation_error_message="A request cannot be closed before it was raised.",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="learning_need_status")]

    def __str__(self) -> str:
        return f"Support for {self.subject_name}: {self.what[:60]}"

    @property
    def subject_name(self) -> str:
        if self.person_id:
            return str(self.person)
        user = self.user
        return (user.get_full_name() or user.username) if user else ""

    def blockers_to_closing(self) -> list[str]:
        if self.status != self.Status.OPEN and self.closed_on:
            return [f"This request was already {self.get_status_display().lower()} on {ukdate(self.closed_on)}."]
        return []


__all__ = [
    "LearningNeed",
    "LearningOffer",
    "LearningRecord",
    "LearningRequirement",
    "Participation",
    "ParticipationRole",
    "State",
    "current_participations",
    "cutoffs",
    "expires_on",
    "state",
]
