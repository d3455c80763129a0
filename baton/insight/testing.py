"""Factories for feedback files, imports and comments, made through the actions and the importer
as a user would, and the area's share of the test world (core.testing.build_world)."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

_seq = itertools.count(1)

FFT_HEADINGS = ["Response ID", "Date of response", "Site / ward", "Question", "FFT rating", "Comment"]
FFT_ROWS = [
    [
        "R1",
        "02/03/2026",
        "Ward 7",
        "What was good about your experience?",
        "Very good",
        "The nurses were kind and explained everything.",
    ],
    [
        "R2",
        "15/03/2026",
        "A&E",
        "Is there anything we could have done better?",
        "Poor",
        "Waited six hours to be seen and nobody told us why.",
    ],
    [
        "R3",
        "2026-04-01",
        "Ward 7",
        "Please tell us why you gave your answer",
        "Good",
        "Food was cold but the staff were lovely.",
    ],
    [
        "R4",
        "07-Apr-26",
        "Maternity",
        "What was good about your experience?",
        "Very good",
        "Midwives were brilliant, thank you.",
    ],
    [
        "R5",
        "09/04/2026 14:30",
        "A&E",
        "Is there anything we could have done better?",
        "Very poor",
        "Parking is impossible and expensive.",
    ],
]


def fft_csv(rows=None, headings=None, *, encoding: str = "utf-8", name: str = "fft-export.csv") -> SimpleUploadedFile:
    """A small FFT export as an uploaded CSV file."""
    lines = [headings or FFT_HEADINGS, *(rows if rows is not None else FFT_ROWS)]
    text = "".join(",".join(_quoted(v) for v in line) + "\r\n" for line in lines)
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def _quoted(value) -> str:
    """A CSV cell as an export writes it, formulas and all (an input file, not one Baton writes)."""
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\r\n') else text


def fft_xlsx(rows=None, headings=None, *, name: str = "fft-export.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    from baton.core.spreadsheets import safe_row

    book = Workbook()
    sheet = book.active
    sheet.append(headings or FFT_HEADINGS)
    for row in rows if rows is not None else FFT_ROWS:
        sheet.append(safe_row(row))
    buf = io.BytesIO()
    book.save(buf)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/octet-stream")


def make_upload(organisation, *, by, upload=None, **kwargs):
    from .actions import upload_feedback

    return upload_feedback(organisation, by=by, upload=upload or fft_csv(), **kwargs)


def start(imp, *, by, mapping=None):
    """Start the import and run its task now (tests run tasks at once; the test's transaction
    would otherwise hold back the task queued on commit)."""
    from django.test import TestCase

    from .actions import start_import

    with TestCase.captureOnCommitCallbacks(execute=True):
        start_import(imp, by=by, mapping=mapping if mapping is not None else imp.mapping)
    imp.refresh_from_db()
    return imp


def make_import(organisation, *, by, upload=None, mapping=None, **kwargs):
    """An upload, mapped (the guess unless `mapping`) and imported (tasks run at once in tests)."""
    imp = make_upload(organisation, by=by, upload=upload, **kwargs)
    return start(imp, by=by, mapping=mapping)


@dataclass
class InsightWorld:
    done: object
    uploaded: object
    failed: object
    comment: object


def contribute(world) -> None:
    """An imported FFT export (its comments labelled, one to check), an upload waiting for its
    columns and a failed import (a bad date)."""
    from .models import FeedbackComment, FeedbackImport

    p = world.personas
    done = make_import(p.org, by=p.ellie)
    uploaded = make_upload(p.org, by=p.ellie, upload=fft_csv(name="survey.csv"))
    failed = make_import(
        p.org, by=p.ellie, upload=fft_csv([["R9", "31/02/2026", "A&E", "", "Good", "Fine"]], name="bad.csv")
    )
    assert failed.status == FeedbackImport.Status.FAILED
    comment = FeedbackComment.objects.filter(feedback_import=done).order_by("pk").first()
    assert comment is not None  # imported just above
    FeedbackComment.objects.filter(pk=comment.pk).update(needs_check=True)
    world.of["insight"] = InsightWorld(done, uploaded, failed, comment)
    for name in ("comment_detail", "comment_check"):
        world.route(f"insight:{name}", pk=comment.pk)
    for imp in (done, uploaded, failed):
        world.route("insight:import_detail", pk=imp.pk)
        world.route("insight:import_progress", pk=imp.pk)
