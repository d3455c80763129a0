"""The daily digest: each person is told, once a day, what waits for them and what is overdue, in
one email gathering every area's lines (core.registry.digest). Run by `baton digest` from the
scheduler (cron, a Kubernetes CronJob, ...)."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from django.core.mail import send_mass_mail
from django.utils import timezone

from baton.core import registry
from baton.core.models import Organisation, User

log = logging.getLogger(__name__)


def digest_lines(organisation: Organisation, now: datetime | None = None) -> dict[int, list[str]]:
    """user id -> the lines of their digest for one organisation, from every area."""
    now = now or timezone.now()
    lines: dict[int, list[str]] = defaultdict(list)
    for source in registry.digest_sources():
        for user_id, user_lines in source(organisation, now).items():
            lines[user_id].extend(user_lines)
    return lines


def send_daily_digest(now: datetime | None = None) -> int:
    """Send one email to each person with something waiting, per organisation. Returns how many
    were sent."""
    sent = 0
    for organisation in Organisation.objects.all():
        lines = digest_lines(organisation, now=now)
        users = User.objects.filter(pk__in=lines.keys(), is_active=True).exclude(email="")
        messages = [
            (
                f"Baton: {len(lines[u.pk])} thing{'s' if len(lines[u.pk]) != 1 else ''} waiting for you at {organisation}",
                f"Hello {u.get_full_name() or u.username},\n\n"
                + "\n\n".join(f"- {line}" for line in lines[u.pk])
                + "\n",
                None,
                [u.email],
            )
            for u in users
        ]
        sent += send_mass_mail(messages, fail_silently=False) if messages else 0
    return sent
