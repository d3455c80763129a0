"""Forms every area builds on. A form checks what a person typed and says what is wrong in plain
English, in the NHS.UK error summary; rules that span rows stay in actions.

`BatonForm` and `BatonModelForm` write every message from the field's label and its limits (the
model's, see `core.fields`), so a form declares a field once and never shows a raw framework
message. They also refuse control characters in one-line text, swap dates for the NHS.UK date
input (day, month, year), and can carry a one-time token (`once = True`) so that a form sent twice
saves once."""

from __future__ import annotations

import re
import uuid
from collections.abc import MutableMapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .fields import CONTROL, EARLIEST, describe, limits, ten_years_ahead
from .models import ApiToken

# Message builders -------------------------------------------------------------------------------------


def _label(field: forms.Field, name: str) -> str:
    text = field.label or name.replace("_", " ").capitalize()
    return str(text).rstrip(" ?:")


def _lower(label: str) -> str:
    # "Next owner" -> "next owner", but keep acronyms ("ODS code", "API").
    first = label.split(" ", 1)[0]
    return label if first.isupper() and len(first) > 1 else label[:1].lower() + label[1:]


def _django_defaults(field: forms.Field) -> set[str]:
    """Every message Django would show for this field on its own: the ones to replace."""
    defaults: set[str] = set()
    for klass in type(field).__mro__:
        defaults.update(str(m) for m in getattr(klass, "default_error_messages", {}).values())
    return defaults


def messages_for(field: forms.Field, name: str, model_field=None) -> dict[str, str]:
    """Plain-English messages for a field, from its label and limits."""
    label = _label(field, name)
    low = _lower(label)
    found = limits(model_field) if model_field is not None else {}
    choice = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    is_date = isinstance(field, forms.DateField | DateField)
    out = {
        "required": f"Choose the {low}" if choice else f"Enter the {low}",
        "invalid_choice": f"Choose the {low} from the list",
        "invalid_list": f"Choose the {low} from the list",
        "invalid_pk_value": f"Choose the {low} from the list",
    }
    max_length = getattr(field, "max_length", None) or found.get("max_length")
    if max_length:
        out["max_length"] = f"{label} must be {max_length:,} characters or fewer"
    if min_length := getattr(field, "min_length", None):
        out["min_length"] = f"{label} must be at least {min_length:,} characters"
    if isinstance(field, forms.IntegerField):
        out["invalid"] = f"{label} must be a whole number, like 40"
    if isinstance(field, forms.DecimalField):
        out["invalid"] = f"{label} must be an amount, like 120.50"
        whole = (field.max_digits or 10) - (field.decimal_places or 0)
        out["max_digits"] = out["max_whole_digits"] = f"{label} must be less than {10**whole:,}"
        out["max_decimal_places"] = f"{label} must have no more than {field.decimal_places} decimal places"
    if is_date:
        out["invalid"] = f"{label} must be a real date"
        out["incomplete"] = f"{label} must include a day, month and year"
        out["year"] = f"{label} must have a year of 4 numbers, like 2026"
    minimum = getattr(field, "min_value", None)
    minimum = found.get("min", minimum) if minimum is None else minimum
    maximum = getattr(field, "max_value", None)
    maximum = found.get("max", maximum) if maximum is None else maximum
    pounds = "£" if isinstance(field, forms.DecimalField) else ""
    if minimum is not None:
        lowest = minimum() if callable(minimum) else minimum
        out["min_value"] = (
            f"{label} must be on or after {describe(lowest)}"
            if isinstance(lowest, date)
            else f"{label} must be {pounds}{describe(lowest)} or more"
        )
    if maximum is not None:
        highest = maximum() if callable(maximum) else maximum
        out["max_value"] = (
            f"{label} must be on or before {describe(highest)}"
            if isinstance(highest, date)
            else f"{label} must be {pounds}{describe(highest)} or less"
        )
    out["one_line"] = f"{label} must be on one line, without line breaks or tabs"
    out["email"] = "Enter an email address in the correct format, like name@example.nhs.uk"
    return out


def _one_line(value):
    if value and CONTROL.search(value):
        raise ValidationError("one line", code="one_line")


def _no_nul(value):
    if value and "\x00" in value:
        raise ValidationError("NUL", code="invalid")


# The NHS.UK date input ---------------------------------------------------------------------------------


