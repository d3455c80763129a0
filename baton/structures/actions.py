"""The one door for changes to the register of engagement structures: structures and their
reviews, their meetings (minutes, what they informed) and the actions agreed at them. Every
action follows `core.actions`' contract (lock, re-read, blockers, refuse, audited change).

Hub element 6 of The Engagement Cycle, "meaningful engagement structures", and DESIGN.md rule 5,
function before form: every structure states its purpose and the decision body it feeds, and is
reviewed at least yearly (NHS England, Working in partnership with people and communities, 2022:
"build and maintain structures that feed into decision-making")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.core.actions import change_record, create_record, delete_record, locked, refuse
from baton.core.models import AuditEvent
from baton.cycle.models import Handover, Programme
from baton.governance.models import Board, Decision

from .models import MeetingAction, Structure, StructureMeeting, StructureType
from .permissions import eligible_owners

TIDIED = ("purpose", "function", "feeds_named_body")


# Structures -------------------------------------------------------------------------------------------


def _check_structure_links(organisation_id, fields: dict, *, was: Structure | None = None) -> None:
    """The board it feeds and the programme it serves are the organisation's own; a new type is an
    active one (a retired type stays on the structures that had it)."""
    errors = {}
    board, programme, kind = fields.get("feeds_board"), fields.get("programme"), fields.get("type")
    if board is not None and not Board.objects.for_org(organisation_id).filter(pk=board.pk).exists():
        errors["feeds_board"] = ["Choose one of your organisation's boards or committees."]
    if programme is not None and not Programme.objects.for_org(organisation_id).filter(pk=programme.pk).exists():
        errors["programme"] = ["Choose one of your organisation's programmes."]
    if kind is not None and not kind.active and (was is None or was.type_id != kind.pk):
        errors["type"] = ["This type of structure is no longer used. Choose another."]
    name = fields.get("name")
    if name is not None:
        # The constraint structure_name_unique_in_org, ignoring case as people do (and as the form does).
        taken = Structure.objects.for_org(organisation_id).filter(name__iexact=name.strip())
        if was is not None:
            taken = taken.exclude(pk=was.pk)
        if taken.exists():
            errors["name"] = ["There is already a structure with this name. Choose another name."]
    if errors:
        raise ValidationError(errors)


def _tidy(fields: dict) -> dict:
    """A purpose or a decision body of blanks is none: stored empty, so the register's query and
    the page's flags agree on it."""
    return {k: v.strip() if k in TIDIED and isinstance(v, str) else v for k, v in fields.items()}


def similar_structures(organisation, fields: dict) -> list[Structure]:
    """The organisation's structures that may already do what a new one would: its purpose and
    function matched against theirs (`StructureQuerySet.similar_to`)."""
    text = " ".join(str(fields.get(name) or "") for name in ("purpose", "function"))
    return Structure.objects.for_org(organisation).similar_to(text)


def create_structure(organisation, *, by, none_will_do: bool = False, **fields) -> Structure:
    """A group added to the register. Function before form (DESIGN.md rule 5): where structures
    with a similar purpose exist, the person adding it must first confirm that none of them will do
    (`none_will_do`). Added without a purpose or a decision body, it is flagged until it has both
    (flagged, not hidden)."""
    fields = _tidy(fields)
    _check_structure_links(organisation.pk, fields)
    similar = similar_structures(organisation, fields)
    if similar and not none_will_do:
        names = ", ".join(s.name for s in similar)
        refuse(
            [
                f"The register already has structures with a similar purpose: {names}. Check whether one "
                "of them will do; if none will, confirm that and add this one."
            ]
        )
    return create_record(Structure(organisation=organisation, **fields), by=by, action="create_structure")


def update_structure(structure: Structure, changes: dict, *, by, expected_version: int | None = None) -> Structure:
    """Change what the register says of a structure."""
    changes = _tidy(changes)
    _check_structure_links(structure.organisation_id, changes, was=structure)
    return change_record(structure, changes, by=by, action="update_structure", expected_version=expected_version)


def review_structure(
    structure: Structure,
    *,
    reviewed_on: date | None = None,
    next_review_on: date,
    by,
    expected_version: int | None = None,
) -> Structure:
    """Record a review of the structure and its terms of reference (today unless said) and when the
    next is due: at least yearly, of a structure that states its purpose and decision body."""
    reviewed_on = reviewed_on or timezone.localdate()
    with locked(structure, expected_version=expected_version) as current:
        refuse(current.blockers_to_reviewing(reviewed_on, next_review_on))
        return change_record(
            structure,
            {"terms_reviewed_on": reviewed_on, "review_due_on": next_review_on},
            by=by,
            action="review_structure",
        )


