"""The self-assessment's contributions to the hub (core.registry): navigation, the latest
completed rating of each hub element with its evidence (a panel of the hub page), and each
person's work (draft assessments for engagement leads; actions the person owns). A fixed number of
queries each."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from baton.core import registry
from baton.core.permissions import has
from baton.core.roles import LEAD_ENGAGEMENT

from .models import Action, Assessment, Item, Rating, ScaleLevel
from .trend import latest_completed

registry.nav_item("Self-assessment", "assessment:assessment_list", order=70, prefix="/assessments/")

SHOWN = 5


@registry.hub_panel("self_assessment", template="assessment/_hub_panel.jinja", order=40)
def self_assessment_panel(request, ctx: registry.HubContext) -> dict:
    """The latest completed self-assessment: the CCG domains' total out of 15, and each hub
    element's rating with its evidence."""
    latest = latest_completed(ctx.organisation)
    if latest is None:
        return {"latest": None}
    ratings = list(
        Rating.objects.filter(assessment=latest).select_related("item", "item__framework").order_by("item__order")
    )
    ccg = [r for r in ratings if r.item.framework.key == "ccg"]
    domains = Item.objects.filter(framework__key="ccg").count()
    labels = {(lv.framework_id, lv.score): lv.label for lv in ScaleLevel.objects.all()}
    return {
        "latest": latest,
        "ccg_total": sum(r.score or 0 for r in ccg) if len(ccg) == domains else None,
        "ccg_out_of": 3 * domains,
        "elements": [r for r in ratings if r.item.framework.key == "elements"],
        "labels": labels,
    }


@registry.my_work(order=70)
def assessment_work(ctx: registry.HubContext) -> list[registry.WorkList]:
    """Draft assessments (engagement leads complete them) and the actions the person owns."""
    lists = []
    if ctx.user is not None and has(ctx.user, LEAD_ENGAGEMENT):
        drafts = (
            Assessment.objects.for_org(ctx.organisation)
            .filter(status=Assessment.Status.DRAFT)
            .annotate(rated=Count("ratings", filter=Q(ratings__score__isnull=False)))
            .order_by("period_end", "pk")
        )
        count = drafts.count()
        items = Item.objects.count() if count else 0
        shown = tuple(
            registry.WorkItem(
                f"Self-assessment {a.period}",
                reverse("assessment:assessment_detail", args=[a.pk]),
                detail=f"{a.rated} of {items} items rated",
            )
            for a in drafts[:SHOWN]
        )
        lists.append(registry.WorkList("assessment_drafts", "Self-assessments in draft", count, shown, None, 70))
    if ctx.user is not None:
        mine = (
            Action.objects.for_org(ctx.organisation)
            .filter(owner=ctx.user)
            .select_related("rating__item", "rating__assessment")
            .order_by("due_on", "pk")
        )
        count = mine.count()
        shown = tuple(
            registry.WorkItem(
                a.text[:80],
                reverse("assessment:rate_item", args=[a.rating.assessment_id, a.rating.item_id]),
                detail=f"{a.rating.item} ({a.rating.assessment.period})",
                due=a.due_on,
                late=a.due_on < ctx.today,
            )
            for a in mine[:SHOWN]
        )
        lists.append(registry.WorkList("assessment_actions", "Self-assessment actions you own", count, shown, None, 75))
    return lists
