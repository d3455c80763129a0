"""Trusting relationships (hub element 7): the partner organisations the organisation works with
(voluntary and community groups, Healthwatch, patient leader networks, local authority teams), the
people there it talks to, the dialogue with them over each programme's stages of the Cycle, what
was promised in it and whether it was kept; and communications: each programme's communication
plan and the requests for alternative formats, tracked to fulfilment.

Relationship health is computed from the data, never typed in: `PartnerQuerySet.with_health()`
annotates what it needs in one query and `Partner.health()` says it in words; `flagged()` filters
by the same thresholds. Pages, the API and the hub all ask these."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from baton.core.fields import LineField, LongTextField, PlausibleDateField
from baton.core.models import Organisation, OrgOwned, OrgOwnedQuerySet, Versioned
from baton.cycle import stages
from baton.cycle.models import EngagementActivity, Programme, StageRun
from baton.people.models import Person

QUIET_DAYS = 90  # no contact for longer than this is a relationship going cold
ODS_SHAPE = r"^[A-Z0-9]{3,6}$"  # ODS codes are 3 to 6 capital letters and digits (RXX, RXX01, 8HV48)

_WORDS = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]


def counted(n: int, one: str, many: str) -> str:
    """'Two promises', 'One promise', '12 promises': small numbers in words, as people say them."""
    number = _WORDS[n] if 0 <= n < len(_WORDS) else str(n)
    return f"{number} {one if n == 1 else many}"


def ukdate(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# Reference data ---------------------------------------------------------------------------------


class PartnerType(models.Model):
    """A kind of partner organisation (editable reference data, loaded by a data migration). A
    community partner (voluntary and community groups, Healthwatch, patient leader networks, faith
    groups) is what the hub's "stages with no community partner" looks for; a statutory partner
    (a local authority team) is a partner but not the community's voice."""

    key = models.SlugField(max_length=40, unique=True)
    name = LineField(max_length=100, unique=True)
    community = models.BooleanField(
        "community partner",
        default=True,
        help_text="A voluntary or community group, Healthwatch, a patient leader network: the community's voice.",
    )
    position = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(default=True, help_text="A retired type stays on the partners that have it.")

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "partner type"

    def __str__(self) -> str:
        return self.name


# Partners -----------------------------------------------------------------------------------------


def _overdue_q(today: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}outcome": Promise.Outcome.OPEN, f"{prefix}due_on__lt": today})


def quiet_q(today: date) -> Q:
    """Partners (annotated by `with_health()`) with no contact in `QUIET_DAYS` days, or none ever."""
    return Q(last_spoke_on__isnull=True) | Q(last_spoke_on__lt=today - timedelta(days=QUIET_DAYS))


def flagged_q(today: date) -> Q:
    """Partners (annotated by `with_health()`) whose health says something to act on."""
    return quiet_q(today) | Q(overdue_promises__gt=0) | Q(owner__isnull=True)


class PartnerQuerySet(OrgOwnedQuerySet):
    def with_health(self, today: date | None = None):
        """Annotates, in one query, what relationship health is computed from: `last_spoke_on`
        (the latest dialogue), `overdue_promises` (open promises past their due date) and
        `open_promises`. Subqueries, so the counts never multiply each other."""
        today = today or timezone.localdate()
        last = Dialogue.objects.filter(partner=OuterRef("pk")).order_by().values("partner")
        promises = Promise.objects.filter(partner=OuterRef("pk")).order_by().values("partner")
        return self.select_related("type", "owner").annotate(
            last_spoke_on=Subquery(last.annotate(m=Max("happened_on")).values("m")[:1]),
            overdue_promises=Coalesce(
                Subquery(promises.filter(_overdue_q(today)).annotate(n=Count("pk")).values("n")[:1]), 0
            ),
            open_promises=Coalesce(
                Subquery(
                    promises.filter(outcome=Promise.Outcome.OPEN).annotate(n=Count("pk")).values("n")[:1],
                ),
                0,
            ),
        )

    def flagged(self, today: date | None = None):
        """Partners whose health says something to act on: no contact in `QUIET_DAYS` days (or
        none ever), a promise overdue, or nobody owning the relationship. The same rules as
        `Partner.health()`."""
        today = today or timezone.localdate()
        return self.with_health(today).filter(self.quiet_q(today) | Q(overdue_promises__gt=0) | Q(owner__isnull=True))

    @staticmethod
    def quiet_q(today: date) -> Q:
        return Q(last_spoke_on__isnull=True) | Q(last_spoke_on__lt=today - timedelta(days=QUIET_DAYS))


