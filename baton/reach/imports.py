"""Reading a population profile from a spreadsheet (CSV or XLSX): one row per group, with columns
for the category, the group's code (or its label) and the count; the person maps the columns, sees
every row with its problems, and imports all of them or none (`actions.import_profile`).

The file is read by `people.imports.read_table` (UTF-8 with or without a byte order mark, else
Windows-1252; commas, semicolons or tabs; at most 5 MB), so both imports behave alike. Categories
and codes are matched by code or by label, ignoring case and punctuation: "Ethnic category" /
"A" or "White - British"; "IMD quintile" / "1"; "Age band" / "25-34" or "25 to 34"."""

from __future__ import annotations

from dataclasses import dataclass, field

from baton.people import imports as people_imports
from baton.people.imports import CannotRead

from .models import CATEGORIES, CORE20, COUNT_MAX, IMD_QUINTILE
from .reach import code_labels

MAX_GROUPS = 1_000
PREVIEW_ROWS = 50
TARGETS = {
    "category": "Category (for example 'Age band', 'Ethnic category', 'IMD quintile')",
    "code": "Group (its code or its name, for example 'A' or 'White - British')",
    "count": "Number of people",
}
GUESSES = {
    "category": {"category", "characteristic", "variable", "dimension"},
    "code": {"code", "group", "value", "band", "groupcode"},
    "count": {"count", "number", "people", "population", "n", "total", "observation"},
}


def read(name: str, data: bytes) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the file, or CannotRead with a sentence about a population's groups."""
    try:
        return people_imports.read_table(name, data)
    except CannotRead as exc:
        text = str(exc).replace("each row after it is a person", "each row after it is a group")
        raise CannotRead(text.replace("Add a row for each person", "Add a row for each group")) from None


def _simple(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def guess_mapping(headers: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        for target, names in GUESSES.items():
            if target not in found and _simple(header) in names:
                found[target] = index
    return found


@dataclass
class Row:
    number: int
    values: dict[str, str]
    category: str = ""
    code: str = ""
    label: str = ""
    count: int | None = None
    problems: list[str] = field(default_factory=list)


def _categories() -> dict[str, str]:
    names = {_simple(key): key for key in CATEGORIES if key != CORE20}
    names.update({_simple(label): key for key, label in CATEGORIES.items() if key != CORE20})
    names.update({"imd": IMD_QUINTILE, "imdquintile": IMD_QUINTILE, "deprivationquintile": IMD_QUINTILE})
    names.update({"ethnicity": "ethnic_category", "age": "age_band", "gender": "sex"})
    return names


def prepare(rows: list[list[str]], mapping: dict[str, int]) -> list[Row]:
    """Every row checked (problems are sentences naming the row); duplicates are problems too."""
    categories = _categories()
    labels = code_labels()
    codes = {
        key: {**{_simple(c): (c, lab) for c, lab in pairs}, **{_simple(lab): (c, lab) for c, lab in pairs}}
        for key, pairs in labels.items()
    }
    checked: list[Row] = []
    seen: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(rows, start=2):
        values = {t: (raw[i].strip() if i < len(raw) else "") for t, i in mapping.items()}
        row = Row(number, values)
        where = f"Row {number}"
        category = categories.get(_simple(values.get("category", "")))
        if not values.get("category"):
            row.problems.append(f"{where}: the category is empty.")
        elif category is None:
            row.problems.append(
                f"{where}: '{values['category']}' is not a category Baton knows. Use one of: "
                + ", ".join(label for key, label in CATEGORIES.items() if key != CORE20)
                + "."
            )
        else:
            row.category = category
            given = values.get("code", "")
            match = codes.get(category, {}).get(_simple(given))
            if not given:
                row.problems.append(f"{where}: the group is empty.")
            elif match is None:
                row.problems.append(
                    f"{where}: '{given}' is not a group of {CATEGORIES[category].lower()}. Use its NHS Data "
                    "Dictionary code or name."
                )
            else:
                row.code, row.label = match
                if (category, row.code) in seen:
                    row.problems.append(
                        f"{where}: {CATEGORIES[category].lower()} '{row.label}' is already on row "
                        f"{seen[(category, row.code)]}. Each group appears once."
                    )
                else:
                    seen[(category, row.code)] = number
        text = values.get("count", "").replace(",", "").strip()
        try:
            count = int(float(text)) if text and float(text).is_integer() else None
        except ValueError:
            count = None
        if count is None:
            row.problems.append(f"{where}: the number of people must be a whole number ('{values.get('count', '')}').")
        elif count < 0:
            row.problems.append(f"{where}: the number of people cannot be negative.")
        elif count > COUNT_MAX:
            row.problems.append(f"{where}: the number of people must be {COUNT_MAX:,} or fewer.")
        else:
            row.count = count
        checked.append(row)
    return checked


def problems_of(rows: list[Row]) -> list[str]:
    found = [p for row in rows for p in row.problems]
    if not rows:
        found.append("The file has no groups.")
    if len(rows) > MAX_GROUPS:
        found.append(f"A population profile has at most {MAX_GROUPS:,} groups; this file has {len(rows):,}.")
    return found
