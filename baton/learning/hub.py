"""Learning's contributions to the rest of the house (core.registry), registered from the
AppConfig: its navigation entries, its measures of hub elements 9 (learning for staff) and 10 (for
people who take part), each person's work (their own learning missing or expired; open support
requests for those who record learning), digest lines, a section on a person's page (and so on
"My involvement"), and the advice given when someone is added to a participation whose role needs
learning they lack."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from baton.core import registry
from baton.core.models import Organisation, User
from baton.core.permissions import membership
from baton.people.models import Participation, Person

from . import status
from .models import LearningNeed, LearningRecord
from .permissions import can_read, can_record

registry.nav_item("Learning", "learning:index", order=58, prefix="/learning/", visible=can_read)


def _only_own(user: User) -> bool:
    """Someone here only as a patient partner: their own learning is their entry."""
    return membership(user) is not None and not can_read(user)


registry.nav_item("My learning", "learning:me", order=58, prefix="/learning/me/", visible=_only_own)

SHOWN = 5


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _coverage(ctx: registry.HubContext, staff: bool) -> status.Coverage:
    found: status.Coverage = ctx.once(
        f"learning.coverage.{staff}", lambda: status.coverage(ctx.organisation.pk, ctx.today, staff=staff)
    )
    return found


def _open_needs(ctx: registry.HubContext) -> dict[str, int]:
    def count() -> dict[str, int]:
        from django.db.models import Count, Q

        found: dict[str, int] = (
            LearningNeed.objects.for_org(ctx.organisation)
            .filter(status=LearningNeed.Status.OPEN)
            .aggregate(
                staff=Count("pk", filter=Q(user__isnull=False)), public=Count("pk", filter=Q(person__isnull=False))
            )
        )
        return found

    result: dict[str, int] = ctx.once("learning.needs", count)
    return result


def _status(ctx: registry.HubContext, staff: bool) -> registry.Status:
    c = _coverage(ctx, staff)
    needs = _open_needs(ctx)["staff" if staff else "public"]
    who = "staff" if staff else "people who take part"
    if not c.pairs:
        return registry.Status(
            f"No learning is required of {who} yet",
            (
                "Say what learning each staff role needs, and how often it is renewed."
                if staff
                else "Say what learning each participation role needs, such as a procurement induction for tender panels.",
            ),
            attention=True,
        )
    details = []
    if c.missing:
        details.append(f"{_plural(c.missing, 'required piece', 'required pieces')} of learning not done.")
    if c.expired:
        details.append(f"{_plural(c.expired, 'piece', 'pieces')} of learning expired.")
    if c.soon:
        details.append(f"{_plural(c.soon, 'piece', 'pieces')} of learning expiring within 60 days.")
    if needs:
        details.append(f"{_plural(needs, 'support request', 'support requests')} open.")
    return registry.Status(
        f"{c.percent}% of required learning done by {who} ({c.met + c.soon} of {c.pairs})",
        tuple(details),
        attention=bool(c.missing or c.expired or needs),
    )


@registry.hub_measure("learning_staff", "learning", app="learning")
def staff_status(ctx: registry.HubContext) -> registry.Status:
    """Element 9: coverage of the staff roles' required learning, what is missing or expired, open
    support requests from staff."""
    return _status(ctx, True)


@registry.hub_measure("learning_public", "learning", app="learning")
def public_status(ctx: registry.HubContext) -> registry.Status:
    """Element 10: the same for people who take part, by participation role."""
    return _status(ctx, False)


@registry.my_work(order=75)
def learning_work(ctx: registry.HubContext) -> list[registry.WorkList]:
    """The person's own required learning that is missing or expired; and, for those who record
    learning, the open support requests."""
    if ctx.user is None:
        return []
    user = ctx.user
    lists = []
    requirements = status.requirements_of(ctx.organisation.pk)
    (me,) = status.standings_of_staff([user], ctx.organisation.pk, requirements, ctx.today)
    flags = me.flags
    mine_url = reverse("learning:me")
    lists.append(
        registry.WorkList(
            "my_learning",
            "Your required learning not done or expired",
            len(flags),
            tuple(
                registry.WorkItem(str(s.requirement.offer), mine_url, detail=s.words, late=True) for s in flags[:SHOWN]
            ),
            mine_url if len(flags) > SHOWN else None,
            75,
        )
    )
    if can_record(user):
        waiting = (
            LearningNeed.objects.for_org(ctx.organisation)
            .filter(status=LearningNeed.Status.OPEN)
            .select_related("user", "person")
            .order_by("raised_on", "pk")
        )
        n = waiting.count()
        items = tuple(
            registry.WorkItem(
                f"Support for {need.subject_name}",
                reverse("learning:need_close", args=[need.pk]),
                detail=need.what[:80],
                due=need.raised_on,
            )
            for need in (waiting[:SHOWN] if n else ())
        )
        more = reverse("learning:need_list") if n > SHOWN else None
        lists.append(registry.WorkList("learning_needs", "Support requests waiting", n, items, more, 76))
    return lists


@registry.digest
def digest_lines(organisation: Organisation, now: datetime) -> dict[int, list[str]]:
    """Open support requests, for those who record learning; each staff member's own learning
    expired or expiring soon."""
    lines: dict[int, list[str]] = defaultdict(list)
    today = now.date()
    base = settings.BATON_BASE_URL.rstrip("/")
    n = LearningNeed.objects.for_org(organisation).filter(status=LearningNeed.Status.OPEN).count()
    users = list(User.objects.filter(is_active=True, memberships__organisation=organisation).distinct().order_by("pk"))
    requirements = status.requirements_of(organisation.pk)
    for subject in status.standings_of_staff(users, organisation.pk, requirements, today):
        for s in subject.standings:
            if s.state in (status.State.EXPIRED, status.State.SOON):
                lines[subject.obj.pk].append(
                    f"Your {s.requirement.offer}: {s.words.lower()}: {base}{reverse('learning:me')}"
                )
    if n:
        from baton.core.models import Role, RoleAssignment

        recorders = set(
            RoleAssignment.objects.current(today)
            .filter(
                membership__organisation=organisation, role__in=(Role.ENGAGEMENT_LEAD, Role.PROGRAMME_LEAD, Role.ADMIN)
            )
            .values_list("membership__user_id", flat=True)
        )
        for user_id in sorted(recorders):
            lines[user_id].append(
                f"{_plural(n, 'support request', 'support requests')} for learning open: {base}{reverse('learning:need_list')}"
            )
    return dict(lines)


@registry.page_section("people.Person", "learning", template="learning/_person_learning.jinja", order=50)
def person_learning_section(request: HttpRequest, person: Person) -> dict[str, Any] | None:
    """On a person's page (and on "My involvement"): their learning, what their roles need and what
    is missing. Staff readers and the person themself."""
    own = person.account_id is not None and person.account_id == request.user.pk
    if not (can_read(request.user) or own):
        return None
    from django.utils import timezone

    today = timezone.localdate()
    (subject,) = status.standings_of_people([person], status.requirements_of(person.organisation_id), today)
    records = list(
        LearningRecord.objects.filter(person=person).select_related("offer").order_by("-completed_on", "-pk")[:10]
    )
    return {
        "person": person,
        "subject": subject,
        "records": records,
        "own": own,
        "can_record": can_record(request.user),
    }


@registry.advice("people.Participation")
def participation_advice(participation: Participation) -> list[str]:
    """Someone added to a participation whose role needs learning they have not done (or that has
    expired): "Sam Jones has not done the procurement induction, needed by every tender panel
    member." """
    from django.utils import timezone

    return status.advice_for_participation(participation, timezone.localdate())
