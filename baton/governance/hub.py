"""Governance's contributions to the hub (core.registry), registered from GovernanceConfig.ready():
the navigation, the three parts of hub element 4 (boards, the business-case gate, the decision
register), and what waits for a lay member (cases to assure) and a board member (cases to sign
off). Every function runs a fixed number of queries, whatever the size of the organisation."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from baton.core import registry
from baton.core.permissions import has

from . import capabilities
from .models import Board, BusinessCase, Decision, Meeting

registry.nav_item("Governance", "governance:index", order=30, prefix="/governance/")

SHOWN = 5


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@registry.hub_measure("governance", "boards", app="governance")
def boards(ctx: registry.HubContext) -> registry.Status:
    """Boards and committees recorded, with their members, and their meetings this financial year."""
    counts = Board.objects.for_org(ctx.organisation).aggregate(
        total=Count("pk", distinct=True), empty=Count("pk", filter=Q(members__isnull=True), distinct=True)
    )
    meetings = Meeting.objects.for_org(ctx.organisation).filter(held_on__gte=ctx.since).count()
    details: tuple[str, ...] = ()
    if counts["empty"]:
        details = (
            f"{_plural(counts['empty'], 'board or committee has', 'boards and committees have')} no members recorded.",
        )
    return registry.Status(
        f"{_plural(counts['total'], 'board or committee', 'boards and committees')}; "
        f"{_plural(meetings, 'meeting', 'meetings')} since {ctx.since.day} {ctx.since:%B %Y}",
        details,
        attention=not counts["total"] or bool(counts["empty"]),
    )


@registry.hub_measure("governance", "gate", app="governance")
def gate(ctx: registry.HubContext) -> registry.Status:
    """Business cases waiting for assurance, assured and waiting for a board, and signed off."""
    cases = BusinessCase.objects.for_org(ctx.organisation)
    waiting = cases.waiting_for_assurance().count()
    ready = cases.assured_awaiting_sign_off().count()
    signed = cases.filter(signed_off_at__isnull=False).count()
    details = (
        f"{_plural(ready, 'business case is', 'business cases are')} assured and waiting for a board to sign off.",
        f"{_plural(signed, 'business case has', 'business cases have')} been signed off with assurance.",
    )
    return registry.Status(
        f"{_plural(waiting, 'business case', 'business cases')} waiting for assurance",
        details,
        attention=bool(waiting),
    )


@registry.hub_measure("governance", "decisions", app="governance")
def decisions(ctx: registry.HubContext) -> registry.Status:
    """Decisions recorded this financial year, and those flagged: the involvement duty applied
    and they cite no engagement."""
    recorded = Decision.objects.for_org(ctx.organisation).filter(decided_on__gte=ctx.since)
    total = recorded.count()
    flagged = recorded.flagged().count()
    details: tuple[str, ...] = ()
    if flagged:
        details = (f"{_plural(flagged, 'decision cites', 'decisions cite')} no engagement where the duty applied.",)
    return registry.Status(
        f"{_plural(total, 'decision', 'decisions')} recorded since {ctx.since.day} {ctx.since:%B %Y}",
        details,
        attention=bool(flagged),
    )


def _case_item(case) -> registry.WorkItem:
    return registry.WorkItem(
        text=case.title,
        href=reverse("governance:case_detail", args=[case.pk]),
        detail=case.programme.name,
    )


def _list(key, title, queryset, *, order, more_href) -> registry.WorkList:
    count = queryset.count()
    items = tuple(_case_item(c) for c in queryset[:SHOWN]) if count else ()
    return registry.WorkList(key, title, count, items, more_href if count > SHOWN else None, order)


@registry.my_work(order=30)
def my_governance_work(ctx: registry.HubContext) -> list[registry.WorkList]:
    """A lay or non-executive member: business cases waiting for their assurance. A board member:
    business cases assured and waiting for a board to sign them off."""
    lists = []
    cases = BusinessCase.objects.for_org(ctx.organisation).select_related("programme").order_by("created_at", "pk")
    if ctx.user is not None and has(ctx.user, capabilities.ASSURE):
        lists.append(
            _list(
                "to_assure",
                "Business cases waiting for your assurance",
                cases.waiting_for_assurance(),
                order=15,
                more_href=reverse("governance:index") + "?show=to_assure",
            )
        )
    if ctx.user is not None and has(ctx.user, capabilities.SIGN_OFF):
        lists.append(
            _list(
                "to_sign_off",
                "Business cases assured and waiting for sign-off",
                cases.assured_awaiting_sign_off(),
                order=16,
                more_href=reverse("governance:index") + "?show=to_sign",
            )
        )
    return lists
