"""The cycle's contributions to the hub (core.registry), registered from CycleConfig.ready():
its navigation, its measures of hub elements 2, 5, 7 and 8, each person's work waiting in the
Cycle, the dropped batons on the hub page, and the cycle's lines of the daily digest.

Every function here runs a fixed number of queries, whatever the size of the organisation."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse

from baton.core import registry
from baton.core.models import Role, RoleAssignment
from baton.core.paging import paginate
from baton.core.roles import LEAD_ENGAGEMENT

from . import stages
from .models import EngagementActivity, Handover, InsightItem, Programme, StageRun

registry.nav_item("Programmes", "cycle:programme_list", order=10, prefix="/programmes/")
registry.nav_item("Hand-overs", "cycle:handover_list", order=20, prefix="/handovers/")
registry.nav_item("How Baton works", "cycle:guide", order=85, prefix="/how-baton-works/")

SHOWN = 5  # items of each "my work" list shown on the hub; the rest are a link away


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _since(ctx) -> str:
    return f"since {ctx.since.day} {ctx.since:%B %Y}"


def dropped_insight(ctx: registry.HubContext):
    return InsightItem.objects.for_org(ctx.organisation).dropped()


def dropped_insight_count(ctx: registry.HubContext) -> int:
    """Counted once a page: the hub lists dropped insight and element 5 reports it."""
    return ctx.once("cycle.dropped_insight", lambda: dropped_insight(ctx).count())


# Measures -----------------------------------------------------------------------------------------


@registry.hub_measure("strategy", "programmes", app="cycle")
def strategy_coverage(ctx: registry.HubContext) -> registry.Status:
    """Programmes going round the Cycle, and those with no live (open or awaiting) stage run: a
    coverage gap."""
    live = StageRun.objects.filter(programme=OuterRef("pk")).live()
    counts = Programme.objects.for_org(ctx.organisation).aggregate(
        total=Count("pk"), idle=Count("pk", filter=~Q(Exists(live)))
    )
    details: tuple[str, ...] = ()
    if counts["idle"]:
        details = (f"{_plural(counts['idle'], 'programme has', 'programmes have')} no live stage run.",)
    return registry.Status(
        f"{_plural(counts['total'], 'programme')} going round the Cycle",
        details,
        attention=bool(counts["idle"]) or not counts["total"],
    )


@registry.hub_measure("data", "insight", app="cycle")
def data_and_insight(ctx: registry.HubContext) -> registry.Status:
    """Insight items and engagement activities recorded this financial year, and insight dropped
    (never carried forward, answered or closed)."""
    insight = InsightItem.objects.for_org(ctx.organisation).recorded_since(ctx.since).count()
    activities = EngagementActivity.objects.for_org(ctx.organisation).filter(start_date__gte=ctx.since).count()
    dropped = dropped_insight_count(ctx)
    details: tuple[str, ...] = ()
    if dropped:
        details = (
            f"{_plural(dropped, 'insight item was', 'insight items were')} dropped: never carried forward, answered or closed.",
        )
    return registry.Status(
        f"{_plural(insight, 'insight item')} and {_plural(activities, 'engagement activity', 'engagement activities')} {_since(ctx)}",
        details,
        attention=bool(dropped) or not (insight or activities),
    )


@registry.hub_measure("relationships", "activities", app="cycle")
def partners_in_activities(ctx: registry.HubContext) -> registry.Status:
    """Activities this financial year that named partner organisations, and patient partners
    holding a role today."""
    activities = EngagementActivity.objects.for_org(ctx.organisation).filter(start_date__gte=ctx.since)
    counts = activities.aggregate(total=Count("pk"), with_partners=Count("pk", filter=~Q(partners="")))
    partners = (
        RoleAssignment.objects.current(ctx.today)
        .filter(membership__organisation=ctx.organisation, role=Role.PATIENT_PARTNER, membership__user__is_active=True)
        .values("membership__user")
        .distinct()
        .count()
    )
    return registry.Status(
        f"{counts['with_partners']} of {_plural(counts['total'], 'activity', 'activities')} {_since(ctx)} "
        f"worked with partner organisations; {_plural(partners, 'patient partner')} in Baton",
        attention=not counts["with_partners"] and not partners,
    )


@registry.hub_measure("resources", "spend", app="cycle")
def engagement_spend(ctx: registry.HubContext) -> registry.Status:
    """What engagement activities cost this financial year."""
    spend = (
        EngagementActivity.objects.for_org(ctx.organisation)
        .filter(start_date__gte=ctx.since)
        .aggregate(total=Sum("cost"), n=Count("pk"))
    )
    return registry.Status(
        f"£{spend['total'] or 0:,.2f} spent on {_plural(spend['n'], 'engagement activity', 'engagement activities')} {_since(ctx)}"
    )


# My work ------------------------------------------------------------------------------------------


def _handover_item(h: Handover, ctx, detail: str) -> registry.WorkItem:
    limit = ctx.organisation.handover_limit_days
    return registry.WorkItem(
        text=f"{h.from_run.programme.name}: {stages.get(h.from_run.stage).short} to {stages.get(h.to_stage).short}",
        href=reverse("cycle:handover_detail", args=[h.pk]),
        detail=detail,
        due=h.due_by(limit),
        late=h.is_overdue(ctx.now, limit),
    )


def _list(key, title, queryset, make, *, order, more_href=None) -> registry.WorkList:
    count = queryset.count()
    items = tuple(make(row) for row in queryset[:SHOWN]) if count else ()
    return registry.WorkList(key, title, count, items, more_href if count > SHOWN else None, order)


@registry.my_work(order=10)
def my_cycle_work(ctx: registry.HubContext) -> list[registry.WorkList]:
    """What waits for the person in the Cycle: hand-overs to accept, queries to answer, hand-overs
    they sent that wait, runs they can now close, and their open runs."""
    user, org = ctx.user, ctx.organisation
    handovers = Handover.objects.for_org(org).with_parties().order_by("created_at", "pk")
    mine_sent = Q(created_by=user) | Q(created_by__isnull=True, from_run__owner=user)
    runs = StageRun.objects.for_org(org).filter(owner=user).select_related("programme").order_by("opened_on", "pk")
    return [
        _list(
            "to_accept",
            "Hand-overs waiting for you to accept or query",
            handovers.filter(next_owner=user, status=Handover.Status.PENDING),
            lambda h: _handover_item(h, ctx, f"from {h.created_by or h.from_run.owner}"),
            order=10,
            more_href=reverse("cycle:handover_list") + "?show=waiting",
        ),
        _list(
            "to_answer",
            "Queries you must answer",
            handovers.filter(mine_sent, status=Handover.Status.QUERIED),
            lambda h: _handover_item(h, ctx, f"queried by {h.next_owner}"),
            order=20,
            more_href=reverse("cycle:handover_list") + "?show=queried",
        ),
        _list(
            "sent_waiting",
            "Hand-overs you sent that wait for acceptance",
            handovers.filter(mine_sent, status=Handover.Status.PENDING),
            lambda h: _handover_item(h, ctx, f"waiting for {h.next_owner}"),
            order=30,
            more_href=reverse("cycle:handover_list") + "?show=sent",
        ),
        _list(
            "to_close",
            "Stage runs you can close now (their hand-over was accepted)",
            runs.filter(status=StageRun.Status.OPEN, handover_out__status=Handover.Status.ACCEPTED),
            lambda r: registry.WorkItem(
                f"{r.programme.name}: {stages.label(r.stage)}", reverse("cycle:run_detail", args=[r.pk])
            ),
            order=40,
        ),
        _list(
            "open_runs",
            "Your open stage runs",
            runs.filter(status=StageRun.Status.OPEN),
            lambda r: registry.WorkItem(
                f"{r.programme.name}: {stages.label(r.stage)}",
                reverse("cycle:run_detail", args=[r.pk]),
                detail=f"opened {r.opened_on:%d %b %Y}" if r.opened_on else "",
            ),
            order=50,
        ),
    ]


# The dropped batons on the hub page ----------------------------------------------------------------


@registry.hub_panel("dropped_batons", template="cycle/_dropped_batons.jinja", order=20)
def dropped_batons(request, ctx: registry.HubContext) -> dict:
    """Every dropped baton across the organisation, each list paged on its own."""
    org = ctx.organisation
    limit = org.handover_limit_days
    overdue = paginate(request, Handover.objects.overdue(org, ctx.now).with_parties(), param="overdue_page")
    closed = paginate(
        request,
        StageRun.objects.for_org(org)
        .closed_without_handover()
        .select_related("programme", "owner")
        .order_by("-closed_on", "-pk"),
        param="closed_page",
    )
    dropped = paginate(
        request,
        dropped_insight(ctx).select_related("stage_run", "stage_run__programme").order_by("created_at", "pk"),
        param="insight_page",
        count=dropped_insight_count(ctx),
    )
    for handover in overdue.object_list:
        handover.due = handover.due_by(limit)
    return {
        "stages": stages,
        "organisation": org,
        "overdue": overdue,
        "closed": closed,
        "dropped": dropped,
        "dropped_total": overdue.paginator.count + closed.paginator.count + dropped.paginator.count,
    }


# The daily digest ---------------------------------------------------------------------------------


def _link(name, *args) -> str:
    return settings.BATON_BASE_URL.rstrip("/") + reverse(name, args=args)


@registry.digest
def digest_lines(organisation, now) -> dict[int, list[str]]:
    """The Cycle's lines of each person's daily email: hand-overs to accept, queries to answer,
    runs that can close, and, for engagement leads, the organisation's dropped batons."""
    lines: dict[int, list[str]] = defaultdict(list)
    limit = organisation.handover_limit_days
    for h in Handover.objects.for_org(organisation).with_parties().waiting().order_by("created_at", "pk"):
        days = (now - h.created_at).days
        late = " (OVERDUE)" if h.is_overdue(now, limit) else ""
        if h.status == Handover.Status.PENDING:
            lines[h.next_owner_id].append(
                f"Accept or query the hand-over of {h.from_run.programme} to {stages.label(h.to_stage)}, "
                f"waiting {days} days{late}: {_link('cycle:handover_detail', h.pk)}"
            )
        else:
            sender = h.created_by_id or h.from_run.owner_id
            lines[sender].append(
                f"Answer the query on your hand-over of {h.from_run.programme} to {stages.label(h.to_stage)}{late}: "
                f"{_link('cycle:handover_detail', h.pk)}"
            )
    closable = (
        StageRun.objects.for_org(organisation)
        .filter(status=StageRun.Status.OPEN, handover_out__status=Handover.Status.ACCEPTED)
        .select_related("programme")
    )
    for run in closable:
        lines[run.owner_id].append(
            f"Close the {stages.label(run.stage)} stage run of {run.programme}: its hand-over was accepted. "
            f"{_link('cycle:run_detail', run.pk)}"
        )
    overdue = Handover.objects.overdue(organisation, now).count()
    closed = StageRun.objects.for_org(organisation).closed_without_handover().count()
    dropped = InsightItem.objects.for_org(organisation).dropped().count()
    if overdue or closed or dropped:
        summary = (
            f"Dropped batons across {organisation}: {overdue} hand-overs not accepted within {limit} days, "
            f"{closed} stage runs closed without a hand-over, {dropped} insight items never carried forward, "
            f"answered or closed: {_link('hub:index')}"
        )
        leads = (
            RoleAssignment.objects.current(now.date())
            .filter(membership__organisation=organisation, role__in=LEAD_ENGAGEMENT.roles)
            .values_list("membership__user_id", flat=True)
            .distinct()
        )
        for user_id in leads:
            lines[user_id].append(summary)
    return lines
