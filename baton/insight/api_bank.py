"""The insight bank in the API: `GET /api/insight/bank?q=...` answers with the same search as the
page (`bank.search`) under the same rule (`bank_permissions.can_search`): 403 for a role that may
not search, 422 for a filter that is not one (an unknown theme, stage or source, a programme not of
this organisation, dates the wrong way round). Mounted by `baton/api.py` beside the insight app's
own router."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from pydantic import field_validator, model_validator

from baton.core.schemas import Id, Invalid, Message, responses
from baton.cycle import stages
from baton.cycle.models import Programme

from . import bank
from .bank_permissions import require_searcher
from .feedback.engine import sub_categories

router = Router(tags=["insight bank"])

StageKey = Literal[tuple(stages.KEYS)]  # type: ignore[valid-type]
SourceKey = Literal[tuple(bank.SOURCES)]  # type: ignore[valid-type]


class BankFilter(Schema):
    q: str = Field("", max_length=bank.MAX_QUERY, description='Words to search for; "a phrase" in quotes.')
    kind: Literal["item", "comment"] | None = Field(None, description="Only insight items, or only feedback comments.")
    theme: str | None = Field(None, max_length=100, description="A theme of the feedback framework.")
    stage: StageKey | None = Field(None, description="Only what belongs to a stage run of this stage.")  # type: ignore[valid-type]
    programme_id: Id | None = Field(None, description="Only what belongs to this programme.")
    source: SourceKey | None = Field(None, description="Where it came from.")  # type: ignore[valid-type]
    since: date | None = Field(None, description="On or after this date (a comment's date received).")
    until: date | None = Field(None, description="On or before this date.")
    page: int = Field(1, ge=1, le=2 * bank.RANKED // bank.PER_PAGE)

    @field_validator("theme")
    @classmethod
    def known_theme(cls, value: str | None) -> str | None:
        if value and value not in sub_categories():
            raise ValueError("Not a theme of the feedback framework: see the bank page's list of themes.")
        return value or None

    @model_validator(mode="after")
    def dates_in_order(self):
        if self.since and self.until and self.since > self.until:
            raise ValueError("'until' must be the same as or after 'since'.")
        return self


class BankHitOut(Schema):
    kind: Literal["item", "comment"]
    id: int
    title: str = Field(description="An insight item's title; a comment's service.")
    snippet_html: str = Field(description="The matched passage, HTML-escaped, matched words in <mark>.")
    date: date | None
    source: str
    programme_id: int | None
    programme: str
    stage: str
    themes: list[str]
    sentiment: str
    service: str
    score: float | None = Field(description="Higher is a better match; none without words.")


class BankResultsOut(Schema):
    query: str = Field(description="The words searched for, after common words and punctuation are left out.")
    count: int = Field(description=f"Results found, counted up to {bank.CAP:,} of each kind.")
    more: bool = Field(description=f"More than {bank.CAP:,} of a kind matched: narrow the search.")
    page: int
    pages: int
    problem: str | None = Field(description="Why nothing was searched for (the query had no words to search).")
    results: list[BankHitOut]


@router.get(
    "/insight/bank",
    response=responses({200: BankResultsOut}, {401: Message, 403: Message, 404: Message, 422: Invalid}),
    summary="Search the insight bank",
)
def search(request, filters: Query[BankFilter]):
    member = require_searcher(request.auth)
    if (
        filters.programme_id
        and not Programme.objects.for_org(member.organisation_id).filter(pk=filters.programme_id).exists()
    ):
        raise ValidationError({"programme_id": ["No programme of this organisation has this id."]})
    found = bank.search(
        member.organisation_id,
        filters.q,
        bank.Filters(
            kind=filters.kind or "",
            theme=filters.theme or "",
            stage=filters.stage or "",
            programme_id=filters.programme_id,
            since=filters.since,
            until=filters.until,
            source=filters.source or "",
        ),
        page=filters.page,
    )
    return {
        "query": found.terms.text,
        "count": found.found,
        "more": found.capped,
        "page": found.number,
        "pages": found.pages,
        "problem": found.problem or None,
        "results": [
            {
                "kind": h.kind,
                "id": h.pk,
                "title": _plain(h.heading),
                "snippet_html": str(h.snippet),
                "date": h.on,
                "source": h.source,
                "programme_id": h.programme_id,
                "programme": h.programme,
                "stage": h.stage,
                "themes": h.themes,
                "sentiment": h.sentiment,
                "service": h.service,
                "score": h.score,
            }
            for h in found.hits
        ],
    }


def _plain(html: str) -> str:
    from html import unescape

    return unescape(str(html).replace("<mark>", "").replace("</mark>", ""))
