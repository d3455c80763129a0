"""One organisation's worth of data with an instance of everything a page can show: programmes in
several stages, activities, insight, hand-overs in every state (pending, queried, accepted,
overdue), a deletion in the audit trail, API tokens and public summaries. Made through the
actions, as people would."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from baton.core.models import ApiToken, AuditEvent
from baton.core.testing import make_personas
from baton.cycle.testing import make_activity, make_handover, make_insight, make_programme, make_run


@dataclass
class World:
    personas: object
    programme: object
    run: object
    activity: object
    insight: object
    handovers: dict = field(default_factory=dict)  # state -> Handover
    deletion: object = None
    objects: dict = field(default_factory=dict)  # noun -> instance, for URL parameters


def build_world() -> World:
    from baton.cycle.actions import (
        accept_handover,
        close_stage_run,
        delete_programme,
        query_handover,
        update_programme,
    )
    from baton.cycle.models import Handover

    p = make_personas()
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
    needs = make_run(diabetes, "needs", owner=p.priya)
    make_activity(needs, by=p.priya, title="Carers' survey")
    needs_insight = make_insight(needs, by=p.priya, title="Carers cannot reach the clinic by bus")
    accepted = make_handover(needs, by=p.priya, next_owner=p.ellie, insight=[needs_insight])
    accept_handover(accepted, by=p.ellie)
    close_stage_run(needs, by=p.priya)
    plan = accepted.to_run
    plan.refresh_from_db()
    activity = make_activity(plan, by=p.ellie, title="Options workshop", method="codesign", ladder_level="involve")
    insight = make_insight(plan, by=p.ellie, title="Evening clinics matter to working people", activity=activity)
    queried = make_handover(plan, by=p.ellie, next_owner=p.priya, insight=[insight])
    query_handover(queried, note="Please attach the workshop notes.", by=p.priya)

    # Maternity: needs open, handed over to plan and waiting.
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

    # Mental health: a hand-over nobody accepted within the limit (a dropped baton).
    mental = make_programme(org, by=p.ellie, name="Community mental health", lead=p.ellie)
    mh_needs = make_run(mental, "needs", owner=p.ellie)
    overdue = make_handover(mh_needs, by=p.ellie, next_owner=p.priya)
    Handover.objects.filter(pk=overdue.pk).update(created_at=timezone.now() - timedelta(days=45))

    # Respiratory: open in needs with nothing handed over yet; its name changed once.
    respiratory = make_programme(org, by=p.ellie, name="Respiratory", lead=p.priya)
    update_programme(respiratory, {"condition": "COPD"}, by=p.ellie, expected_version=respiratory.version)
    make_run(respiratory, "needs", owner=p.priya)

    # A programme deleted (undoable from the audit trail).
    stroke = make_programme(org, by=p.ellie, name="Stroke rehabilitation")
    make_run(stroke, "needs", owner=p.ellie)
    delete_programme(stroke, by=p.ellie)
    deletion = AuditEvent.objects.filter(verb=AuditEvent.Verb.DELETE).latest("pk")

    # Oscar's organisation has its own programme, which nobody here may see.
    make_programme(p.other_org, by=p.oscar, name="Other shire programme")

    for user in p.all().values():
        ApiToken.issue(user, f"{user.username}'s reporting token")

    world = World(
        personas=p,
        programme=diabetes,
        run=plan,
        activity=activity,
        insight=insight,
        handovers={
            "pending": pending,
            "queried": queried,
            "accepted": accepted,
            "overdue": overdue,
        },
        deletion=deletion,
    )
    world.objects = {
        "organisation": org,
        "org": org,
        "programme": diabetes,
        "run": plan,
        "stagerun": plan,
        "stage_run": plan,
        "activity": activity,
        "insight": insight,
        "handover": pending,
        "event": deletion,
        "audit": deletion,
        "token": ApiToken.objects.filter(user=p.ellie).first(),
        "user": p.priya,
    }
    return world
