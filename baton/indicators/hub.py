"""The indicators' contributions through core.registry, registered from the AppConfig: the
navigation, the "indicators" part of hub element 5 (data and insight), and a section on a
programme's page with the indicators measured per programme."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from baton.core import registry

from .permissions import can_read
from .series import read

registry.nav_item("Indicators", "indicators:index", order=55, prefix="/indicators/", visible=can_read)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@registry.hub_measure("data", "indicators", app="indicators")
def indicators_status(ctx: registry.HubContext) -> registry.Status:
    """How many board indicators there are, how many have a reading this financial year, and
    those that need attention: an indicator with a target whose reading this year falls on the
    wrong side of it. Each indicator's own fixed number of queries. (Special causes need each
    indicator's 24 months, a few hundred queries: the indicator's own page shows them.)"""
    year = registry.Period.financial_year(ctx.today)
    every = registry.indicators()
    readings = ctx.once("indicators.year", lambda: _year_readings(ctx.organisation, year, every))
    with_value = sum(1 for r in readings.values() if r.value is not None)
    missed = [f.title for f in every if _misses(f, readings[f.key])]
    details: tuple[str, ...] = ()
    if missed:
        details = (f"Short of the target this year: {', '.join(missed)}.",)
    return registry.Status(
        f"{_plural(len(every), 'board indicator', 'board indicators')}, "
        f"{with_value} with a reading since {ctx.since.day} {ctx.since:%B %Y}",
        details,
        attention=bool(missed),
    )


CACHE_SECONDS = 300


def _year_readings(organisation: Any, year: registry.Period, every: list[registry.Indicator]) -> dict[str, Any]:
    """Every indicator's reading this year, kept in the cache for five minutes per organisation and
    day: at a large ICB reading all of them takes seconds (the hub at large-ICB scale went from
    0.6 s to 2.7 s with them), and the hub shows only how many have a reading and which miss a
    target. The indicators' own pages read afresh."""
    key = f"indicators:hub:{organisation.pk}:{year.start.isoformat()}:{timezone.localdate().isoformat()}"
    found = cache.get(key)
    if found is None or set(found) != {f.key for f in every}:
        with registry.sharing():
            found = {f.key: read(f, organisation, year) for f in every}
        cache.set(key, found, CACHE_SECONDS)
    return found


def _misses(found: registry.Indicator, reading: registry.Reading) -> bool:
    if found.target is None or reading.value is None or found.better is None:
        return False
    return reading.value < found.target if found.better == "higher" else reading.value > found.target


@registry.page_section("cycle.Programme", "indicators", template="indicators/_programme_section.jinja", order=90)
def programme_section(request: HttpRequest, programme: Any) -> dict[str, Any] | None:
    """The programme's readings this financial year of the indicators measured per programme,
    for those who read indicators."""
    if not can_read(request.user):
        return None
    year = registry.Period.financial_year(timezone.localdate())
    found = [f for f in registry.indicators(request.user) if f.per_programme]
    readings = [(f, read(f, programme.organisation, year, programme)) for f in found]
    return {"programme": programme, "year": year, "readings": readings}
