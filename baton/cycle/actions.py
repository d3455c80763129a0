"""The one door for changes to programmes, stage runs, activities, insight and hand-overs.

Every action follows `core.actions`' contract: lock and re-read inside the transaction, ask the
model for its blockers, raise them, change through the audited door, side effects on commit. The
rules come from The Engagement Cycle: the hub "makes sure that what each stage learns is handed to
the next, so the baton is never dropped"."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from baton.core.actions import change_record, create_record, delete_record, locked, refuse
from baton.core.models import AuditEvent

from . import notifications, stages
from .models import EngagementActivity, Handover, HandoverMessage, InsightItem, Programme, StageRun
from .permissions import eligible_owners

CARRY, ANSWER, CLOSE = "carry", "answer", "close"
DISPOSITIONS = {ANSWER: InsightItem.Status.ANSWERED, CLOSE: InsightItem.Status.CLOSED}


def _is_eligible(person, organisation) -> bool:
    return eligible_owners(organisation).filter(pk=person.pk).exists()


def _require_eligible(person, organisation, field: str) -> None:
    """One rule for every choice of who leads or owns work, for the pages and the API alike."""
    if person is not None and not _is_eligible(person, organisation):
        raise ValidationError(
            {field: ["Choose someone who can lead programmes and own stage runs in your organisation."]}
        )


# Programmes -------------------------------------------------------------------------------------


def create_programme(organisation, *, by, **fields) -> Programme:
    """A new programme of the organisation; its lead must be someone who may own work."""
    with transaction.atomic():
        _require_eligible(fields.get("lead"), organisation, "lead")
        return create_record(Programme(organisation=organisation, **fields), by=by, action="create_programme")


def update_programme(programme: Programme, changes: dict, *, by, expected_version: int | None = None) -> Programme:
    """Change a programme's details (not what is published: see `publish_programme`)."""
    with transaction.atomic():
        if "lead" in changes:
            _require_eligible(changes["lead"], programme.organisation_id, "lead")
        return change_record(programme, changes, by=by, action="update_programme", expected_version=expected_version)


def delete_programme(programme: Programme, *, by) -> AuditEvent:
    """Deletes the programme with its runs, activities, insight and hand-overs; undoable from the
    audit history."""
    return delete_record(programme, by=by, action="delete_programme")


def publish_programme(programme: Programme, *, by, expected_version: int | None = None) -> Programme:
    """Put the programme's public summary, as it stands, on the public pages. Publishing is a
    deliberate step by an engagement lead after a preview: a draft typed into the programme form
    is never public by itself."""
    with locked(programme, expected_version=expected_version) as current:
        refuse(current.blockers_to_publishing())
        return change_record(
            programme,
            {"published_summary": current.public_summary, "published_at": timezone.now(), "published_by": by},
            by=by,
            action="publish_programme",
        )


def unpublish_programme(programme: Programme, *, by, expected_version: int | None = None) -> Programme:
    """Take the programme off the public pages (its draft summary stays)."""
    with locked(programme, expected_version=expected_version) as current:
        refuse(current.blockers_to_unpublishing())
        return change_record(
            programme,
            {"published_summary": "", "published_at": None, "published_by": None},
            by=by,
            action="unpublish_programme",
        )


# Stage runs -------------------------------------------------------------------------------------


def open_stage_run(programme: Programme, stage: str, *, owner, by, opened_on=None) -> StageRun:
    """Start a programme in a stage directly. Later stages normally open by accepting a hand-over;
    opening one directly is allowed (programmes join the Cycle part-way) but only when the
    programme has no run in that stage that is not closed. The programme is locked, so two people
    opening the same stage at once open it once."""
    if stage not in stages.BY_KEY:
        raise ValidationError({"stage": ["Choose one of the five stages."]})
    with locked(programme) as current:
        _require_eligible(owner, current.organisation_id, "owner")
        if StageRun.objects.filter(programme=current, stage=stage).live().exists():
            raise ValidationError(
                {"stage": [f"{current} already has a {stages.label(stage)} run that is not closed. Close it first."]}
            )
        run = StageRun(
            programme=current,
            stage=stage,
            owner=owner,
            status=StageRun.Status.OPEN,
            opened_on=opened_on or timezone.localdate(),
        )
        return create_record(run, by=by, action="open_stage_run")


