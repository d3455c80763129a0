"""The one door for changes to the responsibilities register: its roles and the terms of their
holders. Every action follows `core.actions`' contract (lock, re-read, blockers, refuse, audited
change). Hub element 3 of The Engagement Cycle: "clear roles and responsibilities", held by named
people, with the gaps visible."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from baton.core.actions import change_record, create_record, delete_record, locked, refuse
from baton.core.errors import RuleBroken
from baton.core.models import AuditEvent, Organisation

from .models import HubRole, RoleHolder
from .permissions import eligible_holders

HOLDER_FIELDS = ("person", "name", "holder_organisation", "contact", "starts_on", "ends_on")


# Roles --------------------------------------------------------------------------------------------


def create_role(organisation, *, by, **fields) -> HubRole:
    """A role the organisation adds to its own register."""
    return create_record(HubRole(organisation=organisation, **fields), by=by, action="create_register_role")


def update_role(role: HubRole, changes: dict, *, by, expected_version: int | None = None) -> HubRole:
    """Change a role's name, type, responsibilities or whether it is required."""
    return change_record(role, changes, by=by, action="update_register_role", expected_version=expected_version)


def delete_role(role: HubRole, *, by, today: date | None = None) -> AuditEvent:
    """Delete a role with its past terms (restorable from the audit trail). Refused while
    somebody holds it today."""
    with locked(role) as current:
        refuse(current.blockers_to_deleting(today))
        return delete_record(current, by=by, action="delete_register_role")


def missing_standard_roles(organisation):
    """The standard roles the organisation's register does not have yet (by key or by name)."""
    mine = HubRole.objects.for_org(organisation)
    return (
        HubRole.objects.standard()
        .exclude(key__in=mine.values("key"))
        .exclude(name__in=mine.values("name"))
        .order_by(
            "kind",
            "order",
            # Only breaks a tie of kind and order, which the standard roles never have: equivalent.
            "pk",  # pragma: no mutate
        )
    )


def adopt_standard_roles(organisation: Organisation, *, by, keys: list[str] | None = None) -> list[HubRole]:
    """Copy into the organisation's register every standard role it does not have yet (the hub's
    roles and the partner roles of NHS England's guidance), each then the organisation's own to
    edit; `keys` chooses some of them. The organisation row is locked, so two leads doing it at
    once add each role once."""
    if keys is not None:
        unknown = set(keys) - set(HubRole.objects.standard().values_list("key", flat=True))
        if unknown or not keys:
            raise ValidationError({"keys": ["Choose standard roles by their keys, for example 'healthwatch'."]})
    with locked(organisation):
        missing = list(missing_standard_roles(organisation))
        if keys is not None:
            missing = [role for role in missing if role.key in keys]
        if not missing:
            raise RuleBroken("The register already has every standard role.")
        return [
            create_record(
                HubRole(
                    organisation=organisation,
                    key=standard.key,
                    name=standard.name,
                    kind=standard.kind,
                    responsibilities=standard.responsibilities,
                    required=standard.required,
                    order=standard.order,
                ),
                by=by,
                action="adopt_standard_role",
            )
            for standard in missing
        ]


# Holders ------------------------------------------------------------------------------------------


def _check_holder(fields: dict, organisation_id) -> None:
    """A holder is a Baton user of the organisation or a named outside person, never both."""
    person, name = fields.get("person"), (fields.get("name") or "").strip()
    if person is not None and name:
        raise ValidationError(
            {"name": ["Choose someone who uses Baton, or give the name of someone outside Baton, not both."]}
        )
    if person is None and not name:
        raise ValidationError({"person": ["Choose someone who uses Baton, or give the name of someone outside Baton."]})
    if person is not None and not eligible_holders(organisation_id).filter(pk=person.pk).exists():
        raise ValidationError({"person": ["Choose someone in your organisation."]})


def appoint_holder(role: HubRole, *, by, **fields) -> RoleHolder:
    """Record who holds the role from when (to when). One term per person at a time in a role.
    The role is locked, so two people recording the same term at once record it once."""
    with locked(role) as current:
        _check_holder(fields, current.organisation_id)
        holder = RoleHolder(role=current, **fields)
        holder.full_clean()
        refuse(holder.blockers_to_holding())
        return create_record(holder, by=by, action="appoint_role_holder")


def update_holder(holder: RoleHolder, changes: dict, *, by, expected_version: int | None = None) -> RoleHolder:
    """Change a term: who, their details, its dates (the same rules as appointing)."""
    with locked(holder.role) as role:
        with locked(holder, expected_version=expected_version) as current:
            merged = {f: changes.get(f, getattr(current, f)) for f in HOLDER_FIELDS}
            _check_holder(merged, role.organisation_id)
            for name, value in merged.items():
                setattr(current, name, value)
            current.full_clean()
            refuse(current.blockers_to_holding())
        return change_record(
            holder,
            changes,
            by=by,
            action="update_role_holder",
            # Checked above, under the lock this transaction holds until it commits: equivalent.
            expected_version=expected_version,  # pragma: no mutate
        )


def end_term(holder: RoleHolder, *, ends_on: date | None = None, by, expected_version: int | None = None):
    """End a holder's term (today unless said). The role then shows as vacant, or as ended with no
    successor, until someone else is appointed."""
    today = timezone.localdate()
    ends_on = ends_on or today
    with locked(holder, expected_version=expected_version) as current:
        refuse(current.blockers_to_ending(ends_on, today))
        return change_record(holder, {"ends_on": ends_on}, by=by, action="end_role_term")


def delete_holder(holder: RoleHolder, *, by) -> AuditEvent:
    """Delete a term recorded in error (restorable from the audit trail). A term that simply ended
    is ended, not deleted, so the register keeps its history."""
    with transaction.atomic():
        return delete_record(holder, by=by, action="delete_role_holder")
