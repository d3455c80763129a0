"""Making a board pack: the cover sheet, every board indicator (`core.registry.indicators()`) with
its reading for the period and, for monthly ones, the last 24 months as an XmR chart, then every
area's section (`core.registry.board_sections()`), in order. One template makes the HTML fragment
the pack's page shows and the PDF prints (WeasyPrint, tagged for screen readers, with a document
outline from the headings); every table is also a sheet of the XLSX.

Queries: a fixed number per indicator (24 months of a monthly one) and per section, whatever the
organisation's size."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from markupsafe import Markup

from baton.core import registry
from baton.core.registry import BoardTable, Period
from baton.core.spreadsheets import safe_cell
from baton.core.xmr import Xmr, analyse, fmt

from .models import BoardPack, BoardPackContent

log = logging.getLogger(__name__)

MONTHS_CHARTED = 24
PRINT_CSS = Path(__file__).resolve().parent / "static" / "boardpack" / "print.css"


@dataclass
class IndicatorPart:
    key: str
    title: str
    definition: str
    reading: registry.Reading
    unit: str
    chart: Xmr | None = None
    anchor: str = ""


@dataclass
class SectionPart:
    key: str
    title: str
    html: Markup
    tables: list[BoardTable] = field(default_factory=list)


@dataclass
class Pack:
    """What a pack shows, worked out once for the HTML, the PDF and the XLSX."""

    pack: BoardPack
    period: Period
    objectives: list[str]
    indicators: list[IndicatorPart]
    sections: list[SectionPart]
    made_at: Any

    @property
    def tables(self) -> list[BoardTable]:
        found = [cover_table(self)]
        if self.indicators:
            found.append(indicator_table(self.indicators))
        for part in self.indicators:
            if part.chart is not None:
                found.append(
                    BoardTable(
                        f"{part.title} by month",
                        ("Month", "Value", "Moving range", "Special cause"),
                        tuple(tuple(row) for row in part.chart.rows(part.unit)),
                    )
                )
        for section in self.sections:
            found.extend(section.tables)
        return found


def last_months(period: Period, count: int = MONTHS_CHARTED) -> list[Period]:
    """The `count` calendar months ending with the month the period ends in, oldest first."""
    year, month = period.end.year, period.end.month
    found = []
    for _ in range(count):
        found.append(Period.month(year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return found[::-1]


def _indicator(ind: registry.Indicator, organisation, period: Period, n: int) -> IndicatorPart:
    part = IndicatorPart(
        ind.key, ind.title, ind.definition, ind.compute(organisation, period), ind.unit, anchor=f"indicator-{n}"
    )
    if ind.monthly:
        months = last_months(period)
        series = [(m.label, r.value) for m, r in zip(months, ind.series(organisation, months), strict=True)]
        if any(value is not None for _, value in series):
            floor, ceiling = (0.0, 100.0) if ind.unit == "percent" else (0.0, None)
            part.chart = analyse(
                series, better=ind.better, target=ind.target, floor=floor, ceiling=ceiling, unit=ind.unit
            )
    return part


def _section(section: registry.BoardSection, organisation, period: Period) -> SectionPart | None:
    context = section.context(organisation, period)
    if context is None:
        return None
    html = render_to_string(section.template, {**context, "period": period, "organisation": organisation})
    tables = [t for t in context.get("tables", []) if isinstance(t, BoardTable)]
    return SectionPart(section.key, section.title, Markup(html), tables)


def gather(pack: BoardPack, progress: Callable[[int], None] = lambda percent: None) -> Pack:
    """Work out everything the pack shows, calling `progress(percent)` as it goes (to 80%)."""
    organisation, period = pack.organisation, Period(pack.period_start, pack.period_end)
    indicators = registry.indicators()
    sections = registry.board_sections()
    steps = max(1, len(indicators) + len(sections))
    done = 0
    parts: list[IndicatorPart] = []
    found: list[SectionPart] = []
    with registry.sharing():  # indicators and sections share what they count (reach's month, say)
        for n, ind in enumerate(indicators, start=1):
            parts.append(_indicator(ind, organisation, period, n))
            done += 1
            progress(round(80 * done / steps))
        for section in sections:
            part = _section(section, organisation, period)
            if part is not None:
                found.append(part)
            done += 1
            progress(round(80 * done / steps))
    objectives = list(pack.objectives.order_by("pk").values_list("title", flat=True))
    return Pack(pack, period, objectives, parts, found, timezone.now())


def cover_table(made: Pack) -> BoardTable:
    p = made.pack
    rows: list[tuple[Any, ...]] = [
        ("Title", p.title),
        ("Meeting date", p.meeting_date),
        ("Period", f"{p.period_start:%-d %B %Y} to {p.period_end:%-d %B %Y}"),
        ("Purpose", p.get_purpose_display()),
        ("Executive lead", p.executive_lead),
        ("Report author", p.report_author),
        ("Assurance level", p.get_assurance_level_display()),
        ("Why this level of assurance", p.assurance_reason),
        ("Recommendation", p.recommendation),
        ("Strategic objectives", "; ".join(made.objectives) or "None linked"),
        ("Risks", p.risks or "None linked"),
    ]
    return BoardTable("Cover sheet", ("Item", "Detail"), tuple(rows))


def indicator_table(parts: list[IndicatorPart]) -> BoardTable:
    rows = tuple(
        (
            part.title,
            part.reading.text,
            "suppressed (fewer than 5)" if part.reading.suppressed else fmt(part.reading.value, part.unit),
            part.definition,
        )
        for part in parts
    )
    return BoardTable("Indicators", ("Indicator", "Reading", "Value", "Definition"), rows)


def cell_text(value: Any) -> str:
    """A table cell as the HTML shows it (the XLSX keeps the typed value)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%-d %b %Y}"
    if isinstance(value, float):
        return f"{value:,.1f}".removesuffix(".0")
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def render_html(made: Pack) -> str:
    """The pack's content as one HTML fragment (headings from h2): the page and the PDF both show it."""
    return render_to_string("boardpack/_content.jinja", {"made": made, "p": made.pack})