def _dispose(run: StageRun, dispositions, *, by, handover: Handover | None) -> list[InsightItem]:
    """Apply a person's decision about each open insight item of `run`: carry it forward (into
    `handover`), answer it or close it (each with its text). Returns the items to carry. Items of
    another run, or no longer open, are refused by name."""
    to_carry = []
    for item, choice, text in dispositions or ():
        current = InsightItem.objects.select_for_update().get(pk=item.pk)
        if current.stage_run_id != run.pk:
            raise ValidationError({"insight": [f"'{current}' is not this stage run's insight."]})
        if current.status != InsightItem.Status.OPEN:
            raise ValidationError({"insight": [f"'{current}' is no longer open."]})
        if choice == CARRY:
            to_carry.append(current)
        elif choice in DISPOSITIONS:
            resolve_insight(current, status=DISPOSITIONS[choice], resolution=text, by=by)
        else:
            raise ValidationError({"insight": [f"Choose what happens to '{current}'."]})
    if to_carry and handover is not None:
        already = list(handover.carried_insight.values_list("pk", flat=True))
        change_record(
            handover, {"carried_insight": already + [i.pk for i in to_carry]}, by=by, action="carry_insight_forward"
        )
    return to_carry


def close_stage_run(run: StageRun, *, by, expected_version: int | None = None, dispositions=()) -> StageRun:
    """The baton rule: a stage run cannot close without an accepted hand-over to the next stage,
    and with nothing it learned left behind. `dispositions` ((item, "carry"|"answer"|"close",
    text), ...) settle the open insight in the same step: carried into the hand-over, answered or
    closed with a reason. All or nothing."""
    with locked(run, expected_version=expected_version) as current:
        if current.status == StageRun.Status.OPEN:
            _dispose(current, dispositions, by=by, handover=current.handover)
        refuse(current.blockers_to_closing())
        return change_record(
            run,
            {
                "status": StageRun.Status.CLOSED,
                "closed_on": max(timezone.localdate(), current.opened_on or timezone.localdate()),
            },
            by=by,
            action="close_stage_run",
        )


def reopen_stage_run(run: StageRun, *, reason: str, by, expected_version: int | None = None) -> StageRun:
    """A closed run is read-only; an engagement lead reopens it to correct it, saying why (kept in
    the run's history)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Say why the stage run is being reopened."]})
    with locked(run, expected_version=expected_version) as current:
        refuse(current.blockers_to_reopening())
        return change_record(
            run,
            {"status": StageRun.Status.OPEN, "closed_on": None, "reopen_reason": reason.strip()},
            by=by,
            action="reopen_stage_run",
        )


def excuse_stage_run(run: StageRun, *, reason: str, by, expected_version: int | None = None) -> StageRun:
    """A run closed without a hand-over (from before Baton, say) is a dropped baton until it hands
    over late or an engagement lead records why it needs none. The reason ends the dropped baton
    and stays in the run's history."""
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Say why this stage run needs no hand-over."]})
    with locked(run, expected_version=expected_version) as current:
        refuse(current.blockers_to_excusing())
        return change_record(run, {"no_handover_reason": reason.strip()}, by=by, action="excuse_stage_run")


# Activities and insight ---------------------------------------------------------------------------


def record_activity(run: StageRun, *, by, **fields) -> EngagementActivity:
    """An engagement activity of an open (or planned) run; a closed run is read-only."""
    with locked(run) as current:
        refuse(current.blockers_to_recording("activities"))
        return create_record(EngagementActivity(stage_run=current, **fields), by=by, action="record_activity")


def update_activity(activity: EngagementActivity, changes: dict, *, by, expected_version=None) -> EngagementActivity:
    """Change an activity of a run that is not closed (a closed run is read-only)."""
    with locked(activity.stage_run) as run:
        refuse(run.blockers_to_recording("activities"))
        return change_record(activity, changes, by=by, action="update_activity", expected_version=expected_version)


def delete_activity(activity: EngagementActivity, *, by) -> AuditEvent:
    """Delete an activity of a run that is not closed; undoable from the audit trail while the run
    stays open. Insight recorded from it stays, no longer linked."""
    with locked(activity.stage_run) as run:
        refuse(run.blockers_to_recording("activities"))
        return delete_record(activity, by=by, action="delete_activity")


def record_insight(run: StageRun, *, by, **fields) -> InsightItem:
    """Something learned in a run that is not closed. It stays open until it is carried forward,
    answered or closed."""
    with locked(run) as current:
        refuse(current.blockers_to_recording("insight"))
        if fields.get("activity") is not None and fields["activity"].stage_run_id != current.pk:
            raise ValidationError({"activity": ["Choose one of this stage run's activities."]})
        fields.setdefault("stage_relevance", [current.stage])
        status = fields.get("status", InsightItem.Status.OPEN)
        if status != InsightItem.Status.OPEN:
            refuse(InsightItem(status=status).blockers_to_resolving(status, fields.get("resolution", "")))
            fields.update(resolved_at=timezone.now(), resolved_by=by)
        return create_record(InsightItem(stage_run=current, **fields), by=by, action="record_insight")


