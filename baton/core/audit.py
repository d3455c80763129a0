"""The audit trail: snapshots of records, one AuditEvent per change, and undo of deletions.

Actions call these; nothing else writes AuditEvent rows."""

from __future__ import annotations

import json

from django.contrib.admin.utils import NestedObjects
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from .errors import RuleBroken
from .models import AuditEvent


def snapshot(obj: models.Model) -> dict:
    """The record's own fields (and many-to-many ids) as JSON-safe values."""
    data: dict = {}
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        # An uploaded document (core.files.DocumentField) is recorded by its stored name.
        data[field.attname] = (value.name or "") if isinstance(value, FieldFile) else value
    if obj.pk:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(
                field.value_from_object(obj) and [o.pk for o in field.value_from_object(obj)] or []
            )
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def organisation_of(obj: models.Model):
    """The organisation a record belongs to: by its declared path (`OrgOwned`), else its own
    `organisation` field."""
    if hasattr(obj, "owning_organisation"):
        return obj.owning_organisation()
    return obj.organisation  # type: ignore[attr-defined]  # a model with its own `organisation` field


def record(
    obj: models.Model,
    verb: str,
    *,
    by,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
    organisation=None,
) -> AuditEvent:
    """One audit event about obj. `organisation`: whose trail it goes in, for records that belong
    to a person rather than an organisation (a user, an API token); by default obj's own."""
    return AuditEvent.objects.create(
        organisation=organisation or organisation_of(obj),
        actor=by if getattr(by, "pk", None) else None,
        verb=verb,
        action=action,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
    )


def delete_with_audit(obj: models.Model, *, by, action: str) -> AuditEvent:
    """Delete obj and everything that cascades with it, keeping all of it in the audit event so
    that restore_deleted() can put it back exactly. The rows are collected inside the transaction,
    with the record locked, so a row added at the same moment is either kept or not deleted."""
    using = router.db_for_write(obj.__class__)
    with transaction.atomic(using=using):
        model = type(obj)
        # No ordering: a model ordered by a nullable relation would join it, and PostgreSQL refuses
        # FOR UPDATE on the nullable side of an outer join (first() orders by the key alone).
        locked = model._default_manager.select_for_update().filter(pk=obj.pk).order_by().first()
        if locked is None:
            raise RuleBroken(f"This {model._meta.verbose_name} has already been deleted.")
        collector = NestedObjects(using=using)
        collector.collect([locked])
        rows = []

        def flatten(items):
            for item in items:
                if isinstance(item, list):
                    flatten(item)
                else:
                    rows.append(item)

        flatten(collector.nested())
        # Through rows of many-to-many fields are not "nested"; serialising each object keeps its m2m ids.
        payload = json.loads(serializers.serialize("json", rows))
        event = record(locked, AuditEvent.Verb.DELETE, by=by, action=action, before=snapshot(locked))
        event.deleted_rows = payload
        event.save(update_fields=["deleted_rows"])
        locked.delete()
    return event


class CannotRestore(Exception):
    """Why a deletion cannot be undone, in a sentence."""


def restore_deleted(event: AuditEvent, *, by) -> models.Model:
    """Put back every row a deletion removed, with the same ids. Refused (CannotRestore, nothing
    restored) when it was already undone (checked under a lock on the event, so two people pressing
    "restore" at once restore it once), when an id or a unique name has been taken since, when
    something it belonged to has gone, or when the record itself says it cannot come back
    (`blockers_to_restoring()`: an activity of a stage run closed since)."""
    if event.verb != AuditEvent.Verb.DELETE or not event.deleted_rows:
        raise CannotRestore("Only deletions can be undone.")
    with transaction.atomic():
        event = AuditEvent.objects.select_for_update().get(pk=event.pk)
        if event.restored_at:
            raise CannotRestore("This deletion has already been undone.")
        objects = list(serializers.deserialize("json", json.dumps(event.deleted_rows)))
        for deserialised in objects:
            instance = deserialised.object
            model = type(instance)
            if model._default_manager.filter(pk=instance.pk).exists():
                raise CannotRestore(
                    f"A {model._meta.verbose_name} with the same id exists again; nothing was restored."
                )
            try:
                instance.validate_constraints()
            except ValidationError as exc:
                raise CannotRestore(
                    " ".join(exc.messages) + " Change the other one first; nothing was restored."
                ) from exc
        # Parents first: save without m2m, then m2m once every row exists.
        try:
            with transaction.atomic():
                for deserialised in objects:
                    models.Model.save_base(deserialised.object, raw=True)
                for deserialised in objects:
                    for name, values in (deserialised.m2m_data or {}).items():
                        getattr(deserialised.object, name).set(values)
        except IntegrityError as exc:
            raise CannotRestore(
                "Something this record belonged to, or its name, has changed since; nothing was restored."
            ) from exc
        _check_parents_exist(objects)
        root = objects[0].object
        blockers = getattr(root, "blockers_to_restoring", None)
        reasons = blockers() if blockers else []
        if reasons:
            raise CannotRestore(" ".join(reasons) + " Nothing was restored.")
        event.restored_at = timezone.now()
        event.save(update_fields=["restored_at"])
        record(root, AuditEvent.Verb.RESTORE, by=by, action="restore_deleted", after=snapshot(root))
    return root


def _check_parents_exist(objects) -> None:
    """A row whose parent was deleted after it (an activity whose programme has gone since) cannot
    come back on its own. Foreign keys are checked at commit, too late to say why: check them now."""
    tables = set()
    for deserialised in objects:
        meta = deserialised.object._meta
        tables.add(meta.db_table)
        tables.update(f.remote_field.through._meta.db_table for f in meta.many_to_many)
    using = router.db_for_write(type(objects[0].object))
    try:
        connections[using].check_constraints(table_names=sorted(tables))
    except IntegrityError as exc:
        raise CannotRestore(
            "Something this record belonged to has been deleted since. Restore that first; nothing was restored."
        ) from exc


def history_for(obj: models.Model):
    return AuditEvent.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk)).select_related("actor")
