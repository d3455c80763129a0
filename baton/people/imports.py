"""Imports of people from a spreadsheet (CSV or XLSX): read the file, map its columns to a
person's fields, check every row, then import all of them or none (`actions.import_people`).

- **Encodings** of a CSV: UTF-8 with or without a byte order mark, else Windows-1252 (what Excel
  on Windows saves as "CSV"). Commas or semicolons.
- **Size**: at most `MAX_ROWS` (5,000) rows and 5 MB a file, imported synchronously in one
  transaction (a few seconds); larger lists are split into several files.
- **Re-importing** adds nobody twice: each person keeps an `import_key`, the mapped id column's
  value if there is one, else a hash of the row's normalised values.
- openpyxl only reads here. Values that look like spreadsheet formulas are stored as text and
  neutralised whenever people are exported back out (`rights.py`, every cell through
  `core.spreadsheets.safe_row`)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from baton.core.fields import CONTROL

from .models import Person, Purpose

MAX_ROWS = 5_000
MAX_BYTES = 5 * 1024 * 1024
PREVIEW_ROWS = 10

NEED_TARGETS = {
    "easy_read": "Needs: easy read",
    "bsl": "Needs: British Sign Language interpreter",
    "large_print": "Needs: large print",
    "hearing_loop": "Needs: hearing loop",
    "step_free": "Needs: step-free access",
}
CONSENT_TARGETS = {f"consent_{purpose}": f"Consent: {label.lower()}" for purpose, label in Purpose.choices}
TARGETS: dict[str, str] = {
    "import_id": "An id for each person (from the other system)",
    "name": "Name or alias",
    "email": "Email",
    "phone": "Phone",
    "postcode": "Postcode",
    "kind": "Taking part as (public, patient, carer, patient leader)",
    **NEED_TARGETS,
    "language": "Language other than English",
    "other_needs": "Other needs",
    **CONSENT_TARGETS,
}
TEXT_LIMITS = {"name": 200, "phone": 40, "postcode": 8, "language": 100, "other_needs": 1_000}
YES = {"yes", "y", "true", "1", "x", "✓", "agreed", "given"}
NO = {"no", "n", "false", "0", "", "not given", "refused"}


class CannotRead(Exception):
    """Why the file cannot be read, in a sentence."""


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def read_table(name: str, data: bytes) -> tuple[list[str], list[list[str]]]:
    """The header row and the rows of an uploaded CSV or XLSX file, as text."""
    if len(data) > MAX_BYTES:
        raise CannotRead(f"'{name}' is {len(data) / 1024 / 1024:,.1f} MB. The largest file Baton imports is 5 MB.")
    if not data:
        raise CannotRead(f"'{name}' is empty. Choose the file again.")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext == "csv":
        text = _decode(data)
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        table = [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    elif ext == "xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # not a workbook inside: openpyxl raises several kinds
            raise CannotRead(
                f"'{name}' does not look like an Excel (.xlsx) file inside. Save it as .xlsx or .csv."
            ) from None
        sheet = book.worksheets[0]
        table = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    else:
        raise CannotRead(f"'{name}' is not a file type Baton imports. Upload a .csv or .xlsx file.")
    table = [row for row in table if any(row)]
    if not table:
        raise CannotRead(f"'{name}' has no rows. The first row names the columns; each row after it is a person.")
    headers, rows = table[0], table[1:]
    if len(rows) > MAX_ROWS:
        raise CannotRead(
            f"'{name}' has {len(rows):,} rows. Baton imports up to {MAX_ROWS:,} at a time: split the file."
        )
    if not rows:
        raise CannotRead(f"'{name}' has only a header row. Add a row for each person.")
    width = max(len(r) for r in table)
    headers = [h or f"Column {i + 1}" for i, h in enumerate(headers + [""] * (width - len(headers)))]
    return headers, [r + [""] * (width - len(r)) for r in rows]


def _simple(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


GUESSES = {
    "import_id": {"id", "personid", "ref", "reference", "importid"},
    "name": {"name", "alias", "fullname", "nameoralias"},
    "email": {"email", "emailaddress", "e-mail"},
    "phone": {"phone", "telephone", "mobile", "phonenumber"},
    "postcode": {"postcode", "postalcode", "zip"},
    "kind": {"kind", "type", "takingpartas"},
    "language": {"language"},
    "other_needs": {"otherneeds", "needs"},
    "easy_read": {"easyread"},
    "bsl": {"bsl", "britishsignlanguage"},
    "large_print": {"largeprint"},
    "hearing_loop": {"hearingloop"},
    "step_free": {"stepfree", "stepfreeaccess"},
}


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """Which column is which, where a header says so plainly."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        simple = _simple(header)
        for target, names in GUESSES.items():
            if target not in found and simple in {_simple(n) for n in names}:
                found[target] = index
    return found


