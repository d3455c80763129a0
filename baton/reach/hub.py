"""Reach's contributions through core.registry, registered from the AppConfig: navigation, the
board indicators (Core20 and the lowest ratio of each main category), the board pack's "reach"
section, the hub panel and my work (open activities with gaps), and sections of the stage run,
programme and structure pages. Each runs a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from baton.core import registry
from baton.core.permissions import has
from baton.core.roles import LEAD_ENGAGEMENT

from .gaps import open_activities, open_activities_with_gaps
from .permissions import can_read
from .reach import IMD_QUINTILE, Reach, measure, measure_months, participations_in

SHOWN = 5

registry.nav_item("Reach", "reach:index", order=55, prefix="/reach/", visible=can_read)


# Indicators -----------------------------------------------------------------------------------------


def _period_reach(organisation: Any, period: registry.Period, programme: Any = None) -> Reach:
    """The period's reach, measured once for the four reach indicators read together
    (`registry.sharing`: the board pack, the indicators page and API)."""

    def measured() -> Reach:
        if programme is not None:
            found = participations_in(programme=programme, period=period)
        else:
            found = participations_in(organisation=organisation, period=period)
        return measure(found, organisation, scope="")

    return registry.shared(("reach.period", organisation.pk, period, getattr(programme, "pk", None)), measured)


def _months_reach(organisation: Any, months: list[registry.Period], programme: Any = None) -> list[Reach]:
    """Each month's reach, measured at once (`measure_months`) and shared by the four reach
    indicators' monthly series read together (the board pack's charts, the indicators' pages)."""

    def measured() -> list[Reach]:
        if programme is not None:
            found = participations_in(programme=programme)
        else:
            found = participations_in(organisation=organisation)
        return measure_months(found, organisation, months, scope="")

    key = ("reach.months", organisation.pk, tuple(months), getattr(programme, "pk", None))
    return registry.shared(key, measured)


def _reading_of(reach: Reach, key: str, code: str | None) -> registry.Reading:
    if not reach.shown:
        return registry.Reading(
            None,
            "fewer than 5 people took part" if reach.people is None else "nobody took part",
            suppressed=reach.people is None,
        )
    category = reach.category(key)
    if category is None or reach.profile is None:
        return registry.Reading(None, "no population figure to compare with")
    group = category.lowest if code is None else next((g for g in category.groups if g.code == code), None)
    if group is None or group.ratio is None:
        hidden = group is not None and group.count is None
        return registry.Reading(None, "suppressed (a small count)" if hidden else "no ratio", suppressed=hidden)
    text = f"{group.label}: {group.ratio:.2f} (95% interval {group.low:.2f} to {group.high:.2f})"
    return registry.Reading(round(group.ratio, 3), text)


@registry.indicator(
    "reach.core20",
    "Reach against population: Core20",
    element="data",
    unit="ratio",
    app="reach",
    better="higher",
    target=1.0,
    per_programme=True,
    order=60,
)
def core20(organisation: Any, period: registry.Period, programme: Any = None) -> registry.Reading:
    """Representation ratio of Core20 (people living in the most deprived 20% of areas nationally,
    IMD quintile 1): numerator, the share of the period's participants (people with a participation
    in an activity or structure overlapping the period, each once) who answered their IMD and are in
    quintile 1; denominator, the population profile's share in quintile 1 (not stated left out on
    both sides). Excludes: not stated. None when no profile, fewer than 5 people (suppressed), or the
    quintile 1 count is hidden."""
    return _reading_of(_period_reach(organisation, period, programme), IMD_QUINTILE, "1")


@registry.indicator_series("reach.core20")
def core20_months(organisation: Any, months: list[registry.Period], programme: Any = None) -> list[registry.Reading]:
    return [_reading_of(r, IMD_QUINTILE, "1") for r in _months_reach(organisation, months, programme)]


def _lowest(key: str, title: str, order: int) -> None:
    def lowest(organisation: Any, period: registry.Period, programme: Any = None) -> registry.Reading:
        return _reading_of(_period_reach(organisation, period, programme), key, None)

    lowest.__doc__ = (
        f"Lowest representation ratio across the groups of {title.lower()}: for each group, the share of "
        "the period's participants who answered the category who are in the group, divided by the "
        "population profile's share in the group (not stated left out on both sides); the smallest "
        "ratio shown. Groups with a hidden (suppressed) count are left out. None without a profile or "
        "with fewer than 5 people."
    )
    registry.indicator(
        f"reach.lowest_{key}",
        f"Reach against population: lowest ratio by {title.lower()}",
        element="data",
        unit="ratio",
        app="reach",
        better="higher",
        target=1.0,
        per_programme=True,
        order=order,
    )(lowest)

    def lowest_months(
        organisation: Any, months: list[registry.Period], programme: Any = None
    ) -> list[registry.Reading]:
        return [_reading_of(r, key, None) for r in _months_reach(organisation, months, programme)]

    registry.indicator_series(f"reach.lowest_{key}")(lowest_months)