class Partner(OrgOwned, Versioned):
    """A partner organisation: who they are, who owns the relationship on our side."""

    organisation_path = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="partners")
    name = LineField(max_length=200, help_text="For example 'Age UK Leeds' or 'Healthwatch Barnet'.")
    type = models.ForeignKey(PartnerType, on_delete=models.PROTECT, related_name="partners", verbose_name="type")
    ods_code = models.CharField(
        "ODS code",
        max_length=6,
        blank=True,
        help_text="Their Organisation Data Service code, if they have one: 3 to 6 capital letters and digits.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_partners",
        verbose_name="relationship owner",
        help_text="Who in your organisation owns this relationship.",
    )
    about = LongTextField(
        max_length=2_000, blank=True, help_text="Who they are, who they speak for, how they like to work."
    )
    email = models.EmailField(blank=True)
    phone = LineField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="partner_name_unique_in_org",
                violation_error_message="There is already a partner with this name. Choose another name.",
            ),
            models.UniqueConstraint(
                fields=["organisation", "ods_code"],
                condition=~Q(ods_code=""),
                name="partner_ods_code_unique_in_org",
                violation_error_message="Another partner already has this ODS code.",
            ),
            models.CheckConstraint(
                condition=Q(ods_code="") | Q(ods_code__regex=ODS_SHAPE),
                name="partner_ods_code_shape",
                violation_error_message="An ODS code is 3 to 6 capital letters and digits, for example RXX or 8HV48.",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "name"], name="partner_org_name"),
            models.Index(fields=["organisation", "owner"], name="partner_org_owner"),
        ]

    def __str__(self) -> str:
        return self.name

    def health(self, today: date | None = None) -> list[str]:
        """Relationship health in words: what to act on, or nothing. Reads the annotations of
        `with_health()` (no query), or asks the database itself."""
        today = today or timezone.localdate()
        if "overdue_promises" not in self.__dict__:
            annotated = Partner.objects.with_health(today).get(pk=self.pk)
            self.last_spoke_on = annotated.last_spoke_on
            self.overdue_promises = annotated.overdue_promises
            self.open_promises = annotated.open_promises
        found = []
        last = self.last_spoke_on
        if last is None:
            found.append("No contact recorded yet")
        elif last < today - timedelta(days=QUIET_DAYS):
            found.append(f"No contact in {QUIET_DAYS} days (last on {ukdate(last)})")
        if self.overdue_promises:
            found.append(f"{counted(self.overdue_promises, 'promise', 'promises')} overdue")
        if self.owner_id is None:
            found.append("Nobody owns this relationship")
        return found

    def stages_involved(self) -> list[tuple[str, str]]:
        """(programme name, stage label) pairs the partner has been involved in through dialogue,
        by programme then stage order."""
        pairs = (
            Dialogue.objects.filter(partner=self)
            .values_list("programme__name", "stage")
            .distinct()
            .order_by("programme__name", "stage")
        )
        found = sorted(set(pairs), key=lambda p: (p[0], stages.KEYS.index(p[1])))
        return [(name, stages.label(stage)) for name, stage in found]

    def blockers_to_deleting(self) -> list[str]:
        """A partner with dialogue on record is part of the Cycle's history: it stays."""
        n = self.dialogues.count()
        if n:
            return [
                f"{counted(n, 'dialogue entry is', 'dialogue entries are')} recorded with {self.name}. "
                "Delete them first, or keep the partner: it is part of the programmes' history."
            ]
        return []


class Contact(OrgOwned, Versioned):
    """Someone at a partner organisation: name, role, how to reach them. A patient leader may be
    linked to their record in the people register."""

    organisation_path = "partner__organisation"

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = LineField(max_length=200)
    role = LineField(max_length=200, blank=True, help_text="For example 'Chief executive' or 'Carers' lead'.")
    email = models.EmailField(blank=True)
    phone = LineField(max_length=40, blank=True)
    patient_leader = models.BooleanField(
        "this contact is a patient leader", default=False, help_text="Someone who speaks for patients and carers."
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_contacts",
        verbose_name="their record in the people register",
        help_text="Only for a patient leader, and only someone in your organisation's people register.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(patient_leader=True),
                name="contact_person_only_for_patient_leader",
                violation_error_message="Only a patient leader is linked to the people register.",
            ),
        ]
        indexes = [models.Index(fields=["partner", "name"], name="contact_partner_name")]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}" if self.role else self.name


# Dialogue and promises -------------------------------------------------------------------------------


