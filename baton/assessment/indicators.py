"""The self-assessment's board indicator (DESIGN.md section 6), defined once, here, from the area's
own trend (`trend.build`): the latest completed self-assessment's overall score (the former CCG
assessment's five domains, each 0 to 3, out of 15) and its change from the one before. The
indicators' pages and API and the board pack read it from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from baton.core import registry

from . import trend
from .models import Assessment

OVERALL = "ccg"  # the framework whose total is the overall score


def completed_by(organisation, on: date) -> list[Assessment]:
    """The organisation's completed self-assessments for periods ending on or before `on`, oldest
    first. One query."""
    found = Assessment.objects.for_org(organisation).completed().filter(period_end__lte=on)
    return list(found.order_by("period_end", "pk"))


@dataclass(frozen=True)
class Score:
    """One framework's total in the latest assessment and the one before (None: none before, or an
    item unscored)."""

    name: str
    key: str
    latest: int | None
    previous: int | None
    out_of: int

    @property
    def change(self) -> int | None:
        return None if self.latest is None or self.previous is None else self.latest - self.previous


def scores(assessments: list[Assessment]) -> list[Score]:
    """Each framework's total in the last of `assessments` and the one before it. Four queries."""
    pair = assessments[-2:]
    found = []
    for t in trend.build(pair):
        previous = t.totals[0] if len(pair) == 2 else None
        found.append(Score(t.framework.name, t.framework.key, t.totals[-1], previous, t.out_of))
    return found


def change_in_words(change: int | None) -> str:
    if change is None:
        return ""
    if change == 0:
        return "no change"
    return f"up {change}" if change > 0 else f"down {-change}"


@registry.indicator(
    "assessment.trend",
    "Self-assessment trend",
    element="governance",
    unit="score",
    app="assessment",
    better="higher",
    monthly=False,
    order=90,
)
def self_assessment_trend(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """Self-assessment trend: the overall score of the latest completed self-assessment for a
    period ending on or before the last day of the period, and its change from the completed one
    before it.

    The overall score is the total of the former CCG engagement assessment's five domains (A
    governance, B annual reporting, C day-to-day practice, D feedback and evaluation, E equalities
    and health inequalities), each scored 0 to 3: out of 15. Numerator: that total; denominator:
    the most it could be (15). The details give every framework's total (the hub's ten elements,
    the ten principles, the CCG domains) and its change.
    Exclusions: drafts (an assessment counts once completed); assessments for periods ending after
    the period. Self-assessments are occasional (a year or a quarter apart), so not a monthly
    series. None when no self-assessment was completed. Five queries."""
    assessments = completed_by(organisation, period.end)
    if not assessments:
        return registry.Reading(None, "No self-assessment completed yet")
    latest = assessments[-1]
    before = assessments[-2] if len(assessments) > 1 else None
    found = scores(assessments)
    details = []
    for s in found:
        line = f"{s.name}: {s.latest if s.latest is not None else 'not every item scored'} of {s.out_of}"
        if s.change is not None:
            line += f", {change_in_words(s.change)} from {s.previous}"
        details.append(line + ".")
    overall = next((s for s in found if s.key == OVERALL), None)
    if overall is None or overall.latest is None or not overall.out_of:
        return registry.Reading(None, f"Self-assessment {latest.period}: no overall score", details=tuple(details))
    text = f"{overall.latest} of {overall.out_of} in {latest.period}"
    if before is None:
        text += " (the first completed self-assessment)"
    elif overall.change is not None:
        text += f", {change_in_words(overall.change)} from {overall.previous} in {before.period}"
    return registry.Reading(float(overall.latest), text, overall.latest, overall.out_of, tuple(details))
