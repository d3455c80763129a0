"""The insight bank's share of the demo: feedback comments to search beside the cycle's insight
items, so that a first look at /insight/bank/ finds something for "waiting", "parking" or "staff".
Sixty real Friends and Family Test comments from `feedback/data/fft-labelled.csv` (NHS analysts'
themes and sentiment kept), dated over the last year at four services, a third linked to a
programme. Made only when the organisation has no feedback yet: the insight app's own demo (an
import through its pages) comes first where it exists."""

from __future__ import annotations

import csv
import hashlib
from datetime import timedelta

from django.utils import timezone

from .feedback.engine import DATA_DIR, sub_categories
from .models import FeedbackComment, FeedbackTheme

SERVICES = ["Outpatients", "Emergency department", "Maternity", "Community nursing"]
SHOWN = 60


def load(organisation, users) -> None:
    if FeedbackComment.objects.filter(organisation=organisation).exists():
        return
    from baton.cycle.models import Programme

    programmes = list(Programme.objects.for_org(organisation).order_by("pk")[:3])
    codes = set(sub_categories())
    with (DATA_DIR / "fft-labelled.csv").open(encoding="utf-8") as fh:
        rows = [
            r
            for r in csv.DictReader(fh)
            if 60 <= len(r["comment_text"] or "") <= 400 and r["sentiment"] in {"1", "2", "3", "4", "5"}
        ]
    today = timezone.localdate()
    step = max(1, len(rows) // SHOWN)
    for n, row in enumerate(rows[::step][:SHOWN]):
        text = row["comment_text"].strip()
        programme = programmes[n % len(programmes)] if programmes and n % 3 == 0 else None
        comment = FeedbackComment.objects.create(
            organisation=organisation,
            row_key=hashlib.sha256(f"demo-bank:{row['comment_id']}:{text}".encode()).hexdigest(),
            text=text,
            received_on=today - timedelta(days=(n * 6) % 365),
            service=SERVICES[n % len(SERVICES)],
            question=row["question"][:500],
            source="fft",
            programme=programme,
            sentiment=int(row["sentiment"]),
            confidence=1.0,
            language="en",
        )
        FeedbackTheme.objects.bulk_create(
            FeedbackTheme(comment=comment, organisation=organisation, code=code)
            for code, value in row.items()
            if code in codes and value == "1"
        )
