"""The daily digest: each person is told, once a day, what waits for them and is overdue.
Run by `baton digest` from the scheduler (cron, a Kubernetes CronJob, ...)."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import timezone

from baton.core.models import Membership, Organisation, Role

from . import stages
from .models import Handover, InsightItem, StageRun


def _link(name, *args) -> str:
    return settings.BATON_BASE_URL.rstrip("/") + reverse(name, args=args)


def digest_lines(organisation: Organisation, now=None) -> dict[int, list[str]]:
    """user id -> lines of their digest, for one organisation. A fixed number of queries."""
    now = now or timezone.now()
    lines: dict[int, list[str]] = defaultdict(list)
    limit = organisation.handover_limit_days
    waiting = (
        Handover.objects.for_org(organisation)
        .with_parties()
        .filter(status__in=[Handover.Status.PENDING, Handover.Status.QUERIED])
    )
    overdue_ids = set(Handover.objects.overdue(organisation, now=now).values_list("pk", flat=True))
    for h in waiting:
        days = (now - h.created_at).days
        late = " (OVERDUE)" if h.pk in overdue_ids else ""
        if h.status == Handover.Status.PENDING:
            lines[h.next_owner_id].append(
                f"Accept or query the hand-over of {h.from_run.programme} to {stages.label(h.to_stage)}, "
                f"waiting {days} days{late}: {_link('cycle:handover_detail', h.pk)}"
            )
        else:
            sender = h.created_by_id or h.from_run.owner_id
            lines[sender].append(
                f"Answer the query on your hand-over of {h.from_run.programme} to {stages.label(h.to_stage)}{late}: "
                f"{_link('cycle:handover_detail', h.pk)}"
            )
    leads = Membership.objects.filter(
        organisation=organisation, role__in=[Role.ENGAGEMENT_LEAD, Role.ADMIN]
    ).values_list("user_id", flat=True)
    overdue = len(overdue_ids)
    closed = StageRun.objects.for_org(organisation).closed_without_handover().count()
    dropped = InsightItem.objects.for_org(organisation).dropped().count()
    if overdue or closed or dropped:
        summary = (
            f"Dropped batons across {organisation}: {overdue} hand-overs not accepted within {limit} days, "
            f"{closed} stage runs closed without a hand-over, {dropped} insight items never carried forward, "
            f"answered or closed: {_link('cycle:hub')}"
        )
        for user_id in leads:
            lines[user_id].append(summary)
    return lines


def send_daily_digest(now=None) -> int:
    """Send one email to each person with something waiting. Returns how many were sent."""
    from baton.core.models import User

    sent = 0
    for organisation in Organisation.objects.all():
        lines = digest_lines(organisation, now=now)
        users = User.objects.filter(pk__in=lines.keys(), is_active=True).exclude(email="")
        messages = [
            (
                f"Baton: {len(lines[u.pk])} thing{'s' if len(lines[u.pk]) != 1 else ''} waiting for you",
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
