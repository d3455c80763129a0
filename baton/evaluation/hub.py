"""Assessing engagement's contributions to the rest of the house (core.registry), registered from
the AppConfig: navigation, the measure of hub element 5's part "assessments", each assessor's
activities to assess (my work), the roll-up sections of the programme and stage run pages, and the
advice given when a stage run closes with activities not yet assessed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from baton.core import registry
from baton.cycle.models import EngagementActivity, StageRun

from .models import assessable
from .permissions import assessable_by, can_read, may_assess
from .rollup import rollup, rollups_by_run, summary

registry.nav_item("Assessing engagement", "evaluation:index", order=45, prefix="/evaluation/", visible=can_read)

SHOWN = 5


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def to_assess(organisation, today):
    """Activities of the organisation that can be assessed today and are not yet."""
    return (
        EngagementActivity.objects.for_org(organisation).filter(assessable(today), assessment__isnull=True).distinct()
    )


@registry.hub_measure("data", "assessments", app="evaluation")
def assessments_status(ctx: registry.HubContext) -> registry.Status:
    """Element 5, activity assessments per stage: of the activities of closed stage runs, how many
    are assessed and in how many the outcomes were met or exceeded; attention when a closed stage
    run has activities not assessed. Two queries whatever the size."""
    closed = EngagementActivity.objects.for_org(ctx.organisation).filter(stage_run__status=StageRun.Status.CLOSED)
    r = rollup(closed)
    if not r.activities:
        return registry.Status(
            "No activities in closed stage runs to assess yet",
            ("Each activity is assessed on its outcomes, processes and mechanisms when its stage run ends.",),
        )
    runs = (
        StageRun.objects.for_org(ctx.organisation)
        .filter(status=StageRun.Status.CLOSED, activities__assessment__isnull=True, activities__isnull=False)
        .values("pk")
        .distinct()
        .count()
    )
    headline = f"{r.assessed} of {_plural(r.activities, 'activity', 'activities')} in closed stage runs assessed" + (
        f"; outcomes met or exceeded in {r.met_or_exceeded('outcomes')}" if r.assessed else ""
    )
    details = []
    if runs:
        details.append(f"{_plural(runs, 'closed stage run has', 'closed stage runs have')} activities not assessed.")
    if r.assessed:
        details.append(f"Patient partners or people who took part helped assess {r.with_partners} of {r.assessed}.")
    return registry.Status(headline, tuple(details), attention=bool(runs))


@registry.my_work(order=55)
def assessment_work(ctx: registry.HubContext) -> list[registry.WorkList]:
    """For those who assess: the activities they may assess that have ended or whose stage run has
    handed over or closed, and are not yet assessed."""
    if ctx.user is None or not may_assess(ctx.user):
        return []
    waiting = assessable_by(ctx.user, to_assess(ctx.organisation, ctx.today))
    n = waiting.count()
    items = tuple(
        registry.WorkItem(
            a.title,
            reverse("evaluation:assess", args=[a.pk]),
            detail=str(a.stage_run),
            due=a.end_date,
        )
        for a in (
            waiting.select_related("stage_run", "stage_run__programme").order_by("end_date", "start_date", "pk")[:SHOWN]
            if n
            else ()
        )
    )
    more = f"{reverse('evaluation:index')}?show=to_assess" if n > SHOWN else None
    return [registry.WorkList("activities_to_assess", "Activities to assess", n, items, more, 55)]


@registry.page_section("cycle.Programme", "assessments", template="evaluation/_programme_section.jinja", order=40)
def programme_section(request: HttpRequest, programme: Any) -> dict[str, Any] | None:
    """On the programme's page: how its activities were assessed, overall and stage run by stage
    run, for staff."""
    if not can_read(request.user):
        return None
    activities = EngagementActivity.objects.filter(stage_run__programme=programme)
    return {"programme": programme, "rollup": rollup(activities), "summary": summary}


@registry.page_section("cycle.StageRun", "assessments", template="evaluation/_run_section.jinja", order=40)
def run_section(request: HttpRequest, run: Any) -> dict[str, Any] | None:
    """On a stage run's page: how its activities were assessed, and whether its assessment is
    complete (every activity assessed)."""
    if not can_read(request.user):
        return None
    r = rollups_by_run(EngagementActivity.objects.filter(stage_run=run)).get(run.pk)
    return {"run": run, "rollup": r, "summary": summary}


@registry.advice("cycle.StageRun")
def run_advice(run: StageRun) -> list[str]:
    """A stage run just closed with activities not yet assessed: a warning, never a refusal (the
    Cycle's close rule is the baton rule alone)."""
    if run.status != StageRun.Status.CLOSED:
        return []
    left = EngagementActivity.objects.filter(stage_run=run, assessment__isnull=True).count()
    if not left:
        return []
    return [
        f"{_plural(left, 'activity of this stage run is', 'activities of this stage run are')} not yet assessed. "
        "Assess each on its outcomes, processes and mechanisms."
    ]


def today():
    return timezone.localdate()
