"""Capabilities: what a role lets a person do, named once.

Pages, the API and templates never ask "is this person an engagement lead?"; they ask "may this
person lead engagement?" (`permissions.has(user, LEAD_ENGAGEMENT)`). Which roles grant a capability
is said here, once, so a role can gain or lose a power in one place, and a person holding several
roles (a lay member who also sits on the board) has the powers of each.

Areas add their own capabilities from their `AppConfig.ready()` with `register()` (governance's
"may assure", resources' "may approve claims"), so a new area needs no change here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Role


@dataclass(frozen=True)
class Capability:
    key: str
    label: str
    roles: frozenset[str]

    def __str__(self) -> str:
        return self.key


_CAPABILITIES: dict[str, Capability] = {}


def register(key: str, label: str, roles: Iterable[str]) -> Capability:
    """Declare a capability and the roles that grant it. Declaring a key twice is a mistake."""
    if key in _CAPABILITIES:
        raise ValueError(f"The capability {key!r} is declared twice.")
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"The capability {key!r} names unknown roles: {sorted(unknown)}")
    capability = Capability(key, label, frozenset(str(r) for r in roles))
    _CAPABILITIES[key] = capability
    return capability


def all_capabilities() -> list[Capability]:
    return list(_CAPABILITIES.values())


def granted_by(roles: Iterable[str]) -> frozenset[str]:
    """The capability keys that a set of roles grants."""
    held = set(roles)
    return frozenset(c.key for c in _CAPABILITIES.values() if c.roles & held)


LEAD_ENGAGEMENT = register(
    "lead_engagement",
    "Lead engagement across the organisation: change any programme, reassign and reopen work",
    {Role.ENGAGEMENT_LEAD, Role.ADMIN},
)
OWN_WORK = register(
    "own_work",
    "Lead programmes, own stage runs and accept hand-overs",
    {Role.ENGAGEMENT_LEAD, Role.PROGRAMME_LEAD, Role.ADMIN},
)
VIEW_AUDIT = register("view_audit", "Read the audit trail", {Role.ENGAGEMENT_LEAD, Role.ADMIN, Role.LAY_MEMBER})
RESTORE_DELETED = register("restore_deleted", "Undo deletions", {Role.ENGAGEMENT_LEAD, Role.ADMIN})
