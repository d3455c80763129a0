"""The one door for changes to commitments (DESIGN.md rule 4: every actioned or declined insight
gets a commitment with a published response, including "we could not change this, because ...").
Every action follows `core.actions`' contract: lock, re-read, blockers, refuse, audited change;
a deletion is kept in the audit trail so that it can be restored."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from baton.core.actions import change_record, create_record, delete_record, locked, refuse
from baton.core.models import AuditEvent
from baton.cycle.models import InsightItem, Programme

from .models import Commitment, reason_needed
from .permissions import eligible_owners


def _check(programme: Programme, *, owner=None, insight_items=None) -> None:
    """The owner is a member of the programme's organisation; the insight is the programme's."""
    errors: dict[str, list[str]] = {}
    if owner is not None and not eligible_owners(programme.organisation_id).filter(pk=owner.pk).exists():
        errors["owner"] = ["Choose someone in your organisation."]
    if insight_items is not None:
        ids = {item.pk for item in insight_items}
        if not ids:
            errors["insight_items"] = ["Choose at least one insight item this commitment answers."]
        elif InsightItem.objects.filter(pk__in=ids, stage_run__programme=programme).count() != len(ids):
            errors["insight_items"] = [f"Choose insight items of {programme.name}."]
    if errors:
        raise ValidationError(errors)


def make_commitment(programme: Programme, *, by, insight_items, will_do: str, owner, due_on: date) -> Commitment:
    """What we will do about one or more things people told us about the programme, who owns it and
    by when."""
    items = list(insight_items)
    with locked(programme) as current:
        _check(current, owner=owner, insight_items=items)
        made = Commitment(
            programme=current,
            will_do=will_do,
            owner=owner,
            due_on=due_on,
            created_by=by if getattr(by, "pk", None) else None,
        )
        return create_record(made, by=by, action="make_commitment", m2m={"insight_items": [i.pk for i in items]})


def update_commitment(commitment: Commitment, changes: dict, *, by, expected_version: int | None = None) -> Commitment:
    """Change what we will do, its owner, its due date, its insight or its public words. Public
    words changed after publishing show once they are published again."""
    changes = dict(changes)
    if "insight_items" in changes:
        changes["insight_items"] = list(changes["insight_items"])
    _check(commitment.programme, owner=changes.get("owner"), insight_items=changes.get("insight_items"))
    if "insight_items" in changes:
        changes["insight_items"] = [i.pk for i in changes["insight_items"]]
    return change_record(commitment, changes, by=by, action="update_commitment", expected_version=expected_version)


def respond(
    commitment: Commitment,
    *,
    by,
    response: str,
    what_we_did: str = "",
    reason: str = "",
    done_on: date | None = None,
    expected_version: int | None = None,
) -> Commitment:
    """Record the response, once: adopted, partly adopted, or not adopted. Partly or not adopted
    needs the reason ("we could not change this, because ..."). A second response, or one sent
    from a page opened before the first, is refused (409) and changes nothing."""
    done_on = done_on or timezone.localdate()
    if reason_needed(response) and not reason.strip():
        raise ValidationError({"reason": ["Say why: we could not change this, because ..."]})
    if response not in Commitment.Response.values:
        raise ValidationError({"response": ["Choose adopted, partly adopted or not adopted."]})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": ["The day it was done cannot be in the future."]})
    with locked(commitment) as current:
        refuse(current.blockers_to_responding())
        changes = {
            "response": response,
            "what_we_did": what_we_did.strip(),
            "reason": reason.strip(),
            "done_on": done_on,
            "responded_by": by if getattr(by, "pk", None) else None,
        }
        return change_record(
            commitment, changes, by=by, action="respond_to_commitment", expected_version=expected_version
        )


def publish(
    commitment: Commitment, *, by, public_said: str, public_did: str, expected_version: int | None = None
) -> Commitment:
    """Put the commitment on the public "you said, we did" pages in the words given (reviewed by
    the member of staff who publishes; they may differ from the internal ones)."""
    errors = {}
    if not public_said.strip():
        errors["public_said"] = ["Enter what people said, in public words."]
    if not public_did.strip():
        errors["public_did"] = ["Enter what we did, in public words."]
    if errors:
        raise ValidationError(errors)
    with locked(commitment) as current:
        refuse(current.blockers_to_publishing())
        changes = {
            "public_said": public_said.strip(),
            "public_did": public_did.strip(),
            "published_at": timezone.now(),
            "published_by": by if getattr(by, "pk", None) else None,
        }
        return change_record(commitment, changes, by=by, action="publish_commitment", expected_version=expected_version)


def withdraw(commitment: Commitment, *, by, expected_version: int | None = None) -> Commitment:
    """Take the commitment off the public pages (it stays here, with its response)."""
    return change_record(
        commitment,
        {"published_at": None, "published_by": None},
        by=by,
        action="withdraw_commitment",
        expected_version=expected_version,
    )


def delete_commitment(commitment: Commitment, *, by) -> AuditEvent:
    """Delete a commitment made in error; restorable from the audit trail."""
    with transaction.atomic():
        return delete_record(commitment, by=by, action="delete_commitment")
