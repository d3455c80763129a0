"""Factories for the register, made through the actions as a user would, and the register's share
of the test world (core.testing.build_world)."""

from __future__ import annotations

import importlib
import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

_seq = itertools.count(1)


def ensure_standard_roles() -> None:
    """The standard roles, as the data migration loads them. A test that flushes the database (the
    browser tests) removes reference data; this puts it back, through the migration's own code."""
    from .models import HubRole

    if not HubRole.objects.standard().exists():
        migration = importlib.import_module("baton.responsibilities.migrations.0002_standard_roles")
        migration.load_standard(HubRole)


def adopt(organisation, *, by):
    """The organisation's register with every standard role, as an engagement lead adds them."""
    from .actions import adopt_standard_roles

    ensure_standard_roles()
    return adopt_standard_roles(organisation, by=by)


def make_role(organisation, *, by, **overrides):
    from .actions import create_role

    fields = {"name": f"Role {next(_seq)}", "kind": "hub", "responsibilities": "What this role does.", "required": True}
    fields.update(overrides)
    return create_role(organisation, by=by, **fields)


def make_holder(role, *, by, **overrides):
    from .actions import appoint_holder

    fields = {"starts_on": timezone.localdate() - timedelta(days=100)}
    fields.update(overrides)
    if "person" not in fields and "name" not in fields:
        fields["name"] = f"Outside person {next(_seq)}"
    return appoint_holder(role, by=by, **fields)


@dataclass
class RegisterWorld:
    roles: dict  # key -> HubRole
    holders: dict  # what -> RoleHolder


def contribute(world) -> None:
    """The register with the standard roles: most held (by Baton users and, for Healthwatch, a
    named outside person), one vacant required role (its holder's term ended, no successor), one
    never filled, a term that starts later; a deleted term in the audit trail; Oscar's
    organisation has its own register. An instance of every parameterised route."""
    from .actions import delete_holder
    from .models import HubRole

    p = world.personas
    org = p.org
    today = timezone.localdate()
    roles = {r.key: r for r in adopt(org, by=p.ellie)}
    past = today - timedelta(days=400)
    holders = {
        "executive": make_holder(roles["executive_lead"], by=p.ellie, person=p.bea, starts_on=past),
        "lay": make_holder(roles["lay_member"], by=p.ellie, person=p.larry, starts_on=past),
        "programme": make_holder(roles["programme_lead"], by=p.ellie, person=p.priya, starts_on=past),
        "practitioner": make_holder(roles["practitioner"], by=p.ellie, person=p.ellie, starts_on=past),
        "healthwatch": make_holder(
            roles["healthwatch"],
            by=p.ellie,
            name="Hana Hussain",
            holder_organisation="Healthwatch North Riverside",
            contact="hana@healthwatch.example",
            starts_on=past,
        ),
        "board": make_holder(roles["health_wellbeing_board"], by=p.ellie, name="Cllr Ben Carter", starts_on=past),
        # The clinical lead's term ended with nobody after: vacant, and ended with no successor.
        "ended": make_holder(
            roles["clinical_lead"], by=p.ellie, name="Dr Chidi Obi", starts_on=past, ends_on=today - timedelta(days=20)
        ),
        "upcoming": make_holder(
            roles["commissioning_support"], by=p.ellie, name="CSU engagement team", starts_on=today + timedelta(days=30)
        ),
    }
    mistake = make_holder(roles["scrutiny_committee"], by=p.ellie, name="Entered in error", starts_on=date(2024, 1, 1))
    delete_holder(mistake, by=p.ellie)  # the scrutiny committee: never filled (its only term deleted)

    adopt(p.other_org, by=p.oscar)
    make_role(p.other_org, by=p.oscar, name="Other shire engagement champion")

    world.of["responsibilities"] = RegisterWorld(roles, holders)
    for name in ("role_detail", "role_edit", "role_delete", "holder_create"):
        world.route(f"responsibilities:{name}", pk=roles["clinical_lead"].pk)
    world.route("responsibilities:role_detail", pk=roles["healthwatch"].pk)
    for holder in (holders["healthwatch"], holders["ended"]):
        for name in ("holder_edit", "holder_end", "holder_delete"):
            world.route(f"responsibilities:{name}", pk=holder.pk)
    assert HubRole.objects.for_org(org).count() == len(roles)
