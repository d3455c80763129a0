"""Reading a feedback file and importing it: the checks on the bytes, the headings and the mapping
guessed from them, each row cleaned (dates, scores, limits), the preview, and the import itself.

The import runs in two passes over the stored file, streamed (a CSV reader on the file, openpyxl in
read-only mode for XLSX), so memory stays flat however long the file:

1. **check** every row (progress "checked N of M" written to the import's row in autocommit, so
   any request can read it). Any problem (a bad date, a comment too long...) and nothing is
   imported: the first `PROBLEMS_SHOWN` are kept with their row numbers, and the count.
2. **write** everything in one transaction, `CHUNK` rows at a time: each chunk classified by the
   engine and written with `bulk_create`. Rows already in the database (same `row_key`, from an
   earlier import or earlier in this file) are counted as repeats and add nothing. Progress during
   this pass is kept in the cache (the row's own update would be invisible until the commit).

A task killed mid-way leaves nothing (the transaction rolls back) and its import "running" for
longer than `STALE_AFTER` is shown as stopped, to be tried again (`is_stale`)."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import logging
import multiprocessing
import os
import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

import filetype
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from .feedback import workers as feedback_workers
from .models import COMMENT_MAX, FeedbackComment, FeedbackImport, FeedbackTheme

if TYPE_CHECKING:
    from .feedback.engine import Labels

log = logging.getLogger(__name__)

MAX_BYTES = 300 * 1000 * 1000  # a typical FFT export is ~150-200 bytes a row: 1,000,000 rows fit
CHUNK = 2_000
POOL_FROM = 20_000  # rows: a smaller import is labelled in its own process (see _Labeller)
PREVIEW_ROWS = 10
PROBLEMS_SHOWN = 20
STALE_AFTER = timedelta(minutes=30)
NEEDS_CHECK_BELOW = 0.5  # the engine's confidence under which a person should read the comment
PROGRESS_EVERY = 5_000

FIELDS: dict[str, str] = {
    "comment": "Comment",
    "date": "Date",
    "service": "Service or site",
    "question": "Question",
    "score": "Score",
    "id": "Comment ID",
}
# Words in a heading that say which field it holds, strongest first.
GUESSES: dict[str, tuple[str, ...]] = {
    "comment": ("comment", "free text", "freetext", "feedback", "response", "answer", "text", "why"),
    "date": ("date", "received", "submitted", "when", "time"),
    "service": ("service", "site", "ward", "department", "location", "team", "practice", "unit", "specialty"),
    "question": ("question", "prompt"),
    "score": ("score", "rating", "fft", "recommend", "response option", "experience"),
    "id": ("id", "reference", "ref", "number", "no."),
}

FFT_ANSWERS = {
    "very good": 1,
    "good": 2,
    "neither good nor poor": 3,
    "poor": 4,
    "very poor": 5,
    "don't know": 6,
    "dont know": 6,
}

DATE_FORMATS = (
    "%d/%m/%Y",
    "%Y-%m-%d",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%y",
    "%d %b %Y",
    "%d %B %Y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%Y/%m/%d",
)
EXCEL_EPOCH = date(1899, 12, 30)


class ImportRefused(Exception):
    """The file cannot be imported at all; the message says why, in plain English."""


def size_in_words(n: int) -> str:
    if n >= 1000 * 1000:
        return f"{n / 1_000_000:,.0f} MB"
    if n >= 1000:
        return f"{n / 1000:,.0f} KB"
    return f"{n} bytes"


# The file -----------------------------------------------------------------------------------------


def inspect_upload(upload, name: str) -> tuple[str, str]:
    """Check an uploaded file's size and bytes; return (kind, encoding): ("csv", "utf-8-sig" |
    "utf-8" | "cp1252") or ("xlsx", ""). Raises ImportRefused."""
    size = upload.size
    if not size:
        raise ImportRefused("The file is empty. Choose the file the feedback was exported to.")
    if size > MAX_BYTES:
        raise ImportRefused(
            f"The file is {size_in_words(size)}; the most Baton takes is {size_in_words(MAX_BYTES)}. "
            "Split it into smaller files and import each."
        )
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    upload.seek(0)
    head = upload.read(65536)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as z:
                is_xlsx = "xl/workbook.xml" in z.namelist()
        except zipfile.BadZipFile:
            is_xlsx = False
        upload.seek(0)
        if not is_xlsx or ext not in ("xlsx", "xlsm"):
            raise ImportRefused("The file is not a CSV or Excel (.xlsx) file. Save it as CSV or .xlsx and try again.")
        return "xlsx", ""
    kind = filetype.guess(head)
    if kind is not None or b"\x00" in head:
        what = f" (it looks like {kind.extension.upper()})" if kind is not None else ""
        raise ImportRefused(
            f"The file is not a CSV or Excel (.xlsx) file{what}. Save it as CSV or .xlsx and try again."
        )
    if ext not in ("csv", "txt", "tsv"):
        raise ImportRefused("The file's name must end .csv or .xlsx. Save it as CSV or .xlsx and try again.")
    if head.startswith(codecs.BOM_UTF8):
        return "csv", "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for block in iter(lambda: upload.read(1 << 20), b""):
            decoder.decode(block)
        decoder.decode(b"", final=True)
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "cp1252"
    upload.seek(0)
    return "csv", encoding


def is_xlsx(imp: FeedbackImport) -> bool:
    return imp.file_name.lower().endswith((".xlsx", ".xlsm"))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _raw_rows(imp: FeedbackImport) -> Iterator[list[Any]]:
    """Every row of the stored file, header first, streamed."""
    with imp.file.open("rb") as raw:
        if is_xlsx(imp):
            # Read only: nothing is written, so core.spreadsheets' safe_cell has nothing to do here.
            from openpyxl import load_workbook

            book = load_workbook(raw, read_only=True, data_only=True)
            try:
                for row in book.worksheets[0].iter_rows(values_only=True):
                    yield list(row)
            finally:
                book.close()
            return
        text = io.TextIOWrapper(raw, encoding=imp.encoding or "utf-8", errors="replace", newline="")
        first = text.readline()
        dialect = "excel-tab" if first.count("\t") > first.count(",") else "excel"
        if first.count(";") > first.count(",") and first.count(";") > first.count("\t"):
            dialect = "semicolon"
        yield from csv.reader(_chain(first, text), dialect=dialect)


csv.register_dialect("semicolon", delimiter=";")


def _chain(first: str, rest: io.TextIOWrapper) -> Iterator[str]:
    yield first
    yield from rest


def _rows(imp: FeedbackImport) -> Iterator[tuple[int, list[Any]]]:
    """(spreadsheet row number, cells) for every row after the heading row; blank rows skipped."""
    rows = _raw_rows(imp)
    number = 0
    for row in rows:
        number += 1
        if any(_text(c).strip() for c in row):
            break
    for row in rows:
        number += 1
        if any(_text(c).strip() for c in row):
            yield number, row


def read_headings(imp: FeedbackImport) -> list[str]:
    """The file's column headings (the first row that is not blank), made unique. Raises
    ImportRefused for a file with no headings or not readable."""
    try:
        for row in _raw_rows(imp):
            names = [_text(c).strip() for c in row]
            if any(names):
                while names and not names[-1]:
                    names.pop()
                seen: dict[str, int] = {}
                out = []
                for i, n in enumerate(names):
                    n = n or f"Column {i + 1}"
                    seen[n] = seen.get(n, 0) + 1
                    out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
                return out
    except (csv.Error, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        log.info("Unreadable feedback file %s: %s", imp.pk, exc)
        raise ImportRefused("Baton could not read the file. Save it again as CSV or .xlsx and try again.") from None
    raise ImportRefused("The file is empty: it has no headings and no rows.")


def guess_mapping(headings: list[str]) -> dict[str, str]:
    """Field -> heading, guessed from the headings' words; each heading used once."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    lowered = [(h, h.lower()) for h in headings]
    for fld in ("date", "score", "question", "service", "id", "comment"):
        for word in GUESSES[fld]:
            pick = next(
                (
                    h
                    for h, low in lowered
                    if h not in used
                    and (re.search(rf"(^|[^a-z]){re.escape(word)}([^a-z]|$)", low) if len(word) <= 3 else word in low)
                ),
                None,
            )
            if pick:
                mapping[fld] = pick
                used.add(pick)
                break
    return mapping


