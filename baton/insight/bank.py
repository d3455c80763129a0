"""The insight bank: "what do we already know?", one search over every insight item (cycle's
`InsightItem`) and feedback comment (`FeedbackComment`) of one organisation, ranked by the
database's own full-text search. The page and the API both call `search()`.

- PostgreSQL: `websearch_to_tsquery('english', ...)` against comments' stored vector column
  `search_vector` (`to_tsvector('english', text)`, migration `0005_search_vector`) and insight items'
  `to_tsvector('english', title || ' ' || detail || ' ' || themes)` (migration `0002_search`), each
  with its GIN index, so the indexes serve the match; `ts_rank` orders (reading comments' stored
  vectors, not parsing their text again), `ts_headline` marks the matched words.
- SQLite: the FTS5 tables of the same migration (porter stemming), `bm25()` orders, `snippet()` and
  `highlight()` mark the words.

Neither database is given the user's syntax: the query is cut into words (letters and digits) and
"quoted phrases", common words dropped, and rebuilt, each word quoted for FTS5's MATCH. So a query
of punctuation, `NEAR(`, `*` or `'; drop table` is words or nothing, never an error.

Scale (1,000,000 comments, `bench/insight_search.py`): ranking every match of a common word would
rebuild millions of text vectors, so at most `CAP` matches of each kind are ranked: the newest
ones, by date (a comment's `received_on`, an item's `created_at`); counts stop at `CAP` too, and
the page says "more than 1,000" rather than counting millions of rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Exists, F, FloatField, OuterRef, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from baton.cycle import stages
from baton.cycle.models import InsightItem

from .models import FeedbackComment, FeedbackTheme, Source

CAP = 1_000  # where counting stops: "more than 1,000 results"
RANKED = 200  # matches of each kind ranked, the newest when there are more
PER_PAGE = 20
MAX_QUERY = 200  # characters of a query read
MAX_TERMS = 12  # words and phrases of a query used
ITEM, COMMENT = "item", "comment"
KINDS = {ITEM: "Insight items", COMMENT: "Feedback comments"}
# Sources of either kind (an insight item's list is the longer; comments add none of their own).
SOURCES = dict(InsightItem.Source.choices) | dict(Source.choices)

# PostgreSQL's english stop words: they are dropped there, so they are dropped here for SQLite too
# (FTS5 has no stop words), and a query of only these says so instead of finding nothing.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that
    these those am is are was were be been being have has had having do does did doing a an the and
    but if or because as until while of at by for with about against between into through during
    before after above below to from up down in out on off over under again further then once here
    there when where why how all any both each few more most other some such no nor not only own same
    so than too very s t can will just don should now""".split()
)
_WORD = re.compile(r"[^\W_]+")
_PHRASE = re.compile(r'"([^"]*)"')
# Marks around matched words, chosen from Unicode's private use area: the text is escaped first
# and only these become <mark>, so a comment's own markup is never markup.
OPEN, CLOSE = "\ue000", "\ue001"


@dataclass(frozen=True)
class Terms:
    """A query cut into what is searched for: words and phrases (each a tuple of words)."""

    parts: tuple[tuple[str, ...], ...] = ()
    dropped: bool = False  # some words were too common to search for

    def __bool__(self) -> bool:
        return bool(self.parts)

    def fts5(self) -> str:
        """For SQLite's MATCH: every word or phrase quoted (a phrase is its words in order), all of
        them needed."""
        return " ".join('"' + " ".join(p) + '"' for p in self.parts)

    def websearch(self) -> str:
        """For PostgreSQL's websearch_to_tsquery: words, and phrases in quotes, all of them needed."""
        return " ".join(p[0] if len(p) == 1 else '"' + " ".join(p) + '"' for p in self.parts)

    @property
    def text(self) -> str:
        return " ".join(" ".join(p) for p in self.parts)


