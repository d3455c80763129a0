"""Personas, factories and the test world, for tests (and the demo). Each area keeps its own
factories in its `testing.py`; data is made through actions where a user would make it.

Personas (DESIGN.md section 1): Ellie (engagement lead), Priya (programme lead), Larry (lay
member), Bea (board member), Pat (patient partner), Adam (admin), all of one ICB; Nora, a member of
that ICB whose role has ended (she reads, and may do nothing else); Oscar belongs to another
organisation and must see nothing of it.

The world (`build_world()`) is one organisation's worth of data with an instance of everything a
page can show: each app in INSTALLED_APPS order adds its share from its `testing.contribute(world)`,
including, for each of its routes that take parameters, the instances to visit
(`world.route(name, **kwargs)`). The permission guard and the browser crawl walk it, so a new
area's pages are covered without anyone listing them there; the page benchmark, whose large
database has no world, walks the same `all_routes()` and finds instances by crawling
(bench/pages.py)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .models import Membership, Organisation, Role, RoleAssignment, User
from .registry import app_module, baton_apps

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


def add_role(user: User, organisation: Organisation, role: str | None, *, starts_on=None, ends_on=None) -> Membership:
    """Give the user a membership of the organisation (if they have none) and, unless role is
    None, a role there from `starts_on` to `ends_on` (blank: always)."""
    membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation)
    if role is not None:
        RoleAssignment.objects.create(membership=membership, role=role, starts_on=starts_on, ends_on=ends_on)
    from .permissions import forget

    forget(user)
    return membership


def make_user(organisation: Organisation | None = None, role: str | None = Role.ENGAGEMENT_LEAD, **overrides) -> User:
    n = next(_seq)
    username = overrides.pop("username", f"user{n}")
    fields = {"email": f"{username}@example.nhs.uk", "first_name": username.capitalize(), "last_name": "Test"}
    fields.update(overrides)
    user = User.objects.create_user(username=username, password=PASSWORD, **fields)
    if organisation is not None:
        add_role(user, organisation, role)
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
    nora: User
    oscar: User
    fiona: User

    def all(self) -> dict[str, User]:
        names = ("ellie", "priya", "larry", "bea", "pat", "adam", "nora", "oscar", "fiona")
        return {k: getattr(self, k) for k in names}


def make_personas() -> Personas:
    org = make_organisation(name="North Riverside ICB", ods_code="QNR", public_slug="north-riverside")
    other = make_organisation(name="Other Shire ICB", ods_code="QOS", public_slug="other-shire")
    nora = make_user(org, None, username="nora", first_name="Nora", last_name="Nash")
    add_role(nora, org, Role.PROGRAMME_LEAD, starts_on=date(2020, 1, 1), ends_on=date(2021, 1, 1))
    return Personas(
        org=org,
        other_org=other,
        ellie=make_user(org, Role.ENGAGEMENT_LEAD, username="ellie", first_name="Ellie", last_name="Evans"),
        priya=make_user(org, Role.PROGRAMME_LEAD, username="priya", first_name="Priya", last_name="Patel"),
        larry=make_user(org, Role.LAY_MEMBER, username="larry", first_name="Larry", last_name="Lloyd"),
        bea=make_user(org, Role.BOARD_MEMBER, username="bea", first_name="Bea", last_name="Brown"),
        pat=make_user(org, Role.PATIENT_PARTNER, username="pat", first_name="Pat", last_name="Price"),
        adam=make_user(org, Role.ADMIN, username="adam", first_name="Adam", last_name="Admin"),
        nora=nora,
        oscar=make_user(other, Role.ENGAGEMENT_LEAD, username="oscar", first_name="Oscar", last_name="Owen"),
        fiona=make_user(org, Role.FINANCE, username="fiona", first_name="Fiona", last_name="Fisher"),
    )


# The world ---------------------------------------------------------------------------------------


@dataclass
class World:
    personas: Personas
    routes: dict[str, list[dict]] = field(default_factory=dict)  # route name -> URL kwargs to visit
    of: dict[str, object] = field(default_factory=dict)  # each app's own handles, by app label
    # Routes a persona who otherwise only reads may post to, by username: a board member signs off
    # a business case (governance). The permission guard leaves exactly these to them.
    powers: dict[str, set[str]] = field(default_factory=dict)

    def route(self, name: str, **kwargs) -> None:
        """An instance of a route that takes parameters, for the guard and the crawl to visit."""
        self.routes.setdefault(name, []).append(kwargs)


def build_world() -> World:
    """Personas, then each app's share (`contribute`), bottom to top; then each app's `finish`,
    for routes about what the others made (the audit trail's events)."""
    world = World(personas=make_personas())
    modules = [m for m in (app_module(config, "testing") for config in baton_apps()) if m is not None]
    for module in modules:
        if hasattr(module, "contribute"):
            module.contribute(world)
    for module in modules:
        if hasattr(module, "finish"):
            module.finish(world)
    return world


def contribute(world: World) -> None:
    """core's share of the world: an API token, and the routes of core's pages."""
    from .models import ApiToken

    p = world.personas
    for user in p.all().values():
        ApiToken.issue(user, f"{user.username}'s reporting token")
    token = ApiToken.objects.filter(user=p.ellie).first()
    assert token is not None  # issued just above
    world.route("core:token_revoke", pk=token.pk)


def finish(world: World) -> None:
    """Routes of the audit trail, for events every app's share made."""
    from .models import AuditEvent

    org = world.personas.org
    deletion = AuditEvent.objects.filter(organisation=org, verb=AuditEvent.Verb.DELETE).order_by("-pk").first()
    update = AuditEvent.objects.filter(organisation=org, verb=AuditEvent.Verb.UPDATE).order_by("-pk").first()
    for event in (e for e in (deletion, update) if e is not None):
        world.route("core:audit_event", pk=event.pk)
        world.route("core:restore", pk=event.pk)
        world.route("core:record_history", model=event.model, object_id=event.object_id)


def queries_for(client, url: str) -> int:
    """How many queries the page at `url` runs, warm (a first request fills per-process caches).
    Query-count tests compare this with a few rows and with many: it must not grow."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def load_reference_data() -> list[str]:
    """Every area's reference data (principles, frameworks, screening questions...), loaded by the
    `load` function of its data migration, into a test database built without the migrations
    (`pytest --nomigrations`, as scripts/mutation runs). Returns the migrations it ran.

    The convention: a migration that adds reference data does it with `RunPython(load, unload)`;
    the other data steps convert existing rows and have nothing to do on an empty database."""
    import importlib
    import pkgutil

    from django.apps import apps
    from django.db.migrations import RunPython

    ran = []
    for config in baton_apps():
        try:
            package = importlib.import_module(f"{config.name}.migrations")
        except ModuleNotFoundError:
            continue
        for module in sorted(info.name for info in pkgutil.iter_modules(package.__path__)):
            migration = importlib.import_module(f"{package.__name__}.{module}").Migration
            for operation in migration.operations:
                code: Any = getattr(operation, "code", None)
                if isinstance(operation, RunPython) and getattr(code, "__name__", "") == "load":
                    code(apps, None)
                    ran.append(f"{config.label}.{module}")
    return ran


def saved_state(*app_labels: str) -> dict:
    """The audit trail's length, and the ids (with the version of every versioned row) of every
    model of these apps: equal before and after means nothing was saved."""
    from django.apps import apps

    from .models import AuditEvent

    state: dict[str, Any] = {"audit": AuditEvent.objects.count()}
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            fields = ("pk", "version") if hasattr(model, "version") else ("pk",)
            state[model._meta.label] = sorted(model._default_manager.values_list(*fields))
    return state


def refused(action, *args, apps: tuple[str, ...], **kwargs) -> list[str]:
    """The sentences `action(*args, **kwargs)` refuses with (RuleBroken), having checked that it
    saved nothing in these apps' models or the audit trail."""
    import pytest

    from .errors import RuleBroken

    before = saved_state(*apps)
    with pytest.raises(RuleBroken) as refusal:
        action(*args, **kwargs)
    assert saved_state(*apps) == before
    return refusal.value.reasons