# One row ------------------------------------------------------------------------------------------


def parse_date(value: Any) -> date | None:
    """A date as NHS exports write it (or an Excel date). None for blank; ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(value)
    return _date_from_text(str(value).strip())


@lru_cache(maxsize=4096)  # an export's rows share a few hundred days (a bad date raises: not kept)
def _date_from_text(text: str) -> date | None:
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _excel_serial(float(text))
    raise ValueError(text)


def _excel_serial(n: float) -> date:
    if not 1 <= n < 2_958_466:
        raise ValueError(str(n))
    return EXCEL_EPOCH + timedelta(days=int(n))


def parse_score(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and -1000 <= value <= 1000:
            return int(value)
        raise ValueError(str(value))
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"-?\d{1,4}", text):
        return int(text)
    found = FFT_ANSWERS.get(text.lower().replace("\u2019", "'"))
    if found is None:
        raise ValueError(text)
    return found


@dataclass
class Row:
    number: int
    text: str = ""
    received_on: date | None = None
    service: str = ""
    question: str = ""
    score: int | None = None
    external_id: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @cached_property
    def key(self) -> str:
        parts = [
            " ".join(self.text.split()),
            self.received_on.isoformat() if self.received_on else "",
            self.service,
            self.question,
            "" if self.score is None else str(self.score),
            self.external_id,
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    @property
    def question_type(self) -> str:
        return _question_type(self.question)


@lru_cache(maxsize=1024)  # an export asks a few questions, a million times
def _question_type(question: str) -> str:
    q = question.lower()
    if re.search(r"improv|better|could|worse|change|didn't|did not", q):
        return "could_improve"
    if re.search(r"good|well|like|best|positive", q):
        return "what_good"
    return "nonspecific"


LIMITS = {"service": 200, "question": 500, "external_id": 100}


def clean_row(number: int, cells: list[Any], index: dict[str, int]) -> Row:
    """One row's mapped values, with its problems (none for a good row)."""

    def cell(name: str) -> Any:
        i = index.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    row = Row(number)
    row.text = _text(cell("comment")).replace("\x00", "").strip()
    if len(row.text) > COMMENT_MAX:
        row.problems.append(
            f"Row {number}: the comment is {len(row.text):,} characters; the most Baton keeps is {COMMENT_MAX:,}"
        )
    try:
        row.received_on = parse_date(cell("date"))
    except ValueError as exc:
        row.problems.append(f"Row {number}: '{str(exc)[:40]}' is not a date Baton knows (use dd/mm/yyyy or yyyy-mm-dd)")
    try:
        row.score = parse_score(cell("score"))
    except ValueError as exc:
        row.problems.append(
            f"Row {number}: the score '{str(exc)[:40]}' must be a whole number or an FFT answer such as 'Very good'"
        )
    for name, source in (("service", "service"), ("question", "question"), ("external_id", "id")):
        value = " ".join(_text(cell(source)).replace("\x00", "").split())
        if len(value) > LIMITS[name]:
            row.problems.append(f"Row {number}: the {FIELDS[source].lower()} is longer than {LIMITS[name]} characters")
        setattr(row, name, value)
    return row


