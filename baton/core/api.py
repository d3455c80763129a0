"""The audit trail over the API: a record's history, and undoing a deletion.

Same rules as the pages (core/views.py): history for those who may view the audit trail; restore
for engagement leads and admins; nothing of another organisation is visible (404)."""

from datetime import datetime
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema
from ninja.pagination import paginate

from . import audit, permissions
from .errors import RuleBroken
from .models import AuditEvent
from .schemas import MAX_ID, READ_ERRORS, WRITE_ERRORS, Message, Pages, PersonOut, responses

router = Router(tags=["audit"])


class ChangeOut(Schema):
    field: str
    before: Any = None
    after: Any = None


class AuditEventOut(Schema):
    id: int
    verb: str
    action: str
    model: str
    object_id: str
    object_repr: str
    actor: PersonOut | None
    created_at: datetime
    restored_at: datetime | None
    changes: list[ChangeOut] = Field(description="Each field that changed, with its value before and after.")

    @staticmethod
    def resolve_changes(obj) -> list[dict]:
        return [{"field": f, "before": b, "after": a} for f, b, a in obj.changes()]


class RestoredOut(Schema):
    model: str
    object_id: str
    object_repr: str


@router.get(
    "/audit/{model}/{object_id}",
    response=responses({200: list[AuditEventOut]}, {**READ_ERRORS, 403: Message}),
    summary="A record's history",
)
@paginate(Pages)
def record_history(
    request,
    model: str = Path(
        ..., pattern=r"^[a-z_]+\.[a-z_]+$", max_length=60, description="app_label.model, for example cycle.programme"
    ),
    object_id: str = Path(..., pattern=r"^[A-Za-z0-9_-]+$", max_length=40),
):
    member = permissions.require_member(request.auth)
    permissions.require(permissions.can_view_audit(request.auth))
    events = AuditEvent.objects.filter(
        organisation_id=member.organisation_id, model=model, object_id=object_id
    ).select_related("actor")
    if not events.exists():
        raise Http404("No history")
    return events


@router.post(
    "/audit/events/{event_id}/restore", response=responses({200: RestoredOut}, WRITE_ERRORS), summary="Undo a deletion"
)
def restore(request, event_id: int = Path(..., ge=1, le=MAX_ID)):
    """Puts back every row the deletion removed, with the same ids. 409 if it cannot (not a
    deletion, already undone, or the id is taken again)."""
    member = permissions.require_member(request.auth)
    event = get_object_or_404(AuditEvent, pk=event_id, organisation_id=member.organisation_id)
    permissions.require(permissions.can_restore(request.auth))
    try:
        root = audit.restore_deleted(event, by=request.auth)
    except audit.CannotRestore as exc:
        raise RuleBroken(str(exc)) from exc
    return {"model": root._meta.label_lower, "object_id": str(root.pk), "object_repr": str(root)[:200]}
