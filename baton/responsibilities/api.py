"""The register's REST API: roles (with their flags) and the terms of their holders. Each
operation takes the pages' four steps through the same permission helpers and actions: 404 when
not yours, 403 when not allowed, 422 for bad input, 409 when a rule refuses. Lists paginate; creates
take an optional `Idempotency-Key`."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Header, Path, Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from baton.core.api_helpers import changes_of, created_once
from baton.core.permissions import require, require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Pages, responses

from . import actions
from .models import HubRole, RoleHolder
from .permissions import can_edit_register, eligible_holders, get_holder_for_user, get_role_for_user
from .schemas import (
    AdoptIn,
    Deleted,
    EndIn,
    HolderFilter,
    HolderIn,
    HolderOut,
    HolderPatch,
    RoleFilter,
    RoleIn,
    RoleOut,
    RolePatch,
)

router = Router(tags=["responsibilities"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)


def _roles(member):
    return HubRole.objects.for_org(member.organisation_id).with_holders(timezone.localdate())


def _holders(member):
    return RoleHolder.objects.for_org(member.organisation_id).with_people()


def _person(member, user_id):
    """A Baton user named as a holder: one of `eligible_holders`, as the pages offer."""
    if user_id is None:
        return None
    user = eligible_holders(member.organisation_id).filter(pk=user_id).first()
    if user is None:
        raise ValidationError({"person_id": ["Choose someone in your organisation."]})
    return user


# Roles ---------------------------------------------------------------------------------------------


@router.get("/responsibilities/roles", response=responses({200: list[RoleOut]}), summary="List the register's roles")
@paginate(Pages)
def list_roles(request, filters: Query[RoleFilter]):
    return filters.filter(_roles(require_member(request.auth)))


@router.get("/responsibilities/flagged", response=responses({200: list[RoleOut]}), summary="Roles the register flags")
@paginate(Pages)
def list_flagged(request):
    """Required roles nobody holds today (vacant or never filled), and roles whose last term ended
    with no successor."""
    member = require_member(request.auth)
    return HubRole.objects.for_org(member.organisation_id).flagged(timezone.localdate())


@router.post(
    "/responsibilities/roles",
    response=responses({201: RoleOut, 200: RoleOut}, WRITE_ERRORS),
    summary="Add a role to the register",
)
def create_role(request, payload: RoleIn, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    require(can_edit_register(request.auth))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.create_role(member.organisation, by=request.auth, **payload.dict()),
        lambda pk: _roles(member).get(pk=pk),
    )


@router.post(
    "/responsibilities/standard-roles",
    response=responses({201: list[RoleOut]}, WRITE_ERRORS),
    summary="Add the standard roles the register lacks",
)
def adopt_standard_roles(request, payload: AdoptIn | None = None):
    """Copies every standard role (hub and partner roles) the register does not have yet; 409 if
    it has them all."""
    member = require_member(request.auth)
    require(can_edit_register(request.auth))
    keys = payload.keys if payload else None
    added = actions.adopt_standard_roles(member.organisation, by=request.auth, keys=keys)
    return Status(201, list(_roles(member).filter(pk__in=[r.pk for r in added])))


@router.get("/responsibilities/roles/{role_id}", response=responses({200: RoleOut}), summary="Get a role")
def get_role(request, role_id: int = PK):
    member = require_member(request.auth)
    get_role_for_user(request.auth, role_id)
    return _roles(member).get(pk=role_id)


@router.patch(
    "/responsibilities/roles/{role_id}", response=responses({200: RoleOut}, WRITE_ERRORS), summary="Change a role"
)
def update_role(request, payload: RolePatch, role_id: int = PK):
    member = require_member(request.auth)
    role = get_role_for_user(request.auth, role_id)
    require(can_edit_register(request.auth))
    changes = changes_of(payload)
    actions.update_role(role, changes, by=request.auth, expected_version=payload.version)
    return _roles(member).get(pk=role.pk)


@router.delete(
    "/responsibilities/roles/{role_id}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a role"
)
def delete_role(request, role_id: int = PK):
    """Refused (409) while somebody holds the role today."""
    role = get_role_for_user(request.auth, role_id)
    require(can_edit_register(request.auth))
    event = actions.delete_role(role, by=request.auth)
    return {"audit_event_id": event.pk}


# Holders -------------------------------------------------------------------------------------------


@router.get(
    "/responsibilities/roles/{role_id}/holders",
    response=responses({200: list[HolderOut]}),
    summary="A role's terms, latest first",
)
@paginate(Pages)
def list_holders(request, role_id: int = PK):
    member = require_member(request.auth)
    get_role_for_user(request.auth, role_id)
    return _holders(member).filter(role_id=role_id).order_by("-starts_on", "-pk")


@router.post(
    "/responsibilities/roles/{role_id}/holders",
    response=responses({201: HolderOut, 200: HolderOut}, WRITE_ERRORS),
    summary="Record who holds a role",
)
def appoint_holder(request, payload: HolderIn, role_id: int = PK, idempotency_key: str | None = IDEMPOTENCY):
    """A Baton user of the organisation (`person_id`) or a named outside person (`name`), never both;
    409 if the same person already holds the role for part of the term."""
    member = require_member(request.auth)
    role = get_role_for_user(request.auth, role_id)
    require(can_edit_register(request.auth))
    fields = payload.dict()
    fields["person"] = _person(member, fields.pop("person_id"))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.appoint_holder(role, by=request.auth, **fields),
        lambda pk: _holders(member).get(pk=pk),
    )


@router.get(
    "/responsibilities/holders", response=responses({200: list[HolderOut]}), summary="Every term in the register"
)
@paginate(Pages)
def list_all_holders(request, filters: Query[HolderFilter]):
    """Every term of every role, latest first; `current=true` for who holds what today."""
    member = require_member(request.auth)
    holders = _holders(member).order_by("-starts_on", "-pk")
    if filters.current is not None:
        today = timezone.localdate()
        current = holders.current(today)
        holders = current if filters.current else holders.exclude(pk__in=current.values("pk"))
    if filters.role_id is not None:
        holders = holders.filter(role_id=filters.role_id)
    return holders


@router.get("/responsibilities/holders/{holder_id}", response=responses({200: HolderOut}), summary="Get a term")
def get_holder(request, holder_id: int = PK):
    member = require_member(request.auth)
    get_holder_for_user(request.auth, holder_id)
    return _holders(member).get(pk=holder_id)


@router.patch(
    "/responsibilities/holders/{holder_id}", response=responses({200: HolderOut}, WRITE_ERRORS), summary="Change a term"
)
def update_holder(request, payload: HolderPatch, holder_id: int = PK):
    member = require_member(request.auth)
    holder = get_holder_for_user(request.auth, holder_id)
    require(can_edit_register(request.auth))
    changes = changes_of(payload)
    if "person_id" in changes:
        changes["person"] = _person(member, changes.pop("person_id"))
    actions.update_holder(holder, changes, by=request.auth, expected_version=payload.version)
    return _holders(member).get(pk=holder.pk)


@router.post(
    "/responsibilities/holders/{holder_id}/end",
    response=responses({200: HolderOut}, WRITE_ERRORS),
    summary="End a term",
)
def end_term(request, payload: EndIn, holder_id: int = PK):
    """409 if the term already ended, or would end before it starts."""
    member = require_member(request.auth)
    holder = get_holder_for_user(request.auth, holder_id)
    require(can_edit_register(request.auth))
    actions.end_term(holder, ends_on=payload.ends_on, by=request.auth, expected_version=payload.version)
    return _holders(member).get(pk=holder.pk)


@router.delete(
    "/responsibilities/holders/{holder_id}",
    response=responses({200: Deleted}, WRITE_ERRORS),
    summary="Delete a term recorded in error",
)
def delete_holder(request, holder_id: int = PK):
    holder = get_holder_for_user(request.auth, holder_id)
    require(can_edit_register(request.auth))
    event = actions.delete_holder(holder, by=request.auth)
    return {"audit_event_id": event.pk}