def _index(imp: FeedbackImport) -> dict[str, int]:
    columns = list(imp.columns)
    return {fld: columns.index(heading) for fld, heading in imp.mapping.items() if heading in columns}


def mapping_problems(columns: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """Field -> what is wrong with its column choice."""
    problems: dict[str, str] = {}
    if not mapping.get("comment"):
        problems["comment"] = "Choose the column that holds the comments"
    for fld, heading in mapping.items():
        if heading and heading not in columns:
            problems[fld] = f"The file has no column '{heading}'"
    chosen = [h for h in mapping.values() if h]
    for fld, heading in mapping.items():
        if heading and chosen.count(heading) > 1 and fld not in problems:
            problems[fld] = f"'{heading}' is chosen for more than one thing: choose each column once"
    return problems


def preview(imp: FeedbackImport, n: int = PREVIEW_ROWS) -> list[Row]:
    index = _index(imp)
    out = []
    for number, cells in _rows(imp):
        out.append(clean_row(number, cells, index))
        if len(out) >= n:
            break
    return out


# The import ---------------------------------------------------------------------------------------


def progress_key(pk: int) -> str:
    return f"insight:import:{pk}:written"


def written_so_far(imp: FeedbackImport) -> int | None:
    """Rows written so far in the write pass (from the cache), or None."""
    return cache.get(progress_key(imp.pk))


def is_stale(imp: FeedbackImport, now: datetime | None = None) -> bool:
    """Running (or waiting) for longer than an import ever takes: its worker has stopped."""
    now = now or timezone.now()
    if imp.status == FeedbackImport.Status.RUNNING:
        return imp.started_at is not None and now - imp.started_at > STALE_AFTER
    if imp.status == FeedbackImport.Status.QUEUED:  # started_at: when it was queued
        return now - (imp.started_at or imp.created_at) > STALE_AFTER * 4
    return False


def _set(imp: FeedbackImport, **values: Any) -> None:
    """Update the import's row at once (autocommit outside any transaction), for every reader."""
    FeedbackImport.objects.filter(pk=imp.pk).update(**values)
    for k, v in values.items():
        setattr(imp, k, v)


def check_all(imp: FeedbackImport, on_progress: Callable[[int], None] | None = None) -> tuple[int, int, list[str], int]:
    """Check every row: (rows with a comment, blank rows skipped, the first problems, problem count)."""
    index = _index(imp)
    total = blank = count = 0
    shown: list[str] = []
    for number, cells in _rows(imp):
        row = clean_row(number, cells, index)
        if row.blank and not row.problems:
            blank += 1
            continue
        total += 1
        if row.problems:
            count += len(row.problems)
            for p in row.problems:
                if len(shown) < PROBLEMS_SHOWN:
                    shown.append(p)
        if on_progress and total % PROGRESS_EVERY == 0:
            on_progress(total)
    return total, blank, shown, count


def _chunks(imp: FeedbackImport) -> Iterator[list[Row]]:
    index = _index(imp)
    chunk: list[Row] = []
    for number, cells in _rows(imp):
        row = clean_row(number, cells, index)
        if row.blank:
            continue
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _label(rows: list[Row]) -> Labels:
    """The engine's (sentiment, confidence, language, themes) for each row, in this process."""
    from .feedback import label_rows

    return label_rows([r.text for r in rows], [r.question_type for r in rows])


class _Labeller:
    """Labels chunks of rows. The engine is most of an import's time and one process uses one core,
    so a large import (`POOL_FROM` rows or more) is labelled by `settings.BATON_IMPORT_WORKERS`
    worker processes while this one reads the file and writes to the database; a small one in this
    process (starting workers costs more than it saves). Workers are spawned, not forked: they load
    the engine and never touch the database, and leave if this process is killed
    (`feedback.workers`). If the workers cannot start or die (killed, out of memory), the import
    goes on in this process: slower, never half-done."""

    def __init__(self, rows_total: int) -> None:
        self.pool: ProcessPoolExecutor | None = None
        workers = settings.BATON_IMPORT_WORKERS
        self.depth = 1
        if workers > 1 and rows_total >= POOL_FROM:
            try:
                self.pool = ProcessPoolExecutor(
                    workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=feedback_workers.start,
                    initargs=(os.getpid(),),
                )
                self.depth = workers * 2  # chunks in flight: enough to keep every worker busy
            except (OSError, ValueError) as exc:
                log.warning("Feedback import: no worker processes (%s); labelling in this process", exc)

    def submit(self, rows: list[Row]) -> Callable[[], Labels]:
        """Start labelling `rows`; the returned function waits for the labels."""
        if self.pool is None:
            return lambda: _label(rows)
        from .feedback import label_rows

        try:
            future = self.pool.submit(label_rows, [r.text for r in rows], [r.question_type for r in rows])
        except (BrokenProcessPool, RuntimeError):
            log.warning("Feedback import: the worker processes stopped; labelling the rest in this process")
            self.close(wait=False)
            return lambda: _label(rows)

        def result() -> Labels:
            if self.pool is not None:
                try:
                    return future.result()
                except BrokenProcessPool:
                    log.warning("Feedback import: a worker process died; labelling the rest in this process")
                    self.close(wait=False)
            return _label(rows)

        return result

    def close(self, wait: bool = True) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=True)
            self.pool = None


