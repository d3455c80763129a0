"""Model fields with their limits said once.

A limit declared on the model is the limit everywhere: the database (where it can be), the model's
own validation (`full_clean`, which every action runs), the pages' forms (`core.forms` builds their
messages and the NHS.UK character count from it) and the API's schemas (`core.schemas.from_model`
derives their types from it). Messages are plain English; a raw framework message never reaches a
person."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import BaseValidator, MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible

# The fields below stay generic, as django-stubs declares Django's own (so that mypy types a field
# declared with null=True as optional); django_stubs_ext.monkeypatch() in settings lets them be.
_ST = TypeVar("_ST", contravariant=True)  # what the field may be set to
_GT = TypeVar("_GT", covariant=True)  # what it gives back

TEXT_MAX = 20_000  # free text: a long report fits; a pasted megabyte does not
EARLIEST = date(2000, 1, 1)  # no engagement Baton records happened before this
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
NUL = "\x00"


def ten_years_ahead() -> date:
    """The latest plausible planned date: ten years from today."""
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + 10)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 10, day=28)


def today() -> date:
    return timezone.localdate()


def describe(value: object) -> str:
    """A limit as a person reads it: 10,000,000; £1,000,000.00; 1 January 2000."""
    if callable(value):
        value = value()
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, Decimal):
        return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@deconstructible
class OneLine:
    """One-line text: no line breaks, tabs or other control characters (a line break in a name
    would break the emails that quote it)."""

    code = "one_line"
    message = "This must be on one line, without line breaks, tabs or other control characters."

    def __call__(self, value: str) -> None:
        if value and CONTROL.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OneLine)


@deconstructible
class NoNul:
    """Free text may have line breaks, but never NUL, which the database cannot store."""

    code = "invalid"
    message = "This must not contain NUL characters."

    def __call__(self, value: str) -> None:
        if value and NUL in value:
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoNul)


@deconstructible
class AtLeast(BaseValidator):
    message = "This must be %(limit)s or more."
    code = "min_value"

    def compare(self, a: Any, b: Any) -> bool:
        return bool(a < b)

    def __call__(self, value: Any) -> None:
        limit = self.limit_value() if callable(self.limit_value) else self.limit_value
        if value is not None and self.compare(value, limit):
            message = self.message if not isinstance(limit, date) else "This must be on or after %(limit)s."
            raise ValidationError(message, code=self.code, params={"limit": describe(limit), "limit_value": limit})


@deconstructible
class AtMost(BaseValidator):
    message = "This must be %(limit)s or less."
    code = "max_value"

    def compare(self, a: Any, b: Any) -> bool:
        return bool(a > b)

    def __call__(self, value: Any) -> None:
        limit = self.limit_value() if callable(self.limit_value) else self.limit_value
        if value is not None and self.compare(value, limit):
            message = self.message if not isinstance(limit, date) else "This must be on or before %(limit)s."
            raise ValidationError(message, code=self.code, params={"limit": describe(limit), "limit_value": limit})


@deconstructible
class AtMostCharacters(MaxLengthValidator):
    message = "This must be %(limit)s characters or fewer (it has %(show_value)s)."

    def __call__(self, value: Any) -> None:
        if value is not None and len(value) > self.limit_value:
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "limit": describe(self.limit_value),
                    "limit_value": self.limit_value,
                    "show_value": f"{len(value):,}",
                },
            )


class LineField(models.CharField[_ST, _GT]):
    """One line of text, at most `max_length` characters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validators[:] = [v for v in self.validators if type(v) is not MaxLengthValidator]
        self.validators.extend([OneLine(), AtMostCharacters(self.max_length)])


class LongTextField(models.TextField[_ST, _GT]):
    """Free text (line breaks allowed), at most `max_length` characters (20,000 unless said)."""

    def __init__(self, *args: Any, max_length: int = TEXT_MAX, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)
        self.validators.extend([NoNul(), AtMostCharacters(self.max_length)])


class CountField(models.PositiveIntegerField[_ST, _GT]):
    """A count of people or things, 0 to `maximum`."""

    def __init__(self, *args: Any, maximum: int = 2**31 - 1, **kwargs: Any) -> None:
        self.maximum = maximum
        super().__init__(*args, **kwargs)
        self.validators.extend([AtLeast(0), AtMost(maximum)])

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["maximum"] = self.maximum
        return name, path, args, kwargs


class MoneyField(models.DecimalField[_ST, _GT]):
    """An amount in pounds and pence, 0 to `maximum`. Exact (Decimal), never a float."""

    def __init__(self, *args: Any, maximum: Decimal = Decimal("1000000"), **kwargs: Any) -> None:
        self.maximum = Decimal(maximum)
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)
        self.validators.extend([AtLeast(Decimal(0)), AtMost(self.maximum)])

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["maximum"] = self.maximum
        return name, path, args, kwargs


class PlausibleDateField(models.DateField[_ST, _GT]):
    """A date from 1 January 2000 to ten years ahead: a typo such as year 1 or 20266 is refused."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validators.extend([AtLeast(EARLIEST), AtMost(ten_years_ahead)])


def limits(field: models.Field[Any, Any]) -> dict[str, Any]:
    """The limits a model field declares: max_length, min and max (values, or callables for dates)."""
    found: dict[str, Any] = {}
    if getattr(field, "max_length", None):
        found["max_length"] = field.max_length
    for validator in field.validators:
        if isinstance(validator, AtLeast):
            found["min"] = validator.limit_value
        elif isinstance(validator, AtMost):
            found["max"] = validator.limit_value
        elif isinstance(validator, OneLine):
            found["one_line"] = True
    return found
