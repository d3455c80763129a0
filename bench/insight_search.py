"""The insight bank's search at scale, on PostgreSQL: 1,000,000 feedback comments and 20,000 insight
items of one organisation (and a few thousand of another's), then `baton.insight.bank.search` (the
function the page and the API call, through the ORM) timed for 50 realistic queries, with and
without filters. Target: p95 under 300 ms.

    .venv/bin/python bench/insight_search.py                       # creates and drops baton_bank_bench
    .venv/bin/python bench/insight_search.py --comments 100000 --keep

The database (`--db`, default `baton_bank_bench`, never `test`) is created on the server of
`--server` (default postgres://postgres@127.0.0.1:5432), migrated, filled with COPY (psycopg's
`cursor.copy`), indexed (the bank's GIN indexes, `INDEXES_OFF`/`INDEXES_ON` of migration
`insight.0005_search_vector`, are dropped for the load
and made again after it: one sort instead of a million index insertions), ANALYZEd, timed, and
dropped unless `--keep`. Comments are the 5,433 real FFT comments of
`baton/insight/feedback/data/fft-labelled.csv`, one or two to a comment, with the themes NHS
analysts gave them, dated over three years, at eight services; insight items are made of their
sentences."""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FFT = ROOT / "baton/insight/feedback/data/fft-labelled.csv"
SERVICES = [
    "Outpatients",
    "Emergency department",
    "Maternity",
    "Community nursing",
    "Mental health crisis team",
    "GP practice",
    "Physiotherapy",
    "Inpatient wards",
]
SOURCES = ["fft"] * 6 + ["survey", "provider", "pals", "complaint"]
TODAY = date(2026, 12, 1)

# Fifty queries: words people type into a bank of feedback, a few phrases and misspellings, some
# very common words (that match a large share of the comments), some rare ones; the second half
# with filters (set after the data, see `queries()`).
WORDS = [
    "waiting",
    "waiting times",
    "rude receptionist",
    "parking",
    "car park",
    "appointment booking",
    "phone",
    "communication",
    "hospital food",
    "clean",
    "pain relief",
    "discharge",
    "staff",
    "friendly staff",
    '"long wait"',
    "nurses",
    "doctor listened",
    "covid",
    "mental health",
    "letters",
    "medication",
    "dignity",
    "cancelled appointment",
    "lovely",
    "not helpful",
]


def labelled() -> list[tuple[str, list[str]]]:
    """The real comments with the themes NHS analysts gave them."""
    codes = set(themes())
    with FFT.open(encoding="utf-8") as fh:
        return [
            (row["comment_text"].strip(), [c for c in codes if row.get(c) == "1"])
            for row in csv.DictReader(fh)
            if len((row.get("comment_text") or "").strip()) >= 3
        ]


def sentences() -> list[str]:
    parts = []
    for text, _themes in labelled():
        for s in re.split(r"(?<=[.!?])\s+", text):
            if 3 <= len(s) <= 400:
                parts.append(s)
    return parts


def themes() -> list[str]:
    from baton.insight.feedback.engine import sub_categories

    return sub_categories()


