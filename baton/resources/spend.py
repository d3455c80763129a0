"""Engagement spend against budget, and claim-to-payment turnaround: each defined once, here, and
used by the resources pages, the programme page's section, the API and the hub.

Spend of a financial year (1 April to 31 March), per programme:

- **activities**: engagement activities' `cost`, by the activity's start date, counted to its
  stage run's programme;
- **involvement payments** and **expenses**: approved and paid claims, by the day of involvement,
  counted to the programme of the activity the participation is in; claims for taking part in a
  structure (a group, a panel) count to the organisation, not to a programme;
- **accessibility** (interpreters, BSL, easy read, venues), **training** and **other**: spend
  items, to their programme or, naming none, to the organisation.

Sums of stored pence are exact (Decimal); nothing is rounded here. Five queries, whatever the
number of programmes and rows."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Case, DurationField, ExpressionWrapper, F, IntegerField, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate

from baton.cycle.models import EngagementActivity, Programme

from .models import Budget, Claim, SpendItem, financial_year_dates, financial_year_of

ZERO = Decimal("0.00")
HEADS = ("activities", "involvement", "expenses", "accessibility", "training", "other")
HEAD_LABELS = {
    "activities": "Activities",
    "involvement": "Involvement payments",
    "expenses": "Expenses",
    "accessibility": "Accessibility",
    "training": "Training",
    "other": "Other",
}


@dataclass
class SpendLine:
    """One programme's (or, with no programme, the organisation's) budget and spend in a year."""

    programme: Programme | None
    budget: Decimal | None = None
    heads: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(HEADS, ZERO))

    @property
    def spent(self) -> Decimal:
        return sum(self.heads.values(), ZERO)

    @property
    def left(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.spent

    @property
    def over(self) -> bool:
        return self.budget is not None and self.spent > self.budget

    @property
    def share(self) -> int | None:
        """Spend as a whole percentage of the budget."""
        if not self.budget:
            return None
        return int(self.spent * 100 / self.budget)


@dataclass
class SpendReport:
    year: int
    lines: list[SpendLine]
    organisation_line: SpendLine

    @property
    def budget(self) -> Decimal:
        return sum((line.budget or ZERO for line in self.lines), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((line.spent for line in self.lines), ZERO) + self.organisation_line.spent

    def head_total(self, head: str) -> Decimal:
        return sum((line.heads[head] for line in self.lines), ZERO) + self.organisation_line.heads[head]


def spend_report(organisation, year: int, programmes=None) -> SpendReport:
    """Budget and spend of the financial year starting in `year` for each of the organisation's
    programmes (or those in `programmes`, a queryset), and the organisation's own spend. See the
    module's docstring for what counts where."""
    first, last = financial_year_dates(year)
    return spend_between(organisation, first, last, programmes)


def spend_between(organisation, first: date, last: date, programmes=None) -> SpendReport:
    """Spend from `first` to `last` (both included) as `spend_report` counts it, against the
    budgets of the financial years those days fall in (each year's budget once: a month's spend
    against its year's budget). `year` of the report is the year `first` falls in."""
    return spend_in(organisation, [(first, last)], programmes)[0]