def parse(query: str) -> Terms:
    """The words and "phrases" of `query`, lower case, without common words (`STOP_WORDS`), at
    most `MAX_TERMS`; anything else (punctuation, operators, quotes left open) is dropped."""
    query = (query or "")[:MAX_QUERY].lower()
    parts: list[tuple[str, ...]] = []
    dropped = False

    def keep(words: list[str]) -> None:
        nonlocal dropped
        useful = tuple(w for w in words if w not in STOP_WORDS)
        dropped = dropped or len(useful) < len(words)
        if useful and useful not in parts:
            parts.append(useful)

    def phrase(match: re.Match) -> str:
        keep(_WORD.findall(match.group(1)))
        return " "

    rest = _PHRASE.sub(phrase, query)
    for word in _WORD.findall(rest):
        keep([word])
    return Terms(tuple(parts[:MAX_TERMS]), dropped)


@dataclass(frozen=True)
class Filters:
    kind: str = ""  # ITEM, COMMENT, or "" for both
    theme: str = ""  # a framework sub-category (a comment's theme; a word of an item's themes)
    stage: str = ""  # a stage key (cycle.stages)
    programme_id: int | None = None
    since: date | None = None
    until: date | None = None
    source: str = ""  # a key of SOURCES

    def __bool__(self) -> bool:
        return any(getattr(self, f) not in ("", None) for f in self.__dataclass_fields__)


@dataclass
class Hit:
    """One result, saying what it is."""

    kind: str
    pk: int
    heading: SafeString
    snippet: SafeString
    on: date | None
    source: str
    programme: str = ""
    programme_id: int | None = None
    stage: str = ""
    run_id: int | None = None
    themes: list[str] = field(default_factory=list)
    sentiment: str = ""
    service: str = ""
    score: float | None = None

    @property
    def kind_label(self) -> str:
        return "Insight item" if self.kind == ITEM else "Feedback comment"


