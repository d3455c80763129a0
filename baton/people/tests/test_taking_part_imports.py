"""Imports of people: CSV (UTF-8 with or without BOM, Windows-1252) and XLSX, columns mapped,
a preview with each row's problems, all or nothing, re-importing adds nobody twice, and formulas
neutralised when people are exported back out."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from baton.core.errors import RuleBroken

from .. import actions, imports
from ..models import ConsentEvent, Person

pytestmark = pytest.mark.django_db

CSV = "ID,Name,Email,Phone,Postcode,Kind,BSL,Consent future\n1,José Núñez,jose@example.org,,nr1 1aa,patient,yes,yes\n2,Zoë,,0300 111,,,no,no\n"


def _rows(data: bytes, name="people.csv"):
    headers, rows = imports.read_table(name, data)
    mapping = imports.guess_mapping(headers)
    mapping["consent_future_opportunities"] = headers.index("Consent future")
    return headers, imports.prepare(headers, rows, mapping)


@pytest.mark.parametrize(
    "data",
    [CSV.encode("utf-8"), b"\xef\xbb\xbf" + CSV.encode("utf-8"), CSV.encode("cp1252")],
    ids=["utf-8", "utf-8 with BOM", "windows-1252"],
)
def test_each_encoding_reads_the_same(data):
    headers, rows = _rows(data)
    assert headers[:3] == ["ID", "Name", "Email"]
    assert [r.fields["name"] for r in rows] == ["José Núñez", "Zoë"]
    assert rows[0].fields["postcode"] == "NR1 1AA" and rows[0].fields["kind"] == "patient" and rows[0].fields["bsl"]
    assert not any(r.problems for r in rows)


def test_semicolons_and_xlsx_are_read():
    headers, rows = imports.read_table("people.csv", CSV.replace(",", ";").encode())
    assert rows[0][1] == "José Núñez"
    from openpyxl import Workbook

    book = Workbook()
    for line in csv.reader(io.StringIO(CSV)):
        book.active.append(line)
    out = io.BytesIO()
    book.save(out)
    headers, rows = imports.read_table("people.xlsx", out.getvalue())
    assert headers[1] == "Name" and rows[1][1] == "Zoë"


def test_unreadable_files_are_explained():
    for name, data, words in (
        ("people.txt", b"a,b", "is not a file type Baton imports"),
        ("people.csv", b"", "is empty"),
        ("people.csv", b"Name\n", "has only a header row"),
        ("people.xlsx", b"not a workbook", "does not look like an Excel"),
    ):
        with pytest.raises(imports.CannotRead) as why:
            imports.read_table(name, data)
        assert words in str(why.value)


def test_import_is_all_or_nothing_and_reimport_adds_nothing(personas):
    p = personas
    _, rows = _rows(CSV.encode())
    assert actions.import_people(p.org, rows, by=p.ellie) == (2, 0)
    jose = Person.objects.get(name="José Núñez")
    assert jose.import_key == "id:1" and jose.organisation == p.org
    assert ConsentEvent.objects.get(person=jose).how == "imported"
    assert actions.import_people(p.org, rows, by=p.ellie) == (0, 2)
    assert Person.objects.count() == 2
    bad = CSV + "3,,not-an-email,,,wizard,maybe,yes\n"
    _, rows = _rows(bad.encode())
    with pytest.raises(RuleBroken) as refusal:
        actions.import_people(p.org, rows, by=p.ellie)
    assert refusal.value.reasons == [
        "Nothing was imported: correct these rows and import the file again.",
        "Row 4: enter a name or an alias.",
        "Row 4: 'not-an-email' is not an email address in the correct format.",
        "Row 4: taking part as must be public, patient, carer or patient leader.",
        "Row 4: needs: british sign language interpreter must be yes or no.",
    ]
    assert Person.objects.count() == 2


def test_without_an_id_column_the_same_row_is_recognised_by_its_values(personas):
    p = personas
    data = b"Name,Email\nAmy,amy@example.org\nAmy ,AMY@example.org\n"
    headers, table = imports.read_table("people.csv", data)
    rows = imports.prepare(headers, table, imports.guess_mapping(headers))
    assert rows[0].key == rows[1].key  # the same person, normalised
    assert actions.import_people(p.org, rows, by=p.ellie) == (1, 1)
    assert actions.import_people(p.org, rows, by=p.ellie) == (0, 2)


def test_formula_cells_are_neutralised_when_exported(personas, signed_in):
    p = personas
    data = b'Name,Email\n"=HYPERLINK(""https://evil.example"",""x"")",a@example.org\n@SUM(1+1),b@example.org\n'
    headers, table = imports.read_table("people.csv", data)
    actions.import_people(p.org, imports.prepare(headers, table, imports.guess_mapping(headers)), by=p.ellie)
    client = signed_in(p.ellie)
    text = b"".join(client.get(reverse("people:people_export") + "?format=csv").streaming_content).decode("utf-8-sig")
    names = [row[1] for row in csv.reader(io.StringIO(text))][1:]
    assert sorted(names) == ['\'=HYPERLINK("https://evil.example","x")', "'@SUM(1+1)"]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(reverse("people:people_export") + "?format=xlsx").content))
    cells = [row[1].value for row in book.active.iter_rows(min_row=2)]
    assert all(c.startswith("'") for c in cells)


def test_the_pages_upload_map_preview_and_import(personas, signed_in):
    client = signed_in(personas.ellie)
    upload = SimpleUploadedFile("people.csv", CSV.encode("cp1252"), content_type="text/csv")
    response = client.post(reverse("people:import_upload"), {"file": upload})
    assert response.status_code == 302 and response["Location"] == reverse("people:import_map")
    page = client.get(reverse("people:import_map")).content.decode()
    assert "Choose the columns" in page and "2 rows" in page
    mapping = {"import_id": "0", "name": "1", "email": "2", "phone": "3", "postcode": "4", "kind": "5", "bsl": "6"}
    preview = client.post(reverse("people:import_map"), {**mapping, "preview": "1"}).content.decode()
    assert "José Núñez" in preview and "ready to import" in preview
    assert not Person.objects.exists()
    done = client.post(reverse("people:import_map"), {**mapping, "import": "1", "submission": "once-1"})
    assert done.status_code == 302
    assert Person.objects.count() == 2
    assert "no file waiting" in client.get(reverse("people:import_map")).content.decode()  # gone from the session


def test_the_upload_explains_a_bad_file_and_is_for_leads(personas, signed_in):
    upload = SimpleUploadedFile("people.pdf", b"%PDF-1.4", content_type="application/pdf")
    page = signed_in(personas.ellie).post(reverse("people:import_upload"), {"file": upload}).content.decode()
    assert "There is a problem" in page and "is not a file type Baton imports" in page
    assert signed_in(personas.priya).get(reverse("people:import_upload")).status_code == 403
