"""The roll-ups of activity assessments, defined once: per stage run, per programme and for the
hub. Each is one query whatever the number of activities (a `Count` per rating and dimension)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from .models import DIMENSION_LABELS, DIMENSIONS, Rating


def _aggregates() -> dict[str, Any]:
    found: dict[str, Any] = {
        "activities": Count("pk"),
        "assessed": Count("assessment"),
        "with_partners": Count("assessment", filter=Q(assessment__with_patient_partners=True)),
    }
    for d in DIMENSIONS:
        for r in Rating.values:
            found[f"{d}_{r}"] = Count("assessment", filter=Q(**{f"assessment__{d}_rating": r}))
    return found


@dataclass(frozen=True)
class Rollup:
    """How many activities there are, how many are assessed, and how many of those were rated
    each way on each dimension."""

    activities: int = 0
    assessed: int = 0
    with_partners: int = 0
    counts: dict[str, dict[int, int]] = field(default_factory=dict)  # dimension -> rating -> count

    @classmethod
    def of(cls, row: dict[str, Any]) -> Rollup:
        return cls(
            row["activities"] or 0,
            row["assessed"] or 0,
            row["with_partners"] or 0,
            {d: {r: row[f"{d}_{r}"] or 0 for r in Rating.values} for d in DIMENSIONS},
        )

    @property
    def unassessed(self) -> int:
        return self.activities - self.assessed

    @property
    def percent(self) -> int:
        """The share of activities assessed, in whole per cent (rounded down, so 100% means all)."""
        return self.assessed * 100 // self.activities if self.activities else 0

    @property
    def complete(self) -> bool:
        """Every activity is assessed (a stage run's assessment is complete)."""
        return self.activities > 0 and self.assessed == self.activities

    def met_or_exceeded(self, dimension: str) -> int:
        c = self.counts.get(dimension, {})
        return c.get(Rating.MET, 0) + c.get(Rating.EXCEEDED, 0)

    def table(self) -> list[list[str]]:
        """One row a dimension: its label and the count for each rating, lowest first."""
        return [
            [DIMENSION_LABELS[d], *(str(self.counts.get(d, {}).get(r, 0)) for r in Rating.values)] for d in DIMENSIONS
        ]


def rollup(activities: QuerySet) -> Rollup:
    """The roll-up of `activities` (a queryset of EngagementActivity): one query."""
    return Rollup.of(activities.order_by().aggregate(**_aggregates()))


def rollups_by_run(activities: QuerySet) -> dict[int, Rollup]:
    """The roll-up of each stage run's activities among `activities`, by run id: one query."""
    rows = activities.order_by().values("stage_run").annotate(**_aggregates())
    return {row["stage_run"]: Rollup.of(row) for row in rows}


def summary(r: Rollup) -> str:
    """'12 of 15 activities assessed; outcomes met or exceeded in 9.'"""
    if not r.activities:
        return "No activities to assess."
    text = f"{r.assessed} of {r.activities} {'activity' if r.activities == 1 else 'activities'} assessed"
    if r.assessed:
        text += f"; outcomes met or exceeded in {r.met_or_exceeded('outcomes')}"
    return text + "."
