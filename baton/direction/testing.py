"""Factories for the vision, the principles, the plans and the strategy, made through the actions
as people would, and the direction's share of the test world (core.testing.build_world)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

_seq = itertools.count(1)

VISION_TEXT = {
    "statement": "People and communities shape every decision we make about their health and care.",
    "principles": "We go to people, we listen early, and we say what changed.",
    "purpose_needs": "Hear what communities need and aspire to, beyond the statistics.",
    "purpose_plan": "Test priorities and trade-offs with the public before we decide.",
    "purpose_improve": "Co-design services with the patients and carers who use them.",
    "purpose_procure": "Write what patients told us into contracts.",
    "purpose_monitor": "Let patients and Healthwatch hold providers to account.",
    "business_benefits": "Sturdier decisions and fewer challenges.",
    "health_benefits": "Services people use, and fewer inequalities.",
    "social_benefits": "Trust, and stronger communities.",
}


def ensure_reference_data() -> None:
    """The ten principles and the plan types, as the data migration loads them. A test that
    commits (a live-server test) is followed by a flush that empties every table, reference data
    included, so the factories put them back when they are missing."""
    import importlib

    from django.apps import apps

    from .models import Principle

    if not Principle.objects.exists():
        importlib.import_module("baton.direction.migrations.0002_the_ten_principles_and_plan_types").load(apps, None)


def make_vision(organisation, *, by, approve_by=None, **overrides):
    """A vision draft with every part written (or `overrides`); approved by `approve_by` if given."""
    from .actions import approve_version, start_vision_draft, update_version

    draft = start_vision_draft(organisation, by=by)
    draft = update_version(draft, {**VISION_TEXT, **overrides}, by=by)
    if approve_by is not None:
        draft = approve_version(draft, by=approve_by)
    return draft


def make_plan(organisation, *, by, plan_type=None, **overrides):
    from .actions import create_plan
    from .models import PlanType

    ensure_reference_data()
    fields = {"name": f"Plan {next(_seq)}", "period": "2025/26 to 2029/30"}
    fields.update(overrides)
    return create_plan(organisation, by=by, plan_type=plan_type or PlanType.objects.first(), **fields)


def make_strategy(organisation, *, by, objectives=(), approve_by=None, **overrides):
    """A strategy draft with `objectives` ((title, plans, programmes), ...); approved if asked."""
    from .actions import add_objective, approve_version, start_strategy_draft, update_version

    draft = start_strategy_draft(organisation, by=by)
    fields = {"title": "Working with people and communities", "review_date": timezone.localdate() + timedelta(days=365)}
    fields.update(overrides)
    draft = update_version(draft, fields, by=by)
    for title, plans, programmes in objectives:
        add_objective(draft, by=by, title=title, plans=plans, programmes=programmes)
    if approve_by is not None:
        draft = approve_version(draft, by=approve_by)
    return draft


def adopt(organisation, number: int, *, by, **overrides):
    from .actions import adopt_principle
    from .models import Principle

    ensure_reference_data()
    fields = {"how": "Our citizens' panel reviews every plan.", "evidence_links": "https://example.nhs.uk/panel"}
    fields.update(overrides)
    return adopt_principle(organisation, Principle.objects.get(number=number), by=by, **fields)


@dataclass
class DirectionWorld:
    vision: object  # approved, in force
    old_vision: object  # superseded
    vision_draft: object
    strategy: object  # approved
    strategy_draft: object
    objective: object  # of the approved strategy
    draft_objective: object
    plan: object
    adoption: object


def contribute(world) -> None:
    """A vision approved, superseded and re-approved, with a newer draft; principles adopted; plans;
    a strategy approved with objectives linked to plans and programmes (with a gap each way) and a
    newer draft; a deleted plan in the audit trail; and an instance of every direction route."""
    from .actions import delete_plan

    p = world.personas
    org = p.org
    ensure_reference_data()
    old = make_vision(org, by=p.ellie, approve_by=p.bea, statement="Our first vision.")
    vision = make_vision(org, by=p.ellie, approve_by=p.bea)
    old.refresh_from_db()
    draft = make_vision(org, by=p.ellie, statement="A bolder vision, still a draft.")
    adoption = adopt(org, 1, by=p.ellie)
    adopt(org, 4, by=p.ellie, how="We fund community connectors in Core20 neighbourhoods.")
    plan = make_plan(org, by=p.ellie, name="Joint forward plan 2025 to 2030")
    make_plan(org, by=p.ellie, name="Operational plan 2026/27")
    gone = make_plan(org, by=p.ellie, name="Old operational plan")
    delete_plan(gone, by=p.ellie)
    cycle = world.of.get("cycle")
    programmes = [cycle.programme] if cycle is not None else []
    strategy = make_strategy(
        org,
        by=p.ellie,
        approve_by=p.bea,
        objectives=[
            ("Hear from communities we do not usually hear from", [plan], programmes),
            ("Tell people what changed because of them", [plan], []),
        ],
    )
    strategy_draft = make_strategy(org, by=p.ellie, title="Working with people and communities 2027 to 2030")
    objective = strategy.objectives.order_by("pk").first()
    draft_objective = strategy_draft.objectives.order_by("pk").first()

    # Oscar's organisation has its own vision and plan, which nobody here may see.
    make_vision(p.other_org, by=p.oscar, statement="Other shire's own vision.")
    make_plan(p.other_org, by=p.oscar, name="Other shire plan")
    make_strategy(p.other_org, by=p.oscar, title="Other shire strategy")

    world.of["direction"] = DirectionWorld(
        vision, old, draft, strategy, strategy_draft, objective, draft_objective, plan, adoption
    )
    for kind, versions in (("vision", (vision, old, draft)), ("strategy", (strategy, strategy_draft))):
        for version in versions:
            world.route(f"direction:{kind}_detail", pk=version.pk)
        for name in ("edit", "approve", "delete"):
            for version in versions:
                world.route(f"direction:{kind}_{name}", pk=version.pk)
    world.route("direction:objective_create", pk=strategy_draft.pk)
    for objective_ in (objective, draft_objective):
        world.route("direction:objective_edit", pk=objective_.pk)
        world.route("direction:objective_delete", pk=objective_.pk)
    world.route("direction:plan_edit", pk=plan.pk)
    world.route("direction:plan_delete", pk=plan.pk)
    world.route("direction:adoption_edit", pk=adoption.pk)
    world.route("direction:adoption_delete", pk=adoption.pk)
    # Approving is a board member's own power: the readers' guard leaves these routes to Bea.
    world.powers.setdefault("bea", set()).update({"direction:vision_approve", "direction:strategy_approve"})
    world.route("direction:public_vision", slug=org.public_slug)
    world.route("direction:public_vision_version", slug=org.public_slug, number=old.number)
