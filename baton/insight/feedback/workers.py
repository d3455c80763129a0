"""What a worker process that labels comments for the feedback import runs first (no Django here:
the workers never touch the database).

A worker must not outlive the task that started it. If the task's process is killed (a deploy, the
out-of-memory killer), the pool cannot tell its workers to stop, and a worker waiting for its next
chunk would wait for ever, holding the engine's memory; so each worker watches its parent and
leaves when it is gone."""

from __future__ import annotations

import os
import threading
import time

CHECK_EVERY = 1.0  # seconds


def start(parent: int) -> None:
    """The pool's initializer: watch `parent` (the task's process id), and load the engine."""
    threading.Thread(target=_watch, args=(parent,), name="watch-parent", daemon=True).start()
    from .engine import load_model

    load_model()


def _watch(parent: int) -> None:
    while True:
        if os.getppid() != parent:  # the parent died: this process was handed to another
            os._exit(1)
        time.sleep(CHECK_EVERY)
