"""Governance's board indicators (DESIGN.md section 6), each defined once, here: business cases
signed off with assurance, duty screenings before decision, and decisions showing influence. The
hub, the API and the board pack read them through `core.registry`. Each runs a fixed number of
queries, whatever the size."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Q

from baton.core import registry
from baton.core.registry import of as _of
from baton.core.registry import start_of as _start

from .models import BusinessCase, Decision


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@registry.indicator(
    "governance.signed_off_with_assurance",
    "Business cases signed off with assurance",
    element="governance",
    unit="percent",
    app="governance",
    better="higher",
    order=20,
)
def signed_off_with_assurance(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """Numerator: business cases decided in the period that a board signed off through the gate,
    with the engagement assurance it relied on kept with the sign-off, by the last day of the
    period. Denominator: every business case decided in the period: signed off in it, or named by
    a decision in the register dated in it (a case decided on without going through the gate
    counts against). Period: the day of sign-off, or of the decision. Exclusions: cases not yet
    decided either way. No value when no case was decided in the period. One query."""
    start, after = _start(period.start), _start(period.end + timedelta(days=1))
    decided = Decision.objects.filter(business_case=OuterRef("pk"), decided_on__range=(period.start, period.end))
    counts = (
        BusinessCase.objects.for_org(organisation)
        .filter(Q(signed_off_at__gte=start, signed_off_at__lt=after) | Q(Exists(decided)))
        .aggregate(
            total=Count("pk"),
            assured=Count("pk", filter=Q(signed_off_assurance__isnull=False, signed_off_at__lt=after)),
        )
    )
    if not counts["total"]:
        return registry.Reading(None, "No business case was decided in this period.", 0, 0)
    return registry.Reading(
        100 * counts["assured"] / counts["total"],
        f"{_of(counts['assured'], counts['total'])} business cases decided were signed off with assurance",
        counts["assured"],
        counts["total"],
    )


@registry.indicator(
    "governance.screened_before_decision",
    "Duty screenings before decision",
    element="governance",
    unit="percent",
    app="governance",
    better="higher",
    order=21,
)
def screened_before_decision(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """Numerator: decisions in the register dated in the period whose business case had a duty
    screening (s14Z45) saying whether the involvement duty applies, last recorded on or before the
    decision day. Denominator: every decision dated in the period (a decision on no business case
    had no screening, and counts against). Period: the decision's date. Exclusions: none. A
    screening changed after the decision counts as made after it: Baton keeps its latest date. No
    value when no decision was recorded in the period. One query."""
    counts = (
        Decision.objects.for_org(organisation)
        .filter(decided_on__range=(period.start, period.end))
        .aggregate(
            total=Count("pk"),
            screened=Count(
                "pk",
                filter=Q(
                    business_case__screening__duty_applies__isnull=False,
                    business_case__screening__screened_on__lte=F("decided_on"),
                ),
            ),
        )
    )
    if not counts["total"]:
        return registry.Reading(None, "No decision was recorded in this period.", 0, 0)
    return registry.Reading(
        100 * counts["screened"] / counts["total"],
        f"{_of(counts['screened'], counts['total'])} decisions had a duty screening first",
        counts["screened"],
        counts["total"],
    )


@registry.indicator(
    "governance.decisions_showing_influence",
    "Decisions showing influence",
    element="governance",
    unit="percent",
    app="governance",
    better="higher",
    order=22,
)
def decisions_showing_influence(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """Numerator: decisions in the register dated in the period that say how engagement influenced
    them (what people told us and what changed because of it, or why nothing did). Denominator:
    decisions dated in the period to which the involvement duty applied, or for which it was not
    recorded. Period: the decision's date. Exclusions: decisions recorded as outside the
    involvement duty. No value when there is no such decision in the period. One query."""
    counts = (
        Decision.objects.for_org(organisation)
        .filter(decided_on__range=(period.start, period.end))
        .exclude(duty_applied=False)
        .aggregate(total=Count("pk"), shown=Count("pk", filter=~Q(engagement_influence="")))
    )
    if not counts["total"]:
        return registry.Reading(None, "No decision within the involvement duty was recorded in this period.", 0, 0)
    return registry.Reading(
        100 * counts["shown"] / counts["total"],
        f"{_of(counts['shown'], counts['total'])} decisions say how engagement influenced them",
        counts["shown"],
        counts["total"],
    )
