"""Consultations' part of "Assurance of engagement" in the board pack
(`core.registry.board_section`): the formal consultations running in the period, their responses,
and how each meets the four Gunning checks. Two queries whatever the number of consultations."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count

from baton.core import registry
from baton.core.registry import BoardTable, Period

from .models import Consultation, GunningAssessment

LISTED = 15


@registry.board_section(
    "consultations",
    "Assurance of engagement: consultations and the Gunning checks",
    template="consultations/_board.jinja",
    app="consultations",
    order=35,
)
def consultations_section(organisation, period: Period) -> dict[str, Any] | None:
    running = Consultation.objects.for_org(organisation).filter(opens_on__lte=period.end, closes_on__gte=period.start)
    found = list(running.order_by("-opens_on", "-pk")[:LISTED])
    if not found:
        return None
    total = len(found) if len(found) < LISTED else running.count()
    outcomes: dict[int, Counter[str]] = {c.pk: Counter() for c in found}
    for consultation_id, outcome, n in (
        GunningAssessment.objects.filter(consultation__in=found)
        .values_list("consultation_id", "outcome")
        .annotate(n=Count("pk"))
    ):
        outcomes[consultation_id][outcome] += n
    table = BoardTable(
        "Consultations in the period and the Gunning checks",
        ("Consultation", "Status", "Opens", "Closes", "Responses", "Checks met", "Checks not met", "Not yet assessed"),
        tuple(
            (
                c.title,
                c.get_status_display(),
                c.opens_on,
                c.closes_on,
                c.total_responses,
                outcomes[c.pk][GunningAssessment.Outcome.MET],
                outcomes[c.pk][GunningAssessment.Outcome.NOT_MET],
                outcomes[c.pk][GunningAssessment.Outcome.NOT_YET],
            )
            for c in found
        ),
    )
    not_met = sum(1 for c in found if outcomes[c.pk][GunningAssessment.Outcome.NOT_MET])
    return {"table": table, "total": total, "not_met": not_met, "listed": LISTED, "tables": [table]}
