"""The one contract every action in Baton follows, and the audited door it changes records through.

An action (a function in an app's `actions.py`) is the only way an important change happens:

1. **lock**: open a transaction and re-read the record under a row lock (`locked()`), refusing a
   stale edit (`expected_version`) and a record deleted since the page was loaded;
2. **ask the model** for its blockers, sentences a person can read (`run.blockers_to_closing()`),
   computed from the locked row, never from a copy loaded before the transaction;
3. **raise** them (`refuse()`: `RuleBroken`, a 409 in the API and an error summary on a page);
4. **change through the audited door** (`create_record`, `change_record`, `delete_record`): one
   audit event a record, with before and after;
5. **side effects on commit** (`transaction.on_commit`): emails and tasks only for what was saved.

A duplicate that slips past the checks (two people creating the same thing at the same moment)
hits a database constraint; the door turns that into the constraint's own sentence, never a 500.
`once()` makes a form or API request that is sent twice create one record (idempotency key)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import TypeVar

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction

from . import audit
from .errors import RuleBroken, StaleEdit
from .models import AuditEvent, Submission

log = logging.getLogger(__name__)
M = TypeVar("M", bound=models.Model)


@contextlib.contextmanager
def locked(obj: M, *, expected_version: int | None = None, related: tuple[str, ...] = ()) -> Iterator[M]:
    """Open a transaction and yield the record re-read under a row lock (with `related` joined),
    so every check that follows sees the row as it is now and nobody else can change it until the
    transaction ends. A stale `expected_version` raises StaleEdit; a record deleted since it was
    loaded raises RuleBroken."""
    model = type(obj)
    with transaction.atomic():
        qs = model._default_manager.all()
        if related:  # select_related() with no names would join every relation
            qs = qs.select_related(*related).select_for_update(of=("self",))
        else:
            qs = qs.select_for_update()
        try:
            current = qs.get(pk=obj.pk)
        except ObjectDoesNotExist:  # the model's DoesNotExist: the row is gone
            raise RuleBroken(f"This {model._meta.verbose_name} has been deleted since you opened it.") from None
        if expected_version is not None and getattr(current, "version", expected_version) != expected_version:
            raise StaleEdit(f"this {model._meta.verbose_name}")
        yield current


def _path_to_owner(model) -> tuple[str, ...]:
    """The relations the audit event reads to find the record's organisation, joined to the locked
    row (only the row itself is locked)."""
    path = getattr(model, "organisation_path", "")
    field = model._meta.get_field(path.split("__")[0]) if path else None
    return (path,) if field is not None and field.is_relation else ()


def refuse(reasons: list[str]) -> None:
    """Raise the blockers, if there are any."""
    if reasons:
        raise RuleBroken(reasons)


def _save(obj: models.Model, **kwargs) -> None:
    """Save inside a savepoint; a database constraint that a concurrent request beat us to becomes
    the constraint's sentence (ValidationError) or a plain RuleBroken, never an IntegrityError."""
    try:
        with transaction.atomic():
            obj.save(**kwargs)
    except IntegrityError as exc:
        raise _conflict(obj, exc) from exc


def _conflict(obj: models.Model, exc: IntegrityError) -> Exception:
    try:
        obj.validate_constraints()
        obj.validate_unique()
    except ValidationError as found:
        return found
    log.warning("Integrity error not explained by a declared constraint on %s: %s", obj._meta.label, exc)
    return RuleBroken(
        f"Someone else saved a change to this {obj._meta.verbose_name} at the same moment, so nothing was saved. "
        "Reload the page and try again."
    )


def create_record(obj: M, *, by, action: str, m2m: dict | None = None) -> M:
    """Validate and save a new record (and its many-to-many links, `m2m`), with its audit event."""
    with transaction.atomic():
        obj.full_clean()
        _save(obj)
        for name, values in (m2m or {}).items():
            getattr(obj, name).set(values)
        audit.record(obj, AuditEvent.Verb.CREATE, by=by, action=action, after=audit.snapshot(obj))
    return obj


def change_record(obj: M, changes: dict, *, by, action: str, expected_version: int | None = None) -> M:
    """Apply `changes` (field -> value; many-to-many as lists) to the row as it is now, locked: a
    stale `expected_version` raises StaleEdit and saves nothing; fields nobody touched keep their
    newest values. One audit event with before and after; `version` goes up by one. `obj` is
    refreshed with the saved values."""
    model = type(obj)
    m2m_names = {f.name for f in obj._meta.many_to_many}
    with locked(obj, expected_version=expected_version, related=_path_to_owner(model)) as current:
        before = audit.snapshot(current)
        for name, value in changes.items():
            if name not in m2m_names:
                setattr(current, name, value)
        current.full_clean()
        if hasattr(current, "version"):
            current.version += 1
        _save(current)
        for name in m2m_names & set(changes):
            getattr(current, name).set(changes[name])
        after = audit.snapshot(current)
        if before != after:
            audit.record(current, AuditEvent.Verb.UPDATE, by=by, action=action, before=before, after=after)
        for field in model._meta.concrete_fields:
            setattr(obj, field.attname, getattr(current, field.attname))
        obj._state.fields_cache.clear()  # cached related objects may now be stale
    return obj


def delete_record(obj: models.Model, *, by, action: str) -> AuditEvent:
    """Delete the record and everything that cascades with it, keeping all of it in the audit
    event so that it can be restored exactly."""
    return audit.delete_with_audit(obj, by=by, action=action)


# Sent twice, done once ------------------------------------------------------------------------------


class AlreadyDone(Exception):
    """The same submission (form or API request with the same key) was done before."""

    def __init__(self, result: models.Model | None):
        self.result = result
        # Read by no one: both callers (pages, api_helpers) catch it and answer in their own words.
        super().__init__("This was already done once.")  # pragma: no mutate


@contextlib.contextmanager
def once(key: str | None, *, by, scope: str):
    """Run the block once per `key` (a form's one-time token, or an API Idempotency-Key) and
    person. A second run with the same key raises AlreadyDone carrying the first run's result,
    even when both arrive at the same moment (the key is unique in the database: the second waits
    for the first to commit, then finds it). Yields a callable to record the result. A block that
    fails leaves no trace, so the person can correct the form and send it again. A key is one
    person's, and one `scope`'s (a form, an API operation): reused for something else, it is
    refused (RuleBroken), never answered with another record."""
    if not key:
        yield lambda result: None
        return
    user = by if getattr(by, "pk", None) else None
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = Submission.objects.create(key=key[:64], user=user, scope=scope[:100])
        except IntegrityError:
            first = Submission.objects.filter(key=key[:64], user=user).first()
            if first is not None and first.scope != scope[:100]:
                raise RuleBroken("This key was already used for a different request. Use a new key.") from None
            raise AlreadyDone(_result_of(first)) from None

        def keep(result: models.Model | None) -> None:
            if result is not None and result.pk is not None:
                submission.result_model = result._meta.label_lower
                submission.result_id = str(result.pk)
                submission.save(update_fields=["result_model", "result_id"])

        yield keep


def _result_of(submission: Submission | None) -> models.Model | None:
    if submission is None or not submission.result_model:
        return None
    model = apps.get_model(submission.result_model)
    return model._default_manager.filter(pk=submission.result_id).first()
