"""The direction's contributions to the hub (core.registry), registered from DirectionConfig.ready():
its navigation, its measures of hub elements 1 (the vision, the purposes of engagement) and 2 (the
strategy's objectives and their coverage), and the drafts waiting for a board member's approval.

Every function here runs a fixed number of queries, whatever the size of the organisation."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from baton.core import registry
from baton.cycle.models import Programme

from .models import Objective, Principle, PrincipleAdoption, StrategyVersion, VisionVersion, _day, _name, _plural
from .permissions import can_approve

registry.nav_item("Vision and strategy", "direction:index", order=5, prefix="/direction/")


def _vision(ctx: registry.HubContext):
    return ctx.once(
        "direction.vision",
        lambda: VisionVersion.objects.for_org(ctx.organisation).approved().select_related("approved_by").first(),
    )


@registry.hub_measure("vision", "vision", app="direction")
def vision_published(ctx: registry.HubContext) -> registry.Status:
    """The vision in force (approved and published), a newer draft, and how many of the ten 2022
    principles the organisation has adopted."""
    vision = _vision(ctx)
    draft = VisionVersion.objects.for_org(ctx.organisation).drafts().first()
    adopted = PrincipleAdoption.objects.for_org(ctx.organisation).count()
    total = Principle.objects.count()
    details = [f"{adopted} of {total} principles of the 2022 statutory guidance adopted."]
    if draft is not None:
        details.append(f"{draft} is a draft waiting for a board member's approval.")
    if vision is None:
        return registry.Status("No approved engagement vision: nothing is published.", tuple(details), attention=True)
    return registry.Status(
        f"Engagement vision version {vision.number} published, approved by {_name(vision.approved_by)} "
        f"on {_day(vision.approved_at)}",
        tuple(details),
        attention=adopted < total,
    )


@registry.hub_measure("vision", "purposes", app="direction")
def purposes_stated(ctx: registry.HubContext) -> registry.Status:
    """Whether the published vision says the purpose of engagement at each of the five stages, and
    its business, health and social benefits."""
    vision = _vision(ctx)
    if vision is None:
        return registry.Status("No published statement of the purposes and benefits of engagement", attention=True)
    missing = vision.missing_purposes()
    benefits = vision.missing_benefits()
    details = []
    if missing:
        details.append("No purpose stated for " + ", ".join(s.label.lower() for s in missing) + ".")
    if benefits:
        details.append(f"No {' or '.join(benefits)} benefits stated.")
    said = 5 - len(missing)
    return registry.Status(
        f"Purposes of engagement stated for {said} of 5 stages; {3 - len(benefits)} of 3 kinds of benefit stated",
        tuple(details),
        attention=bool(missing or benefits),
    )


@registry.hub_measure("strategy", "objectives", app="direction")
def strategy_objectives(ctx: registry.HubContext) -> registry.Status:
    """The strategy in force: its objectives, those no programme serves, the programmes serving
    none of them, and whether it is past its review date."""
    strategy = StrategyVersion.objects.for_org(ctx.organisation).approved().first()
    if strategy is None:
        draft = StrategyVersion.objects.for_org(ctx.organisation).drafts().exists()
        return registry.Status(
            "No approved engagement strategy",
            ("A draft is waiting for approval.",) if draft else (),
            attention=True,
        )
    links = Objective.programmes.through.objects
    counts = strategy.objectives.aggregate(
        total=Count("pk"), unserved=Count("pk", filter=~Q(Exists(links.filter(objective=OuterRef("pk")))))
    )
    idle = (
        Programme.objects.for_org(ctx.organisation)
        .filter(~Exists(links.filter(objective__strategy=strategy, programme=OuterRef("pk"))))
        .count()
    )
    details = []
    if counts["unserved"]:
        details.append(f"{_plural(counts['unserved'], 'objective has', 'objectives have')} no programme delivering it.")
    if idle:
        details.append(f"{_plural(idle, 'programme serves', 'programmes serve')} no objective of the strategy.")
    past = strategy.review_date is not None and strategy.review_date < ctx.today
    if past:
        details.append(f"The strategy was due for review on {_day(strategy.review_date)}: it is past its review date.")
    review = f", review due {_day(strategy.review_date)}" if strategy.review_date else ""
    return registry.Status(
        f"Engagement strategy version {strategy.number}: {_plural(counts['total'], 'objective', 'objectives')}{review}",
        tuple(details),
        attention=bool(details),
    )


@registry.my_work(order=15)
def drafts_to_approve(ctx: registry.HubContext) -> list[registry.WorkList]:
    """For board members: drafts of the vision and the strategy they may approve (not their own)."""
    if ctx.user is None or not can_approve(ctx.user):
        return []
    items = []
    for model, kind in ((VisionVersion, "vision"), (StrategyVersion, "strategy")):
        draft = model.objects.for_org(ctx.organisation).drafts().select_related("changed_by").first()
        if draft is None or ctx.user.pk in {draft.drafted_by_id, draft.changed_by_id}:
            continue
        items.append(
            registry.WorkItem(
                f"{draft}",
                reverse(f"direction:{kind}_approve", args=[draft.pk]),
                detail=f"Last changed by {_name(draft.changed_by)}",
            )
        )
    if not items:
        return []
    return [
        registry.WorkList("direction.approve", "Drafts waiting for your approval", len(items), tuple(items), order=15)
    ]