def spend_in(organisation, periods: list[tuple[date, date]], programmes=None) -> list[SpendReport]:
    """`spend_between` for each of `periods` ((first, last), not overlapping), from the same five
    queries however many periods: each sum is grouped by the period its day falls in (the board
    pack's chart of spend against budget reads 24 months)."""
    if not periods:
        return []
    programmes = programmes if programmes is not None else Programme.objects.for_org(organisation)
    programmes = list(programmes.order_by("name", "pk"))
    ids = [p.pk for p in programmes]
    years = [(financial_year_of(first), financial_year_of(last)) for first, last in periods]
    reports = [SpendReport(y[0], [SpendLine(p) for p in programmes], SpendLine(None)) for y in years]
    index = {pk: n for n, pk in enumerate(ids)}
    window = (min(first for first, _ in periods), max(last for _, last in periods))

    def line_for(n, pid):
        report = reports[n]
        return report.lines[index[pid]] if pid in index else (report.organisation_line if pid is None else None)

    def period_of(day_field: str) -> Case:
        return Case(
            *(When(**{f"{day_field}__range": span}, then=Value(n)) for n, span in enumerate(periods)),
            output_field=IntegerField(),
        )

    # Added up here, in Decimal: SQLite sums decimals in floating point.
    budgets = Budget.objects.filter(
        programme_id__in=ids, financial_year__range=(min(y[0] for y in years), max(y[1] for y in years))
    )
    for pid, year, amount in budgets.values_list("programme_id", "financial_year", "amount"):
        for n, (low, high) in enumerate(years):
            if low <= year <= high:
                line = reports[n].lines[index[pid]]
                line.budget = (line.budget or ZERO) + amount
    activities = (
        EngagementActivity.objects.filter(stage_run__programme_id__in=ids, start_date__range=window)
        .annotate(period=period_of("start_date"))
        .filter(period__isnull=False)
        .values("period", "stage_run__programme_id")
        .annotate(total=Coalesce(Sum("cost"), ZERO))
        .order_by()
    )
    for row in activities:
        reports[row["period"]].lines[index[row["stage_run__programme_id"]]].heads["activities"] += row["total"]
    claims = (
        Claim.objects.filter(organisation=organisation, day__range=window)
        .counting()
        .annotate(period=period_of("day"))
        .filter(period__isnull=False)
        .values("period", "programme_id")
        .annotate(
            involvement=Coalesce(Sum("involvement_amount"), ZERO), expenses=Coalesce(Sum("expenses_amount"), ZERO)
        )
        .order_by()
    )
    for row in claims:
        target = line_for(row["period"], row["programme_id"])
        if target is not None:
            target.heads["involvement"] += row["involvement"]
            target.heads["expenses"] += row["expenses"]
    items = (
        SpendItem.objects.filter(organisation=organisation, spent_on__range=window)
        .annotate(period=period_of("spent_on"))
        .filter(period__isnull=False)
        .values("period", "programme_id", "category")
        .annotate(total=Coalesce(Sum("amount"), ZERO))
        .order_by()
    )
    for row in items:
        target = line_for(row["period"], row["programme_id"])
        if target is None:
            continue
        category = row["category"]
        head = "accessibility" if category in SpendItem.ACCESSIBILITY else category
        target.heads[head] += row["total"]
    return reports


TURNAROUND_DAYS = 90


@dataclass(frozen=True)
class Turnaround:
    """Claims paid in a period: how many, and the median days from submission to payment."""

    paid: int
    median: float | None


def median_turnaround(organisation, today: date) -> float | None:
    """Claim-to-payment turnaround: the median number of days from a claim's submission (its local
    date) to its payment (the day finance exported it), over claims paid in the last 90 days
    (`today` and the 89 days before). None when no claim was paid in that time. Two queries."""
    return turnaround_between(organisation, today - timedelta(days=TURNAROUND_DAYS - 1), today).median


def turnaround_between(organisation, first: date, last: date) -> Turnaround:
    """Claims paid (exported) from `first` to `last`, both included, and the median number of days
    from each one's submission (its local date) to its payment. Two queries, the database sorting:
    how many were paid, then the middle one or two."""
    paid = (
        Claim.objects.filter(organisation=organisation, paid_on__range=(first, last))
        .annotate(wait=ExpressionWrapper(F("paid_on") - TruncDate("submitted_at"), output_field=DurationField()))
        .order_by("wait")
    )
    n = paid.count()
    if not n:
        return Turnaround(0, None)
    middle = [wait.days for wait in paid.values_list("wait", flat=True)[(n - 1) // 2 : n // 2 + 1]]
    return Turnaround(n, statistics.median(middle))
