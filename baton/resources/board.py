"""The resources area's section of the board pack ("Resources: budgets, spend and payments"),
registered from the AppConfig: each programme's budget and spend, spend by kind, claims paid and
the claim-to-payment turnaround, with the two board indicators as monthly XmR charts. Every figure
comes from `spend.py` and `indicators.py`, as the pages and the hub count them. A fixed number of
queries whatever the organisation's size: at most 13, and 7 a month of the series
(`SERIES_MONTHS`)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from baton.core import registry
from baton.core.xmr import Xmr, analyse

from .indicators import spend_against_budget
from .models import Claim, financial_year_dates, financial_year_label, financial_year_of, money
from .spend import HEAD_LABELS, HEADS, spend_between, turnaround_between

SERIES_MONTHS = 15  # Making Data Count: limits from fewer than 15 points are provisional
SMALLEST = 5  # fewer claims than this: their number is not shown (DESIGN.md rule 7)


def series_months(period: registry.Period, today: date, n: int = SERIES_MONTHS) -> list[registry.Period]:
    """The `n` whole months ending with the period's last month, or with the last month over by
    `today` (a month not yet over would look like a fall)."""
    end = min(period.end, today)
    last = registry.Period.month(end.year, end.month)
    if last.end > today:
        before = last.start - timedelta(days=1)
        last = registry.Period.month(before.year, before.month)
    index = last.start.year * 12 + last.start.month - 1 - (n - 1)
    return registry.Period(date(index // 12, index % 12 + 1, 1), last.end).months()


def monthly(key: str, organisation, months: list[registry.Period], **kwargs: Any) -> Xmr:
    """An indicator's readings month by month (its series: all the months at once where it counts
    them so), analysed as an XmR chart."""
    found = registry.indicator_by_key(key)
    assert found is not None, key  # this area's own, registered with the app
    readings = found.series(organisation, months)
    return analyse([(m.label, r.value) for m, r in zip(months, readings, strict=True)], **kwargs)


def _share(spent: Decimal, budget: Decimal | None) -> float | None:
    return None if not budget else round(float(100 * spent / budget), 1)


@registry.board_section(
    "resources", "Resources: budgets, spend and payments", template="resources/_board.jinja", app="resources", order=70
)
def resources_section(organisation, period: registry.Period) -> dict[str, Any] | None:
    """Budgets and spend of the financial year holding the period's last day, programme by
    programme (spent in the period, and in the year to its last day); spend in the period by kind;
    claims paid in the period and their turnaround; the two indicators month by month. None when
    there is no budget for that year, no spend and no claim paid."""
    today = timezone.localdate()
    year = financial_year_of(period.end)
    year_start = financial_year_dates(year)[0]
    in_period = spend_between(organisation, period.start, period.end)
    to_date = spend_between(organisation, year_start, period.end)
    paid = turnaround_between(organisation, period.start, period.end)
    if not to_date.budget and not in_period.spent and not paid.paid:
        return None
    paid_total = Claim.objects.filter(organisation=organisation, paid_on__range=(period.start, period.end)).aggregate(
        total=Sum("total_amount")
    )["total"] or Decimal(0)

    plain, shown = [], []
    spent_in_period = {line.programme.pk: line.spent for line in in_period.lines if line.programme}
    for line in to_date.lines:
        assert line.programme is not None
        now = spent_in_period.get(line.programme.pk, Decimal(0))
        if line.budget is None and not line.spent and not now:
            continue
        share = _share(line.spent, line.budget)
        plain.append((line.programme.name, float(line.budget or 0), float(now), float(line.spent), share))
        shown.append(
            [
                line.programme.name,
                money(line.budget) if line.budget is not None else "No budget",
                money(now),
                money(line.spent),
                "" if share is None else f"{share:g}%",
            ]
        )
    if to_date.organisation_line.spent or in_period.organisation_line.spent:
        org_now, org_ytd = in_period.organisation_line.spent, to_date.organisation_line.spent
        plain.append(("Across the organisation (no programme)", 0.0, float(org_now), float(org_ytd), None))
        shown.append(["Across the organisation (no programme)", "No budget", money(org_now), money(org_ytd), ""])
    total_share = _share(to_date.spent, to_date.budget)
    plain.append(("Total", float(to_date.budget), float(in_period.spent), float(to_date.spent), total_share))
    shown.append(
        [
            "Total",
            money(to_date.budget),
            money(in_period.spent),
            money(to_date.spent),
            "" if total_share is None else f"{total_share:g}%",
        ]
    )
    year_label = financial_year_label(year)
    budget_columns = (
        "Programme",
        f"Budget {year_label}",
        f"Spent in {period.label}",
        f"Spent in {year_label} to {period.end.day} {period.end:%B %Y}",
        "Share of the budget spent",
    )
    heads = [(HEAD_LABELS[h], in_period.head_total(h)) for h in HEADS]
    head_plain = tuple((label, float(amount)) for label, amount in heads)
    head_shown = [[label, money(amount)] for label, amount in heads]

    if paid.paid >= SMALLEST:
        payments = (
            f"{paid.paid} claims were paid in {period.label}, {money(paid_total)} in all, a median of "
            f"{paid.median:g} days after they were made."
        )
        payment_rows: tuple[tuple[Any, ...], ...] = (
            ("Claims paid", paid.paid),
            ("Paid in all (£)", float(paid_total)),
            ("Median days from claim to payment", paid.median),
        )
    elif paid.paid:
        payments = (
            f"Fewer than 5 claims were paid in {period.label}, {money(paid_total)} in all, a median of "
            f"{paid.median:g} days after they were made."
        )
        payment_rows = (
            ("Claims paid", "fewer than 5"),
            ("Paid in all (£)", float(paid_total)),
            ("Median days from claim to payment", paid.median),
        )
    else:
        payments = f"No claim was paid in {period.label}."
        payment_rows = (("Claims paid", 0),)

    months = series_months(period, today)
    spend_xmr = monthly("resources.spend_against_budget", organisation, months, unit="percent", floor=0)
    turnaround_xmr = monthly("resources.payment_turnaround", organisation, months, better="lower", unit="days", floor=0)
    return {
        "period": period,
        "year_label": year_label,
        "headline": spend_against_budget(organisation, period).text,
        "budget_columns": budget_columns,
        "budget_rows": shown,
        "head_rows": head_shown,
        "payments": payments,
        "spend_xmr": spend_xmr,
        "turnaround_xmr": turnaround_xmr,
        "over": [line.programme.name for line in to_date.lines if line.over and line.programme],
        "tables": [
            registry.BoardTable(f"Budgets and spend, {year_label}", budget_columns, tuple(plain)),
            registry.BoardTable(f"Spend by kind, {period.label}", ("Kind of spend", "Spent (£)"), head_plain),
            registry.BoardTable(f"Payments, {period.label}", ("Measure", "Value"), payment_rows),
            registry.BoardTable(
                "Spend against budget by month",
                ("Month", "Share of the year's budget spent (%)"),
                tuple((p.label, p.value) for p in spend_xmr.points),
            ),
            registry.BoardTable(
                "Payment turnaround by month",
                ("Month", "Median days from claim to payment"),
                tuple((p.label, p.value) for p in turnaround_xmr.points),
            ),
        ],
    }
