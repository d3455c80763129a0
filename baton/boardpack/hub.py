"""The board pack's contributions through core.registry, registered from the AppConfig: the
navigation, and the "board" part of hub element 4 (engagement in governance): what went to the
board, and when."""

from __future__ import annotations

from datetime import timedelta

from baton.core import registry

from .models import BoardPack
from .permissions import can_read

registry.nav_item("Board pack", "boardpack:index", order=85, prefix="/board-pack/", visible=can_read)

DUE_AFTER = timedelta(days=100)  # a quarter and a little: boards meet at least quarterly


@registry.hub_measure("governance", "board", app="boardpack")
def board_pack_status(ctx: registry.HubContext) -> registry.Status:
    """The latest pack issued to the board (its period and the day it was issued), and packs
    waiting to be issued. Attention when none was issued in the last 100 days (boards meet at
    least quarterly) or the latest pack failed to generate. Two queries."""
    packs = BoardPack.objects.for_org(ctx.organisation)
    issued = packs.filter(status=BoardPack.Status.ISSUED).order_by("-issued_at", "-pk").first()
    latest = packs.exclude(status=BoardPack.Status.ISSUED).order_by("-created_at", "-pk").first()
    details: list[str] = []
    attention = False
    if issued is None or issued.issued_at is None:
        headline = "No board pack issued yet"
        attention = True
    else:
        day = issued.issued_at.date()
        headline = f"Latest board pack issued on {day.day} {day:%B %Y}, for {issued.period_label}"
        if ctx.now - issued.issued_at > DUE_AFTER:
            attention = True
            details.append("None issued in the last 100 days.")
    if latest is not None and (issued is None or latest.created_at > (issued.issued_at or latest.created_at)):
        if latest.status == BoardPack.Status.FAILED:
            attention = True
            details.append(f"The latest pack, for {latest.period_label}, was not generated: {latest.problem}")
        elif latest.status == BoardPack.Status.READY:
            details.append(f"A pack for {latest.period_label} is ready to issue.")
    return registry.Status(headline, tuple(details), attention=attention)