def render_pdf(pack: BoardPack, html: str) -> bytes:
    """The PDF of the HTML fragment: tagged (PDF/UA-1), with its title, language, an outline from
    the headings and page numbers. Only local fonts (DejaVu, Liberation): nothing is fetched."""
    import weasyprint

    printed = _PRINT_HIDES.sub("", html)
    document = render_to_string("boardpack/print.jinja", {"p": pack, "content": Markup(printed)})
    stylesheet = weasyprint.CSS(filename=str(PRINT_CSS))
    return weasyprint.HTML(string=document, base_url=None).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True, uncompressed_pdf=False
    )


# The responsive tables' heading in each cell (core/macros.jinja's data_table), for narrow screens:
# print.css hides them, and leaving them out of what WeasyPrint parses and styles saves a tenth of
# the PDF's time (5,000 of them in a large ICB's pack).
_PRINT_HIDES = re.compile(r'<span class="nhsuk-table__heading" aria-hidden="true">[^<]*</span>')

_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def sheet_names(titles: list[str]) -> list[str]:
    """Valid, unique sheet names: no []:*?/\\, not blank, at most 31 characters, not "History"."""
    found: list[str] = []
    taken: set[str] = set()
    for title in titles:
        base = _BAD_SHEET.sub(" ", title).strip().strip("'") or "Table"
        if base.lower() == "history":
            base = "History table"
        name, n = base[:31].strip(), 1
        while name.lower() in taken:
            n += 1
            suffix = f" ({n})"
            name = base[: 31 - len(suffix)].strip() + suffix
        taken.add(name.lower())
        found.append(name)
    return found


def render_xlsx(made: Pack) -> tuple[bytes, list[str]]:
    """Every table of the pack, one sheet each, every cell through `safe_cell`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    tables = made.tables
    names = sheet_names([t.title for t in tables])
    book = Workbook()
    book.remove(book.active)
    for table, name in zip(tables, names, strict=True):
        sheet = book.create_sheet(name)
        sheet.append([safe_cell(table.title)])
        sheet["A1"].font = Font(bold=True)
        sheet.append([safe_cell(c) for c in table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([safe_cell(c) for c in row])
    book.properties.title = made.pack.title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), names


def _set(pack_id: int, **values: Any) -> None:
    BoardPack.objects.filter(pk=pack_id, status=BoardPack.Status.GENERATING).update(**values)


def run(pack_id: int) -> BoardPack | None:
    """Generate the pack (the background task): gather, render the HTML, the PDF and the XLSX, and
    store them with the pack marked ready, in one transaction. A failure leaves the pack failed,
    with the reason, and its earlier files (if any) as they were."""
    pack = BoardPack.objects.select_related("organisation").filter(pk=pack_id).first()
    if pack is None or pack.status != BoardPack.Status.GENERATING:
        return pack
    started = time.monotonic()
    _set(pack_id, progress=1)
    try:
        made = gather(pack, lambda percent: _set(pack_id, progress=max(1, percent)))
        html = render_html(made)
        _set(pack_id, progress=85)
        pdf = render_pdf(pack, html)
        _set(pack_id, progress=95)
        xlsx, names = render_xlsx(made)
        with transaction.atomic():
            current = BoardPack.objects.select_for_update().filter(pk=pack_id).first()
            if current is None or current.status != BoardPack.Status.GENERATING:
                return current  # stopped, or marked stale, meanwhile: keep what is there
            BoardPackContent.objects.update_or_create(
                pack=current,
                defaults={
                    "html": html,
                    "pdf": pdf,
                    "xlsx": xlsx,
                    "sheets": names,
                    "seconds": round(time.monotonic() - started, 2),
                },
            )
            BoardPack.objects.filter(pk=pack_id).update(
                status=BoardPack.Status.READY, progress=100, problem="", generated_at=timezone.now()
            )
    except Exception:
        log.exception("Board pack %s failed", pack_id)
        _set(
            pack_id,
            status=BoardPack.Status.FAILED,
            problem="Something went wrong while generating the pack, so it was not made. Generate it again.",
        )
    pack.refresh_from_db()
    return pack
