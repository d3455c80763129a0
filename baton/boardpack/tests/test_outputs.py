"""The pack's PDF (read back with pypdf: its text, structure tags, title, language and outline)
and its XLSX (one sheet per table, valid unique names, every cell safe from formulas)."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from baton.boardpack.generation import sheet_names
from baton.boardpack.models import BoardPackContent
from baton.boardpack.testing import make_pack
from baton.cycle.testing import make_insight, make_programme, make_run


@pytest.fixture
def pack(personas):
    p = personas
    run = make_run(make_programme(p.org, by=p.ellie, lead=p.priya, name="Diabetes pathway"), "needs", owner=p.priya)
    for n in range(3):
        make_insight(run, by=p.priya, title=f"Carers cannot reach the clinic {n}", themes="access, transport")
    return make_pack(
        p.org,
        by=p.ellie,
        title="Engagement report, quarter three",
        period_start=timezone.localdate() - timedelta(days=80),
        period_end=timezone.localdate(),
        recommendation='=HYPERLINK("http://evil")',  # someone's words that a spreadsheet must not run
    )


def _pdf(pack) -> PdfReader:
    return PdfReader(io.BytesIO(bytes(BoardPackContent.objects.get(pack=pack).pdf)))


def _outline(entries) -> list[str]:
    found = []
    for entry in entries:
        if isinstance(entry, list):
            found.extend(_outline(entry))
        else:
            found.append(entry.title)
    return found


@pytest.mark.django_db
def test_the_pdf_has_the_packs_text_its_title_language_tags_and_outline(pack):
    reader = _pdf(pack)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Engagement report, quarter three" in text
    assert "Reasonable assurance" in text and "Director of Nursing" in text
    assert "Foresight for plans" in text and "Carers cannot reach the clinic 2" in text
    assert "Page 1 of" in text  # page numbers
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged for screen readers
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Engagement report, quarter three"
    outline = _outline(reader.outline)
    assert outline[0] == "Engagement report, quarter three"
    for heading in ("Cover sheet", "Indicators", "Foresight for plans", "Dropped batons"):
        assert heading in outline
    assert "The newest needs and priorities" in outline  # h3s too


@pytest.mark.django_db
def test_the_pdf_uses_only_local_fonts(pack):
    fonts = set()
    for page in _pdf(pack).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts and all(f.startswith(("DejaVu", "Liberation")) for f in fonts), fonts


@pytest.mark.django_db
def test_the_xlsx_has_a_sheet_per_table_and_no_formula(pack):
    content = BoardPackContent.objects.get(pack=pack)
    book = load_workbook(io.BytesIO(bytes(content.xlsx)))
    assert book.sheetnames == content.sheets
    assert book.sheetnames[0] == "Cover sheet"
    assert "Insight recorded in the first t" in book.sheetnames or any(
        n.startswith("Insight recorded") for n in book.sheetnames
    )
    assert len(set(n.lower() for n in book.sheetnames)) == len(book.sheetnames)
    cover = {row[0]: row[1] for row in book["Cover sheet"].iter_rows(min_row=3, values_only=True)}
    assert cover["Recommendation"] == '\'=HYPERLINK("http://evil")'
    assert cover["Title"] == "Engagement report, quarter three"
    themes = next(book[n] for n in book.sheetnames if n.startswith("Themes of the insight"))
    rows = list(themes.iter_rows(min_row=3, values_only=True))
    assert ("Access", 3) in rows and ("Transport", 3) in rows  # typed numbers, not text


def test_sheet_names_are_valid_and_unique():
    names = sheet_names(["A/B: [draft]?", "History", "x" * 40, "x" * 40, "X" * 40, "  ", "Cover sheet", "cover sheet"])
    assert names[0] == "A B   draft"
    assert names[1] == "History table"
    assert names[2] == "x" * 31
    assert names[3] == "x" * 27 + " (2)" and names[4] == "X" * 27 + " (3)"
    assert names[5] == "Table"
    assert names[6] == "Cover sheet" and names[7] == "cover sheet (2)"
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == len(names)


def test_the_pdf_leaves_out_the_cell_headings_print_hides_and_keeps_every_cell():
    """The responsive tables' per-cell headings (narrow screens only; print.css hides them) are not
    given to WeasyPrint: the pattern must match what the shared table macro writes."""
    from django.template import engines

    from baton.boardpack.generation import _PRINT_HIDES

    html = (
        engines["jinja2"]
        .from_string('{% from "core/macros.jinja" import data_table %}{{ data_table("T", head, rows) }}')
        .render({"head": ["Month", "Value & more"], "rows": [["Jan 2026", "3"], ["Feb 2026", "<4>"]]})
    )
    assert html.count("nhsuk-table__heading") == 4
    printed = _PRINT_HIDES.sub("", html)
    assert "nhsuk-table__heading" not in printed and "Value &amp; more" not in printed.split("</thead>")[1]
    for cell in ("Jan 2026", "Feb 2026", ">3<", "&lt;4&gt;"):
        assert cell in printed
