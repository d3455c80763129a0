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


def change_record(obj: models.Model, changes: dict, *, by, action: str, expected_version: int | None = None) -> models.Model:
    """Apply `changes` (field -> value; many-to-many as lists) to obj. If expected_version is given
    and the row has moved on since, raise StaleEdit and save nothing."""
    model = type(obj)
    m2m_names = {f.name for f in obj._meta.many_to_many}
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit(f"this {model._meta.verbose_name}")
        before = audit.snapshot(current)
        for name, value in changes.items():
            if name not in m2m_names:
                setattr(obj, name, value)
        obj.full_clean()
        obj.version = current.version + 1
        obj.save()
        for name in m2m_names & set(changes):
            getattr(obj, name).set(changes[name])
        after = audit.snapshot(obj)
        if before != after:
            audit.record(obj, AuditEvent.Verb.UPDATE, by=by, action=action, before=before, after=after)
    return obj


def bump_version(obj: models.Model) -> None:
    type(obj)._default_manager.filter(pk=obj.pk).update(version=F("version") + 1)
    obj.version += 1


def delete_record(obj: models.Model, *, by, action: str) -> AuditEvent:
    return audit.delete_with_audit(obj, by=by, action=action)
