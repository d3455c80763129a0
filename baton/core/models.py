"""Organisations, the people who sign in, their roles in an organisation, API tokens and the audit
trail. Everything else in Baton belongs to an organisation and points down here."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
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

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. Their organisation and role come from their Membership."""

    email = models.EmailField(unique=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    ENGAGEMENT_LEAD = "engagement_lead", "Engagement lead"
    PROGRAMME_LEAD = "programme_lead", "Programme lead"
    LAY_MEMBER = "lay_member", "Lay member for involvement"
    BOARD_MEMBER = "board_member", "Board member"
    PATIENT_PARTNER = "patient_partner", "Patient partner"
    ADMIN = "admin", "System administrator"


class Membership(models.Model):
    """Which organisation a user belongs to, and in what role. One membership a user: the
    organisation decides everything the user may see."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"


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
    def issue(cls, user, name: str, days: int = DEFAULT_LIFETIME) -> tuple["ApiToken", str]:
        """A new token for user, valid for `days` (1 to MAX_LIFETIME). Audited issuing is
        `core.tokens.issue_token`; this is the bare row, for tests and data loaders."""
        if not 1 <= days <= cls.MAX_LIFETIME:
            raise ValueError(f"A token lasts from 1 to {int(cls.MAX_LIFETIME)} days, not {days}.")
        raw = "bt_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
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
