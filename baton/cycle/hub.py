"""The hub of The Engagement Cycle ("engagement strategy, culture and systems"): its ten elements
(DESIGN.md section 2), each with a status computed from Baton's data where Baton holds the data.

A status is never typed in. Where Baton does not yet hold an element's data, its status says so
plainly ("Not built yet in Baton") rather than guessing. Each status function runs a fixed number of
queries, whatever the size of the organisation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from baton.core.models import Membership, Organisation, Role

from .models import EngagementActivity, InsightItem, Programme, StageRun

NOT_BUILT = "Not built yet in Baton"


@dataclass(frozen=True)
class Status:
    built: bool
    headline: str
    details: tuple[str, ...] = ()
    attention: bool = False  # the data shows something to act on


@dataclass(frozen=True)
class Counted:
    """What the page showing the hub has already counted for its own lists, so that the elements
    use it instead of counting it again. None: not counted; the element counts it itself."""

    dropped_insight: int | None = None  # InsightItem.objects.for_org(organisation).dropped().count()


NOTHING_COUNTED = Counted()


@dataclass(frozen=True)
class Element:
    number: int
    key: str
    title: str
    home: str  # what Baton gives (or will give) this element
    measure: Callable[[Organisation, date, Counted], Status] | None = field(default=None, compare=False)

    def status(self, organisation: Organisation, since: date, counted: Counted = NOTHING_COUNTED) -> Status:
        if self.measure is None:
            return Status(built=False, headline=NOT_BUILT)
        return self.measure(organisation, since, counted)


def financial_year_start(today: date) -> date:
    """NHS bodies plan and report by financial year, 1 April to 31 March."""
    return date(today.year if today.month >= 4 else today.year - 1, 4, 1)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _since(d: date) -> str:
    return f"since {d.day} {d:%B %Y}"


# Measures: one function each, with what it counts in the docstring. -------------------------------


def strategy_coverage(organisation: Organisation, since: date, counted: Counted) -> Status:
    """Programmes going round the Cycle, and those with no live (open or awaiting) stage run: a
    coverage gap."""
    live = StageRun.objects.filter(programme=OuterRef("pk")).exclude(status=StageRun.Status.CLOSED)
    counts = Programme.objects.for_org(organisation).aggregate(
        total=Count("pk"), idle=Count("pk", filter=~Q(Exists(live)))
    )
    headline = f"{_plural(counts['total'], 'programme')} going round the Cycle"
    details = []
    if counts["idle"]:
        details.append(f"{_plural(counts['idle'], 'programme has', 'programmes have')} no live stage run.")
    details.append("Strategy objectives and their links to organisational plans are not built yet in Baton.")
    return Status(True, headline, tuple(details), attention=bool(counts["idle"]) or not counts["total"])


def people_in_roles(organisation: Organisation, since: date, counted: Counted) -> Status:
    """People holding each role in the organisation; no engagement lead is a vacancy."""
    rows = (
        Membership.objects.filter(organisation=organisation, user__is_active=True)
        .values("role")
        .annotate(n=Count("pk"))
    )
    counts = {row["role"]: row["n"] for row in rows}
    parts = [_plural(counts[role.value], role.label.lower()) for role in Role if counts.get(role.value)]
    headline = ", ".join(parts) if parts else "Nobody has a role yet"
    details = []
    if not counts.get(Role.ENGAGEMENT_LEAD):
        details.append("Vacancy: there is no engagement lead to hold the hub.")
    if not counts.get(Role.LAY_MEMBER):
        details.append("Vacancy: there is no lay member for involvement to assure engagement.")
    details.append("The responsibilities register (required hub roles and partner roles) is not built yet in Baton.")
    return Status(True, headline, tuple(details), attention=len(details) > 1)


def data_and_insight(organisation: Organisation, since: date, counted: Counted) -> Status:
    """Insight items and engagement activities recorded this financial year, and insight dropped
    (never carried forward, answered or closed)."""
    insight = InsightItem.objects.for_org(organisation).recorded_since(since).count()
    activities = EngagementActivity.objects.filter(
        stage_run__programme__organisation=organisation, start_date__gte=since
    ).count()
    dropped = counted.dropped_insight
    if dropped is None:
        dropped = InsightItem.objects.for_org(organisation).dropped().count()
    headline = f"{_plural(insight, 'insight item')} and {_plural(activities, 'engagement activity', 'engagement activities')} {_since(since)}"
    details = []
    if dropped:
        details.append(
            f"{_plural(dropped, 'insight item was', 'insight items were')} dropped: never carried forward, answered or closed."
        )
    details.append("Activity assessments and indicators are not built yet in Baton.")
    return Status(True, headline, tuple(details), attention=bool(dropped) or not (insight or activities))


def partners_in_activities(organisation: Organisation, since: date, counted: Counted) -> Status:
    """Activities this financial year that named partner organisations, and patient partners with
    a Baton account."""
    activities = EngagementActivity.objects.filter(
        stage_run__programme__organisation=organisation, start_date__gte=since
    )
    counts = activities.aggregate(total=Count("pk"), with_partners=Count("pk", filter=~Q(partners="")))
    partners = Membership.objects.filter(
        organisation=organisation, role=Role.PATIENT_PARTNER, user__is_active=True
    ).count()
    headline = (
        f"{counts['with_partners']} of {_plural(counts['total'], 'activity', 'activities')} {_since(since)} "
        f"worked with partner organisations; {_plural(partners, 'patient partner')} in Baton"
    )
    details = ("The partner register, dialogue log and relationship health are not built yet in Baton.",)
    return Status(True, headline, details, attention=not counts["with_partners"] and not partners)


def engagement_spend(organisation: Organisation, since: date, counted: Counted) -> Status:
    """What engagement activities cost this financial year."""
    spend = EngagementActivity.objects.filter(
        stage_run__programme__organisation=organisation, start_date__gte=since
    ).aggregate(total=Sum("cost"), n=Count("pk"))
    headline = f"£{spend['total'] or 0:,.2f} spent on {_plural(spend['n'], 'engagement activity', 'engagement activities')} {_since(since)}"
    details = ("Budgets, rate cards, involvement payments and expenses are not built yet in Baton.",)
    return Status(True, headline, details)


ELEMENTS: tuple[Element, ...] = (
    Element(
        1,
        "vision",
        "Vision and shared understanding",
        "Published vision and principles, versioned; purposes and benefits of engagement.",
    ),
    Element(
        2,
        "strategy",
        "Strategy linked to other work",
        "Strategy with objectives linked to organisational plans and programmes; coverage gaps.",
        strategy_coverage,
    ),
    Element(
        3,
        "roles",
        "Who does what",
        "Responsibilities register: required hub roles, named holders, partner roles, vacancies flagged.",
        people_in_roles,
    ),
    Element(
        4,
        "governance",
        "Engagement in governance",
        "Boards and committees; business-case gate; decision register with the influence of engagement.",
    ),
    Element(
        5,
        "data",
        "Data and insight",
        "Activity assessments per stage; feedback analysis; indicators; patients co-analyse.",
        data_and_insight,
    ),
    Element(
        6,
        "structures",
        "Meaningful structures",
        "Register of groups with their purpose and the decision body they feed; 'function before form' checks.",
    ),
    Element(
        7,
        "relationships",
        "Trusting relationships",
        "Partner organisations and patient leaders; dialogue log per stage; relationship health.",
        partners_in_activities,
    ),
    Element(
        8,
        "resources",
        "Adequate resources",
        "Engagement budgets; rate cards; involvement payments and expenses; training spend.",
        engagement_spend,
    ),
    Element(
        9, "learning_staff", "Learning for staff", "Learning needs by role; records; required learning with expiry."
    ),
    Element(
        10,
        "learning_public",
        "Learning for patients and the public",
        "Patient leader development; offers, uptake, capacity.",
    ),
)


def statuses(
    organisation: Organisation, today: date | None = None, counted: Counted = NOTHING_COUNTED
) -> list[tuple[Element, Status]]:
    """Each of the ten elements with its status for the organisation, this financial year.
    `counted`: what the caller has already counted, so that it is not counted twice."""
    since = financial_year_start(today or timezone.localdate())
    return [(element, element.status(organisation, since, counted)) for element in ELEMENTS]
