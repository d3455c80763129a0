"""Patient partners' reviews as training data for the feedback engine: the reviewed comments in the
engine's labelled-CSV format (`insight/feedback/README.md`, "train"): `comment_id`, `comment_text`,
`question_type`, `sentiment` and a 0/1 column per framework sub-category, named exactly as in
`framework.json`. A comment reviewed in several samples appears once, with its latest review.

Written through `core.spreadsheets.csv_writer`, so a comment a spreadsheet would run as a formula
(starting with `=`, `+`, `-`, `@`) gets a leading apostrophe, as every CSV Baton writes."""

from __future__ import annotations

from baton.core.spreadsheets import csv_writer
from baton.insight.feedback.engine import normalise_question_type

from . import framework
from .models import Review, ReviewSample


def header() -> list[str]:
    return ["comment_id", "comment_text", "question_type", "sentiment", *framework.codes()]


def latest_reviews(organisation, *, closed_only: bool = False):
    """The latest review of each reviewed comment of the organisation, oldest comment first."""
    reviews = Review.objects.for_org(organisation).reviewed()
    if closed_only:
        reviews = reviews.filter(sample__status=ReviewSample.Status.CLOSED)
    seen = None
    for review in (
        reviews.select_related("comment").order_by("comment_id", "-reviewed_at", "-pk").iterator(chunk_size=2000)
    ):
        if review.comment_id != seen:
            seen = review.comment_id
            yield review


def write_training_csv(fileobj, organisation, *, closed_only: bool = False) -> int:
    """Write the header and a row per reviewed comment; returns the number of rows."""
    codes = framework.codes()
    out = csv_writer(fileobj)
    out.writerow(header())
    n = 0
    for review in latest_reviews(organisation, closed_only=closed_only):
        chosen = set(review.themes)
        comment = review.comment
        out.writerow(
            [
                str(comment.pk),
                comment.text,
                normalise_question_type(comment.question or None) or "",
                "" if review.sentiment is None else review.sentiment,
                *(1 if code in chosen else 0 for code in codes),
            ]
        )
        n += 1
    return n
