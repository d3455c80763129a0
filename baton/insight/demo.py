"""The demo's feedback: a Friends and Family Test export of 320 real-looking comments
(`fixtures/demo_fft_export.csv`, comments from the engine's labelled NHS data), imported through
the importer as a user would (Ellie uploads it, the columns are guessed, the task runs at once) so
that the comments arrive labelled by the engine. The dates are moved so that the newest is a few
days ago."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

FIXTURE = Path(__file__).parent / "fixtures" / "demo_fft_export.csv"
ROW_DATE = re.compile(r"^FFT-\d+,(\d\d/\d\d/\d{4}),", re.M)
ROW_DATE_AT = re.compile(r"^(FFT-\d+),(\d\d/\d\d/\d{4}),", re.M)


def _shifted() -> bytes:
    """The fixture with each row's date (the second column, dd/mm/yyyy) moved, the rest as it is."""
    text = FIXTURE.read_text(encoding="utf-8")
    found = [datetime.strptime(d, "%d/%m/%Y").date() for d in ROW_DATE.findall(text)]
    shift = (timezone.localdate() - timedelta(days=3)) - max(found)

    def move(m: re.Match) -> str:
        return f"{m.group(1)},{(datetime.strptime(m.group(2), '%d/%m/%Y').date() + shift):%d/%m/%Y},"

    return ROW_DATE_AT.sub(move, text).encode("utf-8")


def load(organisation, users) -> None:
    from . import actions
    from .models import FeedbackImport

    if FeedbackImport.objects.for_org(organisation).exists():
        return
    from baton.cycle.models import Programme

    programme = Programme.objects.for_org(organisation).order_by("pk").first()
    upload = SimpleUploadedFile("fft-export-riverside.csv", _shifted(), content_type="text/csv")
    imp = actions.upload_feedback(organisation, by=users["ellie"], upload=upload, programme=programme)
    imp = actions.start_import(imp, by=users["ellie"], mapping=imp.mapping)
    if imp.status == FeedbackImport.Status.QUEUED:  # a queue with no worker yet: import it now
        from .importer import run

        run(imp)
    # The insight bank's example comments come only where an organisation has no feedback yet
    # (demo_bank.load says so itself); after the import above, there is.
    from .demo_bank import load as load_bank_examples

    load_bank_examples(organisation, users)
