"""Building blocks every app's API shares: the error shapes (documented in the OpenAPI schema so
clients and the fuzzer know every status an operation can return), safe input types and the one
pagination style.

Input types refuse what the database cannot store (NUL characters, lone surrogates, integers
beyond a 32-bit key) with a 422 instead of letting it reach the database as a 500."""

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, StringConstraints

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


def line(max_length: int, required: bool = True):
    """One line of text (trimmed); required means not blank."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1 if required else 0, max_length=max_length),
        AfterValidator(_storable),
    ]


def text(max_length: int = 20_000, required: bool = False):
    """Free text (trimmed); required means not blank."""
    return line(max_length, required)


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
