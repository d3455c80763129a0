"""The partner register's contributions to the hub (core.registry), registered from the
AppConfig: its navigation entry, its measure of hub element 7 (part "register"; the "activities"
part is the cycle's), the panel of stage runs no community partner was involved in, and each
person's work: relationships they own that need attention and alternative format requests of
theirs that are overdue. Each runs a fixed number of queries, whatever the size of the register."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse

from baton.core import registry
from baton.core.paging import paginate
from baton.cycle import stages

from .models import FormatRequest, Partner, Promise, counted, quiet_q, runs_without_community_partner
from .permissions import can_read

registry.nav_item("Partners", "relationships:partner_list", order=40, prefix="/partners/", visible=can_read)

SHOWN = 5


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def register_counts(ctx: registry.HubContext) -> dict[str, int]:
    """Counted once a page: the measure reads it. Three queries."""

    def count() -> dict[str, int]:
        partners = Partner.objects.for_org(ctx.organisation).with_health(ctx.today)
        quiet = quiet_q(ctx.today)
        figures: dict[str, int] = partners.aggregate(
            total=Count("pk"),
            quiet=Count("pk", filter=quiet),
            unowned=Count("pk", filter=Q(owner__isnull=True)),
        )
        figures["overdue_promises"] = (
            Promise.objects.for_org(ctx.organisation).filter(outcome="open", due_on__lt=ctx.today).count()
        )
        figures["overdue_formats"] = FormatRequest.objects.for_org(ctx.organisation).overdue(ctx.today).count()
        return figures

    result: dict[str, int] = ctx.once("relationships.counts", count)
    return result


@registry.hub_measure("relationships", "register", app="relationships")
def register_status(ctx: registry.HubContext) -> registry.Status:
    """The partner register: how many partners, how many relationships have gone quiet (no
    contact in 90 days), promises overdue, relationships nobody owns, format requests overdue."""
    c = register_counts(ctx)
    if not c["total"]:
        return registry.Status(
            "The partner register is empty",
            ("Add the organisations you work with, and log your dialogue with them.",),
            attention=True,
        )
    details = []
    if c["quiet"]:
        details.append(f"{_plural(c['quiet'], 'partner has', 'partners have')} had no contact in 90 days.")
    if c["overdue_promises"]:
        details.append(f"{counted(c['overdue_promises'], 'promise', 'promises')} to partners overdue.")
    if c["unowned"]:
        details.append(f"{_plural(c['unowned'], 'relationship has', 'relationships have')} nobody owning it.")
    if c["overdue_formats"]:
        details.append(
            f"{_plural(c['overdue_formats'], 'alternative format request is', 'alternative format requests are')} overdue."
        )
    return registry.Status(
        f"{_plural(c['total'], 'partner')} in the register, {c['total'] - c['quiet']} spoken to in the last 90 days",
        tuple(details),
        attention=bool(details),
    )


@registry.hub_panel("no_community_partner", template="relationships/_hub_panel.jinja", order=40)
def no_community_partner(request: HttpRequest, ctx: registry.HubContext) -> dict[str, Any]:
    """Which stages of which programmes involved no community partner: stage runs with no dialogue
    from a community partner and no activity that named a partner organisation."""
    if ctx.user is None or not can_read(ctx.user):
        return {"shown": False}
    runs = runs_without_community_partner(ctx.organisation)
    if not register_counts(ctx)["total"]:
        # With no partner in the register every run would be listed: say so once instead.
        return {"shown": True, "empty_register": True, "total": runs.count()}
    listed = runs.select_related("programme").order_by("programme__name", "created_at", "pk")
    return {"shown": True, "stages": stages, "runs": paginate(request, listed, param="partners_page")}


@registry.my_work(order=70)
def relationships_work(ctx: registry.HubContext) -> list[registry.WorkList]:
    """The person's overdue alternative format requests, and the relationships they own that need
    attention."""
    if ctx.user is None or not can_read(ctx.user):
        return []
    user = ctx.user
    overdue = (
        FormatRequest.objects.for_org(ctx.organisation)
        .overdue(ctx.today)
        .filter(owner=user)
        .select_related("person")
        .order_by("due_on", "pk")
    )
    n_overdue = overdue.count()
    format_items = tuple(
        registry.WorkItem(
            f"{r.format_label} of {r.material}",
            reverse("relationships:request_edit", args=[r.pk]),
            detail=f"for {r.requested_by}",
            due=r.due_on,
            late=True,
        )
        for r in (overdue[:SHOWN] if n_overdue else ())
    )
    mine = list(Partner.objects.for_org(ctx.organisation).filter(owner=user).flagged(ctx.today).order_by("name", "pk"))
    partner_items = tuple(
        registry.WorkItem(p.name, reverse("relationships:partner_detail", args=[p.pk]), detail=p.health(ctx.today)[0])
        for p in mine[:SHOWN]
    )
    more_formats = reverse("relationships:request_list") + "?show=overdue" if n_overdue > SHOWN else None
    more_partners = (
        reverse("relationships:partner_list") + f"?owner={user.pk}&health=flagged" if len(mine) > SHOWN else None
    )
    return [
        registry.WorkList(
            "format_requests",
            "Alternative format requests of yours that are overdue",
            n_overdue,
            format_items,
            more_formats,
            70,
        ),
        registry.WorkList(
            "relationships", "Relationships you own that need attention", len(mine), partner_items, more_partners, 71
        ),
    ]
