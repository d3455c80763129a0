"""Importing feedback: the happy path, every bad input, idempotence, encodings, date formats and
all-or-nothing."""

import os
import subprocess
import sys
import time
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from baton.core.models import AuditEvent
from baton.core.testing import make_personas
from baton.insight import importer
from baton.insight.actions import start_import, upload_feedback
from baton.insight.feedback import workers
from baton.insight.models import COMMENT_MAX, FeedbackComment, FeedbackImport, FeedbackTheme
from baton.insight.testing import FFT_HEADINGS, FFT_ROWS, fft_csv, fft_xlsx, make_import, make_upload, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return make_personas()


def _refused(p, upload) -> str:
    with pytest.raises(ValidationError) as exc:
        upload_feedback(p.org, by=p.ellie, upload=upload)
    assert not FeedbackImport.objects.exists()
    return " ".join(exc.value.message_dict["file"])


def test_an_fft_export_imports_with_themes_sentiment_and_its_columns_guessed(p):
    imp = make_upload(p.org, by=p.ellie)
    assert imp.columns == FFT_HEADINGS
    assert imp.mapping == {
        "id": "Response ID",
        "date": "Date of response",
        "service": "Site / ward",
        "question": "Question",
        "score": "FFT rating",
        "comment": "Comment",
    }
    start(imp, by=p.ellie)
    assert imp.status == FeedbackImport.Status.DONE, imp.problems
    assert (imp.rows_total, imp.rows_added, imp.rows_repeated) == (5, 5, 0)
    assert not imp.file  # the file is not kept once imported
    parking = FeedbackComment.objects.get(external_id="R5")
    assert parking.received_on == date(2026, 4, 9)
    assert parking.service == "A&E" and parking.score == 5
    assert parking.sentiment in (4, 5)
    assert 0 <= parking.confidence <= 1
    assert parking.needs_check  # the engine was unsure (below NEEDS_CHECK_BELOW)
    wait = FeedbackComment.objects.get(external_id="R2")
    assert list(wait.themes.values_list("code", flat=True)) == ["Timeliness of care"]
    assert not wait.needs_check and wait.language == "en"
    assert (wait.version, wait.feedback_import, wait.source, wait.checked_by) == (1, imp, "fft", None)
    assert wait.created_at and wait.question == "Is there anything we could have done better?"
    assert FeedbackComment.objects.get(external_id="R4").received_on == date(2026, 4, 7)
    assert AuditEvent.objects.filter(action="start_feedback_import").exists()


def test_the_same_file_or_the_same_rows_again_add_nothing_twice(p):
    make_import(p.org, by=p.ellie)
    again = make_import(p.org, by=p.ellie)
    assert (again.status, again.rows_added, again.rows_repeated) == ("done", 0, 5)
    more = make_import(p.org, by=p.ellie, upload=fft_csv([*FFT_ROWS[:2], ["R6", "", "", "", "", "New comment here"]]))
    assert (more.rows_added, more.rows_repeated) == (1, 2)
    assert FeedbackComment.objects.count() == 6


def test_duplicate_rows_in_one_file_are_counted_not_refused(p):
    imp = make_import(p.org, by=p.ellie, upload=fft_csv([FFT_ROWS[0], FFT_ROWS[0], FFT_ROWS[1]]))
    assert (imp.status, imp.rows_added, imp.rows_repeated) == ("done", 2, 1)


def test_rows_with_no_comment_are_skipped_and_said(p):
    imp = make_import(p.org, by=p.ellie, upload=fft_csv([FFT_ROWS[0], ["R7", "", "", "", "Good", "  "]]))
    assert imp.rows_added == 1
    assert "1 rows with no comment were skipped." in imp.problems[0]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings_are_detected(p, encoding):
    rows = [["R1", "01/05/2026", "Café ward", "", "Good", "The café’s tea was £2 – too dear"]]
    imp = make_import(p.org, by=p.ellie, upload=fft_csv(rows, encoding=encoding))
    assert imp.status == "done", imp.problems
    c = FeedbackComment.objects.get()
    assert c.text == "The café’s tea was £2 – too dear" and c.service == "Café ward"


