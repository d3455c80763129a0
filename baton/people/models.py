"""The people who take part (members of the public, patients, carers, patient leaders), their
consent, their communication and access needs, their optional equality monitoring, and their
participation in activities (the Cycle) and structures (the register of groups, hub element 6).

- A **Person** is pseudonymous by default: a name or an alias, contact details optional. A person
  may have a Baton account (the patient partner role) and then sees only their own record.
- **Consent** is per purpose and has a history (`ConsentEvent`): when and how it was given or
  withdrawn. What a person consents to now is their latest event for each purpose.
- **Equality monitoring** is special-category data: NHS Data Dictionary codes (`EqualityCode`,
  reference data loaded by a data migration and editable), seen only by roles granted it, only as
  aggregates with small counts suppressed, every view audited.
- **Participation** is one record for a person in an activity or in a structure (role, role level
  1 to 4 as in NHS England's patient and public voice partner policy, dates, hours): payments and
  learning (later areas) hang off it. **Attendance** is a person at a structure's meeting.
- **Opportunities** to take part are published on the public pages; a member of the public
  registers **interest** without an account.
- **Erasure** anonymises a person in place (counts and aggregates stay right); **retention** removes
  contact details of people inactive for a configurable period (`RetentionRun` records each run)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from baton.core.fields import LineField, LongTextField, PlausibleDateField
from baton.core.models import Organisation, OrgOwned, OrgOwnedQuerySet, Versioned
from baton.cycle.models import EngagementActivity
from baton.structures.models import Structure, StructureMeeting

HOURS_MAX = Decimal("1000")


# Reference data -------------------------------------------------------------------------------------


class EqualityCode(models.Model):
    """One code of one equality monitoring category (NHS Data Dictionary), for example ethnic
    category "A" White - British. Loaded by a data migration; editable; `active=False` retires a code
    without losing what was recorded with it."""

    class Category(models.TextChoices):
        ETHNIC_CATEGORY = "ethnic_category", "Ethnic category"
        SEX = "sex", "Sex"
        GENDER_IDENTITY = "gender_identity", "Gender identity same as sex registered at birth"
        SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation"
        DISABILITY = "disability", "Disability"
        RELIGION = "religion", "Religion or belief"
        AGE_BAND = "age_band", "Age band"
        CARER = "carer", "Carer"

    category = models.CharField(max_length=30, choices=Category.choices)
    code = models.CharField(max_length=10)
    label = LineField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["category", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="equality_code_unique_in_category"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.code})"


class AreaLookup(models.Model):
    """A postcode's area and its Index of Multiple Deprivation decile (1 most deprived, 10 least),
    imported from a postcode-to-area table (for example the ONS postcode directory joined to the
    English indices of deprivation). National data: no organisation."""

    postcode = models.CharField(max_length=8, unique=True, help_text="Normalised: upper case, one space.")
    area_code = models.CharField("area code (LSOA)", max_length=12, blank=True)
    imd_decile = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["postcode"]
        constraints = [
            models.CheckConstraint(
                condition=Q(imd_decile__isnull=True) | Q(imd_decile__gte=1, imd_decile__lte=10),
                name="area_imd_decile_1_to_10",
                violation_error_message="An IMD decile is a whole number from 1 to 10.",
            ),
        ]

    def __str__(self) -> str:
        return self.postcode


# People ---------------------------------------------------------------------------------------------


class Purpose(models.TextChoices):
    """What a person may consent to, each separately."""

    CONTACT_ACTIVITY = "contact_activity", "Contact about this activity"
    FUTURE_OPPORTUNITIES = "future_opportunities", "Contact about future opportunities"
    EQUALITY_MONITORING = "equality_monitoring", "Equality monitoring"
    NAMED_PUBLICLY = "named_publicly", "Being named publicly"


class PersonQuerySet(OrgOwnedQuerySet):
    def active(self):
        """People not erased."""
        return self.filter(erased_at__isnull=True)


class Person(OrgOwned, Versioned):
    """Someone who takes part. Pseudonymous by default: an alias is enough."""

    organisation_path = "organisation"

    class Kind(models.TextChoices):
        PUBLIC = "public", "Member of the public"
        PATIENT = "patient", "Patient"
        CARER = "carer", "Carer"
        PATIENT_LEADER = "patient_leader", "Patient leader"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    name = LineField(
        "name or alias", max_length=200, help_text="A first name or an alias is enough; people may stay anonymous."
    )
    kind = models.CharField("taking part as", max_length=20, choices=Kind.choices, default=Kind.PUBLIC)
    email = models.EmailField(blank=True)
    phone = LineField(max_length=40, blank=True)
    postcode = LineField(max_length=8, blank=True, help_text="Used to look up the area's deprivation decile.")
    # Communication and access needs
    easy_read = models.BooleanField(default=False)
    bsl = models.BooleanField("British Sign Language interpreter", default=False)
    large_print = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    step_free = models.BooleanField("step-free access", default=False)
    language = LineField(
        "language other than English", max_length=100, blank=True, help_text="For example 'Polish' or 'Urdu'."
    )
    other_needs = LongTextField("other needs", max_length=1_000, blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text="A patient partner's Baton account: they see their own record and nothing else of it.",
    )
    import_key = models.CharField(max_length=64, blank=True, editable=False)
    last_active_on = models.DateField(
        null=True, blank=True, editable=False, help_text="The last day they took part or were in touch."
    )
    contact_removed_on = models.DateField(null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "import_key"],
                condition=~Q(import_key=""),
                name="person_imported_once",
                violation_error_message="This person has already been imported.",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "last_active_on"], name="person_last_active")]

    def __str__(self) -> str:
        return self.name

    @property
    def needs(self) -> list[str]:
        """Communication and access needs, as words."""
        found = [
            text
            for flag, text in (
                (self.easy_read, "Easy read"),
                (self.bsl, "British Sign Language"),
                (self.large_print, "Large print"),
                (self.hearing_loop, "Hearing loop"),
                (self.step_free, "Step-free access"),
            )
            if flag
        ]
        if self.language:
            found.append(f"Language: {self.language}")
        if self.other_needs:
            found.append(self.other_needs)
        return found


class ConsentEvent(OrgOwned):
    """Consent given or withdrawn for one purpose, when and how. Never edited: a change of mind is a
    new event."""

    organisation_path = "person__organisation"

    class How(models.TextChoices):
        ONLINE = "online", "Online form"
        PAPER = "paper", "Paper form"
        VERBAL = "verbal", "In person or by phone (recorded by staff)"
        EMAIL = "email", "By email"
        IMPORTED = "imported", "Imported with the person's record"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    given = models.BooleanField(help_text="True: consent given. False: withdrawn or refused.")
    at = models.DateTimeField()
    how = models.CharField(max_length=10, choices=How.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["person", "purpose", "-at", "-pk"]
        indexes = [models.Index(fields=["person", "purpose", "-at"], name="consent_latest")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {'given' if self.given else 'withdrawn'}"


class EqualityRecord(OrgOwned, Versioned):
    """A person's equality monitoring answers, as NHS Data Dictionary codes (`EqualityCode`). Every
    answer is optional ("prefer not to say" is a code too). Special-category data: never shown one
    person at a time; read only through the aggregates."""

    organisation_path = "person__organisation"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="equality")
    ethnic_category = models.CharField(max_length=10, blank=True)
    sex = models.CharField(max_length=10, blank=True)
    gender_identity = models.CharField(max_length=10, blank=True)
    sexual_orientation = models.CharField(max_length=10, blank=True)
    disability = models.CharField(max_length=10, blank=True)
    religion = models.CharField(max_length=10, blank=True)
    age_band = models.CharField(max_length=10, blank=True)
    carer = models.CharField(max_length=10, blank=True)
    imd_decile = models.PositiveSmallIntegerField(
        "IMD decile",
        null=True,
        blank=True,
        help_text="1 most deprived, 10 least. Entered, or looked up from the postcode.",
    )
    recorded_on = models.DateField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(imd_decile__isnull=True) | Q(imd_decile__gte=1, imd_decile__lte=10),
                name="equality_imd_decile_1_to_10",
                violation_error_message="An IMD decile is a whole number from 1 to 10.",
            ),
        ]

    def __str__(self) -> str:
        return f"Equality monitoring of person {self.person_id}"

    @property
    def imd_quintile(self) -> int | None:
        return None if self.imd_decile is None else (self.imd_decile + 1) // 2


# Taking part ---------------------------------------------------------------------------------------


class RoleLevel(models.IntegerChoices):
    """NHS England's patient and public voice partner policy: four levels of involvement."""

    LEVEL_1 = 1, "Level 1: giving views (surveys, one-off events)"
    LEVEL_2 = 2, "Level 2: taking part in meetings or groups"
    LEVEL_3 = 3, "Level 3: member of a programme board or group with shared responsibility"
    LEVEL_4 = 4, "Level 4: leading or chairing (patient leader, lay chair)"


