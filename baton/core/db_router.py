"""Reporting reads from a read replica, when one is configured (DATABASE_REPLICA_URL).

Only code that asks for it reads from the replica: wrap a report in `reporting()` (or decorate its
view with `@for_reports`). Everything else, and every write, uses the primary, so a user always sees
their own change at once; reports accept that the replica may be a few seconds behind.

    from baton.core.db_router import reporting

    with reporting():
        rows = list(board_pack_rows(organisation))

An explicit `.using("replica")` works too, but fails where no replica is configured; `reporting()`
falls back to the primary."""

from __future__ import annotations

import contextlib
import contextvars
import functools

from django.conf import settings

REPLICA = "replica"
_reporting = contextvars.ContextVar("baton_reporting", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def reporting():
    """Reads inside this block go to the replica, if there is one."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def for_reports(view):
    """A view decorator: the view's reads go to the replica, if there is one. Only for views that
    do not write."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with reporting():
            return view(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reporting.get() and replica_configured():
            return REPLICA
        return None  # the primary ("default")

    def db_for_write(self, model, **hints):
        return None  # always the primary

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary by replication; migrations run on the primary only.
        return False if db == REPLICA else None