def test_an_xlsx_file_imports_with_excel_dates(p):
    from datetime import datetime

    rows = [
        ["X1", datetime(2026, 5, 2, 9, 30), "Ward 2", "", 1, "Lovely staff"],
        ["X2", 46150, "Ward 2", "", "Poor", "Long wait"],
    ]
    imp = make_import(p.org, by=p.ellie, upload=fft_xlsx(rows))
    assert imp.status == "done", imp.problems
    assert FeedbackComment.objects.get(external_id="X1").received_on == date(2026, 5, 2)
    assert FeedbackComment.objects.get(external_id="X2").received_on == date(2026, 5, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/04/2026", date(2026, 4, 3)),
        ("2026-04-03", date(2026, 4, 3)),
        ("03-Apr-26", date(2026, 4, 3)),
        ("03/04/2026 17:45", date(2026, 4, 3)),
        ("03/04/2026 17:45:10", date(2026, 4, 3)),
        ("2026-04-03T17:45:10", date(2026, 4, 3)),
        ("3 April 2026", date(2026, 4, 3)),
        ("46115", date(2026, 4, 3)),
        ("", None),
    ],
)
def test_dates_in_the_formats_nhs_exports_use(text, expected):
    assert importer.parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "April", "13/13/2026", "tomorrow"])
def test_a_bad_date_is_refused(text):
    with pytest.raises(ValueError):
        importer.parse_date(text)


def test_bad_dates_are_listed_by_row_first_twenty_and_a_count_and_nothing_is_imported(p):
    rows = [[f"B{i}", "32/01/2026", "", "", "", f"Comment {i}"] for i in range(25)]
    imp = make_import(p.org, by=p.ellie, upload=fft_csv([FFT_ROWS[0], *rows]))
    assert imp.status == FeedbackImport.Status.FAILED
    assert len(imp.problems) == 21
    assert imp.problems[0].startswith("Row 3: '32/01/2026' is not a date")
    assert imp.problems[-1] == "... and 5 more problems."
    assert not FeedbackComment.objects.exists()
    assert imp.file  # kept, so the person can change the columns and try again


def test_a_comment_too_long_is_refused_with_its_row(p):
    imp = make_import(p.org, by=p.ellie, upload=fft_csv([["L1", "", "", "", "", "x" * (COMMENT_MAX + 1)]]))
    assert imp.status == "failed"
    assert imp.problems == [
        f"Row 2: the comment is {COMMENT_MAX + 1:,} characters; the most Baton keeps is {COMMENT_MAX:,}"
    ]
    assert not FeedbackComment.objects.exists()


def test_formula_cells_are_kept_as_text(p):
    rows = [
        ["=1+1", "", "@SUM(A1)", "", "", '=HYPERLINK("http://evil.example")'],
        ["F2", "", "", "", "", "-2+3 was my wait"],
    ]
    imp = make_import(p.org, by=p.ellie, upload=fft_csv(rows))
    assert imp.status == "done", imp.problems
    c = FeedbackComment.objects.get(external_id="=1+1")
    assert c.text == '=HYPERLINK("http://evil.example")' and c.service == "@SUM(A1)"


def test_not_csv_or_xlsx_is_refused_by_its_bytes(p):
    pdf = SimpleUploadedFile("feedback.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", content_type="text/csv")
    assert "not a CSV or Excel (.xlsx) file (it looks like PDF)" in _refused(p, pdf)
    zip_named_xlsx = SimpleUploadedFile("f.xlsx", fft_xlsx().read().replace(b"xl/workbook.xml", b"xx/workbook.xml"))
    assert "not a CSV or Excel" in _refused(p, zip_named_xlsx)
    assert "must end .csv or .xlsx" in _refused(p, SimpleUploadedFile("f.docx", b"a,b\n1,2\n"))


def test_an_empty_file_is_refused(p):
    assert "The file is empty" in _refused(p, SimpleUploadedFile("f.csv", b""))
    assert "The file is empty" in _refused(p, SimpleUploadedFile("f.csv", b"\n\n\n"))


def test_a_file_over_the_limit_is_refused_with_the_limit_in_words(p, monkeypatch):
    monkeypatch.setattr(importer, "MAX_BYTES", 1000)
    big = SimpleUploadedFile("f.csv", b"Comment\n" + b"x" * 2000)
    assert (
        _refused(p, big)
        == "The file is 2 KB; the most Baton takes is 1 KB. Split it into smaller files and import each."
    )
    assert importer.size_in_words(212_000_000) == "212 MB"


