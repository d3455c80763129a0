"""The background task that generates a board pack (`generation.run`). Tests and the demo run it
at once (BATON_TASKS=immediate); production runs it in the worker (`baton worker`)."""

from __future__ import annotations

from django_tasks import task

from . import generation


@task()
def generate(pack_id: int) -> None:
    generation.run(pack_id)
