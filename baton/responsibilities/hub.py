"""The register's contributions to the hub (core.registry), registered from the AppConfig: its
navigation entry, its measure of hub element 3 (part "register"), and, for engagement leads, the
roles that need a holder. Each runs a fixed number of queries, whatever the size of the register."""

from __future__ import annotations

from django.urls import reverse

from baton.core import registry
from baton.core.permissions import has
from baton.core.roles import LEAD_ENGAGEMENT

from .models import HubRole

registry.nav_item("Who does what", "responsibilities:role_list", order=30, prefix="/responsibilities/")

SHOWN = 5


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def register_counts(ctx: registry.HubContext) -> dict:
    """Counted once a page: the measure and the work list both read it. One query."""

    def count():
        roles = list(HubRole.objects.for_org(ctx.organisation).with_holders(ctx.today))
        flagged = [r for r in roles if r.flags(ctx.today)]
        return {
            "roles": len(roles),
            "hub": sum(1 for r in roles if r.kind == HubRole.Kind.HUB),
            "partner": sum(1 for r in roles if r.kind == HubRole.Kind.PARTNER),
            "vacant_hub": sum(1 for r in roles if r.kind == HubRole.Kind.HUB and r.required and not r.current_count),
            "required_hub": sum(1 for r in roles if r.kind == HubRole.Kind.HUB and r.required),
            "vacant_partner": sum(
                1 for r in roles if r.kind == HubRole.Kind.PARTNER and r.required and not r.current_count
            ),
            "never": sum(1 for r in roles if r.required and not r.holder_count),
            "ended": sum(1 for r in roles if r.last_ended_on and not r.current_count and not r.upcoming_count),
            "flagged": flagged,
        }

    return ctx.once("responsibilities.counts", count)


@registry.hub_measure("roles", "register", app="responsibilities")
def register_status(ctx: registry.HubContext) -> registry.Status:
    """The responsibilities register: how many required hub roles are vacant (nobody holds them
    today), partner roles with nobody named, roles never filled, and terms that ended with no
    successor."""
    c = register_counts(ctx)
    if not c["roles"]:
        return registry.Status(
            "The responsibilities register is empty",
            ("Add the standard hub and partner roles, then record who holds each.",),
            attention=True,
        )
    headline = f"{c['vacant_hub']} of {_plural(c['required_hub'], 'required hub role')} vacant"
    details = []
    if c["vacant_partner"]:
        details.append(f"{_plural(c['vacant_partner'], 'partner role has', 'partner roles have')} nobody named.")
    if c["never"]:
        details.append(f"{_plural(c['never'], 'required role has', 'required roles have')} never been filled.")
    if c["ended"]:
        details.append(f"{_plural(c['ended'], 'role', 'roles')} with a term that ended and no successor.")
    return registry.Status(headline, tuple(details), attention=bool(c["flagged"]))


@registry.my_work(order=60)
def register_work(ctx: registry.HubContext) -> list[registry.WorkList]:
    """For engagement leads, who keep the register: the roles it flags."""
    if ctx.user is None or not has(ctx.user, LEAD_ENGAGEMENT):
        return []
    flagged = register_counts(ctx)["flagged"]
    items = tuple(
        registry.WorkItem(r.name, reverse("responsibilities:role_detail", args=[r.pk]), detail=r.flags(ctx.today)[0])
        for r in flagged[:SHOWN]
    )
    more = reverse("responsibilities:role_list") + "?show=flagged" if len(flagged) > SHOWN else None
    return [registry.WorkList("register", "Roles in the register that need a holder", len(flagged), items, more, 60)]
