"""The resources area's board indicators (DESIGN.md section 6), each defined once, here, from the
area's own counts in `spend.py`: engagement spend against budget, and payment turnaround. The hub,
the programme pages, the indicators' pages and API and the board pack all read them from here."""

from __future__ import annotations

from decimal import Decimal

from baton.core import registry

from .models import financial_year_label, financial_year_of, money
from .permissions import can_see_payments
from .spend import HEAD_LABELS, HEADS, SpendReport, spend_in, turnaround_between


def _years(period: registry.Period) -> str:
    first, last = financial_year_of(period.start), financial_year_of(period.end)
    return " and ".join(financial_year_label(y) for y in range(first, last + 1))


@registry.indicator(
    "resources.spend_against_budget",
    "Engagement spend against budget",
    element="resources",
    unit="percent",
    app="resources",
    better=None,
    monthly=True,
    per_programme=True,
    order=70,
    readers=can_see_payments,  # money: as on the pages, those who see budgets and spend
)
def spend_against_budget(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """Engagement spend against budget: the spend with a date in the period as a percentage of the
    engagement budget of the financial year (1 April to 31 March) the period falls in; a month's
    spend is a share of its year's budget, a period across two years is set against both years'
    budgets.

    Numerator: spend dated in the period, as `spend.spend_report` counts it: activities' cost by
    their start date; approved and paid claims (involvement payments and expenses) by the day of
    involvement; accessibility, training and other spend items by the day spent. For the
    organisation this includes spend on programmes with no budget and the organisation's own spend
    (claims for taking part in a structure, spend items naming no programme); for one programme,
    only that programme's.
    Denominator: the budgets of the organisation's programmes (or of the one programme) for those
    financial years.
    Exclusions: claims submitted, queried or refused (not spent); spend dated outside the period.
    Neither higher nor lower is better: under- and over-spending both need explaining. None when
    no budget is set (or the budgets are zero). Five queries."""
    return spend_against_budget_months(organisation, [period], programme)[0]


@registry.indicator_series("resources.spend_against_budget")
def spend_against_budget_months(organisation, months: list[registry.Period], programme=None) -> list[registry.Reading]:
    """`spend_against_budget` for each of `months` at once (`spend.spend_in`: the same five
    queries, each sum grouped by month)."""
    programmes = None
    if programme is not None:
        from baton.cycle.models import Programme

        programmes = Programme.objects.filter(pk=programme.pk, organisation=organisation)
    reports = spend_in(organisation, [(m.start, m.end) for m in months], programmes)
    return [_spend_reading(report, period, programme) for report, period in zip(reports, months, strict=True)]


def _spend_reading(report: SpendReport, period: registry.Period, programme) -> registry.Reading:
    if programme is not None:
        line = report.lines[0] if report.lines else None
        budget, spent = (line.budget or Decimal(0), line.spent) if line else (Decimal(0), Decimal(0))
        heads = line.heads if line else {}
    else:
        budget, spent = report.budget, report.spent
        heads = {head: report.head_total(head) for head in HEADS}
    details = tuple(f"{HEAD_LABELS[h]}: {money(heads[h])}." for h in HEADS if heads.get(h))
    if not budget:
        return registry.Reading(
            None, f"{money(spent)} spent; no engagement budget set for {_years(period)}", details=details
        )
    share = float(100 * spent / budget)
    return registry.Reading(
        share,
        f"{money(spent)} spent in {period.label}, {share:.0f}% of the {money(budget)} budgeted for {_years(period)}",
        details=details,
    )


@registry.indicator(
    "resources.payment_turnaround",
    "Payment turnaround",
    element="resources",
    unit="days",
    app="resources",
    better="lower",
    monthly=True,
    order=71,
)
def payment_turnaround(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """Payment turnaround: the median number of days from a claim's submission (the day it was
    made, in local time) to its payment (the day finance exported it), over the claims paid in the
    period (payment day on or after its first day and on or before its last).

    Numerator: none (a median); the denominator is the number of claims paid in the period.
    Exclusions: claims not yet paid (submitted, queried, approved but not exported) and refused
    claims; repeat exports, which pay nothing again. A claim paid the day it was made waits 0 days.
    The organisation sets no target for it in Baton, so there is no assurance icon. None when no
    claim was paid in the period. Two queries."""
    found = turnaround_between(organisation, period.start, period.end)
    if found.median is None:
        return registry.Reading(None, f"No claim was paid in {period.label}", None, 0)
    many = "claim" if found.paid == 1 else "claims"
    return registry.Reading(
        float(found.median),
        f"A median of {found.median:g} days from claim to payment ({found.paid} {many} paid)",
        None,
        found.paid,
    )
