"""The governance capabilities, registered from GovernanceConfig.ready() (core.roles.register):
who assures engagement on a business case (lay and non-executive members) and who signs off for a
board (board members). Read them as `capabilities.ASSURE` / `capabilities.SIGN_OFF`."""

from __future__ import annotations

from baton.core.roles import Capability

ASSURE: Capability | str = "governance_assure"
SIGN_OFF: Capability | str = "governance_sign_off"