class Dialogue(OrgOwned, Versioned):
    """One conversation with a partner (a meeting, a call, an email, an event), logged against a
    programme and a stage of the Cycle: when, what was said, who from our side, which contacts."""

    organisation_path = "partner__organisation"

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        CALL = "call", "Call"
        EMAIL = "email", "Email"
        EVENT = "event", "Event"

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="dialogues")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="partner_dialogues")
    stage = models.CharField("stage of the Cycle", max_length=10, choices=stages.CHOICES)
    kind = models.CharField("type", max_length=10, choices=Kind.choices, default=Kind.MEETING)
    happened_on = PlausibleDateField("date")
    summary = LongTextField(max_length=4_000, help_text="What was said and agreed, in plain English.")
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="partner_dialogues",
        verbose_name="who from our side",
    )
    contacts = models.ManyToManyField(Contact, blank=True, related_name="dialogues", verbose_name="their contacts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = "dialogue entry"
        verbose_name_plural = "dialogue entries"
        indexes = [
            models.Index(fields=["partner", "-happened_on"], name="dialogue_partner_latest"),
            models.Index(fields=["programme", "stage", "-happened_on"], name="dialogue_programme_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.partner.name} on {ukdate(self.happened_on)}"

    def blockers_to_recording(self, today: date | None = None) -> list[str]:
        """Dialogue is what happened: never in the future."""
        today = today or timezone.localdate()
        if self.happened_on and self.happened_on > today:
            return ["Dialogue is logged after it happens: the date cannot be in the future."]
        return []


class Promise(OrgOwned, Versioned):
    """What we promised a partner in a dialogue entry, by when, and whether we kept it."""

    organisation_path = "partner__organisation"

    class Outcome(models.TextChoices):
        OPEN = "open", "Not yet due or not yet done"
        KEPT = "kept", "Kept"
        BROKEN = "broken", "Broken"

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="promises")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="promises", editable=False)
    text = LineField("what we promised", max_length=500)
    due_on = PlausibleDateField("due by")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    outcome_on = PlausibleDateField(
        "kept or broken on", null=True, blank=True, help_text="The day it was kept, or the day it was broken."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome="open") & Q(outcome_on__isnull=True))
                | (~Q(outcome="open") & Q(outcome_on__isnull=False)),
                name="promise_outcome_has_its_date",
                violation_error_message="A promise kept or broken needs the date it was kept or broken; "
                "an open one has none.",
            ),
        ]
        indexes = [models.Index(fields=["partner", "outcome", "due_on"], name="promise_partner_due")]

    def __str__(self) -> str:
        return self.text

    def is_overdue(self, today: date) -> bool:
        return self.outcome == self.Outcome.OPEN and self.due_on < today

    def state(self, today: date) -> str:
        if self.outcome == self.Outcome.KEPT:
            return f"Kept on {ukdate(self.outcome_on)}" if self.outcome_on else "Kept"
        if self.outcome == self.Outcome.BROKEN:
            return f"Broken on {ukdate(self.outcome_on)}" if self.outcome_on else "Broken"
        return "Overdue" if self.is_overdue(today) else "Open"

    def blockers_to_settling(self, outcome: str, on: date | None, today: date | None = None) -> list[str]:
        """Why the promise cannot be recorded as kept or broken on `on`."""
        today = today or timezone.localdate()
        if outcome == self.Outcome.OPEN:
            return []
        reasons = []
        if on is not None and on > today:
            reasons.append("A promise is kept or broken on a day that has come: the date cannot be in the future.")
        if on is not None and on < self.dialogue.happened_on:
            reasons.append(f"The promise was made on {ukdate(self.dialogue.happened_on)}: it cannot be settled before.")
        return reasons


# Communications ------------------------------------------------------------------------------------


