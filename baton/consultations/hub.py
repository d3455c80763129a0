"""The consultations' contributions to the hub (core.registry), registered from
ConsultationsConfig.ready(): the navigation, and each person's consultations that need them (due
to open, closing soon or past their closing date, waiting for a report). The hub's element 4
(engagement in governance) belongs to governance, which reads consultations through
`Consultation.blockers_to_deciding()`; this app adds no part to it.

Every function here runs a fixed number of queries, whatever the size of the organisation."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse

from baton.core import registry

from .models import Consultation

registry.nav_item("Consultations", "consultations:consultation_list", order=30, prefix="/consultations/")

SHOWN = 5  # items of each list shown on the hub; the rest are a link away
SOON = timedelta(days=14)  # "closes soon", "opens soon"


def _list(key, title, queryset, make, *, order, more_href) -> registry.WorkList:
    count = queryset.count()
    items = tuple(make(row) for row in queryset[:SHOWN]) if count else ()
    return registry.WorkList(key, title, count, items, more_href if count > SHOWN else None, order)


def _item(c: Consultation, detail: str, *, due=None, late: bool = False) -> registry.WorkItem:
    return registry.WorkItem(
        c.title, reverse("consultations:consultation_detail", args=[c.pk]), detail=detail, due=due, late=late
    )


@registry.my_work(order=30)
def my_consultations(ctx: registry.HubContext) -> list[registry.WorkList]:
    """Consultations the person runs (their lead) or whose programme they lead: those due to open,
    those closing soon (or past their closing date and still open) and those waiting for a report."""
    if ctx.user is None:
        return []
    mine = (
        Consultation.objects.for_org(ctx.organisation)
        .filter(Q(lead=ctx.user) | Q(programme__lead=ctx.user))
        .select_related("programme")
    )
    listed = reverse("consultations:consultation_list")
    return [
        _list(
            "consultations_to_open",
            "Your consultations due to open",
            mine.filter(status=Consultation.Status.PLANNED, opens_on__lte=ctx.today + SOON).order_by("opens_on", "pk"),
            lambda c: _item(c, f"opens {c.opens_on:%d %b %Y}", due=c.opens_on, late=c.opens_on < ctx.today),
            order=60,
            more_href=f"{listed}?status=planned",
        ),
        _list(
            "consultations_closing",
            "Your open consultations closing soon",
            mine.filter(status=Consultation.Status.OPEN, closes_on__lte=ctx.today + SOON).order_by("closes_on", "pk"),
            lambda c: _item(
                c,
                f"closed on {c.closes_on:%d %b %Y}: close it"
                if c.closes_on <= ctx.today
                else f"closes {c.closes_on:%d %b %Y}",
                due=c.closes_on,
                late=c.closes_on <= ctx.today,
            ),
            order=61,
            more_href=f"{listed}?status=open",
        ),
        _list(
            "consultations_to_report",
            "Your consultations waiting for a report",
            mine.filter(status=Consultation.Status.CLOSED).order_by("closes_on", "pk"),
            lambda c: _item(c, f"closed {c.closes_on:%d %b %Y}"),
            order=62,
            more_href=f"{listed}?status=closed",
        ),
    ]
