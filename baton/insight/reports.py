"""Feedback read back: the filters every list, chart, export and the API share, the three charts
(by month, by service, by theme) drawn as server-side SVG with a text summary and a data table, and
the exports (CSV streamed; XLSX up to `XLSX_MOST` rows, formula cells neutralised)."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import FileResponse, StreamingHttpResponse

from baton.core.spreadsheets import csv_writer, safe_row

from .models import FeedbackComment, FeedbackTheme

XLSX_MOST = 50_000
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
TOP = 10


@dataclass(frozen=True)
class Filters:
    theme: str = ""
    service: str = ""
    sentiment: int | None = None
    month_from: date | None = None
    month_to: date | None = None
    source: str = ""
    programme: int | None = None
    to_check: bool = False
    feedback_import: int | None = None


def month_start(text: str) -> date | None:
    """'2026-03' as 1 March 2026; None for blank; ValueError for anything else."""
    text = (text or "").strip()
    if not text:
        return None
    m = MONTH.match(text)
    if not m or not 1 <= int(m.group(2)) <= 12 or not 1900 <= int(m.group(1)) <= 9999:
        raise ValueError(text)
    return date(int(m.group(1)), int(m.group(2)), 1)


def _month_after(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def filtered(organisation, f: Filters) -> QuerySet[FeedbackComment]:
    qs = FeedbackComment.objects.for_org(organisation)
    if f.theme:
        qs = qs.filter(
            pk__in=FeedbackTheme.objects.filter(organisation=organisation, code=f.theme).values("comment_id")
        )
    if f.service:
        qs = qs.filter(service=f.service)
    if f.sentiment:
        qs = qs.filter(sentiment=f.sentiment)
    if f.month_from:
        qs = qs.filter(received_on__gte=f.month_from)
    if f.month_to:
        qs = qs.filter(received_on__lt=_month_after(f.month_to))
    if f.source:
        qs = qs.filter(source=f.source)
    if f.programme:
        qs = qs.filter(programme_id=f.programme)
    if f.to_check:
        qs = qs.filter(needs_check=True)
    if f.feedback_import:
        qs = qs.filter(feedback_import_id=f.feedback_import)
    return qs


# Charts -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: float
    text_x: float


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    summary: str
    head: tuple[str, str]
    rows: list[tuple[str, int]]
    bars: list[Bar]
    height: int
    label_width: int = 220
    width: int = 640


def _chart(key: str, title: str, head: str, rows: list[tuple[str, int]], summary: str) -> Chart:
    most = max((v for _, v in rows), default=0) or 1
    room = 640 - 220 - 60
    bars = [
        Bar(label[:34] + ("…" if len(label) > 34 else ""), v, 10 + i * 28, room * v / most, 220 + room * v / most + 6)
        for i, (label, v) in enumerate(rows)
    ]
    return Chart(key, title, summary, (head, "Comments"), rows, bars, 20 + 28 * len(rows))


def _plural(n: int, one: str) -> str:
    return f"{n:,} {one}{'' if n == 1 else 's'}"


def charts(qs: QuerySet[FeedbackComment], organisation) -> list[Chart]:
    """Three aggregate queries."""
    months = [
        (m.strftime("%b %Y"), n)
        for m, n in qs.exclude(received_on=None)
        .annotate(m=TruncMonth("received_on"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .order_by("m")
        if m is not None
    ][-24:]
    services = list(
        qs.exclude(service="").values_list("service").annotate(n=Count("pk")).order_by("-n", "service")[:TOP]
    )
    themes = list(
        FeedbackTheme.objects.filter(organisation=organisation, comment__in=qs.values("pk"))
        .values_list("code")
        .annotate(n=Count("pk"))
        .order_by("-n", "code")[:TOP]
    )
    out = []
    if months:
        busiest = max(months, key=lambda r: r[1])
        out.append(
            _chart(
                "month",
                "Comments by month",
                "Month",
                months,
                f"{_plural(sum(n for _, n in months), 'comment')} over {_plural(len(months), 'month')}, "
                f"from {months[0][0]} to {months[-1][0]}; the most in {busiest[0]} ({busiest[1]:,}).",
            )
        )
    if services:
        out.append(
            _chart(
                "service",
                "Comments by service",
                "Service",
                services,
                f"The service with the most comments is {services[0][0]} ({services[0][1]:,}); "
                f"the top {len(services)} are shown.",
            )
        )
    if themes:
        out.append(
            _chart(
                "theme",
                "Comments by theme",
                "Theme",
                themes,
                f"The theme mentioned most is {themes[0][0]} ({_plural(themes[0][1], 'comment')}); "
                f"the top {len(themes)} are shown. A comment may have several themes.",
            )
        )
    return out


# Exports ------------------------------------------------------------------------------------------

HEADER = [
    "id",
    "received_on",
    "service",
    "question",
    "score",
    "comment",
    "themes",
    "sentiment",
    "confidence",
    "language",
    "needs_check",
    "source",
    "external_id",
]


def _rows(qs: QuerySet[FeedbackComment]):
    for c in qs.order_by("pk").prefetch_related("themes").iterator(chunk_size=2000):
        yield [
            c.pk,
            c.received_on.isoformat() if c.received_on else "",
            c.service,
            c.question,
            "" if c.score is None else c.score,
            c.text,
            "; ".join(t.code for t in c.themes.all()),
            "" if c.sentiment is None else c.sentiment,
            "" if c.confidence is None else round(c.confidence, 3),
            c.language,
            "yes" if c.needs_check else "no",
            c.source,
            c.external_id,
        ]


class _Line:
    def write(self, text: str) -> str:
        return text


def csv_response(qs: QuerySet[FeedbackComment], filename: str) -> StreamingHttpResponse:
    writer = csv_writer(_Line())

    def lines():
        yield "\ufeff" + writer.writerow(HEADER)
        for row in _rows(qs):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(qs: QuerySet[FeedbackComment], filename: str) -> FileResponse:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Feedback")
    sheet.append(safe_row(HEADER))
    for row in _rows(qs):
        sheet.append(safe_row(row))
    handle = tempfile.TemporaryFile()  # noqa: SIM115  closed by the response when it has been sent
    book.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def top_themes(organisation, since: date, n: int = 3) -> list[tuple[str, int]]:
    return list(
        FeedbackTheme.objects.filter(organisation=organisation, comment__received_on__gte=since)
        .exclude(code="Labelling not possible")
        .values_list("code")
        .annotate(k=Count("pk"))
        .order_by("-k", "code")[:n]
    )


def counts(organisation, since: date) -> tuple[int, int]:
    """(comments received since, of which to check)."""
    found = (
        FeedbackComment.objects.for_org(organisation)
        .filter(received_on__gte=since)
        .aggregate(n=Count("pk"), c=Count("pk", filter=Q(needs_check=True)))
    )
    return found["n"], found["c"]