def load(
    cursor, n_comments: int, n_items: int, seed: int, org: int, other: int, runs: list[tuple[int, int, str]]
) -> None:
    """COPY the comments, their themes and the insight items."""
    rng = random.Random(seed)
    said = sentences()
    real = labelled()
    codes = themes()
    days = 3 * 365
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    t = time.perf_counter()
    # Each comment: one real comment, or two run together (as a survey's two answers), with the
    # themes the analysts gave them (a random one where they gave none), so that a theme and the
    # words of a comment go together as they do in real feedback.
    labels: list[list[str]] = []
    with cursor.copy(
        "COPY insight_feedbackcomment (id, organisation_id, row_key, text, received_on, service, question, "
        "external_id, source, programme_id, stage_run_id, sentiment, confidence, language, needs_check, created_at, "
        "version) "
        "FROM STDIN"
    ) as copy:
        for i in range(1, n_comments + 1):
            owner = other if i % 200 == 0 else org  # 0.5% another organisation's
            picked = [rng.choice(real) for _ in range(rng.choice((1, 1, 1, 2)))]
            text = " ".join(p[0] for p in picked)
            found = sorted({c for p in picked for c in p[1]})[:3] or [rng.choice(codes)]
            labels.append(found)
            run = rng.choice(runs) if rng.random() < 0.3 else None
            copy.write_row(
                (
                    i,
                    owner,
                    f"{i:064x}",
                    text,
                    TODAY - timedelta(days=rng.randrange(days)),
                    rng.choice(SERVICES),
                    "",
                    "",
                    rng.choice(SOURCES),
                    run[1] if run else None,
                    run[0] if run else None,
                    rng.randint(1, 5),
                    round(rng.random(), 3),
                    "en",
                    rng.random() < 0.05,
                    now,
                    1,
                )
            )
    print(f"  {n_comments:,} comments copied in {time.perf_counter() - t:.1f} s", flush=True)
    t = time.perf_counter()
    n_themes = 0
    with cursor.copy("COPY insight_feedbacktheme (comment_id, organisation_id, code, probability) FROM STDIN") as copy:
        for i, found in enumerate(labels, start=1):
            owner = other if i % 200 == 0 else org
            for code in found:
                copy.write_row((i, owner, code, round(rng.random(), 3)))
                n_themes += 1
    print(f"  {n_themes:,} themes copied in {time.perf_counter() - t:.1f} s", flush=True)
    t = time.perf_counter()
    item_sources = ["activity", "complaint", "pals", "healthwatch", "fft", "provider", "survey"]
    with cursor.copy(
        "COPY cycle_insightitem (stage_run_id, title, detail, source, themes, sentiment, population_segment, "
        "stage_relevance, status, resolution, created_at, version) FROM STDIN"
    ) as copy:
        for _ in range(n_items):
            run_id, _programme, _stage = rng.choice(runs)
            title = rng.choice(said)[:200]
            detail = " ".join(rng.choice(said) for _ in range(rng.randint(1, 4)))
            copy.write_row(
                (
                    run_id,
                    title,
                    detail,
                    rng.choice(item_sources),
                    ", ".join(rng.sample(codes, rng.randint(1, 3)))[:500],
                    rng.randint(1, 5),
                    "",
                    "[]",
                    "open",
                    "",
                    now - timedelta(days=rng.randrange(days)),
                    1,
                )
            )
    print(f"  {n_items:,} insight items copied in {time.perf_counter() - t:.1f} s", flush=True)
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('insight_feedbackcomment', 'id'), (SELECT max(id) FROM insight_feedbackcomment))"
    )


