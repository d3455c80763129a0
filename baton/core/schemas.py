"""Building blocks every app's API shares: the error shapes (documented in the OpenAPI schema so
clients and the fuzzer know every status an operation can return), safe input types and the one
pagination style.

Input types refuse what the database cannot store (NUL characters, lone surrogates, integers
beyond a 32-bit key) with a 422 instead of letting it reach the database as a 500."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db import models
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, StringConstraints, create_model

from . import fields as limits_of

MAX_ID = 2**31 - 1  # PostgreSQL integer/serial range; SQLite's is wider.
MAX_COUNT = 2**31 - 1


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Text must not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("Text must be valid Unicode.") from None
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# The key of a reference-data row (a structure type, a partner type): lower-case letters, digits and
# underscores, so a body or a filter never sends anything else (a NUL byte, say) to the database.
Key = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")]


def _one_line(value: str) -> str:
    if limits_of.CONTROL.search(value):
        raise ValueError("This must be on one line, without line breaks, tabs or other control characters.")
    return value


def line(max_length: int | None, required: bool = True):
    """One line of text (trimmed); required means not blank. Control characters are refused."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1 if required else 0, max_length=max_length),
        AfterValidator(_storable),
        AfterValidator(_one_line),
    ]


def text(max_length: int = limits_of.TEXT_MAX, required: bool = False):
    """Free text (trimmed, line breaks allowed); required means not blank."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1 if required else 0, max_length=max_length),
        AfterValidator(_storable),
    ]


def _date_between(lowest, highest):
    def check(value: date) -> date:
        low = lowest() if callable(lowest) else lowest
        high = highest() if callable(highest) else highest
        if low is not None and value < low:
            raise ValueError(f"This must be on or after {limits_of.describe(low)}.")
        if high is not None and value > high:
            raise ValueError(f"This must be on or before {limits_of.describe(high)}.")
        return value

    return check


def _model_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"No API type for {model.__name__}.{name} (a reverse relation)")
    return field


def field_type(model: type[models.Model], name: str, *, required: bool | None = None):
    """The API type of a model field, with the model's limits: the same limits the pages' forms
    and the model's own validation use (core.fields), so there is one rule for each value."""
    field = _model_field(model, name)
    found = limits_of.limits(field)
    blank = field.blank if required is None else not required
    if field.choices:
        values = tuple(value for value, _label in field.choices)
        return Literal[values]
    if isinstance(field, models.TextField):
        return text(found.get("max_length", limits_of.TEXT_MAX), required=not blank)
    if isinstance(field, models.CharField):
        return line(found.get("max_length", field.max_length), required=not blank)
    if isinstance(field, models.DecimalField):
        return Annotated[
            Decimal,
            Field(
                ge=found.get("min"),
                le=found.get("max"),
                max_digits=field.max_digits,
                decimal_places=field.decimal_places,
            ),
        ]
    if isinstance(field, models.IntegerField):
        low = found.get(
            "min", 0 if isinstance(field, models.PositiveIntegerField | models.PositiveSmallIntegerField) else None
        )
        return Annotated[int, Field(ge=low, le=found.get("max", MAX_COUNT))]
    if isinstance(field, models.DateField):
        return Annotated[date, AfterValidator(_date_between(found.get("min"), found.get("max")))]
    if isinstance(field, models.BooleanField):
        return bool
    raise TypeError(f"No API type for {model.__name__}.{name} ({type(field).__name__})")


def from_model(
    name: str,
    model: type[models.Model],
    names: list[str],
    *,
    partial: bool = False,
    extra: dict | None = None,
    validators: dict | None = None,
):
    """An input schema whose fields, types and limits come from the model (`ProgrammeIn`), or,
    with `partial`, every field optional (`ProgrammePatch`, with the `version` read). `extra`:
    more fields, name -> (type, default); `validators`: pydantic validators by name."""
    definitions: dict[str, Any] = {}
    for field_name in names:
        field = _model_field(model, field_name)
        kind = field_type(model, field_name)
        if partial:
            definitions[field_name] = (kind | None if field.null else kind, None)
        elif field.has_default():
            definitions[field_name] = (kind | None if field.null else kind, field.get_default())
        elif field.blank:
            default = None if field.null else ("" if isinstance(field, models.CharField | models.TextField) else None)
            definitions[field_name] = (kind | None if default is None else kind, default)
        else:
            definitions[field_name] = (kind, ...)
    if partial and hasattr(model, "version"):
        definitions = {
            "version": (
                int,
                Field(ge=1, le=MAX_COUNT, description="The version you read; a stale one is refused with 409."),
            ),
            **definitions,
        }
    definitions.update(extra or {})
    return create_model(name, __base__=Schema, __validators__=validators, **definitions)


class PersonOut(Schema):
    """A person, as every list and record shows them."""

    id: int
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.get_full_name() or obj.username


# Errors ----------------------------------------------------------------------------------------


class Message(Schema):
    """401 (no or bad credentials), 403 (not allowed), 404 (not found, or not yours), 400 (body
    is not JSON)."""

    detail: str


class Refused(Schema):
    """409: a domain rule refused the change, or someone else changed the record first
    (code 'stale_edit'). Nothing was saved."""

    detail: list[str]
    code: str


class FieldError(Schema):
    loc: list[str | int] = Field(description="Where the error is, for example ['body', 'reach'].")
    msg: str
    type: str
    ctx: dict[str, Any] | None = None


class Invalid(Schema):
    """422: the input is not valid; one entry per problem. Nothing was saved."""

    detail: list[FieldError]


READ_ERRORS = {401: Message, 404: Message, 422: Invalid}
WRITE_ERRORS = {400: Message, 401: Message, 403: Message, 404: Message, 409: Refused, 422: Invalid}


def responses(ok: dict, errors: dict = READ_ERRORS, **extra) -> dict:
    """The documented responses of an operation: its success response plus every error it can return."""
    return {**ok, **errors, **extra}


# Paging ----------------------------------------------------------------------------------------


class Pages(PageNumberPagination):
    """Every list: `?page=N` (and optionally `page_size`, at most 100), answering
    `{"items": [...], "count": total}`. Two queries a page, whatever its size."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=100)

    def __init__(self, **kwargs):
        from django.conf import settings

        super().__init__(page_size=settings.BATON_PAGE_SIZE, max_page_size=100, **kwargs)