@dataclass
class Results:
    terms: Terms
    hits: list[Hit]
    items_found: int  # at most CAP + 1: more than CAP is not counted
    comments_found: int
    number: int  # this page's number, from 1
    per_page: int
    problem: str = ""  # why nothing was searched for, in plain words

    @property
    def capped(self) -> bool:
        return self.items_found > CAP or self.comments_found > CAP

    @property
    def found(self) -> int:
        return min(self.items_found, CAP) + min(self.comments_found, CAP)

    @property
    def found_text(self) -> str:
        if self.capped:
            return f"More than {CAP:,} results"
        return "1 result" if self.found == 1 else f"{self.found:,} results"

    @property
    def pages(self) -> int:
        """Pages that can be shown: they stop where the ranked matches do (`RANKED` of each kind)."""
        shown = min(self.items_found, RANKED) + min(self.comments_found, RANKED)
        return max(1, -(-shown // self.per_page))


# The search -----------------------------------------------------------------------------------------


def search(
    organisation: Any, query: str, filters: Filters | None = None, *, page: int = 1, per_page: int = PER_PAGE
) -> Results:
    """Insight items and feedback comments of `organisation` matching `query` (all its words, stemmed:
    "waiting" finds "wait") and `filters`, best match first; with no words, the newest first. Page
    `page` of `per_page`; pages stop where the ranked matches do (`CAP` of each kind)."""
    filters = filters or Filters()
    terms = parse(query)
    empty = Results(terms, [], 0, 0, 1, per_page)
    if (query or "").strip() and not terms:
        empty.problem = (
            "Those words are too common to search for. Try words that say what it is about, such as 'waiting' or 'parking'."
            if terms.dropped
            else "Type a word or two to search for, such as 'waiting' or 'parking'. Punctuation on its own finds nothing."
        )
        return empty
    kinds = [filters.kind] if filters.kind else [ITEM, COMMENT]
    page = max(1, min(page, -(-2 * RANKED // per_page)))
    wanted = page * per_page
    found: dict[str, int] = {ITEM: 0, COMMENT: 0}
    ranked: list[tuple[float, date | None, str, int]] = []
    for kind in kinds:
        rows = _filtered(kind, organisation, filters)
        if terms:
            rows = rows.filter(_match(kind, terms))
        found[kind] = rows.order_by().values("pk")[: CAP + 1].count()  # no sort: stop at CAP + 1
        if found[kind]:
            ranked += _ranked(kind, rows, terms, wanted, found[kind])
    # Most relevant first; without words, newest first. Equal scores: newer first.
    ranked.sort(key=lambda r: (r[0], r[1] or date.min, r[3]), reverse=True)
    chosen = ranked[(page - 1) * per_page : wanted]
    hits = _hits(chosen, terms)
    return Results(terms, hits, found[ITEM], found[COMMENT], page, per_page)


def _filtered(kind: str, organisation: Any, f: Filters) -> QuerySet:
    if kind == ITEM:
        items = InsightItem.objects.for_org(organisation)
        if f.theme:
            items = items.filter(themes__icontains=f.theme)
        if f.stage:
            items = items.filter(stage_run__stage=f.stage)
        if f.programme_id:
            items = items.filter(stage_run__programme_id=f.programme_id)
        if f.since:
            items = items.filter(created_at__date__gte=f.since)
        if f.until:
            items = items.filter(created_at__date__lte=f.until)
        if f.source:
            items = items.filter(source=f.source)
        return items
    comments = FeedbackComment.objects.filter(organisation=organisation)
    if f.theme:
        # The organisation too, so the theme index (organisation, code) serves it.
        themed = FeedbackTheme.objects.filter(organisation=organisation, code=f.theme, comment=OuterRef("pk"))
        comments = comments.filter(Exists(themed))
    if f.stage:
        comments = comments.filter(stage_run__stage=f.stage)
    if f.programme_id:
        comments = comments.filter(programme_id=f.programme_id)
    if f.since:
        comments = comments.filter(received_on__gte=f.since)
    if f.until:
        comments = comments.filter(received_on__lte=f.until)
    if f.source:
        comments = comments.filter(source=f.source)
    return comments


# The indexed expressions, word for word: comments' stored vector column (migration
# 0005_search_vector), insight items' expression (0002_search). `_MATCH` names the columns without
# their table, since Django renames the table inside a subquery (U0) and a qualified name there
# would point at the outer query's row; `_VECTOR`, for the outer query, names the table.
_MATCH = {
    COMMENT: "search_vector",
    ITEM: "to_tsvector('english', title || ' ' || detail || ' ' || themes)",
}
_VECTOR = {
    COMMENT: '"insight_feedbackcomment"."search_vector"',
    ITEM: 'to_tsvector(\'english\', "cycle_insightitem"."title" || \' \' || "cycle_insightitem"."detail" '
    '|| \' \' || "cycle_insightitem"."themes")',
}
_TABLE = {COMMENT: "insight_feedbackcomment", ITEM: "cycle_insightitem"}
_TSQUERY = "websearch_to_tsquery('english', %s)"


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _match(kind: str, terms: Terms) -> RawSQL | Q:
    if _postgres():
        return RawSQL(f"{_MATCH[kind]} @@ {_TSQUERY}", [terms.websearch()], output_field=BooleanField())
    fts = f"{_TABLE[kind]}_fts"
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [terms.fts5()]))


def _newest(kind: str) -> list:
    on = "received_on" if kind == COMMENT else "created_at"
    # The order of the index feedback_newest (organisation, -received_on, -id), so it serves the
    # sort: on PostgreSQL that puts comments with no date first, as the insight app's lists do.
    return [F(on).desc(), F("pk").desc()]


def _score(kind: str, terms: Terms) -> RawSQL:
    """How well a row matches: higher is better on both databases."""
    if _postgres():
        return RawSQL(f"ts_rank({_VECTOR[kind]}, {_TSQUERY})", [terms.websearch()], output_field=FloatField())
    table = _TABLE[kind]
    return RawSQL(
        f'(SELECT -bm25({table}_fts) FROM {table}_fts WHERE {table}_fts MATCH %s AND rowid = "{table}"."id")',
        [terms.fts5()],
        output_field=FloatField(),
    )


WINDOWS = (7, 30, 90, 365)  # days back: where the newest matches of a common word are looked for first


def _ranked(
    kind: str, rows: QuerySet, terms: Terms, wanted: int, found: int
) -> list[tuple[float, date | None, str, int]]:
    """(score, date, kind, pk) of the best `wanted` rows. With words, every match is scored when
    there are at most `RANKED`; otherwise the newest `RANKED` (scoring rebuilds each row's text
    vector, so never thousands of them)."""
    model = rows.model
    on = _ON[kind]
    if not terms:
        newest = rows.order_by(*_newest(kind)).values_list(on, "pk")[:wanted]
        return [(0.0, _day(d), kind, pk) for d, pk in newest]
    candidates = rows.order_by().values("pk") if found <= RANKED else _newest_matches(kind, rows)
    best = (
        model.objects.filter(pk__in=candidates)
        .annotate(bank_score=_score(kind, terms))
        .order_by("-bank_score", *_newest(kind))
        .values_list("bank_score", on, "pk")[:wanted]
    )
    return [(score or 0.0, _day(d), kind, pk) for score, d, pk in best]


_ON = {COMMENT: "received_on", ITEM: "created_at"}


def _newest_matches(kind: str, rows: QuerySet) -> list[int]:
    """The ids of the newest `RANKED` of more than `RANKED` matches. Sorting every match of a
    common word by date would read every one of them (125,000 rows for "staff" in a million
    comments), so the last 7, 30, 90 or 365 days are tried first: the first window holding
    `RANKED` matches holds the newest `RANKED` (the database reads the window's date index and the
    text index together)."""
    newest = rows.order_by(*_newest(kind)).values_list("pk", flat=True)
    today = timezone.localdate()
    for days in WINDOWS:
        since = today - timedelta(days=days)
        window = (
            {"received_on__gte": since}
            if kind == COMMENT
            else {"created_at__gte": datetime.combine(since, time.min, tzinfo=timezone.get_current_timezone())}
        )
        found = list(newest.filter(**window)[:RANKED])
        if len(found) >= RANKED:
            return found
    return list(newest[:RANKED])


def _day(value: Any) -> date | None:
    return value.date() if hasattr(value, "date") else value


SHORT_TEXT = 300  # characters: a text this short is shown whole in a result


def _marked(sql: str, params: list) -> RawSQL:
    return RawSQL(sql, params, output_field=TextField())


def _snippets(kind: str, terms: Terms) -> dict[str, RawSQL]:
    """The matched words marked: a comment's passage; an item's title and a passage of its detail."""
    if _postgres():
        options = f'StartSel={OPEN}, StopSel={CLOSE}, MaxWords=40, MinWords=20, MaxFragments=2, FragmentDelimiter=" … "'
        q = terms.websearch()
        whole = f"StartSel={OPEN}, StopSel={CLOSE}, HighlightAll=true"  # no fragments: with them, HighlightAll is not honoured

        def headline(column: str) -> RawSQL:
            # A short text is shown whole, as SQLite's snippet shows it (a fragment would start at the
            # first word that matters and drop the rest); a long one as its best passages.
            return _marked(
                f"CASE WHEN length({column}) <= {SHORT_TEXT} THEN ts_headline('english', {column}, {_TSQUERY}, %s) "
                f"ELSE ts_headline('english', {column}, {_TSQUERY}, %s) END",
                [q, whole, q, options],
            )

        if kind == COMMENT:
            return {"marked": headline('"insight_feedbackcomment"."text"')}
        return {
            "marked_title": _marked(
                f'ts_headline(\'english\', "cycle_insightitem"."title", {_TSQUERY}, %s)', [q, whole]
            ),
            "marked": headline('"cycle_insightitem"."detail"'),
        }
    table = _TABLE[kind]

    def fts(fn: str) -> RawSQL:
        return _marked(
            f'(SELECT {fn} FROM {table}_fts WHERE {table}_fts MATCH %s AND rowid = "{table}"."id")', [terms.fts5()]
        )

    if kind == COMMENT:
        return {"marked": fts(f"snippet({table}_fts, 0, '{OPEN}', '{CLOSE}', ' … ', 40)")}
    return {
        "marked_title": fts(f"highlight({table}_fts, 0, '{OPEN}', '{CLOSE}')"),
        "marked": fts(f"snippet({table}_fts, 1, '{OPEN}', '{CLOSE}', ' … ', 40)"),
    }


def _html(text: str | None, *, limit: int = 0) -> SafeString:
    """Text made safe, its marked words in <mark>."""
    text = text or ""
    if limit and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return mark_safe(escape(text).replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))  # noqa: S308  escaped just before


def _hits(chosen: list[tuple[float, date | None, str, int]], terms: Terms) -> list[Hit]:
    """The chosen rows, read with what each says about itself: two queries and one for comments'
    themes, whatever the page's size."""
    pks = {kind: [pk for _s, _d, k, pk in chosen if k == kind] for kind in (ITEM, COMMENT)}
    read: dict[tuple[str, int], Hit] = {}
    if pks[ITEM]:
        items = InsightItem.objects.filter(pk__in=pks[ITEM]).select_related("stage_run__programme")
        if terms:
            items = items.annotate(**_snippets(ITEM, terms))
        for item in items:
            themes = [t.strip() for t in item.themes.split(",") if t.strip()]
            read[ITEM, item.pk] = Hit(
                ITEM,
                item.pk,
                _html(getattr(item, "marked_title", None) or item.title),
                _html(getattr(item, "marked", None) or item.detail, limit=300),
                item.created_at.date(),
                SOURCES.get(item.source, item.source),
                programme=item.stage_run.programme.name,
                programme_id=item.stage_run.programme_id,
                stage=stages.label(item.stage_run.stage),
                run_id=item.stage_run_id,
                themes=themes,
                sentiment=item.get_sentiment_display() if item.sentiment else "",
            )
    if pks[COMMENT]:
        comments = (
            FeedbackComment.objects.filter(pk__in=pks[COMMENT])
            .select_related("programme", "stage_run")
            .prefetch_related("themes")
        )
        if terms:
            comments = comments.annotate(**_snippets(COMMENT, terms))
        for c in comments:
            marked = getattr(c, "marked", None)
            read[COMMENT, c.pk] = Hit(
                COMMENT,
                c.pk,
                _html(c.service or "Feedback"),
                _html(marked or c.text, limit=0 if marked else 300),
                c.received_on,
                SOURCES.get(c.source, c.source),
                programme=c.programme.name if c.programme else "",
                programme_id=c.programme_id,
                stage=stages.label(c.stage_run.stage) if c.stage_run else "",
                run_id=c.stage_run_id,
                themes=[t.code for t in c.themes.all()],
                sentiment=c.get_sentiment_display() if c.sentiment else "",
                service=c.service,
            )
    hits = []
    for score, _d, kind, pk in chosen:
        hit = read.get((kind, pk))
        if hit is not None:  # deleted between the two reads
            hit.score = score if terms else None
            hits.append(hit)
    return hits


def holdings(organisation: Any) -> dict[str, int]:
    """How much the bank holds: insight items, and feedback comments."""
    return {
        ITEM: InsightItem.objects.for_org(organisation).count(),
        COMMENT: FeedbackComment.objects.filter(organisation=organisation).count(),
    }
