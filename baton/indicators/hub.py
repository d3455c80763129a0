"""The indicators' contributions through core.registry, registered from the AppConfig: the
navigation, the "indicators" part of hub element 5 (data and insight), and a section on a
programme's page with the indicators measured per programme."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from baton.core import registry
from baton.core.models import AuditEvent

from .permissions import can_read
from .series import MONTHS_SHOWN, analysis, last_months, monthly, read

registry.nav_item("Indicators", "indicators:index", order=55, prefix="/indicators/", visible=can_read)

# The variation of every monthly indicator is worked out from its last 24 whole months: a couple of
# hundred small queries. The hub keeps it for `CACHE_SECONDS` under the organisation's latest audit
# event, so any change made through Baton's actions shows at once; a bulk change that writes no
# audit event (an import of history) shows within `CACHE_SECONDS`. With the cache down (Redis gone)
# every hub page works it out afresh.
CACHE_SECONDS = 600


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def variations(organisation: Any, today: date) -> dict[str, str]:
    """Each monthly indicator's key and the XmR variation of its last 24 whole months ("common",
    "improving", "concerning", "neither" or "too_short"), for the organisation. The indicators'
    own fixed queries a month, or one query when kept in the cache."""
    latest = (
        AuditEvent.objects.filter(organisation=organisation)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    key = f"indicators:variations:{organisation.pk}:{latest}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        months = last_months(MONTHS_SHOWN, today)
        found = {
            f.key: analysis(f, monthly(f, organisation, months)).variation for f in registry.indicators() if f.monthly
        }
        cache.set(key, found, CACHE_SECONDS)
    return dict(found)


@registry.hub_measure("data", "indicators", app="indicators")
def indicators_status(ctx: registry.HubContext) -> registry.Status:
    """How many board indicators there are, and those whose latest month shows special cause
    variation of concern (Making Data Count): the ones that need attention."""
    every = registry.indicators()
    found = variations(ctx.organisation, ctx.today)
    concerning = [f.title for f in every if found.get(f.key) == "concerning"]
    details: tuple[str, ...] = ()
    if concerning:
        details = (f"Special cause of concern in the latest month: {', '.join(concerning)}.",)
    return registry.Status(
        f"{_plural(len(every), 'board indicator', 'board indicators')}, "
        f"{len(concerning)} showing special cause of concern",
        details,
        attention=bool(concerning),
    )


@registry.page_section("cycle.Programme", "indicators", template="indicators/_programme_section.jinja", order=90)
def programme_section(request: HttpRequest, programme: Any) -> dict[str, Any] | None:
    """The programme's readings this financial year of the indicators measured per programme,
    for those who read indicators."""
    if not can_read(request.user):
        return None
    year = registry.Period.financial_year(timezone.localdate())
    found = [f for f in registry.indicators() if f.per_programme]
    readings = [(f, read(f, programme.organisation, year, programme)) for f in found]
    return {"programme": programme, "year": year, "readings": readings}