def write_all(
    imp: FeedbackImport, on_chunk: Callable[[int], None] | None = None, rows_total: int = 0
) -> tuple[int, int]:
    """Write every row in one transaction, chunk by chunk: (added, repeated). Call it inside
    `transaction.atomic()`. Chunks are labelled ahead (`_Labeller`) and written in the file's order;
    a row already in the database, or in a chunk read but not yet written, is a repeat."""
    added = repeated = done = 0
    labeller = _Labeller(rows_total)
    waiting: deque[tuple[int, list[Row], Callable[[], Labels] | None]] = deque()
    unwritten: set[str] = set()  # keys of the rows in `waiting`: at most depth x CHUNK

    def write_oldest() -> None:
        nonlocal added, done
        size, new, labelled = waiting.popleft()
        if new and labelled:
            added += _write(imp, new, labelled())
            unwritten.difference_update(r.key for r in new)
        done += size
        if on_chunk:
            on_chunk(done)

    try:
        for chunk in _chunks(imp):
            keyed: dict[str, Row] = {}
            for row in chunk:
                if row.key in keyed or row.key in unwritten:
                    repeated += 1
                else:
                    keyed[row.key] = row
            existing = _existing(imp, list(keyed))
            repeated += len(existing)
            new = [r for k, r in keyed.items() if k not in existing]
            unwritten.update(r.key for r in new)
            waiting.append((len(chunk), new, labeller.submit(new) if new else None))
            while len(waiting) >= labeller.depth:
                write_oldest()
        while waiting:
            write_oldest()
    finally:
        labeller.close()
    return added, repeated


