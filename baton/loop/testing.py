"""Factories for commitments, made through the actions as a user would, and the loop's share of
the test world (core.testing.build_world)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

_seq = itertools.count(1)


def make_commitment(programme, *, by, insight_items=None, **overrides):
    """A commitment from `insight_items` (default: the programme's newest insight item)."""
    from baton.cycle.models import InsightItem

    from .actions import make_commitment as make

    if insight_items is None:
        insight_items = [InsightItem.objects.filter(stage_run__programme=programme).order_by("-pk").first()]
    fields = {
        "will_do": f"Do what was asked {next(_seq)}",
        "owner": programme.lead or by,
        "due_on": timezone.localdate() + timedelta(days=14),
    }
    fields.update(overrides)
    return make(programme, by=by, insight_items=insight_items, **fields)


def make_overdue(commitment, days: int = 3):
    """Move the due date into the past (as time passing would)."""
    from .models import Commitment

    Commitment.objects.filter(pk=commitment.pk).update(due_on=timezone.localdate() - timedelta(days=days))
    commitment.refresh_from_db()
    return commitment


def respond(commitment, *, by, response: str = "not_adopted", **overrides):
    from .actions import respond as record

    fields: dict[str, Any] = {
        "what_we_did": "We looked at it.",
        "reason": "the budget is spent for this year." if response != "adopted" else "",
    }
    fields.update(overrides)
    return record(commitment, by=by, response=response, **fields)


def publish(commitment, *, by, **overrides):
    from .actions import publish as put

    fields = {"public_said": "You said the clinic is hard to reach.", "public_did": "We could not move it, because ..."}
    fields.update(overrides)
    return put(commitment, by=by, **fields)


@dataclass
class LoopWorld:
    commitments: dict  # state -> Commitment


def contribute(world) -> None:
    """Commitments of the world's published programme (diabetes): waiting, overdue, responded but
    not published, and published; one in Oscar's organisation; the diabetes plan's answered insight
    left without a commitment (a dropped baton of the loop). An instance of every loop route."""
    from baton.cycle.models import InsightItem

    from .testing import make_commitment as make

    p = world.personas
    cycle = world.of["cycle"]
    programme = cycle.programme
    org = p.org
    needs_item = InsightItem.objects.filter(stage_run=cycle.closed_run).first()
    waiting = make(programme, by=p.ellie, insight_items=[cycle.insight], owner=p.priya, will_do="Pilot evening clinics")
    overdue = make_overdue(make(programme, by=p.ellie, insight_items=[cycle.insight], owner=p.priya))
    answered = respond(make(programme, by=p.ellie, insight_items=[needs_item], owner=p.ellie), by=p.ellie)
    shown = make(programme, by=p.priya, insight_items=[needs_item], owner=p.priya, will_do="Add a bus stop")
    shown = publish(respond(shown, by=p.priya, response="partly"), by=p.ellie)

    from baton.cycle.models import Programme

    theirs = Programme.objects.for_org(p.other_org).first()
    if theirs is not None:
        from baton.cycle.testing import make_insight, make_run

        item = make_insight(make_run(theirs, "needs", owner=p.oscar), by=p.oscar)
        publish(respond(make(theirs, by=p.oscar, insight_items=[item], owner=p.oscar), by=p.oscar), by=p.oscar)

    commitments = {"waiting": waiting, "overdue": overdue, "answered": answered, "published": shown}
    world.of["loop"] = LoopWorld(commitments)
    world.route("loop:commitment_create", pk=programme.pk)
    for c in commitments.values():
        for name in ("commitment_detail", "commitment_edit", "commitment_respond", "commitment_delete"):
            world.route(f"loop:{name}", pk=c.pk)
    for c in (answered, shown):
        world.route("loop:commitment_publish", pk=c.pk)
    world.route("loop:commitment_withdraw", pk=shown.pk)
    world.route("loop:public_list", slug=org.public_slug)
    world.route("loop:public_programme", slug=org.public_slug, pk=programme.pk)