def queries(programme_id: int, codes: list[str]):
    """(label, query, Filters) for the fifty timed searches."""
    from baton.insight.bank import COMMENT, ITEM, Filters

    plain = [(q, q, Filters()) for q in WORDS]
    year_ago = TODAY - timedelta(days=365)
    filtered = [
        ("waiting + theme", "waiting", Filters(theme=codes[0])),
        ("staff + theme", "staff", Filters(theme="Staff manner & personal attributes")),
        ("parking + service location theme", "parking", Filters(theme="Service location")),
        ("waiting + last year", "waiting", Filters(since=year_ago)),
        ("staff + last year", "staff", Filters(since=year_ago, until=TODAY)),
        ("rude + complaints", "rude", Filters(source="complaint")),
        ("appointment + PALS", "appointment", Filters(source="pals")),
        ("waiting + programme", "waiting", Filters(programme_id=programme_id)),
        ("staff + programme", "staff", Filters(programme_id=programme_id)),
        ("discharge + stage", "discharge", Filters(stage="improve")),
        ("phone + comments only", "phone", Filters(kind=COMMENT)),
        ("food + items only", "food", Filters(kind=ITEM)),
        ("clean + theme + year", "clean", Filters(theme="Cleanliness, tidiness & infection control", since=year_ago)),
        ("no words + theme", "", Filters(theme="Timeliness of care")),
        ("no words + programme", "", Filters(programme_id=programme_id)),
        ("no words + complaints", "", Filters(source="complaint")),
        ("no words + last month", "", Filters(since=TODAY - timedelta(days=30))),
        ("nurses + page 5", "nurses", Filters()),
        ("lovely + page 20", "lovely", Filters()),
        ("punctuation only", "!!! ??? ***", Filters()),
        ("stop words only", "the and of", Filters()),
        ("injection", "'); DROP TABLE insight_feedbackcomment; --", Filters()),
        ("rare word", "physiotherapist", Filters()),
        ("no match", "zzyzx quokka", Filters()),
        ("long query", "waiting times in the emergency department were very long and staff were rude", Filters()),
    ]
    return plain + filtered


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--db", default="baton_bank_bench")
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the fifty queries (after one warm-up)")
    parser.add_argument("--keep", action="store_true", help="keep the database (and reuse it if it is already filled)")
    ns = parser.parse_args(argv)
    if ns.db in ("test", "postgres", "baton", "baton_bench"):
        parser.error(f"{ns.db} is not a database this benchmark may create and drop")

    import psycopg

    admin = psycopg.connect(f"{ns.server}/postgres", autocommit=True)
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [ns.db]).fetchone()
    fresh = not (exists and ns.keep)
    if fresh:
        admin.execute(f'DROP DATABASE IF EXISTS "{ns.db}"')
        admin.execute(f'CREATE DATABASE "{ns.db}"')
    os.environ["DATABASE_URL"] = f"{ns.server}/{ns.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baton.settings")
    os.environ.setdefault("BATON_ALLOW_INSECURE_KEY", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from baton.core.models import Organisation
    from baton.cycle.models import Programme, StageRun
    from baton.insight import bank

    try:
        if fresh:
            t = time.perf_counter()
            call_command("migrate", verbosity=0)
            print(f"migrated in {time.perf_counter() - t:.0f} s", flush=True)
            from importlib import import_module

            search_migration = import_module("baton.insight.migrations.0005_search_vector")
            t = time.perf_counter()
            with transaction.atomic(), connection.cursor() as cursor:
                org = Organisation.objects.create(name="Bench Bank ICB", ods_code="QBB", public_slug="bench-bank")
                other = Organisation.objects.create(name="Other Bank ICB", ods_code="QOB", public_slug="other-bank")
                from baton.core.testing import make_user

                lead = make_user(org, username="bench.bank")
                runs = []
                for n in range(12):
                    programme = Programme.objects.create(organisation=org, name=f"Programme {n + 1}", lead=lead)
                    last = len(bank.stages.CHOICES) - 1
                    for k, (key, _label) in enumerate(bank.stages.CHOICES):
                        run = StageRun.objects.create(
                            programme=programme,
                            stage=key,
                            owner=lead,
                            status=StageRun.Status.CLOSED if k < last else StageRun.Status.OPEN,
                            opened_on=TODAY - timedelta(days=900 - 150 * k),
                            closed_on=TODAY - timedelta(days=800 - 150 * k) if k < last else None,
                        )
                        runs.append((run.pk, programme.pk, key))
                for sql in search_migration.INDEXES_OFF:
                    cursor.execute(sql)
                pg = cursor.cursor  # the psycopg cursor under Django's wrapper
                load(pg, ns.comments, ns.items, ns.seed, org.pk, other.pk, runs)
            t2 = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '256MB'")
                for sql in search_migration.INDEXES_ON:
                    cursor.execute(sql)
                print(f"  GIN indexes made in {time.perf_counter() - t2:.0f} s", flush=True)
                cursor.execute("VACUUM (ANALYZE) insight_feedbackcomment")
                cursor.execute("VACUUM (ANALYZE) insight_feedbacktheme")
                cursor.execute("VACUUM (ANALYZE) cycle_insightitem")
                cursor.execute("ANALYZE")  # the programmes and stage runs the items are reached through
            print(f"loaded and indexed in {time.perf_counter() - t:.0f} s", flush=True)
        org = Organisation.objects.get(ods_code="QBB")
        first = Programme.objects.filter(organisation=org).order_by("pk").first()
        assert first is not None
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM insight_feedbackcomment")
            (n_comments,) = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM insight_feedbacktheme")
            (n_themes,) = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM cycle_insightitem")
            (n_items,) = cursor.fetchone()
        print(f"{n_comments:,} comments ({n_themes:,} themes), {n_items:,} insight items", flush=True)

        cases = queries(first.pk, themes())
        pages = {"nurses + page 5": 5, "lovely + page 20": 20}

        def timed(label, q, f):
            t = time.perf_counter()
            found = bank.search(org.pk, q, f, page=pages.get(label, 1))
            return (time.perf_counter() - t) * 1000, found

        for label, q, f in cases:  # warm-up: the first touch of each index and table page
            timed(label, q, f)
        timings: dict[str, list[float]] = {label: [] for label, _q, _f in cases}
        answers = {}
        for _ in range(ns.repeat):
            for label, q, f in cases:
                ms, found = timed(label, q, f)
                timings[label].append(ms)
                answers[label] = found
        every = sorted(ms for values in timings.values() for ms in values)
        p50 = statistics.median(every)
        p95 = every[min(len(every) - 1, round(0.95 * len(every)) - 1)]
        print(f"\n{'query':<40} {'median ms':>10} {'found':>14} {'hits':>5}")
        for label, _q, _f in cases:
            found = answers[label]
            print(
                f"{label[:40]:<40} {statistics.median(timings[label]):>10.1f} {found.found_text if not found.problem else 'problem':>14} {len(found.hits):>5}"
            )
        print(
            f"\n{len(every)} searches ({len(cases)} queries x {ns.repeat}) over {n_comments:,} comments and {n_items:,} items: "
            f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {every[-1]:.0f} ms (target p95 < 300 ms)",
            flush=True,
        )
    finally:
        connection.close()
        if not ns.keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{ns.db}"')
            print(f"dropped {ns.db}")
        admin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