class CommsItem(OrgOwned, Versioned):
    """One item of a programme's communication plan: to whom, by which channel, when, and in which
    accessible formats and languages."""

    organisation_path = "programme__organisation"

    class Channel(models.TextChoices):
        LETTER = "letter", "Letter"
        EMAIL = "email", "Email"
        WEBSITE = "website", "Website"
        SOCIAL = "social", "Social media"
        NEWSLETTER = "newsletter", "Newsletter"
        LEAFLET = "leaflet", "Leaflet or poster"
        PRESS = "press", "Press or radio"
        EVENT = "event", "Event or meeting"
        PARTNERS = "partners", "Through partners"
        OTHER = "other", "Other"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="comms_items")
    audience = LineField(max_length=200, help_text="Who it is for, for example 'carers of people with dementia'.")
    message = LineField("what it says", max_length=300, blank=True)
    channel = models.CharField(max_length=12, choices=Channel.choices)
    planned_on = PlausibleDateField("date")
    accessible_formats = LineField(
        max_length=300, blank=True, help_text="For example 'easy read, large print, BSL video'."
    )
    languages = LineField(
        max_length=300, blank=True, help_text="Languages other than English, for example 'Urdu, Polish'."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = "communication plan item"
        indexes = [models.Index(fields=["programme", "planned_on"], name="comms_programme_date")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.audience}"


class FormatRequestQuerySet(OrgOwnedQuerySet):
    def open(self):
        return self.filter(fulfilled_on__isnull=True)

    def overdue(self, today: date | None = None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class FormatRequest(OrgOwned, Versioned):
    """A request for material in another format (easy read, large print, a BSL video, audio,
    Braille, another language), tracked from the day it was asked for to the day it was sent."""

    organisation_path = "organisation"

    class Format(models.TextChoices):
        EASY_READ = "easy_read", "Easy read"
        LARGE_PRINT = "large_print", "Large print"
        BSL = "bsl_video", "British Sign Language video"
        AUDIO = "audio", "Audio"
        BRAILLE = "braille", "Braille"
        LANGUAGE = "language", "Another language"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="format_requests")
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="format_requests"
    )
    format = models.CharField(max_length=12, choices=Format.choices)
    language = LineField(max_length=100, blank=True, help_text="Only for another language: which one.")
    material = LineField("for which material", max_length=300, help_text="For example 'the consultation document'.")
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="format_requests",
        verbose_name="requested by (people register)",
    )
    requester_name = LineField(
        "requested by (name)", max_length=200, blank=True, help_text="If they are not in the people register."
    )
    requested_on = PlausibleDateField()
    due_on = PlausibleDateField("due by")
    fulfilled_on = PlausibleDateField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="format_requests",
        help_text="Who makes sure it is sent.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FormatRequestQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "alternative format request"
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("requested_on")),
                name="format_due_after_requested",
                violation_error_message="The due date must be on or after the day it was requested.",
            ),
            models.CheckConstraint(
                condition=Q(fulfilled_on__isnull=True) | Q(fulfilled_on__gte=F("requested_on")),
                name="format_fulfilled_after_requested",
                violation_error_message="It cannot be fulfilled before it was requested.",
            ),
            models.CheckConstraint(
                condition=(Q(format="language") & ~Q(language="")) | (~Q(format="language") & Q(language="")),
                name="format_language_named",
                violation_error_message="Name the language for a request in another language, and only then.",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(requester_name=""),
                name="format_requester_known",
                violation_error_message="Say who asked: choose them from the people register or give a name.",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "fulfilled_on", "due_on"], name="format_open_due"),
            models.Index(fields=["owner", "fulfilled_on", "due_on"], name="format_owner_due"),
        ]

    def __str__(self) -> str:
        return f"{self.format_label} of {self.material}"

    @property
    def format_label(self) -> str:
        return f"{self.language}" if self.format == self.Format.LANGUAGE else self.get_format_display()

    @property
    def requested_by(self) -> str:
        if self.person_id is not None and self.person is not None:
            return self.person.name
        return self.requester_name

    def is_overdue(self, today: date) -> bool:
        return self.fulfilled_on is None and self.due_on < today

    def state(self, today: date) -> str:
        if self.fulfilled_on is not None:
            return f"Fulfilled on {ukdate(self.fulfilled_on)}"
        return "Overdue" if self.is_overdue(today) else "Open"

    def blockers_to_fulfilling(self, on: date, today: date | None = None) -> list[str]:
        today = today or timezone.localdate()
        reasons = []
        if self.fulfilled_on is not None:
            reasons.append(f"This request was already fulfilled on {ukdate(self.fulfilled_on)}.")
        return reasons + self.blockers_to_dating(on, today)

    def blockers_to_dating(self, on: date | None, today: date | None = None) -> list[str]:
        """A request is fulfilled on a day that has come."""
        today = today or timezone.localdate()
        if on is not None and on > today:
            return ["A request is fulfilled on a day that has come: the date cannot be in the future."]
        return []


# The hub's question ------------------------------------------------------------------------------------


def runs_without_community_partner(organisation):
    """Stage runs (open or closed: work that happened) of the organisation's programmes with no
    dialogue entry from a community partner in that programme and stage, and no engagement activity
    in the run that named a partner organisation."""
    # The community partners first, as a set the dialogue lookup checks each row against: the
    # search for one entry per run stops at the first it finds (a join here made PostgreSQL hash
    # every entry of the programme's stage, for every run: 150 ms at a large ICB).
    partners = Partner.objects.filter(organisation=organisation, type__community=True).values("pk")
    community = Dialogue.objects.filter(programme=OuterRef("programme"), stage=OuterRef("stage"), partner__in=partners)
    with_partner = EngagementActivity.objects.filter(stage_run=OuterRef("pk")).exclude(partners="")
    return (
        StageRun.objects.for_org(organisation)
        .exclude(status=StageRun.Status.PLANNED)
        .filter(~Exists(community), ~Exists(with_partner))
    )