_lowest("age_band", "Age band", 61)
_lowest("sex", "Sex", 62)
_lowest("ethnic_category", "Ethnic category", 63)


# The board pack -------------------------------------------------------------------------------------


@registry.board_section("reach", "Reach against the population", template="reach/_board.jinja", app="reach", order=70)
def board(organisation: Any, period: registry.Period) -> dict[str, Any] | None:
    """Reach for the period by category, suppressed like every output, with the ratios."""
    reach = _period_reach(organisation, period)
    if reach.people == 0:
        return None
    tables = []
    for c in reach.categories:
        rows = tuple(
            (g.label, g.shown, round(g.ratio, 2) if g.ratio is not None else "", g.ratio_text) for g in c.groups
        ) + (("Not stated", c.cell(c.not_stated), "", "left out of ratios"),)
        tables.append(registry.BoardTable(c.label, ("Group", "Participants", "Ratio", "Ratio (95% interval)"), rows))
    gaps = [line for line in reach.gap_lines()]
    summary = " ".join(gaps[:5]) if gaps else "No group is under-represented with 95% confidence."
    return {
        "people": reach.people,
        "period_label": period.label,
        "summary": summary,
        "tables": tables if reach.shown else [],
    }


# The hub, my work and page sections -----------------------------------------------------------------


def _gaps(ctx: registry.HubContext) -> list:
    return ctx.once("reach.gaps", lambda: open_activities_with_gaps(ctx.organisation, ctx.today))


@registry.hub_panel("reach_gaps", template="reach/_hub_panel.jinja", order=35)
def reach_panel(request: HttpRequest, ctx: registry.HubContext) -> dict[str, Any]:
    """Open activities with gaps in reach, so the team can act while they are open."""
    if ctx.user is None or not can_read(ctx.user):
        return {"shown": False}
    gaps = _gaps(ctx)
    return {"shown": True, "gaps": gaps[:SHOWN], "more": len(gaps) > SHOWN, "total": len(gaps)}


@registry.my_work(order=65)
def reach_work(ctx: registry.HubContext) -> list[registry.WorkList]:
    """Open activities with gaps: an activity's stage run owner sees theirs; an engagement lead
    sees them all."""
    if ctx.user is None or not can_read(ctx.user):
        return []
    lead = has(ctx.user, LEAD_ENGAGEMENT)
    mine = [g for g in _gaps(ctx) if lead or g.owner_id == ctx.user.pk]
    if not mine:
        return []
    items = tuple(
        registry.WorkItem(g.title, reverse("reach:activity", args=[g.pk]), detail=" ".join(g.lines))
        for g in mine[:SHOWN]
    )
    more = reverse("reach:index") if len(mine) > SHOWN else None
    return [registry.WorkList("reach_gaps", "Open activities with gaps in reach", len(mine), items, more, 65)]


@registry.page_section("cycle.StageRun", "reach", template="reach/_run_section.jinja", order=40)
def run_section(request: HttpRequest, run: Any) -> dict[str, Any] | None:
    """The run's open activities with gaps in reach, and a link to the run's reach."""
    if not can_read(request.user):
        return None
    today = timezone.localdate()
    activities = open_activities(run.programme.organisation_id, today).filter(stage_run=run)
    gaps = open_activities_with_gaps(run.programme.organisation_id, today, activities)
    return {"run": run, "gaps": gaps[:SHOWN], "more": max(0, len(gaps) - SHOWN)}


@registry.page_section("cycle.Programme", "reach", template="reach/_link_section.jinja", order=40)
def programme_section(request: HttpRequest, programme: Any) -> dict[str, Any] | None:
    if not can_read(request.user):
        return None
    return {"href": reverse("reach:programme", args=[programme.pk])}


@registry.page_section("structures.Structure", "reach", template="reach/_link_section.jinja", order=40)
def structure_section(request: HttpRequest, structure: Any) -> dict[str, Any] | None:
    if not can_read(request.user):
        return None
    return {"href": reverse("reach:structure", args=[structure.pk])}
