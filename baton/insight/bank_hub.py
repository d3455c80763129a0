"""The insight bank's contributions to the rest of the house, imported once from the insight
app's `AppConfig.ready()`: its capability, its navigation entry, and a section of each programme's
page asking "What do we already know?" with a link to the bank filtered to that programme."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from baton.core import registry, roles
from baton.core.models import Role

from .bank_permissions import SEARCH_BANK, can_search

roles.register(
    SEARCH_BANK,
    "Search the insight bank: every insight item and feedback comment",
    {Role.ENGAGEMENT_LEAD, Role.PROGRAMME_LEAD, Role.LAY_MEMBER, Role.BOARD_MEMBER, Role.ADMIN},
)

registry.nav_item("Insight bank", "bank:search", order=47, prefix="/insight/bank/", visible=can_search)


@registry.page_section("cycle.Programme", "insight_bank", template="insight/bank_programme_section.jinja", order=25)
def programme_section(request: HttpRequest, programme: Any) -> dict[str, Any] | None:
    """A link to what the bank already holds about this programme, for those who may search it."""
    if not can_search(request.user):
        return None
    return {"programme": programme}
