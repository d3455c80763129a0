"""Personas and factories for tests (and the demo). Data is made through actions where a user
would make it.

Personas (DESIGN.md section 1): Ellie (engagement lead), Priya (programme lead), Larry (lay member),
Bea (board member), Pat (patient partner), Adam (admin), all of one ICB; Oscar belongs to another
organisation and must see nothing of it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from .models import Membership, Organisation, Role, User

PASSWORD = "correct-horse-battery-staple"
_seq = itertools.count(1)


def make_organisation(**overrides) -> Organisation:
    n = next(_seq)
    fields = {
        "name": f"Test ICB {n}",
        "ods_code": f"T{n:05d}",
        "public_slug": f"test-icb-{n}",
        "type": Organisation.Type.ICB,
    }
    fields.update(overrides)
    return Organisation.objects.create(**fields)


def make_user(organisation: Organisation | None = None, role: str = Role.ENGAGEMENT_LEAD, **overrides) -> User:
    n = next(_seq)
    username = overrides.pop("username", f"user{n}")
    fields = {"email": f"{username}@example.nhs.uk", "first_name": username.capitalize(), "last_name": "Test"}
    fields.update(overrides)
    user = User.objects.create_user(username=username, password=PASSWORD, **fields)
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@dataclass
class Personas:
    org: Organisation
    other_org: Organisation
    ellie: User
    priya: User
    larry: User
    bea: User
    pat: User
    adam: User
    oscar: User

    def all(self) -> dict[str, User]:
        return {k: getattr(self, k) for k in ("ellie", "priya", "larry", "bea", "pat", "adam", "oscar")}


def make_personas() -> Personas:
    org = make_organisation(name="North Riverside ICB", ods_code="QNR", public_slug="north-riverside")
    other = make_organisation(name="Other Shire ICB", ods_code="QOS", public_slug="other-shire")
    return Personas(
        org=org,
        other_org=other,
        ellie=make_user(org, Role.ENGAGEMENT_LEAD, username="ellie", first_name="Ellie", last_name="Evans"),
        priya=make_user(org, Role.PROGRAMME_LEAD, username="priya", first_name="Priya", last_name="Patel"),
        larry=make_user(org, Role.LAY_MEMBER, username="larry", first_name="Larry", last_name="Lloyd"),
        bea=make_user(org, Role.BOARD_MEMBER, username="bea", first_name="Bea", last_name="Brown"),
        pat=make_user(org, Role.PATIENT_PARTNER, username="pat", first_name="Pat", last_name="Price"),
        adam=make_user(org, Role.ADMIN, username="adam", first_name="Adam", last_name="Admin"),
        oscar=make_user(other, Role.ENGAGEMENT_LEAD, username="oscar", first_name="Oscar", last_name="Owen"),
    )


# Cycle factories: through the actions, as a user would.


def make_programme(organisation: Organisation, *, by: User, **overrides):
    from baton.cycle.actions import create_programme

    fields = {"name": f"Programme {next(_seq)}", "description": "A test programme."}
    fields.update(overrides)
    return create_programme(organisation, by=by, **fields)


def make_run(programme, stage: str = "needs", *, owner: User, by: User | None = None):
    from baton.cycle.actions import open_stage_run

    return open_stage_run(programme, stage, owner=owner, by=by or owner)


def make_activity(run, *, by: User, **overrides):
    from baton.cycle.actions import record_activity

    fields = {
        "title": f"Activity {next(_seq)}",
        "method": "survey",
        "ladder_level": "consult",
        "target_groups": "carers, young people",
        "start_date": date(2026, 1, 10),
        "reach": 40,
        "cost": 120,
    }
    fields.update(overrides)
    return record_activity(run, by=by, **fields)


def make_insight(run, *, by: User, **overrides):
    from baton.cycle.actions import record_insight

    fields = {"title": f"Insight {next(_seq)}", "source": "activity", "themes": "access", "sentiment": 4}
    fields.update(overrides)
    return record_insight(run, by=by, **fields)


def make_handover(run, *, by: User, next_owner: User, to_stage: str | None = None, insight=(), **overrides):
    from baton.cycle.actions import hand_over

    fields = {"summary": "What we learned.", "open_actions": "Share the report."}
    fields.update(overrides)
    return hand_over(
        run, to_stage=to_stage or run.stage_info.next_key, next_owner=next_owner, insight=insight, by=by, **fields
    )


def make_history(programme, runs: int, *, owner: User, stages=None):
    """`runs` closed stage runs of the programme, going round `stages` (all five by default) in
    turn: a long history, as imported from before Baton. Made in bulk, not through actions: no
    action makes a run that is already closed, and hundreds made one by one would slow the suite."""
    from baton.cycle import stages as cycle_stages
    from baton.cycle.models import StageRun

    keys = stages or cycle_stages.KEYS
    made = [
        StageRun(
            programme=programme,
            stage=keys[n % len(keys)],
            owner=owner,
            status=StageRun.Status.CLOSED,
            opened_on=date(2020, 1, 1),
            closed_on=date(2020, 2, 1),
        )
        for n in range(runs)
    ]
    return StageRun.objects.bulk_create(made)