def test_missing_or_wrong_columns_are_refused_and_nothing_starts(p):
    imp = make_upload(p.org, by=p.ellie, upload=fft_csv(headings=["When", "Where"], rows=[["01/01/2026", "A&E"]]))
    assert "comment" not in imp.mapping
    with pytest.raises(ValidationError) as exc:
        start_import(imp, by=p.ellie, mapping={"date": "When"})
    assert exc.value.message_dict == {"comment": ["Choose the column that holds the comments"]}
    with pytest.raises(ValidationError) as exc:
        start_import(imp, by=p.ellie, mapping={"comment": "Nope"})
    assert exc.value.message_dict == {"comment": ["The file has no column 'Nope'"]}
    with pytest.raises(ValidationError):
        start_import(imp, by=p.ellie, mapping={"comment": "When", "date": "When"})
    imp.refresh_from_db()
    assert imp.status == FeedbackImport.Status.UPLOADED


def test_a_failure_in_a_later_chunk_leaves_nothing_imported(p, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK", 2)
    real = importer._label
    calls = []

    def failing(rows):
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("the engine fell over")
        return real(rows)

    monkeypatch.setattr(importer, "_label", failing)
    imp = make_import(p.org, by=p.ellie)
    assert len(calls) == 2
    assert imp.status == FeedbackImport.Status.FAILED
    assert imp.problems == ["Something went wrong while importing, so nothing was imported. Try again."]
    assert not FeedbackComment.objects.exists() and not FeedbackTheme.objects.exists()
    # and it can be tried again
    monkeypatch.setattr(importer, "_label", real)
    start(imp, by=p.ellie)
    assert (imp.status, imp.rows_added) == ("done", 5)


def test_an_import_stopped_mid_way_shows_as_stopped_and_may_be_retried(p):
    from datetime import timedelta

    from django.utils import timezone

    from baton.insight.actions import mark_stale

    imp = make_upload(p.org, by=p.ellie)
    FeedbackImport.objects.filter(pk=imp.pk).update(
        status="running", started_at=timezone.now() - importer.STALE_AFTER - timedelta(minutes=1)
    )
    imp.refresh_from_db()
    assert importer.is_stale(imp)
    mark_stale(imp)
    assert imp.status == "failed" and "stopped" in imp.problems[0]
    start(imp, by=p.ellie)
    assert imp.status == "done"


def test_a_running_import_may_not_be_started_twice(p):
    from django.utils import timezone

    from baton.core.errors import RuleBroken

    imp = make_upload(p.org, by=p.ellie)
    FeedbackImport.objects.filter(pk=imp.pk).update(status="running", started_at=timezone.now())
    with pytest.raises(RuleBroken):
        start_import(imp, by=p.ellie, mapping=imp.mapping)


def test_progress_of_the_check_pass_is_written_where_others_can_read_it(p, monkeypatch):
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 2)
    seen = []
    real = importer._set

    def spy(imp, **values):
        seen.append(values)
        real(imp, **values)

    monkeypatch.setattr(importer, "_set", spy)
    make_import(p.org, by=p.ellie)
    assert {"rows_done": 2} in seen and {"rows_done": 4} in seen


def test_unsure_comments_are_marked_to_check(p):
    rows = [
        ["U1", "", "", "", "", "ok"],
        ["U2", "", "", "", "", "Roedd y staff yn garedig iawn a'r gofal yn ardderchog bob amser"],
    ]
    make_import(p.org, by=p.ellie, upload=fft_csv(rows))
    for c in FeedbackComment.objects.all():
        assert c.needs_check == (c.confidence < importer.NEEDS_CHECK_BELOW or c.sentiment is None)


def test_an_old_upload_queued_now_is_not_stale_until_it_has_waited(p):
    from datetime import timedelta

    from django.utils import timezone

    imp = make_upload(p.org, by=p.ellie)
    FeedbackImport.objects.filter(pk=imp.pk).update(created_at=timezone.now() - timedelta(days=1))
    start_import(imp, by=p.ellie, mapping=imp.mapping)  # queued on commit, which this test never reaches
    imp.refresh_from_db()
    assert imp.status == "queued" and not importer.is_stale(imp)
    assert importer.is_stale(imp, timezone.now() + importer.STALE_AFTER * 4 + timedelta(minutes=1))


def _labels_of(org) -> list[tuple]:
    return [
        (
            c.external_id,
            c.sentiment,
            round(c.confidence, 5),
            c.needs_check,
            sorted(c.themes.values_list("code", flat=True)),
        )
        for c in FeedbackComment.objects.filter(organisation=org).order_by("external_id")
    ]


