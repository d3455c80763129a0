"""The background task that imports a feedback file (`importer.run`). Tests and the demo run it at
once (BATON_TASKS=immediate); production runs it in the worker (`baton worker`)."""

from __future__ import annotations

from django_tasks import task

from . import importer
from .models import FeedbackImport


@task()
def run_import(import_id: int) -> None:
    imp = FeedbackImport.objects.filter(pk=import_id).first()
    if imp is None or imp.status not in (FeedbackImport.Status.QUEUED, FeedbackImport.Status.RUNNING):
        return
    importer.run(imp)