class DateWidget(forms.MultiWidget):
    """Day, month and year boxes (the NHS.UK date input), not the browser's date picker."""

    template_name = ""  # rendered by core/forms.jinja's date macro

    def __init__(self, attrs=None):
        numeric = {"inputmode": "numeric"}
        super().__init__(
            {"day": forms.TextInput(numeric), "month": forms.TextInput(numeric), "year": forms.TextInput(numeric)},
            attrs,
        )

    def value_from_datadict(self, data, files, name):
        # A single ISO date under the field's own name (a script, or a browser's date picker) is
        # read as its three parts.
        if name in data and not any(f"{name}_{part}" in data for part in ("day", "month", "year")):
            return self.decompress(data.get(name))
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            year, month, day = value.split("-")
            return [str(int(day)), str(int(month)), year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with the NHS.UK messages: missing parts, not a real
    date, outside the limits."""

    widget = DateWidget

    def __init__(self, *, min_value=EARLIEST, max_value=ten_years_ahead, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        parts = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        kwargs.pop("max_length", None)
        kwargs.pop("widget", None)
        super().__init__(parts, require_all_fields=False, **kwargs)

    def clean(self, value):
        value = value or ["", "", ""]
        parts = [str(p or "").strip() for p in value]
        if not any(parts):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        if not all(parts):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        try:
            day, month, year = (int(p) for p in parts)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not 1000 <= year <= 9999:
            raise ValidationError(self.error_messages["year"], code="year")
        try:
            result = date(year, month, day)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        lowest = self.min_value() if callable(self.min_value) else self.min_value
        highest = self.max_value() if callable(self.max_value) else self.max_value
        if lowest is not None and result < lowest:
            raise ValidationError(self.error_messages["min_value"], code="min_value")
        if highest is not None and result > highest:
            raise ValidationError(self.error_messages["max_value"], code="max_value")
        return result

    def compress(self, data_list):  # clean() does the work
        return data_list

    def has_changed(self, initial, data):
        return self.widget.decompress(initial) != [str(p or "") or None for p in (data or [])]


# Base forms ------------------------------------------------------------------------------------------


class SubmissionField(forms.CharField):
    """A hidden one-time token: the form's key for `core.actions.once`."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=64, **kwargs)


class BatonFormMixin:
    """Plain-English messages from labels and limits; one-line text refuses control characters;
    dates use the NHS.UK date input; `once = True` adds a one-time token."""

    once = False  # forms that create a record: a second send with the same token does nothing
    if TYPE_CHECKING:  # what the Form or ModelForm this is mixed into provides
        fields: dict[str, forms.Field]
        is_bound: bool
        initial: MutableMapping[str, Any]

    def __init__(self, *args, once: bool | None = None, **kwargs):
        if once is not None:
            self.once = once
        super().__init__(*args, **kwargs)
        model = getattr(getattr(self, "_meta", None), "model", None)
        explicit = getattr(getattr(self, "_meta", None), "error_messages", None) or {}
        for name, field in list(self.fields.items()):
            model_field = _model_field(model, name)
            if isinstance(field, forms.DateField) and not isinstance(field, DateField):
                field = self._nhs_date(name, field, model_field)
            if isinstance(field, forms.CharField) and not isinstance(field, SubmissionField):
                is_line = not isinstance(field.widget, forms.Textarea | forms.HiddenInput | forms.PasswordInput)
                field.validators.append(_one_line if is_line else _no_nul)
                if model_field is not None and getattr(model_field, "max_length", None) and not field.max_length:
                    field.max_length = model_field.max_length
                    field.validators.append(_max_length(model_field.max_length))
            defaults = _django_defaults(field)
            for code, message in messages_for(field, name, model_field).items():
                if code in explicit.get(name, {}):
                    continue
                if code not in field.error_messages or str(field.error_messages[code]) in defaults:
                    field.error_messages[code] = message
        if self.once:
            self.fields["submission"] = SubmissionField()
            if not self.is_bound:
                self.initial["submission"] = uuid.uuid4().hex

    def _nhs_date(self, name, field, model_field):
        found = limits(model_field) if model_field is not None else {}
        nhs = DateField(
            required=field.required,
            label=field.label,
            help_text=field.help_text,
            initial=field.initial,
            min_value=found.get("min", EARLIEST),
            max_value=found.get("max", ten_years_ahead),
        )
        self.fields[name] = nhs
        return nhs

    def submission_key(self) -> str | None:
        return (self.cleaned_data.get("submission") or None) if self.once and hasattr(self, "cleaned_data") else None


def _max_length(limit: int):
    def check(value):
        if value is not None and len(value) > limit:
            raise ValidationError("too long", code="max_length")

    return check


def _model_field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # a form-only field
        return None


class BatonForm(BatonFormMixin, forms.Form):
    """A plain form with Baton's messages."""


class BatonModelForm(BatonFormMixin, forms.ModelForm):
    """A model form with Baton's messages, carrying the `version` the person saw so that a stale
    save is refused (docs/decisions/0002)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not hasattr(self._meta.model, "version"):
            del self.fields["version"]
        elif self.instance and self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def changes(self) -> dict:
        """The model fields the form edits, as cleaned."""
        return {name: self.cleaned_data[name] for name in self._meta.fields or () if name in self.cleaned_data}


class VersionOnlyForm(BatonForm):
    """For a button that changes a record (close, accept): carries the version the person saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def expected_version(self):
        return self.cleaned_data.get("version") if self.is_valid() else None


def offer_newest(form: forms.BaseForm, name: str, queryset, limit: int) -> None:
    """Offer, in the choice field `name`, only the first `limit` records of `queryset` (in its
    order: newest first), so that a form stays quick however many there are, plus whatever the
    record being edited already has there: editing an older record never drops a link it had
    because its choice was no longer offered. The API links any record."""
    ids = set(queryset.values_list("pk", flat=True)[:limit])
    instance = getattr(form, "instance", None)
    if instance is not None and instance.pk:
        current = form.initial.get(name)
        values = current if isinstance(current, (list, tuple)) else [current]
        ids.update(getattr(value, "pk", value) for value in values if value is not None)
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset.filter(pk__in=ids)


class PersonChoiceField(forms.ModelChoiceField):
    """Choose a person; shown by full name."""

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


# core's own forms ------------------------------------------------------------------------------------


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is inactive. Ask your Baton administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class ApiTokenForm(BatonModelForm):
    days = forms.TypedChoiceField(
        label="Expires after",
        choices=ApiToken.Lifetime.choices,
        coerce=int,
        initial=ApiToken.DEFAULT_LIFETIME,
        widget=forms.RadioSelect,
        help_text="The token stops working after this. Choose the shortest time that will do.",
        error_messages={
            "required": "Choose how long the token lasts",
            "invalid_choice": "Choose how long the token lasts: 30 days, 90 days, 180 days or 1 year",
        },
    )

    class Meta:
        model = ApiToken
        fields = ["name"]
        error_messages = {
            "name": {
                "required": "Enter what the token is for",
                "max_length": "Describe what the token is for in 100 characters or fewer",
            }
        }