def update_insight(item: InsightItem, changes: dict, *, by, expected_version=None) -> InsightItem:
    """Change an insight item. Answering or closing it needs the answer or the reason; reopening
    it clears them (the audit trail keeps what they were)."""
    with locked(item.stage_run) as run:
        refuse(run.blockers_to_recording("insight"))
        if changes.get("activity") is not None and changes["activity"].stage_run_id != run.pk:
            raise ValidationError({"activity": ["Choose one of this stage run's activities."]})
        changes = dict(changes)
        status = changes.get("status", item.status)
        if status == InsightItem.Status.OPEN:
            changes.update(resolution="", resolved_at=None, resolved_by=None)
        elif "status" in changes or "resolution" in changes:
            refuse(item.blockers_to_resolving(status, changes.get("resolution", item.resolution)))
            changes.update(resolved_at=timezone.now(), resolved_by=by)
        return change_record(item, changes, by=by, action="update_insight", expected_version=expected_version)


def resolve_insight(item: InsightItem, *, status: str, resolution: str, by, expected_version=None) -> InsightItem:
    """Answer an insight item (say what was done about it) or close it (say why not)."""
    refuse(item.blockers_to_resolving(status, resolution))
    return change_record(
        item,
        {"status": status, "resolution": resolution.strip(), "resolved_at": timezone.now(), "resolved_by": by},
        by=by,
        action="resolve_insight",
        expected_version=expected_version,
    )


def delete_insight(item: InsightItem, *, by) -> AuditEvent:
    """Delete an insight item of a run that is not closed; undoable from the audit trail."""
    with locked(item.stage_run) as run:
        refuse(run.blockers_to_recording("insight"))
        return delete_record(item, by=by, action="delete_insight")


# Hand-overs ----------------------------------------------------------------------------------------


def hand_over(
    run: StageRun,
    *,
    to_stage: str,
    next_owner,
    summary: str,
    open_actions: str = "",
    dispositions=None,
    insight=None,
    by,
) -> Handover:
    """Hand the baton to the next stage. Every open insight item of the run is settled here:
    carried forward (the default), answered (with the answer) or closed (with the reason), so that
    nothing it learned is dropped; `dispositions` says which, and an item it leaves out is carried.
    (`insight`: items to carry; the others are then to be settled by `dispositions`.) The next
    owner is told and must accept (or query) the hand-over; the next stage's run is made now,
    awaiting acceptance. A run that closed without a hand-over may hand over late."""
    with locked(run, related=("programme",)) as current:
        reasons = current.blockers_to_handing_over(to_stage)
        if not (summary or "").strip():
            reasons.append("Say what this stage learned and what the next stage needs to know.")
        refuse(reasons)
        _require_eligible(next_owner, current.programme.organisation_id, "next_owner")
        decided = {item.pk for item, _choice, _text in dispositions or ()}
        chosen = {item.pk for item in insight} if insight is not None else None
        settled = list(dispositions or ())
        for item in InsightItem.objects.filter(
            stage_run=current, status=InsightItem.Status.OPEN, carried_by__isnull=True
        ):
            if item.pk in decided:
                continue
            if chosen is None or item.pk in chosen:
                settled.append((item, CARRY, ""))
            else:
                raise ValidationError(
                    {"insight": [f"Say what happens to '{item}': carry it forward, answer it or close it."]}
                )
        if chosen is not None:
            known = {item.pk for item, _c, _t in settled}
            stray = chosen - known
            if stray:
                raise ValidationError({"insight": ["Only this stage run's open insight can be carried forward."]})
        to_carry = _dispose(current, settled, by=by, handover=None)
        to_run = create_record(
            StageRun(programme=current.programme, stage=to_stage, owner=next_owner, status=StageRun.Status.PLANNED),
            by=by,
            action="hand_over",
        )
        handover = create_record(
            Handover(
                from_run=current,
                to_stage=to_stage,
                to_run=to_run,
                next_owner=next_owner,
                summary=summary.strip(),
                open_actions=(open_actions or "").strip(),
                created_by=by,
                late=current.status == StageRun.Status.CLOSED,
            ),
            by=by,
            action="hand_over",
            m2m={"carried_insight": to_carry},
        )
        transaction.on_commit(lambda: notifications.handover_waiting(handover.pk))
    return handover


