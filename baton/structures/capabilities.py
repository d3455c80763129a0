"""The structures capability, registered from StructuresConfig.ready() (core.roles.register): who
keeps the register of engagement structures (engagement leads and admins). Read it as
`capabilities.KEEP`."""

from __future__ import annotations

from baton.core.roles import Capability

KEEP: Capability | str = "structures_keep"
