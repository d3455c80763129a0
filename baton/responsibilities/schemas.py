"""What the register's API reads and writes. Input schemas are derived from the models
(`core.schemas.from_model`), so limits are declared once; output schemas read from QuerySets built
with `with_holders()` / `with_people()`, so no resolver queries."""

from datetime import date
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Field, FilterSchema, Schema
from pydantic import StringConstraints

from baton.core.schemas import MAX_COUNT, Id, PersonOut, from_model

from .models import HubRole, RoleHolder

Kind = Literal[tuple(HubRole.Kind.values)]

ROLE_FIELDS = ["name", "kind", "responsibilities", "required"]
RoleIn = from_model("RoleIn", HubRole, ROLE_FIELDS)
RolePatch = from_model("RolePatch", HubRole, ROLE_FIELDS, partial=True)


class RoleFilter(FilterSchema):
    kind: Kind | None = Field(None, description="Only hub roles or only partner roles.")


class RoleOut(Schema):
    id: int
    key: str = Field(description="The standard role it was copied from (empty: the organisation's own).")
    name: str
    kind: Kind
    responsibilities: str
    required: bool
    holder_count: int = Field(description="Terms ever recorded in this role.")
    current_count: int = Field(description="People holding it today.")
    flags: list[str] = Field(
        description="What the register flags: vacant, never filled, a term ended with no successor."
    )
    version: int

    @staticmethod
    def resolve_flags(obj) -> list[str]:
        return obj.flags()


HOLDER_FIELDS = ["name", "holder_organisation", "contact", "starts_on", "ends_on"]
HolderIn = from_model(
    "HolderIn",
    RoleHolder,
    HOLDER_FIELDS,
    extra={"person_id": (Id | None, Field(None, description="A Baton user of your organisation; or give `name`."))},
)
HolderPatch = from_model(
    "HolderPatch",
    RoleHolder,
    HOLDER_FIELDS,
    partial=True,
    extra={"person_id": (Id | None, None)},
)


class HolderFilter(Schema):
    current: bool | None = Field(None, description="true: terms covering today; false: the others.")
    role_id: Id | None = Field(None, description="Only this role's terms.")


class HolderOut(Schema):
    id: int
    role_id: int
    person: PersonOut | None
    name: str = Field(description="The holder's name: the Baton user's, or the outside person's.")
    holder_organisation: str
    contact: str
    starts_on: date
    ends_on: date | None
    state: Literal["current", "upcoming", "ended"]
    version: int

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.holder_name

    @staticmethod
    def resolve_state(obj) -> str:
        return obj.status(timezone.localdate())


EndIn = from_model(
    "EndIn",
    RoleHolder,
    ["ends_on"],
    extra={
        "version": (
            int | None,
            Field(None, ge=1, le=MAX_COUNT, description="The version you read; a stale one is refused (409)."),
        )
    },
)


class AdoptIn(Schema):
    keys: list[Annotated[str, StringConstraints(max_length=50)]] | None = Field(
        None, max_length=50, description="Only these standard roles (by key); all that are missing if left out."
    )


class Deleted(Schema):
    audit_event_id: int = Field(description="Restore with POST /api/audit/events/{id}/restore.")