class Participation(OrgOwned, Versioned):
    """A person taking part in one activity or one structure."""

    organisation_path = "person__organisation"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    activity = models.ForeignKey(
        EngagementActivity, on_delete=models.CASCADE, null=True, blank=True, related_name="participations"
    )
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, null=True, blank=True, related_name="participations"
    )
    role = LineField(max_length=100, default="Participant", help_text="For example 'Member', 'Chair', 'Participant'.")
    role_level = models.PositiveSmallIntegerField(choices=RoleLevel.choices, default=RoleLevel.LEVEL_1)
    starts_on = PlausibleDateField(help_text="For a structure: the start of the term of office.")
    ends_on = PlausibleDateField(null=True, blank=True, help_text="For a structure: the end of the term of office.")
    hours = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal(0))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(activity__isnull=False) & Q(structure__isnull=True))
                | (Q(activity__isnull=True) & Q(structure__isnull=False)),
                name="participation_in_one_activity_or_structure",
                violation_error_message="Choose either an activity or a structure.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="participation_ends_after_start",
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=HOURS_MAX),
                name="participation_hours_in_range",
                violation_error_message="Hours must be from 0 to 1,000.",
            ),
        ]
        indexes = [
            models.Index(fields=["structure", "-starts_on"], name="participation_structure"),
            models.Index(fields=["activity", "-starts_on"], name="participation_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.activity or self.structure}"


class Attendance(OrgOwned):
    """A person at a structure's meeting."""

    organisation_path = "person__organisation"

    class Status(models.TextChoices):
        ATTENDED = "attended", "Attended"
        APOLOGIES = "apologies", "Sent apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(StructureMeeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ATTENDED)
    hours = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))

    class Meta:
        ordering = ["meeting", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="one_attendance_per_meeting",
                violation_error_message="This person's attendance at this meeting is already recorded.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}: {self.get_status_display()}"


class OpportunityQuerySet(OrgOwnedQuerySet):
    def open_on(self, day):
        """Published and not closed on `day`."""
        return self.filter(published=True).filter(Q(closes_on__isnull=True) | Q(closes_on__gte=day))


class Opportunity(OrgOwned, Versioned):
    """A chance to take part, published on the organisation's public page: an activity open to the
    public or a vacancy in a structure, with accessible details."""

    organisation_path = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="opportunities")
    title = LineField(max_length=200)
    summary = LongTextField(max_length=4_000, help_text="What taking part involves, in plain English.")
    activity = models.ForeignKey(
        EngagementActivity, on_delete=models.SET_NULL, null=True, blank=True, related_name="opportunities"
    )
    structure = models.ForeignKey(
        Structure, on_delete=models.SET_NULL, null=True, blank=True, related_name="opportunities"
    )
    where = LineField(max_length=300, help_text="The place and how to get there, or 'online'.")
    when = LineField(max_length=300, help_text="Dates and times, for example 'Tuesday 12 January, 2pm to 4pm'.")
    access = LongTextField(
        "access and support",
        max_length=2_000,
        blank=True,
        help_text="For example step-free venue, hearing loop, BSL interpreter on request.",
    )
    payment_offered = LineField(
        max_length=300, blank=True, help_text="For example 'Paid at level 2 rates; travel expenses refunded'."
    )
    role_level = models.PositiveSmallIntegerField(choices=RoleLevel.choices, default=RoleLevel.LEVEL_1)
    closes_on = PlausibleDateField(null=True, blank=True, help_text="The last day to register interest.")
    published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OpportunityQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["closes_on", "pk"]
        verbose_name_plural = "opportunities"

    def __str__(self) -> str:
        return self.title


class Interest(OrgOwned, Versioned):
    """A person's registration of interest in an opportunity, and what staff did with it."""

    organisation_path = "person__organisation"

    class Status(models.TextChoices):
        REGISTERED = "registered", "Registered"
        INVITED = "invited", "Invited"
        TAKING_PART = "taking_part", "Taking part"
        NOT_SELECTED = "not_selected", "Not selected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interests")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interests")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REGISTERED)
    message = LongTextField(
        "anything we should know", max_length=2_000, blank=True, help_text="Optional: why you are interested."
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-registered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "person"],
                name="one_interest_per_opportunity",
                violation_error_message="This person has already registered interest in this opportunity.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.opportunity}"


class RetentionRun(OrgOwned):
    """One run of the retention task for one organisation: how many people's contact details it
    removed, and the period of inactivity it used."""

    organisation_path = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="retention_runs")
    ran_at = models.DateTimeField(auto_now_add=True)
    inactive_days = models.PositiveIntegerField()
    removed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-ran_at", "-pk"]

    def __str__(self) -> str:
        return f"Retention run {self.ran_at:%Y-%m-%d}: {self.removed} removed"