def _existing(imp: FeedbackImport, keys: list[str]) -> set[str]:
    """Which of these row keys the organisation has already imported. On PostgreSQL the keys are
    joined as an array, so that each is looked up in the unique index (`feedback_row_once`): as an
    IN list of 2,000 the planner read every comment of the organisation instead (0.3 s a chunk at
    100,000 comments, and growing with them)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute(
                "SELECT c.row_key FROM insight_feedbackcomment c JOIN unnest(%s::varchar[]) AS k(key) "
                "ON c.row_key = k.key WHERE c.organisation_id = %s",
                [keys, imp.organisation_id],
            )
            return {key for (key,) in c.fetchall()}
    return set(
        FeedbackComment.objects.filter(organisation_id=imp.organisation_id, row_key__in=keys)
        .order_by()
        .values_list("row_key", flat=True)
    )


def _comment(imp: FeedbackImport, row: Row, label: tuple[int | None, float, str, Any], now: datetime) -> dict[str, Any]:
    """One new comment's values, by attribute name."""
    sentiment, confidence, language, _ = label
    return {
        "organisation_id": imp.organisation_id,
        "feedback_import_id": imp.pk,
        "row_key": row.key,
        "text": row.text,
        "received_on": row.received_on,
        "service": row.service,
        "question": row.question,
        "score": row.score,
        "external_id": row.external_id,
        "source": imp.source,
        "programme_id": imp.programme_id,
        "stage_run_id": imp.stage_run_id,
        "sentiment": sentiment,
        "confidence": min(max(confidence, 0.0), 1.0),
        "language": language[:12],
        "needs_check": confidence < NEEDS_CHECK_BELOW or sentiment is None,
        "created_at": now,
    }


