"""The board pack at large-ICB scale, for benchmarks: one pack of the last 90 days, generated for
real from the bench data of every area below (the same generation `bench/board_pack.py` times) and
issued, so the page bench reaches its page, its PDF and its XLSX. Made after every
area below it (INSTALLED_APPS order), with the rows they wrote already in the database."""

from __future__ import annotations

from datetime import timedelta


def generate(ctx) -> dict[str, int]:
    from django.db import connection
    from django.utils import timezone

    from .generation import run
    from .models import BoardPack

    engagement_leads = ctx.staff.get("engagement_lead") or sorted(u for ids in ctx.staff.values() for u in ids)
    by = engagement_leads[0] if engagement_leads else None
    today = ctx.today
    pack = BoardPack.objects.create(
        organisation=ctx.organisation,
        title="Working with people and communities: report to the board",
        period_start=today - timedelta(days=89),
        period_end=today,
        meeting_date=today + timedelta(days=14),
        purpose=BoardPack.Purpose.ASSURANCE,
        executive_lead="Director of Nursing",
        report_author="Head of Engagement",
        assurance_level=BoardPack.Assurance.REASONABLE,
        assurance_reason="Most programmes engaged before decisions; some hand-overs were late.",
        recommendation="The board is asked to note the report.",
        generated_by_id=by,
        generation_started_at=timezone.now(),
    )
    if connection.vendor == "postgresql":
        # The areas' rows are not committed yet (make_data writes in one transaction) and have no
        # statistics: without them PostgreSQL plans the pack's queries as if the tables were empty
        # (one of them ran for minutes). ANALYZE may run inside a transaction and counts the rows
        # this transaction inserted.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    run(pack.pk)
    BoardPack.objects.filter(pk=pack.pk, status=BoardPack.Status.READY).update(
        status=BoardPack.Status.ISSUED, issued_at=timezone.now(), issued_by_id=by, version=2
    )
    return {"board_packs": 1}
