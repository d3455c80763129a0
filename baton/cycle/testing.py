"""Factories for the Cycle's records, made through the actions as a user would, and the cycle's
share of the test world (core.testing.build_world)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

_seq = itertools.count(1)


def make_programme(organisation, *, by, **overrides):
    from .actions import create_programme

    fields = {"name": f"Programme {next(_seq)}", "description": "A test programme."}
    fields.update(overrides)
    return create_programme(organisation, by=by, **fields)


def make_run(programme, stage: str = "needs", *, owner, by=None):
    from .actions import open_stage_run

    return open_stage_run(programme, stage, owner=owner, by=by or owner)


def make_activity(run, *, by, **overrides):
    from .actions import record_activity

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


def make_insight(run, *, by, **overrides):
    from .actions import record_insight

    fields = {"title": f"Insight {next(_seq)}", "source": "activity", "themes": "access", "sentiment": 4}
    fields.update(overrides)
    return record_insight(run, by=by, **fields)


def make_handover(run, *, by, next_owner, to_stage: str | None = None, insight=None, dispositions=None, **overrides):
    """A hand-over of `run`. Every open insight item of the run is carried forward unless
    `insight` names the ones to carry (the others then need `dispositions`)."""
    from .actions import hand_over

    fields = {"summary": "What we learned.", "open_actions": "Share the report."}
    fields.update(overrides)
    return hand_over(
        run,
        to_stage=to_stage or run.stage_info.next_key,
        next_owner=next_owner,
        insight=insight,
        dispositions=dispositions,
        by=by,
        **fields,
    )


def make_history(programme, runs: int, *, owner, stages=None):
    """`runs` closed stage runs of the programme, going round `stages` (all five by default) in
    turn: a long history, as imported from before Baton. Made in bulk, not through actions: no
    action makes a run that is already closed, and hundreds made one by one would slow the suite."""
    from . import stages as cycle_stages
    from .models import StageRun

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


def go_round(programme, steps: int, *, owner):
    """Takes the programme `steps` stages round the Cycle from needs: each stage with an activity
    and insight carried forward, each hand-over accepted and the run closed. Returns the open run."""
    from .actions import accept_handover, close_stage_run
    from .models import StageRun

    run = make_run(programme, "needs", owner=owner)
    for _ in range(steps):
        make_activity(run, by=owner)
        make_insight(run, by=owner)
        handover = make_handover(run, by=owner, next_owner=owner)
        accept_handover(handover, by=owner)
        close_stage_run(run, by=owner)
        run = StageRun.objects.get(pk=handover.to_run_id)
    return run


@dataclass
class CycleWorld:
    programme: object
    run: object
    closed_run: object
    dropped_run: object
    activity: object
    insight: object
    handovers: dict  # state -> Handover


def contribute(world) -> None:
    """Programmes in several stages, activities, insight, hand-overs in every state (pending,
    queried, answered, accepted, overdue), a closed run, a run closed without a hand-over, a
    published programme and a deletion in the audit trail; and an instance of every cycle route."""
    from .actions import (
        accept_handover,
        answer_query,
        close_stage_run,
        delete_programme,
        publish_programme,
        query_handover,
        update_programme,
    )
    from .models import Handover, InsightItem, StageRun

    p = world.personas
    org = p.org

    # Diabetes: needs (closed, accepted hand-over) -> plan (open, with activity and insight,
    # handed over to improve and queried).
    diabetes = make_programme(
        org,
        by=p.ellie,
        name="Diabetes pathway",
        lead=p.priya,
        condition="diabetes",
        public_summary="How we are redesigning diabetes care with patients.",
    )
    publish_programme(diabetes, by=p.ellie)
    needs = make_run(diabetes, "needs", owner=p.priya)
    make_activity(needs, by=p.priya, title="Carers' survey")
    make_insight(needs, by=p.priya, title="Carers cannot reach the clinic by bus")
    accepted = make_handover(needs, by=p.priya, next_owner=p.ellie)
    accept_handover(accepted, by=p.ellie)
    close_stage_run(needs, by=p.priya)
    plan = StageRun.objects.get(pk=accepted.to_run_id)
    activity = make_activity(plan, by=p.ellie, title="Options workshop", method="codesign", ladder_level="involve")
    insight = make_insight(plan, by=p.ellie, title="Evening clinics matter to working people", activity=activity)
    make_insight(
        plan,
        by=p.ellie,
        title="Parking is hard",
        status=InsightItem.Status.ANSWERED,
        resolution="Added to the travel plan.",
    )
    queried = make_handover(plan, by=p.ellie, next_owner=p.priya)
    query_handover(queried, note="Please attach the workshop notes.", by=p.priya)

    # Maternity: needs open, handed over to plan, queried and answered: waiting again.
    maternity = make_programme(
        org,
        by=p.priya,
        name="Maternity voices",
        lead=p.priya,
        public_summary="Listening to families about maternity services.",
    )
    m_needs = make_run(maternity, "needs", owner=p.priya)
    make_insight(m_needs, by=p.priya, title="Partners want to stay overnight")
    pending = make_handover(m_needs, by=p.priya, next_owner=p.ellie)
    query_handover(pending, note="Which groups did we not reach?", by=p.ellie)
    answer_query(pending, answer="Fathers and non-birthing partners; see the report.", by=p.priya)

    # Mental health: a hand-over nobody accepted within the limit (a dropped baton).
    mental = make_programme(org, by=p.ellie, name="Community mental health", lead=p.ellie)
    mh_needs = make_run(mental, "needs", owner=p.ellie)
    overdue = make_handover(mh_needs, by=p.ellie, next_owner=p.priya)
    Handover.objects.filter(pk=overdue.pk).update(created_at=timezone.now() - timedelta(days=45))

    # Respiratory: open in needs with nothing handed over yet; its condition changed once; and a
    # plan run from before Baton, closed without a hand-over, its insight dropped.
    respiratory = make_programme(org, by=p.ellie, name="Respiratory", lead=p.priya)
    update_programme(respiratory, {"condition": "COPD"}, by=p.ellie, expected_version=respiratory.version)
    make_run(respiratory, "needs", owner=p.priya)
    dropped = StageRun.objects.create(
        programme=respiratory,
        stage="plan",
        owner=p.priya,
        status=StageRun.Status.CLOSED,
        opened_on=date(2025, 1, 1),
        closed_on=date(2025, 3, 1),
    )
    InsightItem.objects.create(stage_run=dropped, title="Inhaler technique is rarely checked", source="pals")

    # A programme deleted (undoable from the audit trail).
    stroke = make_programme(org, by=p.ellie, name="Stroke rehabilitation")
    make_run(stroke, "needs", owner=p.ellie)
    delete_programme(stroke, by=p.ellie)

    # Oscar's organisation has its own programme, which nobody here may see.
    make_programme(p.other_org, by=p.oscar, name="Other shire programme")

    handovers = {"pending": pending, "queried": queried, "accepted": accepted, "overdue": overdue}
    world.of["cycle"] = CycleWorld(diabetes, plan, needs, dropped, activity, insight, handovers)

    for name in ("programme_detail", "programme_edit", "programme_delete", "programme_publish", "run_open"):
        world.route(f"cycle:{name}", pk=diabetes.pk)
    for run in (plan, needs, dropped):
        world.route("cycle:run_detail", pk=run.pk)
    for name in ("run_close", "activity_create", "insight_create", "handover_create"):
        world.route(f"cycle:{name}", pk=m_needs.pk if name == "handover_create" else plan.pk)
    world.route("cycle:handover_create", pk=dropped.pk)  # a late hand-over
    world.route("cycle:run_reopen", pk=needs.pk)
    world.route("cycle:run_excuse", pk=dropped.pk)
    for name in ("activity_edit", "activity_delete"):
        world.route(f"cycle:{name}", pk=activity.pk)
    for name in ("insight_edit", "insight_delete"):
        world.route(f"cycle:{name}", pk=insight.pk)
    for handover in handovers.values():
        for name in ("handover_detail", "handover_edit", "handover_accept", "handover_query", "handover_answer"):
            world.route(f"cycle:{name}", pk=handover.pk)
