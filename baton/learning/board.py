"""Learning's section of the board pack ("Learning: coverage and uptake"), registered from the
AppConfig: the two coverage indicators (`indicators.py`) on the period's last day, readiness role
by role, the learning completed in the period offer by offer, and learning completed month by
month as an XmR chart. Counts of people under 5 are not shown, nor a figure from which one could
be worked out (DESIGN.md rule 7). A fixed number of queries: two per role, and a few more."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from baton.core import registry
from baton.core.xmr import analyse

from . import status
from .indicators import SMALLEST, as_at, reading
from .models import LearningRecord

SERIES_MONTHS = 15  # Making Data Count: limits from fewer than 15 points are provisional
HIDDEN = "fewer than 5"


def small(n: int) -> bool:
    """A count of people too small to show: 1 to 4 (none is shown)."""
    return 0 < n < SMALLEST


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


def grouped(counts: list[tuple[str, int]]) -> tuple[tuple[str, Any], ...]:
    """Completions offer by offer, most first. Offers completed 1 to 4 times are put together as
    "Other learning"; while that total is itself 1 to 4 the smallest shown offer joins it (else it
    could be worked out from the total of the rows); a total still under 5 is hidden."""
    shown = sorted(counts, key=lambda pair: (-pair[1], pair[0]))
    other = [pair for pair in shown if small(pair[1])]
    shown = [pair for pair in shown if not small(pair[1])]
    while other and small(sum(n for _, n in other)) and shown:
        other.append(shown.pop())
    rows: list[tuple[str, Any]] = list(shown)
    if other:
        total = sum(n for _, n in other)
        many = "offer" if len(other) == 1 else "offers"
        rows.append((f"Other learning ({len(other)} {many})", HIDDEN if small(total) else total))
    return tuple(rows)


def _readiness(figures: list[status.RoleFigures], who: str) -> tuple[list[list[str]], list[tuple[Any, ...]]]:
    """A row per role: its people, how many are ready, how many not. Where either count is 1 to 4,
    both are hidden (one could be worked out from the other and the total)."""
    shown, plain = [], []
    for f in figures:
        if not f.requirements:
            continue
        if small(f.total):
            cells: tuple[Any, ...] = (HIDDEN, HIDDEN, HIDDEN)
        elif small(f.ready) or small(f.not_ready):
            cells = (f.total, HIDDEN, HIDDEN)
        else:
            cells = (f.total, f.ready, f.not_ready)
        plain.append((f.name, who, *cells))
        shown.append([f.name, who, *(str(c) for c in cells)])
    return shown, plain


@registry.board_section(
    "learning", "Learning: coverage and uptake", template="learning/_board.jinja", app="learning", order=71
)
def learning_section(organisation, period: registry.Period) -> dict[str, Any] | None:
    """Coverage of the learning required of staff and of people who take part on the period's last
    day (today, while it has not ended); readiness for each role with requirements; learning
    completed in the period, offer by offer; learning completed month by month. None when no
    learning is required and none was completed in the period."""
    today = timezone.localdate()
    on = as_at(period, today)
    staff_count = status.coverage(organisation.pk, on, staff=True)
    public_count = status.coverage(organisation.pk, on, staff=False)
    done = (
        LearningRecord.objects.filter(organisation=organisation, completed_on__range=(period.start, on))
        .values("offer__title")
        .annotate(n=Count("pk"))
        .order_by("-n", "offer__title")
    )
    uptake = [(row["offer__title"], row["n"]) for row in done]
    if not staff_count.pairs and not public_count.pairs and not uptake:
        return None
    coverage = []
    for who, count, staff in (("Staff", staff_count, True), ("People who take part", public_count, False)):
        r = reading(count, staff=staff)  # under 5 people: suppressed
        coverage.append((who, r.text if count.pairs else f"No learning is required of {who.lower()}"))
    requirements = status.requirements_of(organisation.pk)
    staff_rows, staff_plain = _readiness(status.staff_roles_figures(organisation.pk, on, requirements), "Staff")
    public_rows, public_plain = _readiness(
        status.participation_roles_figures(organisation.pk, on, requirements), "People who take part"
    )
    uptake_plain = grouped(uptake)
    months = series_months(period, today)
    by_month = dict(
        LearningRecord.objects.filter(organisation=organisation, completed_on__range=(months[0].start, months[-1].end))
        .annotate(month=TruncMonth("completed_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # A month of the period under 5 could be worked out from the period's total (the table above)
    # and the other months: then none of the period's months is shown.
    in_period = [m for m in months if m.start >= date(period.start.year, period.start.month, 1)]
    hide_period = any(small(by_month.get(m.start, 0)) for m in in_period)
    series, month_plain = [], []
    for m in months:
        n = by_month.get(m.start, 0)
        hidden = small(n) or (hide_period and m in in_period and n > 0)
        series.append((m.label, None if hidden else n))
        month_plain.append((m.label, HIDDEN if hidden else n))
    xmr = analyse(series, unit="count", floor=0)
    readiness_columns = ("Role", "Who", "People in the role", "Ready", "Not ready")
    return {
        "period": period,
        "on": on,
        "coverage": coverage,
        "readiness_columns": readiness_columns,
        "readiness_rows": staff_rows + public_rows,
        "uptake_rows": [[title, str(n)] for title, n in uptake_plain],
        "uptake_xmr": xmr,
        "tables": [
            registry.BoardTable("Learning coverage", ("Who", "Coverage"), tuple(coverage)),
            registry.BoardTable("Readiness by role", readiness_columns, tuple(staff_plain + public_plain)),
            registry.BoardTable(f"Learning completed, {period.label}", ("Learning", "Times completed"), uptake_plain),
            registry.BoardTable("Learning completed by month", ("Month", "Times completed"), tuple(month_plain)),
        ],
    }
