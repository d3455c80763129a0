"""The register's contributions to the hub (core.registry), registered from the AppConfig: its
navigation entry, its measure of hub element 6 (part "register": structure health), for those who
keep the register the structures it flags, for everyone the actions agreed at meetings that they
own and that are open, and in the daily digest those of them past their due date. Each runs a fixed number of queries, whatever the size of the register."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from baton.core import registry

from .indicators import health
from .models import MeetingAction
from .permissions import can_keep_register

registry.nav_item("Structures", "structures:structure_list", order=45, prefix="/structures/")

SHOWN = 5


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def structure_health(ctx: registry.HubContext) -> dict:
    """Counted once a page: the measure and the work list both read it, from the board indicator's
    own count (`indicators.health`). One query."""

    def count():
        h = health(ctx.organisation, ctx.today)
        return {
            "structures": h.total,
            "flagged": [(s, list(flags)) for s, flags in h.flagged],
            "no_purpose": h.having("No stated purpose"),
            "no_body": h.having("Not linked to a decision body"),
            "terms": h.having("No date of review") + h.having("Terms of reference out of date"),
            "quiet": h.having("No meeting"),
            "overdue": h.having("Review overdue"),
        }

    return ctx.once("structures.health", count)


@registry.hub_measure("structures", "register", app="structures")
def register_status(ctx: registry.HubContext) -> registry.Status:
    """Structure health (a board indicator, DESIGN.md section 6): of the organisation's engagement
    structures, how many are healthy, meaning each states its purpose and the decision body it
    feeds, had its terms of reference reviewed in the last year, met in the last six months and is
    not past its review date (function before form, DESIGN.md rule 5). The details count each
    reason a structure is flagged."""
    c = structure_health(ctx)
    if not c["structures"]:
        return registry.Status(
            "No engagement structures in the register",
            ("Add the groups through which people take part, with the decision body each feeds.",),
            attention=True,
        )
    healthy = c["structures"] - len(c["flagged"])
    headline = f"{healthy} of {_plural(c['structures'], 'structure')} healthy"
    details = []
    if c["no_purpose"]:
        details.append(f"{_plural(c['no_purpose'], 'structure states', 'structures state')} no purpose.")
    if c["no_body"]:
        details.append(f"{_plural(c['no_body'], 'structure feeds', 'structures feed')} no decision body.")
    if c["terms"]:
        details.append(f"{_plural(c['terms'], 'structure has', 'structures have')} terms of reference out of date.")
    if c["quiet"]:
        details.append(f"{_plural(c['quiet'], 'structure has', 'structures have')} not met in six months.")
    if c["overdue"]:
        details.append(f"{_plural(c['overdue'], 'structure is', 'structures are')} past its review date.")
    return registry.Status(headline, tuple(details), attention=bool(c["flagged"]))


@registry.my_work(order=65)
def structures_work(ctx: registry.HubContext) -> list[registry.WorkList]:
    """For those who keep the register: the structures it flags. For everyone: the open actions
    agreed at structures' meetings that they own, soonest due first."""
    if ctx.user is None:
        return []
    lists = []
    if can_keep_register(ctx.user):
        flagged = structure_health(ctx)["flagged"]
        items = tuple(
            registry.WorkItem(s.name, reverse("structures:structure_detail", args=[s.pk]), detail=flags[0])
            for s, flags in flagged[:SHOWN]
        )
        more = reverse("structures:structure_list") + "?show=flagged" if len(flagged) > SHOWN else None
        lists.append(registry.WorkList("structures", "Structures that need attention", len(flagged), items, more, 65))
    mine = (
        MeetingAction.objects.for_org(ctx.organisation)
        .open()
        .filter(owner=ctx.user)
        .with_context()
        .order_by("due_on", "pk")
    )
    # Two queries, whatever the numbers: the first few, and how many in all.
    shown, count = list(mine[:SHOWN]), mine.count()
    if count:
        items = tuple(
            registry.WorkItem(
                a.text[:80],
                reverse("structures:meeting_detail", args=[a.meeting_id]),
                detail=a.meeting.structure.name,
                due=a.due_on,
                late=a.state(ctx.today) == "overdue",
            )
            for a in shown
        )
        lists.append(
            registry.WorkList("structure_actions", "Actions you own from group meetings", count, items, None, 66)
        )
    return lists


def _link(name, *args) -> str:
    return settings.BATON_BASE_URL.rstrip("/") + reverse(name, args=args)


@registry.digest
def digest_lines(organisation, now) -> dict[int, list[str]]:
    """The register's lines of each person's daily email: the actions agreed at group meetings
    that they own and that are past their due date (a commitment kept late is a group let down).
    One query."""
    today = timezone.localdate(now)
    lines: dict[int, list[str]] = defaultdict(list)
    late = MeetingAction.objects.for_org(organisation).overdue(today).filter(owner__isnull=False).with_context()
    for action in late.order_by("due_on", "pk"):
        assert action.due_on is not None and action.owner_id is not None  # overdue: due, and owned (filtered)
        kind = "commitment to" if action.commitment else "action from"
        lines[action.owner_id].append(
            f"Your {kind} {action.meeting.structure} was due on {action.due_on.day} {action.due_on:%B %Y}: "
            f"{action.text[:80]} {_link('structures:meeting_detail', action.meeting_id)}"
        )
    return dict(lines)
