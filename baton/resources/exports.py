"""The payment file for finance or payroll: one row per claim of an export (a repeat export gives
its first export's rows), as CSV streamed row by row or as XLSX written to a temporary file and
streamed from there, so 100,000 claims never sit in memory. Every cell goes through
`core.spreadsheets` (no formula from a person's name reaches a spreadsheet). Amounts are written
as exact Decimal pounds and pence; the last row is the total, which equals the export's record."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse

from baton.core.spreadsheets import csv_writer, safe_row

from .models import Claim, PaymentExport

HEADER = [
    "Claim",
    "Person reference",
    "Name",
    "Day of involvement",
    "Role level",
    "Time claimed",
    "Payment declined",
    "Involvement payment (GBP)",
    "Expenses (GBP)",
    "Total (GBP)",
    "Rate card from",
    "Approved by",
    "Paid on",
]
CHUNK = 2_000


def export_rows(export: PaymentExport) -> Iterator[list]:
    """The export's rows, read in chunks (an iterator over the database cursor), then the total."""
    claims = (
        Claim.objects.filter(export=export.original)
        .order_by("pk")
        .values_list(
            "pk",
            "person_id",
            "person__name",
            "day",
            "role_level",
            "basis",
            "quantity",
            "declined_payment",
            "involvement_amount",
            "expenses_amount",
            "total_amount",
            "rate_card__effective_from",
            "decided_by__username",
            "paid_on",
        )
    )
    total = Decimal("0.00")
    for (
        pk,
        person_id,
        name,
        day,
        level,
        basis,
        quantity,
        declined,
        inv,
        exp,
        tot,
        card_from,
        approver,
        paid,
    ) in claims.iterator(chunk_size=CHUNK):
        total += tot
        time = "none" if basis == "none" else f"{quantity.normalize():f} {basis.replace('_', ' ')}"
        yield [
            pk,
            f"P{person_id}",
            name,
            day,
            level,
            time,
            "yes" if declined else "no",
            inv,
            exp,
            tot,
            card_from,
            approver or "",
            paid,
        ]
    yield ["Total", "", "", "", "", "", "", "", "", total, "", "", ""]


class _Line:
    def write(self, text: str) -> str:
        return text


def csv_response(export: PaymentExport) -> StreamingHttpResponse:
    writer = csv_writer(_Line())

    def lines():
        yield "\ufeff" + writer.writerow(HEADER)
        for row in export_rows(export):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


def xlsx_response(export: PaymentExport) -> FileResponse:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Payments")
    sheet.append(safe_row(HEADER))
    for row in export_rows(export):
        sheet.append(safe_row(row))
    handle = tempfile.TemporaryFile()  # noqa: SIM115  closed by the response when it has been sent
    book.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=export.filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def file_response(export: PaymentExport):
    return xlsx_response(export) if export.format == PaymentExport.Format.XLSX else csv_response(export)
