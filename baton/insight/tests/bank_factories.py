"""Feedback comments for the insight bank's tests, made directly with the ORM (the import pages
that make them in the product are the insight app's own; the bank only reads them)."""

from __future__ import annotations

import hashlib
import itertools
from datetime import date

from baton.insight.models import FeedbackComment, FeedbackTheme

_seq = itertools.count(1)


def make_comment(organisation, text: str, *, themes=(), **overrides) -> FeedbackComment:
    n = next(_seq)
    fields = {
        "row_key": hashlib.sha256(f"{n}:{text}".encode()).hexdigest(),
        "received_on": date(2026, 3, 1),
        "service": "Outpatients",
        "source": "fft",
        "sentiment": 4,
    }
    fields.update(overrides)
    comment = FeedbackComment.objects.create(organisation=organisation, text=text, **fields)
    FeedbackTheme.objects.bulk_create(
        FeedbackTheme(comment=comment, organisation=organisation, code=code) for code in themes
    )
    return comment
