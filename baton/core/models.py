"""Organisations, the people who sign in, their roles in an organisation, API tokens and the audit
trail. Everything else in Baton belongs to an organisation and points down here."""

import hashlib
import secrets
from datetime import date, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Organisation(models.Model):
    class Type(models.TextChoices):
        ICB = "icb", "Integrated Care Board"
        TRUST = "trust", "NHS trust"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        VCSE = "vcse", "Voluntary, community or social enterprise"
        HEALTHWATCH = "healthwatch", "Healthwatch"
        PCN = "pcn", "Primary care network"
        PRACTICE = "practice", "GP practice"

    name = models.CharField(max_length=200)
    ods_code = models.CharField(
        "ODS code", max_length=10, unique=True, help_text="Organisation Data Service code, for example QWE."
    )
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.ICB)
    handover_limit_days = models.PositiveIntegerField(
        default=30,
        help_text="A hand-over not accepted within this many days is a dropped baton.",
    )
    public_slug = models.SlugField(unique=True, help_text="Used in the addresses of this organisation's public pages.")
    engagement_email = models.EmailField(
        blank=True, help_text="Where the public can write to the engagement team; shown on the public pages."
    )
    engagement_phone = models.CharField(
        max_length=40, blank=True, help_text="The engagement team's phone number, shown on the public pages."
    )
    engagement_contact = models.TextField(
        max_length=2_000,
        blank=True,
        help_text="How else people can get in touch or take part (post, drop-in sessions, an easy read or BSL offer).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. What they may see and do comes from their memberships: one for each
    organisation they work for, each with the roles they hold there (see docs/decisions/0003)."""

    email = models.EmailField(unique=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    ENGAGEMENT_LEAD = "engagement_lead", "Engagement lead"
    PROGRAMME_LEAD = "programme_lead", "Programme lead"
    LAY_MEMBER = "lay_member", "Lay member for involvement"
    BOARD_MEMBER = "board_member", "Board member"
    PATIENT_PARTNER = "patient_partner", "Patient partner"
    FINANCE = "finance", "Finance officer"
    ADMIN = "admin", "System administrator"


class Membership(models.Model):
    """A user's place in one organisation. A user may work for several organisations (staff of a
    commissioning support unit serve several ICBs): each request acts for one of them, chosen when
    the person signs in, and sees nothing of the others. What they may do there comes from the
    roles they hold, each for a period (`RoleAssignment`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"

    def current_roles(self, today: date | None = None) -> frozenset[str]:
        """The roles held on `today` (default: today). Reads the prefetched assignments when the
        caller prefetched them (`role_assignments`), so asking costs no query per row."""
        today = today or timezone.localdate()
        return frozenset(a.role for a in self.role_assignments.all() if a.is_current(today))


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self, today: date | None = None):
        """Assignments held on `today`: started (or with no start) and not ended."""
        today = today or timezone.localdate()
        return self.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=today), Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )


class RoleAssignment(models.Model):
    """A role held in an organisation from a date to a date. A lay member may also sit on the
    board; someone who hands a role on keeps the record of having held it."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=20, choices=Role.choices)
    starts_on = models.DateField(null=True, blank=True, help_text="Blank: held since before Baton recorded it.")
    ends_on = models.DateField(null=True, blank=True, help_text="Blank: held until further notice.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["membership", "role", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="role_ends_after_it_starts",
                violation_error_message="A role must end on or after the day it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.membership})"

    def is_current(self, today: date) -> bool:
        return (self.starts_on is None or self.starts_on <= today) and (self.ends_on is None or self.ends_on >= today)


class Versioned(models.Model):
    """Optimistic locking: every change through `core.actions.change_record` bumps `version`; an
    edit made against an older version is refused instead of silently overwriting someone else's
    change (docs/decisions/0002)."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class OrgOwnedQuerySet(models.QuerySet):
    def for_org(self, organisation):
        """Rows belonging to one organisation (an Organisation or its id), by the model's one
        declared path to it."""
        return self.filter(**{self.model.organisation_path: organisation})


class OrgOwned(models.Model):
    """Every domain record belongs to one organisation, reached by one declared path
    (`organisation_path`, for example "stage_run__programme__organisation"). The audit trail,
    `permissions.get_for_user` (404 across organisations) and `for_org()` all follow that path,
    so a new model says it once."""

    organisation_path: ClassVar[str] = "organisation"

    objects = OrgOwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    def owning_organisation(self) -> Organisation:
        obj: Any = self
        for step in self.organisation_path.split("__"):
            obj = getattr(obj, step)
        return obj


class ApiToken(models.Model):
    """A bearer token for the API. Only a hash is stored; the token is shown once. Every token
    expires, at most a year after it is issued, so a forgotten or leaked one stops working."""

    class Lifetime(models.IntegerChoices):
        DAYS_30 = 30, "30 days"
        DAYS_90 = 90, "90 days"
        DAYS_180 = 180, "180 days"
        YEAR = 365, "1 year"

    DEFAULT_LIFETIME = Lifetime.DAYS_90
    MAX_LIFETIME = Lifetime.YEAR

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        help_text="The organisation the token acts for: one of its user's memberships when it was issued.",
    )
    name = models.CharField(max_length=100, help_text="What the token is for, for example 'Power BI export'.")
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(help_text="The token stops working at this time.")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str, days: int = DEFAULT_LIFETIME, organisation=None) -> tuple["ApiToken", str]:
        """A new token for user, valid for `days` (1 to MAX_LIFETIME), acting for `organisation`
        (default: the one the user acts for now). Audited issuing is `core.tokens.issue_token`;
        this is the bare row, for tests and data loaders."""
        if not 1 <= days <= cls.MAX_LIFETIME:
            raise ValueError(f"A token lasts from 1 to {int(cls.MAX_LIFETIME)} days, not {days}.")
        if organisation is None:
            from .permissions import membership

            member = membership(user)
            organisation = member.organisation if member else None
        raw = "bt_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            organisation=organisation,
            name=name,
            prefix=raw[:8],
            digest=cls.hash(raw),
            expires_at=timezone.now() + timedelta(days=days),
        )
        return token, raw


class AuditEvent(models.Model):
    """One change to domain data: who, when, what, the record before and after. Written by actions,
    never by views. A 'delete' event keeps every row the deletion removed, so it can be undone."""

    class Verb(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        RESTORE = "restore", "Restored"
        ACTION = "action", "Action"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=10, choices=Verb.choices)
    action = models.CharField(max_length=60, help_text="The action that made the change, for example close_stage_run.")
    model = models.CharField(max_length=60, help_text="app_label.model of the record")
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=200)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    deleted_rows = models.JSONField(
        null=True, blank=True, help_text="Serialised rows removed by a delete, for restore."
    )
    restored_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "model", "object_id"]),
            # The audit log: one organisation's events, newest first, counted and paged.
            models.Index(fields=["organisation", "-created_at", "-id"], name="audit_org_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.get_verb_display()} {self.object_repr}"

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class Submission(models.Model):
    """A form or API request that must take effect once: its one-time key (a hidden field in the
    form, or the API's Idempotency-Key header) and what it made. Pressing a button twice, or a
    client retrying, finds the key and gets the first result instead of a second record."""

    key = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    scope = models.CharField(max_length=100, help_text="What the key was used for: a form, or an API operation.")
    result_model = models.CharField(max_length=60, blank=True)
    result_id = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # A key is one person's: nobody can reach another's result by guessing or reusing it.
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_submission_per_key")]

    def __str__(self) -> str:
        return self.key