def delete_structure(structure: Structure, *, by) -> AuditEvent:
    """Delete a structure with its meetings and their actions (restorable from the audit trail).
    Refused while its meetings informed decisions in the decision register."""
    with locked(structure) as current:
        refuse(current.blockers_to_deleting())
        return delete_record(current, by=by, action="delete_structure")


# Meetings ---------------------------------------------------------------------------------------------


def _check_meeting_links(organisation_id, decisions: Iterable[Decision], handovers: Iterable[Handover]) -> None:
    errors = {}
    decision_ids = {d.pk for d in decisions}
    handover_ids = {h.pk for h in handovers}
    if Decision.objects.filter(pk__in=decision_ids).exclude(organisation_id=organisation_id).exists():
        errors["decisions"] = ["Choose decisions of your organisation."]
    if handover_ids and Handover.objects.for_org(organisation_id).filter(pk__in=handover_ids).count() != len(
        handover_ids
    ):
        errors["handovers"] = ["Choose hand-overs of your organisation."]
    if errors:
        raise ValidationError(errors)


def record_meeting(structure: Structure, *, by, decisions=(), handovers=(), **fields) -> StructureMeeting:
    """A meeting of the structure (held, or planned), with its minutes and the decisions and
    hand-overs it informed: what the group influenced."""
    decisions, handovers = list(decisions), list(handovers)
    with locked(structure) as current:
        _check_meeting_links(current.organisation_id, decisions, handovers)
        return create_record(
            StructureMeeting(structure=current, **fields),
            by=by,
            action="record_structure_meeting",
            m2m={"decisions": decisions, "handovers": handovers},
        )


def update_meeting(
    meeting: StructureMeeting, changes: dict, *, by, expected_version: int | None = None
) -> StructureMeeting:
    """Change a meeting: its date, minutes, and what it informed."""
    _check_meeting_links(meeting.structure.organisation_id, changes.get("decisions", ()), changes.get("handovers", ()))
    return change_record(meeting, changes, by=by, action="update_structure_meeting", expected_version=expected_version)


def delete_meeting(meeting: StructureMeeting, *, by) -> AuditEvent:
    """Delete a meeting recorded in error, with its actions (restorable from the audit trail)."""
    with locked(meeting) as current:
        return delete_record(current, by=by, action="delete_structure_meeting")


# Actions agreed at meetings ------------------------------------------------------------------------


def _check_owner(fields: dict, organisation_id) -> None:
    """An action's owner is a Baton user of the organisation, or a named person, or nobody yet;
    never both a user and a name."""
    owner, name = fields.get("owner"), (fields.get("owner_name") or "").strip()
    if owner is not None and name:
        raise ValidationError(
            {"owner_name": ["Choose someone who uses Baton, or name someone outside Baton, not both."]}
        )
    if owner is not None and not eligible_owners(organisation_id).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": ["Choose someone in your organisation."]})


def agree_action(meeting: StructureMeeting, *, by, **fields) -> MeetingAction:
    """An action or commitment agreed at the meeting: what, who, by when."""
    with locked(meeting, related=("structure",)) as current:
        _check_owner(fields, current.structure.organisation_id)
        return create_record(MeetingAction(meeting=current, **fields), by=by, action="agree_meeting_action")


def update_action(action: MeetingAction, changes: dict, *, by, expected_version: int | None = None) -> MeetingAction:
    """Change what was agreed, who owns it, when it is due."""
    with locked(action, expected_version=expected_version, related=("meeting__structure",)) as current:
        merged = {
            "owner": changes.get("owner", current.owner),
            "owner_name": changes.get("owner_name", current.owner_name),
        }
        _check_owner(merged, current.meeting.structure.organisation_id)
        return change_record(action, changes, by=by, action="update_meeting_action")


def complete_action(
    action: MeetingAction, *, done_on: date | None = None, by, expected_version: int | None = None
) -> MeetingAction:
    """Mark the action done (today unless said): the group sees its commitment kept."""
    today = timezone.localdate()
    done_on = done_on or today
    with locked(action, expected_version=expected_version, related=("meeting",)) as current:
        refuse(current.blockers_to_completing(done_on, current.meeting.held_on, today))
        return change_record(action, {"done_on": done_on}, by=by, action="complete_meeting_action")


def delete_action(action: MeetingAction, *, by) -> AuditEvent:
    """Delete an action recorded in error (restorable from the audit trail)."""
    with locked(action) as current:
        return delete_record(current, by=by, action="delete_meeting_action")


def types_in_use():
    """The types of structure offered: the active ones."""
    return StructureType.objects.filter(active=True)
