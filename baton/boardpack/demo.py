"""The board pack's share of the demo organisation: the last three months' pack, generated and issued to
the board (the one Bea, the board member, opens), and this financial year's so far, generated and
ready to issue. Built through the actions, as an engagement lead would; the generating task runs
at once (`baton demo` runs tasks inline). Run by `baton demo` after every area below it."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from baton.core.registry import Period


def _last_three_months(today: date) -> Period:
    """The three whole calendar months before this one."""
    end = today.replace(day=1) - timedelta(days=1)
    year, month = end.year, end.month - 2
    if month < 1:
        year, month = year - 1, month + 12
    return Period(date(year, month, 1), end)


def load(organisation, users) -> None:
    """Build the demo packs once (nothing if the organisation already has one)."""
    from . import actions
    from .generation import run
    from .models import BoardPack

    if BoardPack.objects.for_org(organisation).exists():
        return
    ellie = users["ellie"]
    today = timezone.localdate()
    quarter = _last_three_months(today)
    common = {
        "purpose": BoardPack.Purpose.ASSURANCE,
        "executive_lead": "Director of Nursing and Quality",
        "report_author": "Head of Engagement",
        "risks": "Board assurance framework risk 4: we fail to involve people in decisions about their care.",
    }
    with transaction.atomic():
        last = actions.generate_pack(
            organisation,
            by=ellie,
            title="Working with people and communities: report to the board",
            period_start=quarter.start,
            period_end=quarter.end,
            meeting_date=max(quarter.end + timedelta(days=30), today - timedelta(days=7)),
            assurance_level=BoardPack.Assurance.REASONABLE,
            assurance_reason="Programmes engaged before their decisions and published what changed; "
            "some hand-overs waited past the limit and some insight was not carried forward.",
            recommendation="The board is asked to note the report and the reasonable assurance it gives.",
            **common,
        )
    run(last.pk)
    last.refresh_from_db()
    if last.status == BoardPack.Status.READY:
        actions.issue(last, by=ellie)
    year = Period.financial_year(today)
    with transaction.atomic():
        draft = actions.generate_pack(
            organisation,
            by=ellie,
            title="Working with people and communities: the year so far",
            period_start=year.start,
            period_end=today,
            meeting_date=today + timedelta(days=21),
            assurance_level=BoardPack.Assurance.LIMITED,
            assurance_reason="Two business cases reached the gate without a duty screening.",
            recommendation="The board is asked to discuss the gaps in reach and the dropped batons.",
            **{**common, "purpose": BoardPack.Purpose.DISCUSSION},
        )
    run(draft.pk)
