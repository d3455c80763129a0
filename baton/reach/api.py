"""The reach API (`/api/reach/...`): the population profile (read) and reach, with ratios, 95%
intervals and suppression applied by the same functions as the pages, for the organisation (a
financial year), a programme and an activity. 404 when not yours, 403 for a patient partner, 422
for bad input (a year out of range, an id out of range)."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from baton.core.permissions import require_member
from baton.core.registry import Period
from baton.core.schemas import MAX_ID, responses
from baton.cycle.models import EngagementActivity

from .gaps import open_activities, reach_of_activities
from .models import PopulationProfile
from .permissions import get_activity_for_user, get_programme_for_user, require_reader
from .reach import Reach, current_profile, is_open, measure, participations_in

router = Router(tags=["reach"])
PAGE = 20
PK = Path(..., ge=1, le=MAX_ID)


class PopulationGroupOut(Schema):
    category: str
    code: str
    label: str
    count: int


class PopulationOut(Schema):
    version: int | None
    source: str
    as_of: date | None
    groups: list[PopulationGroupOut]


class ReachGroupOut(Schema):
    code: str
    label: str
    participants: int | None = Field(
        description="None when suppressed: under 5, or hidden so that one under 5 cannot be worked out"
    )
    population_share: float | None
    ratio: float | None
    ratio_low: float | None
    ratio_high: float | None
    under_represented: bool
    target_group: bool


class ReachCategoryOut(Schema):
    key: str
    label: str
    answered: int | None
    not_stated: int | None
    groups: list[ReachGroupOut]


class ReachOut(Schema):
    scope: str
    people: int | None = Field(description="None: fewer than 5 took part (nothing else shown)")
    profile_version: int | None
    categories: list[ReachCategoryOut]
    gaps: list[str]


class ReachYearIn(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="The financial year starting in April of this year")


def _out(reach: Reach) -> dict:
    return {
        "scope": reach.scope,
        "people": reach.people,
        "profile_version": reach.profile.number if reach.profile else None,
        "categories": [
            {
                "key": c.key,
                "label": c.label,
                "answered": c.answered,
                "not_stated": c.not_stated,
                "groups": [
                    {
                        "code": g.code,
                        "label": g.label,
                        "participants": g.count,
                        "population_share": g.population_share,
                        "ratio": g.ratio,
                        "ratio_low": g.low,
                        "ratio_high": g.high,
                        "under_represented": g.under,
                        "target_group": g.target,
                    }
                    for g in c.groups
                ],
            }
            for c in reach.categories
        ],
        "gaps": reach.gap_lines(),
    }


class PopulationVersionIn(Schema):
    version: int | None = Field(None, ge=1, le=MAX_ID, description="A past version (default: the newest)")


@router.get("/reach/population", response=responses({200: PopulationOut}), summary="The population profile")
def population(request, filters: Query[PopulationVersionIn]):
    """The newest population profile (or `?version=N`, kept as imported), its groups and counts."""
    member = require_member(request.auth)
    require_reader(request.auth)
    if filters.version is None:
        profile = current_profile(member.organisation)
    else:
        profile = get_object_or_404(PopulationProfile.objects.for_org(member.organisation), number=filters.version)
    if profile is None:
        return {"version": None, "source": "", "as_of": None, "groups": []}
    groups = list(profile.groups.order_by("category", "pk").values("category", "code", "label", "count"))
    return {"version": profile.number, "source": profile.source, "as_of": profile.as_of, "groups": groups}


@router.get("/reach", response=responses({200: ReachOut}), summary="The organisation's reach for a financial year")
def organisation_reach(request, filters: Query[ReachYearIn]):
    member = require_member(request.auth)
    require_reader(request.auth)
    today = timezone.localdate()
    period = Period.financial_year(date(filters.year, 4, 1) if filters.year else today)
    org = member.organisation
    return _out(
        measure(participations_in(organisation=org, period=period), org, scope=f"the organisation, {period.label}")
    )


@router.get("/reach/programmes/{programme_id}", response=responses({200: ReachOut}), summary="A programme's reach")
def programme_reach(request, programme_id: int = PK):
    found = get_programme_for_user(request.auth, programme_id)
    return _out(measure(participations_in(programme=found), found.organisation_id, scope=found.name))


class ActivityReachOut(Schema):
    id: int
    title: str
    programme_id: int
    open: bool
    people: int | None = Field(description="None: fewer than 5 took part")
    gaps: list[str]


class ActivityReachPage(Schema):
    items: list[ActivityReachOut]
    count: int


class ActivityListIn(Schema):
    open: bool = Field(False, description="Only activities not ended (started, no end date or one to come)")
    page: int = Field(1, ge=1, le=1_000_000)


@router.get("/reach/activities", response=responses({200: ActivityReachPage}), summary="Activities with their gaps")
def activities(request, filters: Query[ActivityListIn]):
    """The organisation's activities, newest first (`?open=true`: only open ones), each with how
    many took part (suppressed) and its gaps in reach; 20 a page, a fixed number of queries."""
    member = require_member(request.auth)
    require_reader(request.auth)
    org, today = member.organisation, timezone.localdate()
    found = (
        open_activities(org, today)
        if filters.open
        else EngagementActivity.objects.for_org(org).select_related("stage_run")
    )
    found = found.order_by("-start_date", "-pk")
    count = found.count()
    chosen = list(found[(filters.page - 1) * PAGE : filters.page * PAGE])
    reaches = reach_of_activities(chosen, org)
    items = [
        {
            "id": a.pk,
            "title": a.title,
            "programme_id": a.stage_run.programme_id,
            "open": is_open(a, today) and a.start_date <= today,
            "people": reaches[a.pk].people,
            "gaps": reaches[a.pk].gap_lines(),
        }
        for a in chosen
    ]
    return {"items": items, "count": count}


@router.get("/reach/activities/{activity_id}", response=responses({200: ReachOut}), summary="An activity's reach")
def activity_reach(request, activity_id: int = PK):
    found = get_activity_for_user(request.auth, activity_id)
    org = found.stage_run.programme.organisation_id
    return _out(measure(participations_in(activity=found), org, scope=found.title, targets=found.target_groups))
