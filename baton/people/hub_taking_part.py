"""Taking part's contributions to the shared registry: its navigation entry (staff who read the
opportunities). Importing `permissions` registers its capabilities."""

from __future__ import annotations

from baton.core import registry

from .permissions import can_see_opportunities

registry.nav_item(
    "Taking part",
    "people:opportunity_list",
    order=55,
    prefix="/people/opportunities/",
    visible=can_see_opportunities,
)
