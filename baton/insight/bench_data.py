"""Imported feedback at large-ICB scale, for benchmarks: 24 finished imports (FFT exports, survey
downloads, provider reports, PALS logs, most tied to a programme) holding 5,000 comments between
them, labelled as the feedback engine labels them (sentiment 1-5, confidence, themes from the
framework's sub-categories, about 2.2 a comment). The comments' text, question, sentiment and themes
are the labelled FFT comments the engine ships with (`feedback/data/fft-labelled.csv`), so the
charts, filters and full-text search see real words and real theme mixes. Comments the engine was
unsure of (confidence under `importer.NEEDS_CHECK_BELOW`, or no sentiment) wait to be checked; about
a third of those have been checked by an engagement or programme lead (version 2, `checked_by`).

Every import is done (its file deleted, as the importer deletes it), its row counts match the
comments it added, and `row_key` is the importer's hash of the row, so re-importing a bench row
would add nothing. Rows are written in bulk by bench/make_data.py's writer; the full-text index
follows by itself (SQLite: the FTS5 triggers fire on insert; PostgreSQL: a GIN expression index).
The exports answer 200 with these rows (they redirect to the list when nothing matches, and XLSX
when more than `reports.XLSX_MOST` match: 5,000 is well under it)."""

from __future__ import annotations

import csv
import hashlib
from datetime import timedelta
from pathlib import Path

FULL = {"imports": 24, "comments": 5_000}
SERVICES = [
    "Emergency department",
    "Maternity",
    "Outpatients",
    "Community mental health",
    "Patient transport",
    "District nursing",
    "Ward 7 (medicine)",
    "Ward 12 (surgery)",
    "GP practice",
    "Physiotherapy",
    "Children's services",
    "Urgent treatment centre",
]
SOURCES = ["fft", "fft", "fft", "survey", "provider", "pals", "healthwatch", "complaint"]
FILES = {
    "fft": "fft-export-{n:02d}.csv",
    "survey": "survey-download-{n:02d}.xlsx",
    "provider": "provider-report-{n:02d}.xlsx",
    "pals": "pals-log-{n:02d}.csv",
    "healthwatch": "healthwatch-feedback-{n:02d}.csv",
    "complaint": "complaints-{n:02d}.csv",
}
COLUMNS = ["Date", "Service", "Question", "Score", "ID", "Comment"]
MAPPING = {
    "date": "Date",
    "service": "Service",
    "question": "Question",
    "score": "Score",
    "id": "ID",
    "comment": "Comment",
}


def _labelled() -> list[tuple[str, str, int | None, list[str]]]:
    """(text, question, sentiment, themes) of each labelled comment the engine ships with."""
    from .feedback import sub_categories

    codes = sub_categories()
    path = Path(__file__).resolve().parent / "feedback" / "data" / "fft-labelled.csv"
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = (row.get("comment_text") or "").strip()
            if not text:
                continue
            sentiment = int(row["sentiment"]) if (row.get("sentiment") or "").strip() else None
            themes = [c for c in codes if (row.get(c) or "0").strip() == "1"]
            out.append((text, (row.get("question") or "").strip(), sentiment, themes))
    return out