def test_a_large_import_labelled_by_worker_processes_gives_what_one_process_gives(p, settings, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK", 2)
    rows = [
        *FFT_ROWS,
        *[[f"X{i}", "01/04/2026", "Ward 2", "", "Good", f"Comment number {i} about parking"] for i in range(5)],
    ]
    settings.BATON_IMPORT_WORKERS = 1
    one = make_import(p.org, by=p.ellie, upload=fft_csv(rows))
    in_one_process = _labels_of(p.org)
    FeedbackTheme.objects.all().delete()
    FeedbackComment.objects.all().delete()

    settings.BATON_IMPORT_WORKERS = 2
    monkeypatch.setattr(importer, "POOL_FROM", 3)
    spawned = []
    real = importer._Labeller.__init__

    def counting(self, rows_total):
        real(self, rows_total)
        spawned.append(self.pool is not None)

    monkeypatch.setattr(importer._Labeller, "__init__", counting)
    # a row repeated in the next chunk, read while the first is still being labelled: a repeat,
    # not a second comment (nor a broken unique constraint)
    pooled = make_import(p.org, by=p.ellie, upload=fft_csv([*rows[:2], rows[1], *rows[2:]]))
    assert spawned == [True]
    assert (one.rows_added, pooled.rows_added, pooled.rows_repeated) == (10, 10, 1)
    assert pooled.status == FeedbackImport.Status.DONE
    assert _labels_of(p.org) == in_one_process


def test_a_small_import_is_labelled_in_its_own_process(p, settings, monkeypatch):
    settings.BATON_IMPORT_WORKERS = 4
    made = []
    monkeypatch.setattr(importer, "ProcessPoolExecutor", lambda *a, **k: made.append(a) or 1 / 0)
    assert make_import(p.org, by=p.ellie).rows_added == 5
    assert made == []


def test_workers_that_die_or_cannot_start_leave_the_labelling_to_this_process(p, settings, monkeypatch):
    from baton.insight.importer import Row, _Labeller

    rows = [Row(number=i, text=t) for i, t in enumerate(["The nurse was kind", "Waited four hours", "Parking"])]
    expected = importer._label(rows)
    settings.BATON_IMPORT_WORKERS = 2
    labeller = _Labeller(importer.POOL_FROM)
    assert labeller.pool is not None and labeller.depth == 4
    try:
        assert labeller.submit(rows)() == expected  # from a worker
        for process in list(labeller.pool._processes.values()):  # killed, say by the out-of-memory killer
            process.kill()
            process.join()
        waiting = labeller.submit(rows)
        assert waiting() == expected
        assert labeller.pool is None
        assert labeller.submit(rows)() == expected
    finally:
        labeller.close()

    def cannot(*args, **kwargs):
        raise OSError("no more processes")

    monkeypatch.setattr(importer, "ProcessPoolExecutor", cannot)
    labeller = _Labeller(importer.POOL_FROM)
    assert (labeller.pool, labeller.depth) == (None, 1)
    assert labeller.submit(rows)() == expected


POOL_THEN_WAIT = """
import os, sys, time, multiprocessing
from concurrent.futures import ProcessPoolExecutor
from baton.insight.feedback import workers

if __name__ == "__main__":
    pool = ProcessPoolExecutor(
        2, mp_context=multiprocessing.get_context("spawn"), initializer=workers.start, initargs=(os.getpid(),)
    )
    for waiting in [pool.submit(time.sleep, 0.5) for _ in range(2)]:  # both workers started
        waiting.result()
    print(" ".join(str(pid) for pid in pool._processes), flush=True)
    time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:  # a zombie has left already; it waits to be reaped
        return f.read().rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not os.path.exists("/proc"), reason="reads /proc")
def test_labelling_workers_leave_when_the_task_that_started_them_is_killed(tmp_path):
    script = tmp_path / "pool.py"
    script.write_text(POOL_THEN_WAIT)
    task = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=os.getcwd())
    try:
        pids = [int(pid) for pid in task.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(pid) for pid in pids)
        time.sleep(workers.CHECK_EVERY * 1.5)
        assert all(_alive(pid) for pid in pids)  # they stay while the task lives
        task.kill()  # SIGKILL: no chance to shut the pool down
        task.wait()
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in pids)
    finally:
        task.kill()
