"""Governance's section of the board pack (`core.registry.board_section`): "Assurance of
engagement". Business cases through the engagement gate (assured, signed off, waiting), the
conditions of assurance still open, and the decisions of the period with how engagement
influenced them (or that the involvement duty applied and none is cited). A fixed number of
queries whatever the number of cases and decisions."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from baton.core import registry
from baton.core.registry import BoardTable, Period

from .models import AssuranceCondition, BusinessCase, Decision, EngagementAssurance

LISTED = 15


def _influence(d: Decision) -> str:
    if d.engagement_influence:
        return d.engagement_influence
    if d.consultation_id:
        return "Cites a consultation."
    if d.cites_insight or d.cites_handover:  # type: ignore[attr-defined]  # annotated
        return "Cites insight or a hand-over."
    if d.duty_applied:
        return "None cited, though the involvement duty applied."
    return "None cited."


@registry.board_section(
    "assurance", "Assurance of engagement", template="governance/_board.jinja", app="governance", order=30
)
def assurance_section(organisation, period: Period) -> dict[str, Any] | None:
    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end, time.max))
    cases = BusinessCase.objects.for_org(organisation)
    gate = {
        "signed_off": cases.filter(signed_off_at__gte=start, signed_off_at__lte=end).count(),
        "waiting_for_assurance": cases.waiting_for_assurance().count(),
        "awaiting_sign_off": cases.assured_awaiting_sign_off().count(),
    }
    outcomes = dict(
        EngagementAssurance.objects.for_org(organisation)
        .filter(given_at__gte=start, given_at__lte=end)
        .values_list("outcome")
        .annotate(n=Count("pk"))
    )
    open_conditions_qs = AssuranceCondition.objects.for_org(organisation).filter(
        closed_at__isnull=True, assurance__superseded_by__isnull=True
    )
    open_conditions = list(
        open_conditions_qs.select_related("assurance__case__programme").order_by("assurance__given_at", "pk")[:LISTED]
    )
    conditions_total = len(open_conditions) if len(open_conditions) < LISTED else open_conditions_qs.count()
    decisions_qs = Decision.objects.for_org(organisation).filter(
        decided_on__gte=period.start, decided_on__lte=period.end
    )
    decision_counts = decisions_qs.aggregate(
        n=Count("pk"),
        influenced=Count("pk", filter=~Q(engagement_influence="")),
    )
    flagged = decisions_qs.flagged().count()
    insight = Decision.insight.through.objects.filter(decision_id=OuterRef("pk"))
    handovers = Decision.handovers.through.objects.filter(decision_id=OuterRef("pk"))
    decisions = list(
        decisions_qs.select_related("board")
        .annotate(cites_insight=Exists(insight), cites_handover=Exists(handovers))
        .order_by("-decided_on", "-pk")[:LISTED]
    )
    if not (any(gate.values()) or outcomes or open_conditions or decision_counts["n"]):
        return None
    gate_table = BoardTable(
        "Business cases through the engagement gate",
        ("Measure", "Business cases"),
        (
            ("Assured in the period", outcomes.get(EngagementAssurance.Outcome.ASSURED, 0)),
            ("Assured with conditions in the period", outcomes.get(EngagementAssurance.Outcome.CONDITIONS, 0)),
            ("Not assured in the period", outcomes.get(EngagementAssurance.Outcome.NOT_ASSURED, 0)),
            ("Signed off in the period", gate["signed_off"]),
            ("Waiting for assurance now", gate["waiting_for_assurance"]),
            ("Assured, waiting for sign-off now", gate["awaiting_sign_off"]),
        ),
    )
    conditions_table = BoardTable(
        "Conditions of assurance still open",
        ("Business case", "Programme", "Condition", "Set on"),
        tuple(
            (
                c.assurance.case.title,
                c.assurance.case.programme.name,
                c.text,
                timezone.localtime(c.assurance.given_at).date(),
            )
            for c in open_conditions
        ),
    )
    decisions_table = BoardTable(
        "Decisions of the period and how engagement influenced them",
        ("Decision", "Board", "Decided on", "How engagement influenced it"),
        tuple((d.title, d.board.name, d.decided_on, _influence(d)) for d in decisions),
    )
    tables = [gate_table] + [t for t in (conditions_table, decisions_table) if t.rows]
    return {
        "gate_table": gate_table,
        "conditions_table": conditions_table if open_conditions else None,
        "conditions_total": conditions_total,
        "decisions_table": decisions_table if decisions else None,
        "decisions": decision_counts,
        "flagged": flagged,
        "listed": LISTED,
        "tables": tables,
    }
