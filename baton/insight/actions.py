"""Every change to feedback: upload a file, start (or retry) its import, check a comment's labels.
Each follows core.actions (lock, re-read, re-check, audited change)."""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from baton.core import audit
from baton.core.actions import change_record, locked, refuse
from baton.core.models import AuditEvent

from . import importer
from .feedback import sub_categories
from .models import FeedbackComment, FeedbackImport, FeedbackTheme, Source

log = logging.getLogger(__name__)


def upload_feedback(
    organisation, *, by, upload, source: str = Source.FFT, programme=None, stage_run=None
) -> FeedbackImport:
    """Keep an uploaded file as a new import, its columns read and their mapping guessed. A file
    that is not CSV/XLSX, empty, too big or unreadable is refused (ValidationError on `file`) and
    nothing is kept."""
    name = (getattr(upload, "name", "") or "feedback.csv").rsplit("/", 1)[-1][:255]
    try:
        kind, encoding = importer.inspect_upload(upload, name)
    except importer.ImportRefused as exc:
        raise ValidationError({"file": [str(exc)]}) from None
    if stage_run is not None and programme is not None and stage_run.programme_id != programme.pk:
        raise ValidationError({"stage_run": ["Choose a stage of the programme you chose, or no stage."]})
    if stage_run is not None and programme is None:
        programme = stage_run.programme
    digest = hashlib.sha256()
    upload.seek(0)
    for block in iter(lambda: upload.read(1 << 20), b""):
        digest.update(block)
    upload.seek(0)
    imp = FeedbackImport(
        organisation=organisation,
        file=upload,
        file_name=name,
        file_sha256=digest.hexdigest(),
        file_size=upload.size,
        encoding=encoding,
        source=source,
        programme=programme,
        stage_run=stage_run,
        uploaded_by=by,
    )
    stored = None
    try:
        with transaction.atomic():
            imp.full_clean(exclude=["file", "file_sha256"])
            imp.save()
            stored = imp.file.name
            columns = importer.read_headings(imp)
            imp.columns = columns
            imp.mapping = importer.guess_mapping(columns)
            imp.save(update_fields=["columns", "mapping"])
            audit.record(imp, AuditEvent.Verb.CREATE, by=by, action="upload_feedback", after=audit.snapshot(imp))
    except importer.ImportRefused as exc:
        if stored:
            imp.file.storage.delete(stored)
        raise ValidationError({"file": [str(exc)]}) from None
    except Exception:
        if stored:
            imp.file.storage.delete(stored)
        raise
    return imp


def _may_start(imp: FeedbackImport) -> list[str]:
    if imp.status == FeedbackImport.Status.DONE:
        return ["This file has been imported already."]
    if imp.status in (FeedbackImport.Status.RUNNING, FeedbackImport.Status.QUEUED) and not importer.is_stale(imp):
        return ["This file is being imported now: wait for it to finish."]
    if not imp.file:
        return ["The file is no longer kept: upload it again."]
    return []


def start_import(
    imp: FeedbackImport, *, by, mapping: dict[str, str], expected_version: int | None = None
) -> FeedbackImport:
    """Save the column mapping and queue the import (the background task `run_import`). Also how
    a failed or stopped import is tried again."""
    mapping = {k: v for k, v in mapping.items() if k in importer.FIELDS and v}
    with locked(imp, expected_version=expected_version) as current:
        refuse(_may_start(current))
        problems = importer.mapping_problems(list(current.columns), mapping)
        if problems:
            raise ValidationError({k: [v] for k, v in problems.items()})
        change_record(
            current,
            {
                "mapping": mapping,
                "status": FeedbackImport.Status.QUEUED,
                "problems": [],
                "rows_done": 0,
                "started_at": timezone.now(),  # when it was queued, until the task starts it
            },
            by=by,
            action="start_feedback_import",
            expected_version=expected_version,
        )
        pk = current.pk
        transaction.on_commit(lambda: _enqueue(pk))
    imp.refresh_from_db()
    return imp


def _enqueue(pk: int) -> None:
    from .tasks import run_import

    try:
        run_import.enqueue(pk)
    except Exception:  # the queue is down: the import shows as waiting, then stopped, to retry
        log.exception("Could not queue feedback import %s", pk)


def _theme_codes(comment: FeedbackComment) -> list[str]:
    return sorted(comment.themes.values_list("code", flat=True))


def check_comment(
    comment: FeedbackComment,
    *,
    by,
    sentiment: int | None,
    themes: list[str],
    expected_version: int | None = None,
) -> FeedbackComment:
    """A person confirms or corrects a comment's labels: its sentiment and themes are theirs now,
    it leaves the to-check list, and who checked it is kept. Audited with the themes before and
    after."""
    known = set(sub_categories())
    unknown = [t for t in themes if t not in known]
    if unknown:
        raise ValidationError({"themes": [f"'{unknown[0]}' is not a theme of the framework."]})
    with locked(comment, expected_version=expected_version) as current:
        before = _theme_codes(current)
        change_record(
            current,
            {"sentiment": sentiment, "needs_check": False, "checked_by": by},
            by=by,
            action="check_feedback",
            expected_version=expected_version,
        )
        wanted = sorted(set(themes))
        if wanted != before:
            FeedbackTheme.objects.filter(comment=current).exclude(code__in=wanted).delete()
            FeedbackTheme.objects.bulk_create(
                [
                    FeedbackTheme(comment=current, organisation_id=current.organisation_id, code=code)
                    for code in wanted
                    if code not in before
                ]
            )
            audit.record(
                current,
                AuditEvent.Verb.UPDATE,
                by=by,
                action="check_feedback_themes",
                before={"themes": before},
                after={"themes": wanted},
            )
    comment.refresh_from_db()
    return comment


def mark_stale(imp: FeedbackImport) -> None:
    """An import whose worker stopped: say so (used when a page finds it stale)."""
    if importer.is_stale(imp):
        FeedbackImport.objects.filter(pk=imp.pk, status=imp.status).update(
            status=FeedbackImport.Status.FAILED,
            problems=["The import stopped before it finished, so nothing was imported. Try again."],
            finished_at=timezone.now(),
        )
        imp.refresh_from_db()