def update_handover(handover: Handover, changes: dict, *, by, expected_version=None) -> Handover:
    """Change a hand-over not yet accepted. A new next owner is told, the planned run becomes
    theirs, and the change is kept in the hand-over's conversation."""
    with locked(handover, expected_version=expected_version, related=("from_run__programme",)) as current:
        refuse(current.blockers_to_changing())
        new_owner = changes.get("next_owner")
        reassigned = new_owner is not None and new_owner.pk != current.next_owner_id
        if reassigned:
            _require_eligible(new_owner, current.from_run.programme.organisation_id, "next_owner")
        if "carried_insight" in changes:
            _check_carryable(current, changes["carried_insight"])
        previous = current.next_owner
        change_record(handover, changes, by=by, action="update_handover")
        if reassigned:
            change_record(current.to_run, {"owner": new_owner}, by=by, action="update_handover")
            HandoverMessage.objects.create(
                handover=current,
                kind=HandoverMessage.Kind.REASSIGNED,
                text=f"Next owner changed from {previous} to {new_owner}.",
                author=by,
            )
            transaction.on_commit(lambda: notifications.handover_reassigned(handover.pk, previous.pk))
    return handover


def _check_carryable(handover: Handover, items) -> None:
    """The same rule as at hand-over: only the sending run's insight that is open, or already
    carried by this hand-over, can be carried."""
    wanted = {getattr(item, "pk", item) for item in items}
    allowed = set(
        InsightItem.objects.filter(stage_run_id=handover.from_run_id)
        .filter(Q(status=InsightItem.Status.OPEN) | Q(carried_by=handover))
        # Equivalent mutant: values_list(flat=True) with no field named gives the first field, the id.
        .values_list("pk", flat=True)  # pragma: no mutate
    )
    if wanted - allowed:
        raise ValidationError({"insight": ["Only this stage run's open insight can be carried forward."]})


def accept_handover(handover: Handover, *, by, expected_version=None) -> Handover:
    """The next owner takes the baton: the next stage run opens and the sender is told, so they
    know they can close their run. Only the named next owner accepts, checked under the lock (the
    next owner may have been changed, or the hand-over queried, a moment ago)."""
    with locked(handover, expected_version=expected_version, related=("to_run",)) as current:
        refuse(current.blockers_to_accepting(by))
        if not _is_eligible(by, current.from_run.programme.organisation_id):
            refuse(
                ["You no longer hold a role that can own stage runs. Ask an engagement lead to change the next owner."]
            )
        change_record(
            handover,
            {"status": Handover.Status.ACCEPTED, "responded_at": timezone.now(), "responded_by": by},
            by=by,
            action="accept_handover",
        )
        change_record(
            current.to_run,
            {"status": StageRun.Status.OPEN, "opened_on": timezone.localdate()},
            by=by,
            action="accept_handover",
        )
        transaction.on_commit(lambda: notifications.handover_accepted(handover.pk))
    return handover


def query_handover(handover: Handover, *, note: str, by, expected_version=None) -> Handover:
    """The next owner asks for more before accepting; the question is kept and the sender told."""
    if not (note or "").strip():
        raise ValidationError({"note": ["Say what you need before you can accept this hand-over."]})
    with locked(handover, expected_version=expected_version) as current:
        refuse(current.blockers_to_querying(by))
        change_record(
            handover,
            {"status": Handover.Status.QUERIED, "responded_at": timezone.now(), "responded_by": by},
            by=by,
            action="query_handover",
        )
        create_record(
            HandoverMessage(handover=current, kind=HandoverMessage.Kind.QUERY, text=note.strip(), author=by),
            by=by,
            action="query_handover",
        )
        transaction.on_commit(lambda: notifications.handover_queried(handover.pk))
    return handover


def answer_query(
    handover: Handover, *, answer: str, by, changes: dict | None = None, expected_version=None
) -> Handover:
    """The sender answers the next owner's query (and may change the hand-over with it); the
    hand-over goes back to awaiting acceptance and the next owner is told."""
    if not (answer or "").strip():
        raise ValidationError({"answer": ["Write your answer to the query."]})
    changes = dict(changes or {})
    with locked(handover, expected_version=expected_version) as current:
        refuse(current.blockers_to_answering())
        if "carried_insight" in changes:
            _check_carryable(current, changes["carried_insight"])
        change_record(handover, {**changes, "status": Handover.Status.PENDING}, by=by, action="answer_query")
        create_record(
            HandoverMessage(handover=current, kind=HandoverMessage.Kind.ANSWER, text=answer.strip(), author=by),
            by=by,
            action="answer_query",
        )
        transaction.on_commit(lambda: notifications.query_answered(handover.pk))
    return handover