def _write(imp: FeedbackImport, new: list[Row], labels: Labels) -> int:
    """Write one chunk's new rows with their labels and themes; the number written."""
    now = timezone.now()
    values = [_comment(imp, row, label, now) for row, label in zip(new, labels, strict=True)]
    if connection.vendor == "postgresql":
        ids = _copy_comments(values)
    else:
        comments = [FeedbackComment(**v) for v in values]
        FeedbackComment.objects.bulk_create(comments, batch_size=CHUNK)
        ids = [c.pk for c in comments]
        if ids[0] is None:  # a database that does not return ids: read them back
            found = dict(
                FeedbackComment.objects.filter(
                    organisation_id=imp.organisation_id, row_key__in=[v["row_key"] for v in values]
                ).values_list("row_key", "pk")
            )
            ids = [found[v["row_key"]] for v in values]
    themes = [
        (pk, imp.organisation_id, code, prob)
        for pk, (_, _, _, found) in zip(ids, labels, strict=True)
        for code, prob in found
    ]
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as c,
            c.cursor.copy(
                "COPY insight_feedbacktheme (comment_id, organisation_id, code, probability) FROM STDIN"
            ) as copy,
        ):
            for theme in themes:
                copy.write_row(theme)
    else:
        FeedbackTheme.objects.bulk_create(
            [FeedbackTheme(comment_id=t[0], organisation_id=t[1], code=t[2], probability=t[3]) for t in themes],
            batch_size=CHUNK * 2,
        )
    return len(values)


def _copy_comments(values: list[dict[str, Any]]) -> list[int]:
    """PostgreSQL: new comments written with COPY, their ids taken from the table's sequence first;
    several times quicker than INSERT through the ORM, which was most of a large import's own time.
    Every column is written: those `_comment` does not give take the field's default."""
    meta = FeedbackComment._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in values[0]}
    with connection.cursor() as c:
        c.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [meta.db_table, len(values)],
        )
        ids = [pk for (pk,) in c.fetchall()]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in [meta.pk, *fields])
        with c.cursor.copy(f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for pk, v in zip(ids, values, strict=True):
                copy.write_row([pk, *(v[f.attname] if f.attname in v else defaults[f.attname] for f in fields)])
    return ids


def run(imp: FeedbackImport) -> FeedbackImport:
    """Import the file: check every row, then write every row or none. Leaves the import done or
    failed, never half-written."""
    started = timezone.now()
    _set(imp, status=FeedbackImport.Status.RUNNING, started_at=started, rows_done=0, problems=[], finished_at=None)
    try:
        total, blank, shown, count = check_all(imp, lambda n: _set(imp, rows_done=n))
    except (csv.Error, zipfile.BadZipFile, OSError, ValueError) as exc:
        log.info("Feedback import %s unreadable: %s", imp.pk, exc)
        _fail(imp, ["Baton could not read the file. Save it again as CSV or .xlsx and upload it again."])
        return imp
    if count:
        more = [f"... and {count - len(shown):,} more problems."] if count > len(shown) else []
        _fail(imp, [*shown, *more], rows_total=total)
        return imp
    if not total:
        _fail(imp, ["The file has no comments in the column chosen for them."], rows_total=0)
        return imp
    _set(imp, rows_total=total, rows_done=0)
    key = progress_key(imp.pk)
    cache.set(key, 0, 3600)
    try:
        with transaction.atomic():
            added, repeated = write_all(imp, lambda n: cache.set(key, n, 3600), rows_total=total)
            FeedbackImport.objects.filter(pk=imp.pk).update(
                status=FeedbackImport.Status.DONE,
                rows_done=total,
                rows_added=added,
                rows_repeated=repeated,
                finished_at=timezone.now(),
                problems=[f"{blank:,} rows with no comment were skipped."] if blank else [],
            )
    except Exception:
        log.exception("Feedback import %s failed while writing", imp.pk)
        _fail(imp, ["Something went wrong while importing, so nothing was imported. Try again."], rows_total=total)
        return imp
    finally:
        cache.delete(key)
    imp.refresh_from_db()
    if imp.file:
        imp.file.delete(save=False)  # the comments are kept; the file is not needed any more
        FeedbackImport.objects.filter(pk=imp.pk).update(file="")
    return imp


def _fail(imp: FeedbackImport, problems: list[str], **values: Any) -> None:
    _set(imp, status=FeedbackImport.Status.FAILED, problems=problems, finished_at=timezone.now(), **values)
