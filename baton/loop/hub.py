"""The loop's contributions through core.registry, registered from the AppConfig: its navigation,
a hub panel ("you said, we did": the two board indicators, overdue commitments and the loop's
dropped batons, insight actioned or declined without a commitment), my work (the person's
commitments waiting for a response; for engagement leads, every overdue one), the digest's
escalation of overdue commitments to their owner and the engagement leads, a section on a
programme's page (its commitments), and sections of the public pages (a programme's published
commitments; the organisation's link to them all). Each runs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from baton.core import registry
from baton.core.models import Role, RoleAssignment, User
from baton.core.paging import paginate
from baton.core.permissions import has
from baton.core.roles import LEAD_ENGAGEMENT

from .indicators import completion, dropped_insight, median_days_to_response, overdue
from .models import Commitment
from .permissions import can_make, can_make_any, can_read

SHOWN = 5

registry.nav_item("You said, we did", "loop:index", order=50, prefix="/loop/", visible=can_read)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def dropped_count(ctx: registry.HubContext) -> int:
    return ctx.once("loop.dropped", lambda: dropped_insight(ctx.organisation, ctx.since).count())


def indicator_lines(organisation, since) -> list[str]:
    """The two board indicators in words (the hub panel and the list page say the same)."""
    done = completion(organisation, since)
    median = median_days_to_response(organisation, since)
    lines = []
    if done.percent is None:
        lines.append("No insight has been actioned or declined this year yet.")
    else:
        lines.append(
            f"You said, we did: {done.percent}% of insight actioned or declined this year has a published response "
            f"({done.published} of {done.resolved})."
        )
    if median is None:
        lines.append("No commitment has had a response this year yet.")
    else:
        lines.append(f"Responses came a median of {median:g} days after the insight was recorded.")
    return lines


@registry.hub_panel("you_said_we_did", template="loop/_hub_panel.jinja", order=25)
def loop_panel(request: HttpRequest, ctx: registry.HubContext) -> dict[str, Any]:
    """The indicators, how many commitments are overdue, and the loop's dropped batons (paged)."""
    if ctx.user is None or not can_read(ctx.user):
        return {"shown": False}
    org = ctx.organisation
    dropped = paginate(
        request,
        dropped_insight(org, ctx.since)
        .select_related("stage_run", "stage_run__programme")
        .order_by("resolved_at", "pk"),
        param="loop_page",
        count=dropped_count(ctx),
    )
    for item in dropped.object_list:
        item.may_make = can_make(ctx.user, item.stage_run.programme)
    return {
        "shown": True,
        "organisation": org,
        "lines": indicator_lines(org, ctx.since),
        "overdue": overdue(org, ctx.today).count(),
        "dropped": dropped,
        "may_make": can_make_any(ctx.user),
    }


@registry.my_work(order=60)
def loop_work(ctx: registry.HubContext) -> list[registry.WorkList]:
    """The person's own commitments waiting for a response (overdue ones marked late); for an
    engagement lead, every overdue commitment of the organisation."""
    if ctx.user is None or not can_read(ctx.user):
        return []
    lists = []
    mine = (
        Commitment.objects.for_org(ctx.organisation)
        .unanswered()
        .filter(owner=ctx.user)
        .select_related("programme")
        .order_by("due_on", "pk")
    )
    n = mine.count()
    if n:
        items = tuple(_item(c, ctx) for c in mine[:SHOWN])
        more = reverse("loop:index") + "?owner=me" if n > SHOWN else None
        lists.append(registry.WorkList("commitments", "Commitments waiting for your response", n, items, more, 60))
    if has(ctx.user, LEAD_ENGAGEMENT):
        late = overdue(ctx.organisation, ctx.today).exclude(owner=ctx.user).select_related("programme", "owner")
        n = late.count()
        if n:
            items = tuple(_item(c, ctx, with_owner=True) for c in late.order_by("due_on", "pk")[:SHOWN])
            more = reverse("loop:index") + "?state=overdue" if n > SHOWN else None
            lists.append(registry.WorkList("overdue_commitments", "Overdue commitments", n, items, more, 61))
    return lists


def _item(c: Commitment, ctx: registry.HubContext, *, with_owner: bool = False) -> registry.WorkItem:
    detail = c.programme.name
    if with_owner:
        detail += f", owned by {c.owner.get_full_name() or c.owner.username}"
    return registry.WorkItem(
        str(c),
        reverse("loop:commitment_detail", args=[c.pk]),
        detail=detail,
        due=c.due_on,
        late=c.is_overdue(ctx.today),
    )


def _link(name: str, *args: Any) -> str:
    return str(settings.BATON_BASE_URL).rstrip("/") + reverse(name, args=args)


def engagement_leads(organisation: Any) -> list[int]:
    """The organisation's engagement leads today (the role itself, not every holder of its powers)."""
    assignments = RoleAssignment.objects.current().filter(
        membership__organisation=organisation, role=Role.ENGAGEMENT_LEAD
    )
    return list(
        User.objects.filter(is_active=True, memberships__in=assignments.values("membership"))
        .distinct()
        .values_list("pk", flat=True)
    )


@registry.digest
def digest_lines(organisation: Any, now: Any) -> dict[int, list[str]]:
    """Overdue commitments escalate (DESIGN.md rule 4): each to its owner and to every engagement
    lead of the organisation. Two queries."""
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    lines: dict[int, list[str]] = defaultdict(list)
    late = list(overdue(organisation, today).select_related("programme").order_by("due_on", "pk"))
    if not late:
        return {}
    leads = engagement_leads(organisation)
    for c in late:
        line = (
            f"Overdue commitment for {c.programme.name}, due {c.due_on.day} {c.due_on:%B %Y}: "
            f"{c} ({_link('loop:commitment_detail', c.pk)})"
        )
        for user_id in dict.fromkeys([c.owner_id, *leads]):
            lines[user_id].append(line)
    return dict(lines)


@registry.page_section("cycle.Programme", "commitments", template="loop/_programme_section.jinja", order=25)
def programme_section(request: HttpRequest, programme: Any) -> dict[str, Any] | None:
    """The programme's commitments with their state, for staff who read them."""
    if not can_read(request.user):
        return None
    found = Commitment.objects.filter(programme=programme).select_related("owner").order_by("due_on", "pk")
    total = found.count()
    return {
        "programme": programme,
        "commitments": list(found[:10]),
        "total": total,
        "today": timezone.localdate(),
        "may_make": can_make(request.user, programme),
    }


@registry.public_section("cycle.Programme", "you_said_we_did", template="loop/_public_programme_section.jinja")
def public_programme_section(request: HttpRequest, programme: Any) -> dict[str, Any] | None:
    """The link from a programme's public page to its "you said, we did" page, with how many."""
    count = Commitment.objects.published().filter(programme=programme).count()
    return {"programme": programme, "org": programme.organisation, "count": count}


@registry.public_section("core.Organisation", "you_said_we_did", template="loop/_public_organisation_section.jinja")
def public_organisation_section(request: HttpRequest, organisation: Any) -> dict[str, Any] | None:
    """The link from the organisation's public page to all its published commitments."""
    count = Commitment.objects.for_org(organisation).published().count()
    return {"org": organisation, "count": count}
