"""The resources area's contributions through core.registry, registered from the AppConfig: its
navigation ("Resources" for those who see payments, "My claims" for a patient partner with a
linked record), the measure of hub element 8's "budgets" part (spend against budget this
financial year, claims waiting, the median claim-to-payment turnaround; the "spend" part stays
the cycle's), a section on a programme's page (its budget and spend, for those who may read
them), my work (claims waiting for an approver; a person's queried claims) and digest lines.
Each runs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from baton.core import registry

from .models import Claim, financial_year_label, financial_year_of, money
from .permissions import can_approve, can_read_programme_money, can_see_payments, own_person
from .spend import HEAD_LABELS, HEADS, median_turnaround, spend_report

SHOWN = 5


def _shows_my_claims(user) -> bool:
    return not can_see_payments(user) and own_person(user) is not None


registry.nav_item("Resources", "resources:index", order=60, prefix="/resources/", visible=can_see_payments)
registry.nav_item(
    "My claims", "resources:my_claims", order=57, prefix="/resources/my-claims/", visible=_shows_my_claims
)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


@registry.hub_measure("resources", "budgets", app="resources")
def budgets_status(ctx: registry.HubContext) -> registry.Status:
    """Spend against budget this financial year (activities, claims, accessibility, training and
    other spend, as `spend.spend_report` defines it), claims waiting for approval, and the median
    days from a claim's submission to its payment over the last 90 days (`median_turnaround`)."""
    year = financial_year_of(ctx.today)
    report = spend_report(ctx.organisation, year)
    waiting = Claim.objects.filter(organisation=ctx.organisation, status=Claim.Status.SUBMITTED).count()
    turnaround = median_turnaround(ctx.organisation, ctx.today)
    details = []
    over = [line for line in report.lines if line.over]
    if over:
        details.append(f"{_plural(len(over), 'programme is', 'programmes are')} over budget.")
    if waiting:
        details.append(f"{_plural(waiting, 'claim is', 'claims are')} waiting for approval.")
    if turnaround is not None:
        details.append(f"Claims were paid a median of {turnaround:g} days after they were made (last 90 days).")
    else:
        details.append("No claim was paid in the last 90 days.")
    if not report.budget:
        return registry.Status(
            f"No engagement budget set for {financial_year_label(year)}",
            ("Set each programme's budget for the year.", *details),
            attention=True,
        )
    return registry.Status(
        f"{money(report.spent)} spent of {money(report.budget)} budgeted in {financial_year_label(year)}",
        tuple(details),
        attention=bool(over) or waiting > 0,
    )


@registry.page_section("cycle.Programme", "budget", template="resources/_programme_section.jinja", order=30)
def programme_section(request: HttpRequest, programme: Any) -> dict[str, Any] | None:
    """The programme's budget and spend this financial year, for those who may read them."""
    if not can_read_programme_money(request.user, programme):
        return None
    from baton.cycle.models import Programme

    year = financial_year_of(registry_today())
    report = spend_report(programme.organisation, year, Programme.objects.filter(pk=programme.pk))
    return {
        "programme": programme,
        "line": report.lines[0],
        "year": year,
        "heads": HEADS,
        "head_labels": HEAD_LABELS,
        "money": money,
        "year_label": financial_year_label,
    }


def registry_today():
    from django.utils import timezone

    return timezone.localdate()


@registry.my_work(order=80)
def claims_work(ctx: registry.HubContext) -> list[registry.WorkList]:
    """Claims waiting for the approver (not their own); the person's own queried claims."""
    if ctx.user is None:
        return []
    lists = []
    if can_approve(ctx.user):
        waiting = (
            Claim.objects.filter(organisation=ctx.organisation, status=Claim.Status.SUBMITTED)
            .exclude(person__account=ctx.user)
            .select_related("person")
            .order_by("submitted_at", "pk")
        )
        n = waiting.count()
        items = tuple(
            registry.WorkItem(
                f"{c.person}: {money(c.total_amount)}",
                reverse("resources:claim_detail", args=[c.pk]),
                detail=f"for {c.day.day} {c.day:%B %Y}",
            )
            for c in (waiting[:SHOWN] if n else ())
        )
        more = reverse("resources:claim_list") + "?status=submitted" if n > SHOWN else None
        lists.append(registry.WorkList("claims", "Claims waiting for approval", n, items, more, 80))
    person = own_person(ctx.user)
    if person is not None:
        queried = Claim.objects.filter(person=person, status=Claim.Status.QUERIED).order_by("day", "pk")
        found = list(queried[: SHOWN + 1])
        if found:
            items = tuple(
                registry.WorkItem(
                    f"Your claim for {c.day.day} {c.day:%B %Y}",
                    reverse("resources:claim_detail", args=[c.pk]),
                    detail=f"Question: {c.question[:80]}",
                )
                for c in found[:SHOWN]
            )
            more = reverse("resources:my_claims") if len(found) > SHOWN else None
            lists.append(
                registry.WorkList(
                    "queried_claims", "Your claims with a question to answer", queried.count(), items, more, 81
                )
            )
    return lists


def _link(name, *args) -> str:
    return settings.BATON_BASE_URL.rstrip("/") + reverse(name, args=args)


@registry.digest
def digest_lines(organisation, now) -> dict[int, list[str]]:
    """Each person's queried claims to answer. Two queries."""
    lines: dict[int, list[str]] = defaultdict(list)
    queried = Claim.objects.filter(
        organisation=organisation, status=Claim.Status.QUERIED, person__account__isnull=False
    )
    for claim in queried.select_related("person").order_by("day", "pk"):
        assert claim.person.account_id is not None  # filtered
        lines[claim.person.account_id].append(
            f"Answer the question on your claim for {claim.day.day} {claim.day:%B %Y}: {_link('resources:claim_detail', claim.pk)}"
        )
    return dict(lines)
