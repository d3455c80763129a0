"""The consultations' board indicator (DESIGN.md section 6), defined once, here: consultations
passing all four Gunning checks. The hub, the programme pages, the API and the board pack read it
through `core.registry`. A fixed number of queries, whatever the size."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q

from baton.core import registry
from baton.core.registry import start_of as _start

from .models import Consultation, GunningAssessment, GunningCheck


@registry.indicator(
    "consultations.gunning",
    "Consultations passing all four Gunning checks",
    element="governance",
    unit="percent",
    app="consultations",
    better="higher",
    per_programme=True,
    order=23,
)
def passing_gunning(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """Numerator: formal consultations that closed in the period with every Gunning check (the four
    Gunning principles: formative stage, sufficient information, adequate time, conscientious
    consideration) assessed as met. Denominator: every consultation that closed in the period,
    reported since or still waiting for its report. Period: the day it closed (early or on its
    closing date). Exclusions: consultations planned or still open. A check not yet assessed, or
    not met, fails it. No value when no consultation closed in the period. Two queries."""
    checks = GunningCheck.objects.count()
    found = Consultation.objects.for_org(organisation).filter(
        closed_at__gte=_start(period.start), closed_at__lt=_start(period.end + timedelta(days=1))
    )
    if programme is not None:
        found = found.filter(programme=programme)
    rows = found.annotate(met=Count("assessments", filter=Q(assessments__outcome=GunningAssessment.Outcome.MET)))
    counts = rows.aggregate(total=Count("pk"), passing=Count("pk", filter=Q(met__gte=checks)))
    if not counts["total"]:
        return registry.Reading(None, "No consultation closed in this period.", 0, 0)
    n, d = counts["passing"], counts["total"]
    return registry.Reading(
        100 * n / d, f"{n} of {d} ({round(100 * n / d)}%) consultations met all four Gunning checks", n, d
    )
