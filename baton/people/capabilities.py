"""The people area's capabilities, registered from `PeopleConfig.ready()` (core.roles.register):
who keeps the people register (engagement leads, programme leads, admins) and who may see
equality monitoring, only as suppressed counts (engagement leads and admins). Read them as
`capabilities.KEEP_PEOPLE` / `capabilities.VIEW_EQUALITY`."""

from __future__ import annotations

from baton.core.roles import Capability

KEEP_PEOPLE: Capability | str = "keep_people"
VIEW_EQUALITY: Capability | str = "view_equality"
IMPORT_AREAS: Capability | str = "import_areas"