@dataclass
class Row:
    number: int  # in the file, counting the header as row 1
    fields: dict = field(default_factory=dict)
    consents: dict = field(default_factory=dict)
    key: str = ""
    problems: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)


def _kind(value: str) -> str | None:
    simple = _simple(value)
    if not simple:
        return Person.Kind.PUBLIC
    for code, label in Person.Kind.choices:
        if simple in (_simple(code), _simple(label)):
            return code
    return None


def _yes_no(value: str) -> bool | None:
    simple = value.strip().lower()
    if simple in YES:
        return True
    if simple in NO:
        return False
    return None


def _normalise_postcode(value: str) -> str:
    compact = "".join(value.split()).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def import_key(values: dict[str, str]) -> str:
    """The id column's value if mapped and filled, else a hash of the row's normalised values."""
    if values.get("import_id"):
        key = f"id:{values['import_id'].strip()}"
        return key if len(key) <= 64 else "id:" + hashlib.sha256(key.encode()).hexdigest()[:61]
    normal = "|".join(f"{k}={' '.join(v.split()).lower()}" for k, v in sorted(values.items()) if k != "import_id")
    return hashlib.sha256(normal.encode()).hexdigest()


def check_row(number: int, values: dict[str, str]) -> Row:
    """One row's fields, consents and problems (each a sentence naming the row)."""
    row = Row(number=number, values=values)
    where = f"Row {number}"
    name = values.get("name", "").strip()
    if not name:
        row.problems.append(f"{where}: enter a name or an alias.")
    for target, limit in TEXT_LIMITS.items():
        value = values.get(target, "").strip()
        if len(value) > limit:
            row.problems.append(f"{where}: {TARGETS[target].lower()} must be {limit:,} characters or fewer.")
        if target != "other_needs" and CONTROL.search(value):
            row.problems.append(f"{where}: {TARGETS[target].lower()} must be on one line.")
        row.fields[target] = value
    row.fields["postcode"] = _normalise_postcode(row.fields.get("postcode", ""))
    email = values.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.problems.append(f"{where}: '{email}' is not an email address in the correct format.")
    row.fields["email"] = email
    kind = _kind(values.get("kind", ""))
    if kind is None:
        row.problems.append(f"{where}: taking part as must be public, patient, carer or patient leader.")
    row.fields["kind"] = kind or Person.Kind.PUBLIC
    for target, label in NEED_TARGETS.items():
        answer = _yes_no(values.get(target, ""))
        if answer is None:
            row.problems.append(f"{where}: {label.lower()} must be yes or no.")
        row.fields[target] = bool(answer)
    for target, label in CONSENT_TARGETS.items():
        if target in values:
            answer = _yes_no(values[target])
            if answer is None:
                row.problems.append(f"{where}: {label.lower()} must be yes or no.")
            row.consents[target.removeprefix("consent_")] = bool(answer)
    row.key = import_key(values)
    return row


def prepare(headers: list[str], rows: list[list[str]], mapping: dict[str, int]) -> list[Row]:
    """Every row checked, by the mapping (target -> column index)."""
    return [
        check_row(number, {target: (row[index] if index < len(row) else "") for target, index in mapping.items()})
        for number, row in enumerate(rows, start=2)
    ]
