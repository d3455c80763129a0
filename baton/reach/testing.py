"""Factories for population profiles (imported through the action, as a user would) and
participants with equality monitoring, and reach's share of the test world."""

from __future__ import annotations

from dataclasses import dataclass

from .population_data import SOURCE, rows


def import_population(organisation, *, by, table: list[list[str]] | None = None, source: str = SOURCE):
    """The illustrative profile (or `table`: rows of category, code, count) imported as the next version."""
    from baton.people.testing import ensure_equality_codes

    from .actions import import_profile
    from .imports import prepare

    ensure_equality_codes()
    checked = prepare(table if table is not None else rows(), {"category": 0, "code": 1, "count": 2})
    return import_profile(organisation, checked, by=by, source=source, file_name="population.csv")


def add_participants(organisation, *, by, n: int, activity=None, structure=None, **answers):
    """`n` people taking part in `activity` (or `structure`), each with these equality answers."""
    from baton.people.testing import make_equality, make_participation, make_person

    made = []
    for _ in range(n):
        person = make_person(organisation, by=by)
        if answers:
            make_equality(person, by=by, **answers)
        made.append(make_participation(person, by=by, activity=activity, structure=structure))
    return made


@dataclass
class ReachWorld:
    profile: object
    activity: object


def contribute(world) -> None:
    """The illustrative profile for North Riverside (and one for Oscar's organisation); eight
    people in the world's open activity, all men aged 25 to 34, so women and the activity's target
    groups show as gaps; an instance of every parameterised reach route."""
    p = world.personas
    profile = import_population(p.org, by=p.ellie)
    import_population(p.other_org, by=p.oscar)
    cycle = world.of["cycle"]
    activity = cycle.activity
    add_participants(p.org, by=p.ellie, n=8, activity=activity, sex="1", age_band="25-34", imd_decile=6)
    world.of["reach"] = ReachWorld(profile, activity)
    world.route("reach:profile_detail", pk=profile.pk)
    world.route("reach:activity", pk=activity.pk)
    world.route("reach:stage_run", pk=activity.stage_run_id)
    world.route("reach:programme", pk=activity.stage_run.programme_id)
    structures = world.of.get("structures")
    people = world.of.get("people")
    structure = structures.healthy if structures else people.structure
    world.route("reach:structure", pk=structure.pk)
