"""Factories for self-assessments, made through the actions as a user would, and the
self-assessment's share of the test world (core.testing.build_world)."""

from __future__ import annotations

import importlib
import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

_seq = itertools.count(1)


def ensure_frameworks() -> None:
    """The frameworks, as the data migration loads them; a test that flushed the database (the
    browser tests) removed them, and this puts them back through the migration's own code."""
    from django.apps import apps

    from .models import Framework

    if not Framework.objects.exists():
        importlib.import_module("baton.assessment.migrations.0002_frameworks").load(apps, None)


def make_assessment(organisation, *, by, **overrides):
    from .actions import create_assessment

    n = next(_seq)
    fields = {"period": f"Period {n}", "period_end": date(2025, 3, 31) + timedelta(days=n)}
    fields.update(overrides)
    return create_assessment(organisation, by=by, **fields)


def rate_everything(assessment, *, by, scores=None, owner=None):
    """Rate every item of every framework (score 2 unless `scores` says, by (framework key, code)),
    each with evidence, and give every low score an action owned by `owner` (default `by`)."""
    from .actions import add_action, rate
    from .models import Item

    ensure_frameworks()
    ratings = []
    for item in Item.objects.select_related("framework"):
        score = (scores or {}).get((item.framework.key, item.code), 2)
        rating = rate(assessment, item, score=score, evidence=f"https://example.nhs.uk/evidence/{item.pk}", by=by)
        if score < 2:
            add_action(rating, by=by, text=f"Improve {item.title}.", owner=owner or by, due_on=date(2027, 3, 31))
        ratings.append(rating)
    return ratings


@dataclass
class AssessmentWorld:
    completed: object
    draft: object
    rating: object
    action: object


def contribute(world) -> None:
    """Two completed periods (a trend), a draft with some ratings and an action, a deleted draft in
    the audit trail, and Oscar's organisation's own assessment; an instance of every route."""
    from .actions import add_action, complete_assessment, delete_assessment, rate
    from .models import Item

    ensure_frameworks()
    p = world.personas
    org = p.org
    first = make_assessment(org, by=p.ellie, period="2025/26 Q4", period_end=date(2026, 3, 31))
    rate_everything(first, by=p.ellie, scores={("ccg", "A"): 1, ("ccg", "E"): 1, ("elements", "3"): 1}, owner=p.priya)
    complete_assessment(first, by=p.ellie)
    second = make_assessment(org, by=p.ellie, period="2026/27 Q2", period_end=date(2026, 9, 30))
    rate_everything(second, by=p.ellie, scores={("ccg", "A"): 2, ("ccg", "E"): 3, ("elements", "3"): 2})
    complete_assessment(second, by=p.ellie)
    draft = make_assessment(org, by=p.ellie, period="2026/27 Q3", period_end=date(2026, 12, 31))
    item = Item.objects.get(framework__key="ccg", code="A")
    rating = rate(draft, item, score=1, evidence="Board minutes, 4 November 2026", by=p.ellie)
    action = add_action(
        rating,
        by=p.ellie,
        text="Add a lay member to the board's quality committee.",
        owner=p.priya,
        due_on=timezone.localdate() + timedelta(days=60),
    )
    doomed = make_assessment(org, by=p.ellie, period="Entered in error", period_end=date(2026, 6, 30))
    delete_assessment(doomed, by=p.ellie)
    make_assessment(p.other_org, by=p.oscar, period="Other shire 2026/27 Q2", period_end=date(2026, 9, 30))

    world.of["assessment"] = AssessmentWorld(second, draft, rating, action)
    for a in (second, draft):
        world.route("assessment:assessment_detail", pk=a.pk)
        world.route("assessment:rate_item", pk=a.pk, item_pk=item.pk)
    for name in ("assessment_edit", "assessment_delete", "assessment_complete"):
        world.route(f"assessment:{name}", pk=draft.pk)
    world.route("assessment:action_create", pk=rating.pk)
    for name in ("action_edit", "action_delete"):
        world.route(f"assessment:{name}", pk=action.pk)
