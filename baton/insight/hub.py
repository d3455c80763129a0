"""The insight area's contributions through core.registry, registered from the AppConfig: its
navigation ("Feedback", for those who see feedback), the measure of hub element 5's "feedback"
part (comments received in the last twelve months, the share still to check, the top themes) and
my work (imports that failed or stopped, for those who import). Each runs a fixed number of
queries."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from baton.core import registry

from . import importer, reports
from .models import FeedbackImport
from .permissions import can_import, can_see

SHOWN = 5

registry.nav_item("Feedback", "insight:comment_list", order=45, prefix="/insight/", visible=can_see)


@registry.hub_measure("data", "feedback", app="insight")
def feedback_status(ctx: registry.HubContext) -> registry.Status:
    """Comments received in the last 365 days, how many the analysis left for a person to check,
    and the three themes mentioned most (leaving out 'Labelling not possible'). Three queries."""
    since = ctx.today - timedelta(days=365)
    n, to_check = reports.counts(ctx.organisation, since)
    if not n:
        return registry.Status(
            "No patient feedback imported for the last 12 months",
            ("Import an FFT export or a survey's comments so that what patients say is read and counted.",),
            attention=True,
        )
    share = round(100 * to_check / n)
    themes = reports.top_themes(ctx.organisation, since)
    details = [f"{to_check:,} comments ({share}%) are waiting for a person to check their themes."]
    if themes:
        details.append("Mentioned most: " + "; ".join(f"{code} ({k:,})" for code, k in themes) + ".")
    return registry.Status(f"{n:,} comments received in the last 12 months", tuple(details), attention=share > 20)


@registry.my_work(order=85)
def failed_imports(ctx: registry.HubContext) -> list[registry.WorkList]:
    """Imports that failed (or whose worker stopped) and have not been imported since, for
    those who import: at most two queries."""
    if ctx.user is None or not can_import(ctx.user):
        return []
    stale_before = ctx.now - importer.STALE_AFTER
    failed = FeedbackImport.objects.for_org(ctx.organisation).filter(
        status=FeedbackImport.Status.FAILED, uploaded_by=ctx.user
    ) | FeedbackImport.objects.for_org(ctx.organisation).filter(
        status=FeedbackImport.Status.RUNNING, uploaded_by=ctx.user, started_at__lt=stale_before
    )
    found = list(failed.order_by("-created_at", "-pk")[: SHOWN + 1])
    if not found:
        return []
    items = tuple(
        registry.WorkItem(
            f"{i.file_name}: not imported",
            reverse("insight:import_detail", args=[i.pk]),
            detail=(i.problems or ["Stopped"])[0][:100],
        )
        for i in found[:SHOWN]
    )
    count = failed.count() if len(found) > SHOWN else len(found)
    more = reverse("insight:import_list") if len(found) > SHOWN else None
    return [registry.WorkList("feedback_imports", "Feedback imports to try again", count, items, more, 85)]
