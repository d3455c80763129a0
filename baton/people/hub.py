"""The people area's contributions through core.registry, registered from the AppConfig: its
navigation entry (for those who keep the register, and "My involvement" for a patient partner
with a linked record), and its sections on a structure's page (owned by `structures`, below):
the members with their terms of office, attendance at its recent meetings, and, for those who may
see equality monitoring, the membership's diversity as suppressed counts (each view audited)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from baton.core import registry
from baton.core.paging import paginate
from baton.core.permissions import require_member

from . import equality
from .models import Attendance
from .permissions import can_keep_people, can_view_equality, is_patient_partner

registry.nav_item("People", "people:person_list", order=55, prefix="/people/", visible=can_keep_people)
registry.nav_item(
    "My involvement",
    "people:me",
    order=56,
    prefix="/people/me/",
    visible=lambda user: is_patient_partner(user) and not can_keep_people(user),
)

MEETINGS_SHOWN = 5
ATTENDANCE_WITHIN_DAYS = 60
SHOWN = 5


@registry.page_section("structures.Structure", "members", template="people/_structure_members.jinja", order=20)
def structure_members_section(request, structure):
    """Current members with their role and term of office; ended terms listed separately."""
    if not can_keep_people(request.user):
        return None
    from .views import members_context

    return members_context(request, structure)


@registry.page_section("structures.Structure", "attendance", template="people/_structure_attendance.jinja", order=30)
def structure_attendance_section(request, structure):
    """The latest meetings, each with how many attended, sent apologies or were absent."""
    if not can_keep_people(request.user):
        return None
    meetings = paginate(
        request, structure.meetings.order_by("-held_on", "-pk"), per_page=MEETINGS_SHOWN, param="meetings_page"
    )
    ids = [m.pk for m in meetings.object_list]
    counts: dict[int, dict[str, int]] = {}
    grouped = Attendance.objects.filter(meeting_id__in=ids).values_list("meeting_id", "status")
    for meeting_id, status, n in grouped.annotate(n=Count("pk")).order_by():
        counts.setdefault(meeting_id, {})[status] = n
    for meeting in meetings.object_list:
        meeting.counts = counts.get(meeting.pk, {})
    return {"structure": structure, "meetings": meetings, "today": timezone.localdate(), "can_keep": True}


@registry.page_section("structures.Structure", "diversity", template="people/_structure_diversity.jinja", order=40)
def structure_diversity_section(request, structure):
    """The current members' equality monitoring, suppressed; only for `view_equality`, audited."""
    if not can_view_equality(request.user):
        return None
    member = require_member(request.user)
    report = equality.report(equality.structure_members(structure), f"current members of {structure.name}")
    equality.audit_view(
        structure, by=request.user, organisation=member.organisation, scope=f"structure-{structure.pk}", shown=report
    )
    return {"structure": structure, "report": report}


@registry.page_section(
    "structures.StructureMeeting", "attendance", template="people/_meeting_attendance.jinja", order=20
)
def meeting_attendance_section(request, meeting):
    """Who attended the meeting, sent apologies or was absent."""
    if not can_keep_people(request.user):
        return None
    recorded = paginate(
        request, meeting.attendance.select_related("person").order_by("person__name", "pk"), param="attendance_page"
    )
    return {"meeting": meeting, "recorded": recorded}


@registry.my_work(order=70)
def attendance_to_record(ctx: registry.HubContext) -> list[registry.WorkList]:
    """For those who keep the register: structures' meetings of the last 60 days with no attendance
    recorded yet. Two queries, whatever the number of meetings."""
    if ctx.user is None or not can_keep_people(ctx.user):
        return []
    from baton.structures.models import StructureMeeting

    since = ctx.today - timedelta(days=ATTENDANCE_WITHIN_DAYS)
    waiting = (
        StructureMeeting.objects.filter(structure__organisation=ctx.organisation, held_on__range=(since, ctx.today))
        .filter(~Exists(Attendance.objects.filter(meeting=OuterRef("pk"))))
        .select_related("structure")
        .order_by("-held_on", "-pk")
    )
    count = waiting.count()
    if not count:
        return []
    items = tuple(
        registry.WorkItem(
            f"{m.structure.name}, {m.held_on.day} {m.held_on:%B %Y}",
            reverse("people:attendance", args=[m.pk]),
            detail="No attendance recorded",
        )
        for m in waiting[:SHOWN]
    )
    return [registry.WorkList("attendance", "Meetings with no attendance recorded", count, items, None, 70)]
