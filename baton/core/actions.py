"""Shared building blocks for every app's actions: create, change and delete a record with its
audit event, refusing stale edits (optimistic locking on a `version` field)."""

from django.db import models, transaction
from django.db.models import F

from . import audit
from .errors import StaleEdit
from .models import AuditEvent


def create_record(obj: models.Model, *, by, action: str) -> models.Model:
    with transaction.atomic():
        obj.full_clean()
        obj.save()
        audit.record(obj, AuditEvent.Verb.CREATE, by=by, action=action, after=audit.snapshot(obj))
    return obj


def change_record(
    obj: models.Model, changes: dict, *, by, action: str, expected_version: int | None = None
) -> models.Model:
    """Apply `changes` (field -> value; many-to-many as lists) to obj. If expected_version is given
    and the row has moved on since, raise StaleEdit and save nothing."""
    model = type(obj)
    m2m_names = {f.name for f in obj._meta.many_to_many}
    with transaction.atomic():
        # Apply the changes to the row as it is now (locked), not to a possibly stale copy, so
        # fields nobody touched keep their current values.
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit(f"this {model._meta.verbose_name}")
        before = audit.snapshot(current)
        for name, value in changes.items():
            if name not in m2m_names:
                setattr(current, name, value)
        current.full_clean()
        current.version += 1
        current.save()
        for name in m2m_names & set(changes):
            getattr(current, name).set(changes[name])
        after = audit.snapshot(current)
        if before != after:
            audit.record(current, AuditEvent.Verb.UPDATE, by=by, action=action, before=before, after=after)
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(current, field.attname))
        # Cached related objects may now be stale.
        obj._state.fields_cache.clear()
    return obj


def bump_version(obj: models.Model) -> None:
    type(obj)._default_manager.filter(pk=obj.pk).update(version=F("version") + 1)
    obj.version += 1


def delete_record(obj: models.Model, *, by, action: str) -> AuditEvent:
    return audit.delete_with_audit(obj, by=by, action=action)