def _key(text: str, received_on, service: str, question: str, score: int | None, external_id: str) -> str:
    """The importer's row_key (importer.Row.key): a hash of the row's mapped values."""
    parts = [" ".join(text.split()), received_on.isoformat() if received_on else "", service, question]
    parts += ["" if score is None else str(score), external_id]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def generate(ctx) -> dict[str, int]:
    from baton.cycle.models import StageRun

    from .importer import NEEDS_CHECK_BELOW
    from .models import FeedbackComment, FeedbackImport, FeedbackTheme

    rng, today, org, w = ctx.rng, ctx.today, ctx.organisation, ctx.writer
    n_imports = max(3, round(FULL["imports"] * min(1.0, ctx.scale * 10)))
    n_comments = max(60, int(FULL["comments"] * ctx.scale))
    labelled = _labelled()
    leads = sorted(set(ctx.staff.get("engagement_lead", [])) | set(ctx.staff.get("programme_lead", [])))
    uploaders = leads or sorted(uid for ids in ctx.staff.values() for uid in ids) or [None]
    runs_of: dict[int, list[int]] = {}
    for run_id, programme_id in (
        StageRun.objects.filter(programme__organisation=org).order_by("pk").values_list("pk", "programme_id")
    ):
        runs_of.setdefault(programme_id, []).append(run_id)

    # How many comments each import added: uneven, as real files are (a monthly FFT export is big).
    weights = [rng.uniform(0.3, 3.0) for _ in range(n_imports)]
    total_weight = sum(weights)
    sizes = [max(1, int(n_comments * wt / total_weight)) for wt in weights]
    sizes[-1] += n_comments - sum(sizes)

    import_id, comment_id, theme_id = w.next_id(FeedbackImport), w.next_id(FeedbackComment), w.next_id(FeedbackTheme)
    imports: list[dict] = []
    comments: list[dict] = []
    themes: list[dict] = []
    checked = to_check = 0
    for i, size in enumerate(sizes):
        source = SOURCES[i % len(SOURCES)]
        programme_id = rng.choice(ctx.programme_ids) if ctx.programme_ids and rng.random() < 0.75 else None
        runs = runs_of.get(programme_id, []) if programme_id else []
        stage_run_id = rng.choice(runs) if runs and rng.random() < 0.5 else None
        # Imports spread over two years, oldest first; each file covers the month before its upload.
        uploaded_on = today - timedelta(days=int(720 * (n_imports - i) / n_imports) - rng.randint(0, 10))
        uploaded_at = ctx.aware(uploaded_on, rng.randint(8, 17))
        started_at = uploaded_at + timedelta(minutes=rng.randint(1, 30))
        finished_at = started_at + timedelta(seconds=5 + size // 20)
        services = rng.sample(SERVICES, rng.randint(1, 4))
        repeated = rng.choice([0, 0, 0, rng.randint(1, 40)])
        iid = import_id + i
        file_name = FILES[source].format(n=i + 1)
        imports.append(
            {
                "id": iid,
                "version": 2,  # the mapping confirmed (start_import) after the upload
                "organisation_id": org.pk,
                "file": "",  # the importer deletes the file once the comments are in
                "file_name": file_name,
                "file_sha256": hashlib.sha256(f"bench:{org.pk}:{file_name}".encode()).hexdigest(),
                "file_size": size * rng.randint(180, 320),
                "encoding": "utf-8" if file_name.endswith(".csv") else "",
                "columns": COLUMNS,
                "mapping": MAPPING,
                "date_format": "%d/%m/%Y",
                "source": source,
                "programme_id": programme_id,
                "stage_run_id": stage_run_id,
                "status": FeedbackImport.Status.DONE,
                "rows_total": size + repeated,
                "rows_done": size + repeated,
                "rows_added": size,
                "rows_repeated": repeated,
                "problems": [],
                "uploaded_by_id": rng.choice(uploaders),
                "created_at": uploaded_at,
                "started_at": started_at,
                "finished_at": finished_at,
            }
        )
        for _ in range(size):
            cid = comment_id + len(comments)
            text, question, sentiment, codes = labelled[rng.randrange(len(labelled))]
            received_on = uploaded_on - timedelta(days=rng.randint(1, 31))
            service = rng.choice(services)
            score = rng.choice([1, 1, 1, 2, 2, 3, 4, 5]) if source == "fft" else None
            if sentiment is not None and source == "fft":
                score = {1: 1, 2: 1, 3: 2, 4: 4, 5: 5}.get(sentiment, score)
            external_id = f"{source.upper()}-{iid}-{cid}"
            # Themes' probabilities and the engine's confidence: mostly sure, some not.
            confidence = round(rng.betavariate(5, 1.6), 3) if sentiment is not None else round(rng.uniform(0.1, 0.5), 3)
            unsure = confidence < NEEDS_CHECK_BELOW or sentiment is None or not codes
            checked_by = rng.choice(leads) if unsure and leads and rng.random() < 0.33 else None
            if checked_by:
                checked += 1
            elif unsure:
                to_check += 1
            comments.append(
                {
                    "id": cid,
                    "version": 2 if checked_by else 1,
                    "organisation_id": org.pk,
                    "feedback_import_id": iid,
                    "row_key": _key(text, received_on, service, question, score, external_id),
                    "text": text,
                    "received_on": received_on,
                    "service": service,
                    "question": question,
                    "score": score,
                    "external_id": external_id,
                    "source": source,
                    "programme_id": programme_id,
                    "stage_run_id": stage_run_id,
                    "sentiment": sentiment if sentiment is not None or not checked_by else 3,
                    "confidence": min(max(confidence, 0.0), 1.0),
                    "language": "en",
                    "needs_check": unsure and not checked_by,
                    "checked_by_id": checked_by,
                    "created_at": finished_at,
                }
            )
            for code in codes:
                themes.append(
                    {
                        "id": theme_id + len(themes),
                        "comment_id": cid,
                        "organisation_id": org.pk,
                        "code": code,
                        "probability": None if checked_by else round(rng.uniform(0.5, 0.99), 3),
                    }
                )

    with ctx.keeping_timestamps(FeedbackImport, FeedbackComment):
        made = {"feedback_imports": w.write(FeedbackImport, imports)}
        made["feedback_comments"] = w.write(FeedbackComment, comments)
        made["feedback_themes"] = w.write(FeedbackTheme, themes)
    if ctx.log:
        ctx.log(f"    feedback: {to_check:,} comments to check, {checked:,} checked")
    return made
