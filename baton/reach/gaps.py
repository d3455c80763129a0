"""Gaps while an activity is still open (DESIGN.md rule 7): the reach of many activities at once,
in a fixed number of queries (one headcount query and one grouped count per category for all of
them), so the hub, my work, a stage run's page and the reach page can list open activities with
gaps whatever the organisation's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Q

from baton.cycle.models import EngagementActivity
from baton.people.models import Participation

from .reach import COMPARED, IMD_QUINTILE, THRESHOLD, Reach, _build, answer_code, codes, current_profile, population_of


@dataclass(frozen=True)
class ActivityReach:
    """An open activity with gaps in its reach, as the lists show it: what is kept in the cache is
    this, not the activity and its whole `Reach` (at large-ICB scale 1,775 activities were 7.9 MB,
    1.4 s to read back on every hub; these are 0.2 MB)."""

    pk: int
    title: str
    programme: str
    owner_id: int | None  # the stage run's owner: my work lists theirs
    lines: tuple[str, ...]  # `Reach.gap_lines()`


def open_activities(organisation, today: date):
    """Activities not ended (no end date, or one today or later) that have started."""
    return (
        EngagementActivity.objects.for_org(organisation)
        .filter(start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("stage_run", "stage_run__programme", "stage_run__owner")
        .order_by("start_date", "pk")
    )


def reach_of_activities(activities, organisation) -> dict[int, Reach]:
    """Each activity's reach (suppressed), by its id. Activities with nobody yet are left out."""
    chosen = {a.pk: a for a in activities}
    if not chosen:
        return {}
    profile = current_profile(organisation)
    population = population_of(profile)
    labels, unstated = codes()
    base = Participation.objects.filter(activity_id__in=list(chosen))
    heads = dict(base.values_list("activity_id").annotate(n=Count("person", distinct=True)))
    raw: dict[int, dict[str, dict[str, int]]] = {pk: {key: {} for key in COMPARED} for pk in heads}
    for key in COMPARED:
        column = "person__equality__imd_decile" if key == IMD_QUINTILE else f"person__equality__{key}"
        rows = base.exclude(**{f"{column}__isnull": True})
        if key != IMD_QUINTILE:
            rows = rows.exclude(**{column: ""})
        for pk, value, n in rows.values_list("activity_id", column).annotate(n=Count("person", distinct=True)):
            bucket = raw[pk][key]
            code = answer_code(key, value)
            if code is None:  # no answer: left out above
                continue
            bucket[code] = bucket.get(code, 0) + n
    found = {}
    for pk, headcount in heads.items():
        activity = chosen[pk]
        if headcount < THRESHOLD:
            found[pk] = Reach(activity.title, None, profile)
            continue
        found[pk] = _build(
            activity.title, headcount, profile, population, unstated, labels, raw[pk], activity.target_groups
        )
    for pk, activity in chosen.items():
        if pk not in found:  # nobody yet: every matched target group is a gap
            empty: dict[str, dict[str, int]] = {k: {} for k in COMPARED}
            found[pk] = _build(activity.title, 0, profile, population, unstated, labels, empty, activity.target_groups)
    return found


CACHE_SECONDS = 300


def open_activities_with_gaps(organisation, today: date, activities=None) -> list[ActivityReach]:
    """Open activities whose reach has a gap: a group under-represented with 95% confidence, or a
    declared target group with nobody in it. The organisation's whole list (the hub's panel, my
    work, the reach page) is kept in the cache for `CACHE_SECONDS`: a large ICB has thousands of
    open activities, each suppressed on its own (12 s at large-ICB scale on a busy machine), so a
    new participation shows there within five minutes. A given list of activities (a stage run's)
    is measured afresh."""
    if activities is None:
        org_id = getattr(organisation, "pk", organisation)
        key = f"reach:open-gaps:2:{org_id}:{today.isoformat()}"  # 2: the slim ActivityReach
        found = cache.get(key)
        if found is None:
            found = _with_gaps(list(open_activities(organisation, today)), organisation)
            cache.set(key, found, CACHE_SECONDS)
        return found
    return _with_gaps(list(activities), organisation)


def _with_gaps(chosen: list, organisation) -> list[ActivityReach]:
    reaches = reach_of_activities(chosen, organisation)
    return [
        ActivityReach(a.pk, a.title, a.stage_run.programme.name, a.stage_run.owner_id, tuple(reaches[a.pk].gap_lines()))
        for a in chosen
        if reaches[a.pk].has_gaps
    ]
