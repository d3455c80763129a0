"""The responsibilities register (hub element 3, "who does what"): the roles engagement needs in
the organisation and among its partners, what each is responsible for, and who holds each from when
to when.

This is not Baton's access control (`core.Role`, `core.RoleAssignment`: what a person may do in
Baton). A register role is a responsibility in the organisation: the clinical lead for patient and
public engagement, the Healthwatch representative. Its holder may be a Baton user or a named person
outside Baton.

The standard roles (NHS England's guidance and The Engagement Cycle's hub) are reference data: rows
with no organisation, loaded by a data migration, which an engagement lead copies into the
organisation's own register and then edits. Flags (vacant, term ended with no successor, never
filled) are computed from the holders' dates, never typed in."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from baton.core.fields import LineField, LongTextField, PlausibleDateField
from baton.core.models import Organisation, OrgOwned, OrgOwnedQuerySet, Versioned


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def current_q(today: date, prefix: str = "") -> Q:
    """Holders whose term covers `today`: started on or before it and not ended before it."""
    return Q(**{f"{prefix}starts_on__lte": today}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})
    )


class HubRoleQuerySet(OrgOwnedQuerySet):
    def standard(self):
        """The national reference roles (no organisation), as the data migration loaded them."""
        return self.filter(organisation__isnull=True)

    def with_holders(self, today: date | None = None):
        """Annotates each role, in one query, with what its flags are computed from: `holder_count`
        (every term ever recorded), `current_count` (terms covering `today`), `upcoming_count`
        (terms starting after `today`) and `last_ended_on` (the latest end before `today`)."""
        today = today or timezone.localdate()
        return self.annotate(
            holder_count=Count("holders", distinct=True),
            current_count=Count("holders", filter=current_q(today, "holders__"), distinct=True),
            upcoming_count=Count("holders", filter=Q(holders__starts_on__gt=today), distinct=True),
            last_ended_on=Max("holders__ends_on", filter=Q(holders__ends_on__lt=today)),
        ).order_by("kind", "order", "name", "pk")

    def flagged(self, today: date | None = None):
        """Roles with a flag: required and never filled, required and vacant, or a term ended with
        no successor (no current or future holder)."""
        return self.with_holders(today).filter(
            Q(required=True, current_count=0) | Q(last_ended_on__isnull=False, current_count=0, upcoming_count=0)
        )


class HubRole(OrgOwned, Versioned):
    """A role in the register: a hub role (held inside the organisation) or a partner role (held
    for a partner, such as the Health and Wellbeing Board or Healthwatch)."""

    organisation_path = "organisation"

    class Kind(models.TextChoices):
        HUB = "hub", "Hub role"
        PARTNER = "partner", "Partner role"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="hub_roles",
        help_text="Blank: one of the standard roles every organisation may add to its register.",
    )
    key = models.SlugField(
        max_length=50,
        blank=True,
        editable=False,
        help_text="The standard role this one was copied from, if any.",
    )
    name = LineField(max_length=200, help_text="For example 'Clinical lead for patient and public engagement'.")
    kind = models.CharField(
        "type of role",
        max_length=10,
        choices=Kind.choices,
        default=Kind.HUB,
        help_text="A hub role is held inside the organisation; a partner role is held for a partner organisation.",
    )
    responsibilities = LongTextField(
        max_length=4_000, help_text="What the holder of this role is responsible for, in plain English."
    )
    required = models.BooleanField(
        "required role",
        default=True,
        help_text="A required role with nobody holding it is flagged as a vacancy.",
    )
    order = models.PositiveSmallIntegerField(default=100, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HubRoleQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        verbose_name = "register role"
        ordering = ["kind", "order", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="register_role_name_unique_in_org",
                violation_error_message="The register already has a role with this name. Choose another name.",
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(organisation__isnull=True),
                name="one_standard_role_per_key",
                violation_error_message="There is already a standard role with this key.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def flags(self, today: date | None = None) -> list[str]:
        """What the register flags about this role, in words. Reads the annotations of
        `with_holders()` (no query), or counts the holders itself."""
        today = today or timezone.localdate()
        annotated = self.__dict__
        if "current_count" in annotated:
            total, current, upcoming, ended = (
                annotated["holder_count"],
                annotated["current_count"],
                annotated["upcoming_count"],
                annotated["last_ended_on"],
            )
        else:
            holders = list(self.holders.all())
            total = len(holders)
            current = sum(1 for h in holders if h.is_current(today))
            upcoming = sum(1 for h in holders if h.starts_on > today)
            ends = [h.ends_on for h in holders if h.ends_on and h.ends_on < today]
            ended = max(ends) if ends else None
        found = []
        if self.required and total == 0:
            found.append("Never filled: this required role has never had a holder.")
        elif self.required and current == 0:
            found.append("Vacant: nobody holds this required role today.")
        if ended is not None and current == 0 and upcoming == 0:
            found.append(f"Term ended on {ended.day} {ended:%B %Y} with no successor.")
        return found

    def blockers_to_deleting(self, today: date | None = None) -> list[str]:
        """A role somebody holds today stays in the register until their term is ended: deleting
        it would lose who answers for that responsibility now."""
        today = today or timezone.localdate()
        current = self.holders.filter(current_q(today)).count()
        if current:
            return [
                f"{_plural(current, 'person holds', 'people hold')} this role today. "
                "End their term first, so the register keeps who answered for it."
            ]
        return []


class RoleHolderQuerySet(OrgOwnedQuerySet):
    def current(self, today: date | None = None):
        return self.filter(current_q(today or timezone.localdate()))

    def with_people(self):
        return self.select_related("role", "person")


class RoleHolder(OrgOwned, Versioned):
    """One person's term in a register role: a Baton user of the organisation, or a named person
    outside Baton (with their organisation and contact details)."""

    organisation_path = "role__organisation"

    role = models.ForeignKey(HubRole, on_delete=models.CASCADE, related_name="holders")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="register_terms",
        help_text="Someone who uses Baton in your organisation. Leave blank for someone outside Baton.",
    )
    name = LineField(
        "name of someone outside Baton",
        max_length=200,
        blank=True,
        help_text="For example the Healthwatch chief executive. Leave blank if you chose someone who uses Baton.",
    )
    holder_organisation = LineField(
        "their organisation",
        max_length=200,
        blank=True,
        help_text="For example 'Healthwatch North Riverside'.",
    )
    contact = LineField(max_length=200, blank=True, help_text="An email address or phone number.")
    starts_on = PlausibleDateField("term starts on")
    ends_on = PlausibleDateField("term ends on", null=True, blank=True, help_text="Blank: until further notice.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleHolderQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        verbose_name = "role holder"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(name="")) | (Q(person__isnull=True) & ~Q(name="")),
                name="holder_is_a_user_or_a_named_person",
                violation_error_message="Choose someone who uses Baton, or give the name of someone outside Baton, "
                "not both.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="holder_term_ends_after_it_starts",
                violation_error_message="The term must end on or after the day it starts.",
            ),
        ]
        indexes = [models.Index(fields=["role", "starts_on"], name="holder_role_starts")]

    def __str__(self) -> str:
        return f"{self.holder_name} ({self.role})"

    @property
    def holder_name(self) -> str:
        if self.person_id is not None and self.person is not None:
            return self.person.get_full_name() or self.person.username
        return self.name

    def is_current(self, today: date) -> bool:
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)

    def status(self, today: date) -> str:
        if self.starts_on > today:
            return "upcoming"
        return "current" if self.is_current(today) else "ended"

    def overlapping_terms(self):
        """The same person's other terms in the same role that overlap this one."""
        same = RoleHolder.objects.filter(role_id=self.role_id).exclude(pk=self.pk)
        same = same.filter(person_id=self.person_id) if self.person_id else same.filter(name__iexact=self.name)
        if self.ends_on is not None:
            same = same.filter(starts_on__lte=self.ends_on)
        return same.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on))

    def blockers_to_holding(self) -> list[str]:
        """Why this term cannot be recorded as it stands: the same person already holds the role
        for part of the time (one term per person at a time, so the register counts people once)."""
        clash = self.overlapping_terms().order_by("starts_on").first()
        if clash is None:
            return []
        until = f"{clash.ends_on.day} {clash.ends_on:%B %Y}" if clash.ends_on else "further notice"
        return [
            f"{self.holder_name} already holds this role from {clash.starts_on.day} {clash.starts_on:%B %Y} "
            f"to {until}. Change that term instead."
        ]

    def blockers_to_ending(self, ends_on: date, today: date | None = None) -> list[str]:
        """Why this term cannot end on `ends_on`: a term that has already ended is history (change
        it instead), and no term ends before it starts."""
        today = today or timezone.localdate()
        reasons = []
        if self.ends_on is not None and self.ends_on < today:
            reasons.append(f"This term already ended on {self.ends_on.day} {self.ends_on:%B %Y}.")
        if ends_on < self.starts_on:
            reasons.append(f"The term cannot end before it starts ({self.starts_on.day} {self.starts_on:%B %Y}).")
        return reasons
