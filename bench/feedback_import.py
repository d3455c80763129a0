"""Benchmark of a feedback import: N rows of a realistic FFT export (real comments from the
engine's labelled data, with ids, dates in several NHS formats, sites, questions and FFT answers)
imported through the importer's own code path (upload checks, then `importer.run`: check every
row, then classify and write in chunks in one transaction), not over HTTP.

    .venv/bin/python bench/feedback_import.py                 # 250,000 rows, a fresh SQLite file
    .venv/bin/python bench/feedback_import.py --rows 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baton_import_bench .venv/bin/python bench/feedback_import.py
    BATON_IMPORT_WORKERS=1 .venv/bin/python bench/feedback_import.py      # labelled in one process

Without DATABASE_URL it uses a new SQLite database in a temporary folder (migrated first, removed
after). Prints the file's size, each phase's time, rows a second and the process's peak resident
memory (getrusage), which stays flat as the rows grow because rows are streamed."""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baton.settings")
os.environ.setdefault("BATON_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("BATON_TASKS", "immediate")

SITES = [
    "Riverside General - A&E",
    "Riverside General - Maternity",
    "Riverside General - Ward 7",
    "Northgate CMHT",
    "Meadow Lane Surgery",
    "Riverside UTC",
    "District Nursing - North",
    "Children's Outpatients",
]
QUESTIONS = [
    "What was good about your experience?",
    "Is there anything we could have done better?",
    "Please tell us why you gave your answer",
]
ANSWERS = ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"]
FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d-%b-%y"]


def make_csv(path: Path, rows: int, seed: int = 1) -> None:
    """`rows` rows; comments drawn from the labelled FFT data, each made unique by its id."""
    rng = random.Random(seed)
    data = ROOT / "baton/insight/feedback/data/fft-labelled.csv"
    with data.open(encoding="utf-8-sig") as f:
        comments = [r["comment_text"].strip() for r in csv.DictReader(f) if r["comment_text"].strip()]
    start = date(2025, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Response ID", "Date of response", "Site / ward", "Question", "FFT rating", "Comment"])
        for i in range(rows):
            d = start + timedelta(days=rng.randrange(700))
            w.writerow(
                [
                    f"FFT-{i:08d}",
                    d.strftime(FORMATS[i % len(FORMATS)]),
                    rng.choice(SITES),
                    rng.choice(QUESTIONS),
                    rng.choice(ANSWERS),
                    rng.choice(comments),
                ]
            )


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=250_000)
    parser.add_argument("--again", action="store_true", help="then import the same file again: every row a repeat")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="feedback-import-"))
    os.environ.setdefault("BATON_MEDIA_ROOT", str(work / "media"))
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.files import File
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from baton.core.models import Organisation, Role
    from baton.core.testing import make_user
    from baton.insight import actions, importer
    from baton.insight.models import FeedbackImport

    org, _ = Organisation.objects.get_or_create(ods_code="QBI", defaults={"name": "Import Bench ICB"})
    user = make_user(org, Role.ENGAGEMENT_LEAD, username=f"bench.import.{os.getpid()}")
    # An earlier run's rows, deleted in the database (Django's delete would load them all first)
    from django.db import connection

    with connection.cursor() as c:
        c.execute("DELETE FROM insight_feedbacktheme WHERE organisation_id = %s", [org.pk])
        c.execute("DELETE FROM insight_feedbackcomment WHERE organisation_id = %s", [org.pk])
    FeedbackImport.objects.filter(organisation=org).delete()

    path = work / "fft.csv"
    t = time.perf_counter()
    make_csv(path, args.rows)
    size = path.stat().st_size
    print(
        f"database: {django.db.connection.vendor}; {args.rows:,} rows, {size / 1e6:,.1f} MB CSV (made in {time.perf_counter() - t:.1f} s)"
    )
    print(f"rss before import: {_rss_mb():,.0f} MB")

    t = time.perf_counter()
    with path.open("rb") as f:
        imp = actions.upload_feedback(org, by=user, upload=File(f, name="fft.csv"))
    upload = time.perf_counter() - t
    imp.mapping = importer.guess_mapping(imp.columns)
    imp.save(update_fields=["mapping"])
    print(f"upload (bytes checked, encoding, stored, headings): {upload:7.1f} s  encoding {imp.encoding}")

    phases = {}
    real_check, real_write = importer.check_all, importer.write_all

    def timed(name, fn):
        def run(*a, **k):
            s = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                phases[name] = time.perf_counter() - s

        return run

    importer.check_all = timed("check", real_check)
    importer.write_all = timed("write", real_write)
    t = time.perf_counter()
    importer.run(imp)
    total = time.perf_counter() - t
    imp.refresh_from_db()
    print(f"check every row:   {phases.get('check', 0):7.1f} s")
    print(f"classify + write:  {phases.get('write', 0):7.1f} s")
    print(
        f"import total:      {total:7.1f} s  ({args.rows / total:,.0f} rows/s); status {imp.status}, "
        f"{imp.rows_added:,} added, {imp.rows_repeated:,} repeats"
    )
    print(f"peak resident memory of the process: {_rss_mb():,.0f} MB")
    from django.conf import settings

    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    workers = settings.BATON_IMPORT_WORKERS if args.rows >= importer.POOL_FROM else 1
    print(f"labelling processes: {workers}; the largest worker's peak resident memory: {children:,.0f} MB")
    if imp.status != "done":
        print("problems:", imp.problems[:3])
        sys.exit(1)
    if args.again:
        with path.open("rb") as f:
            again = actions.upload_feedback(org, by=user, upload=File(f, name="fft.csv"))
        again.mapping = imp.mapping
        again.save(update_fields=["mapping"])
        t = time.perf_counter()
        importer.run(again)
        took = time.perf_counter() - t
        again.refresh_from_db()
        print(
            f"the same file again: {took:7.1f} s; status {again.status}, {again.rows_added:,} added, "
            f"{again.rows_repeated:,} repeats"
        )


if __name__ == "__main__":
    main()
