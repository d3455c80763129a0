"""The one door for changes to programmes, stage runs, activities, insight and hand-overs.

Every action is atomic, re-checks its rule with reasons, writes one audit event and sends its
notifications only once the change is committed."""

from django.db import transaction
from django.utils import timezone

from baton.core import audit
from baton.core.actions import change_record, create_record, delete_record
from baton.core.errors import RuleBroken, StaleEdit
from baton.core.models import AuditEvent

from . import stages
from .models import EngagementActivity, Handover, InsightItem, Programme, StageRun

# Programmes -------------------------------------------------------------------------------------


def create_programme(organisation, *, by, **fields) -> Programme:
    return create_record(Programme(organisation=organisation, **fields), by=by, action="create_programme")


def update_programme(programme: Programme, changes: dict, *, by, expected_version: int | None = None) -> Programme:
    return change_record(programme, changes, by=by, action="update_programme", expected_version=expected_version)


def delete_programme(programme: Programme, *, by) -> AuditEvent:
    """Deletes the programme with its runs, activities, insight and hand-overs; undoable from the
    audit history."""
    return delete_record(programme, by=by, action="delete_programme")


# Stage runs -------------------------------------------------------------------------------------


def open_stage_run(programme: Programme, stage: str, *, owner, by, opened_on=None) -> StageRun:
    """Start a programme in a stage directly. Later stages normally open by accepting a hand-over;
    opening one directly is allowed (programmes join the Cycle part-way) but only when the
    programme has no run in that stage that is not closed."""
    if stage not in stages.BY_KEY:
        raise RuleBroken("Choose one of the five stages.")
    if StageRun.objects.filter(programme=programme, stage=stage).exclude(status=StageRun.Status.CLOSED).exists():
        raise RuleBroken(f"{programme} already has a {stages.label(stage)} run that is not closed.")
    run = StageRun(
        programme=programme,
        stage=stage,
        owner=owner,
        status=StageRun.Status.OPEN,
        opened_on=opened_on or timezone.localdate(),
    )
    return create_record(run, by=by, action="open_stage_run")


def close_stage_run(run: StageRun, *, by, expected_version: int | None = None) -> StageRun:
    """Baton rule (The Engagement Cycle hub: 'the baton is never dropped'): a stage run cannot close
    without an accepted hand-over to the next stage."""
    with transaction.atomic():
        locked = StageRun.objects.select_for_update().get(pk=run.pk)
        if expected_version is not None and locked.version != expected_version:
            raise StaleEdit("this stage run")
        reasons = locked.blockers_to_closing()
        if reasons:
            raise RuleBroken(reasons)
        return change_record(
            run, {"status": StageRun.Status.CLOSED, "closed_on": timezone.localdate()}, by=by, action="close_stage_run"
        )


# Activities and insight ---------------------------------------------------------------------------


def _require_live(run: StageRun, what: str) -> None:
    if run.status == StageRun.Status.CLOSED:
        raise RuleBroken(f"This stage run is closed, so {what} can no longer be added to it.")


def record_activity(run: StageRun, *, by, **fields) -> EngagementActivity:
    _require_live(run, "activities")
    return create_record(EngagementActivity(stage_run=run, **fields), by=by, action="record_activity")


def update_activity(activity, changes, *, by, expected_version=None):
    return change_record(activity, changes, by=by, action="update_activity", expected_version=expected_version)


def delete_activity(activity, *, by):
    return delete_record(activity, by=by, action="delete_activity")


def record_insight(run: StageRun, *, by, **fields) -> InsightItem:
    _require_live(run, "insight")
    if fields.get("activity") is not None and fields["activity"].stage_run_id != run.pk:
        raise RuleBroken("The activity must belong to the same stage run.")
    fields.setdefault("stage_relevance", [run.stage])
    return create_record(InsightItem(stage_run=run, **fields), by=by, action="record_insight")


def update_insight(item, changes, *, by, expected_version=None):
    return change_record(item, changes, by=by, action="update_insight", expected_version=expected_version)


def delete_insight(item, *, by):
    return delete_record(item, by=by, action="delete_insight")


# Hand-overs ----------------------------------------------------------------------------------------


def hand_over(
    run: StageRun, *, to_stage: str, next_owner, summary: str, open_actions: str = "", insight=(), by
) -> Handover:
    """Hand the baton to the next stage: the insight carried forward and the open actions go to the
    next owner, who is told by email and must accept (or query) the hand-over. The next stage's run
    is created now, awaiting acceptance."""
    from .notifications import notify_handover_waiting

    with transaction.atomic():
        run = StageRun.objects.select_for_update().select_related("programme").get(pk=run.pk)
        reasons = []
        if run.status != StageRun.Status.OPEN:
            reasons.append("Only an open stage run can hand over.")
        if Handover.objects.filter(from_run=run).exists():
            reasons.append("This stage run has already handed over. Change that hand-over instead.")
        if to_stage not in run.stage_info.hands_to:
            allowed = " or ".join(stages.label(k) for k in run.stage_info.hands_to)
            reasons.append(f"{run.stage_info.label} hands over to {allowed}.")
        if not (summary or "").strip():
            reasons.append("Say what this stage learned and what the next stage needs to know.")
        if (
            StageRun.objects.filter(programme=run.programme, stage=to_stage)
            .exclude(status=StageRun.Status.CLOSED)
            .exists()
        ):
            reasons.append(f"{run.programme} already has a {stages.label(to_stage)} run that is not closed.")
        insight = list(insight)
        if any(item.stage_run.programme_id != run.programme_id for item in insight):
            reasons.append("Only this programme's insight can be carried forward.")
        if reasons:
            raise RuleBroken(reasons)
        to_run = create_record(
            StageRun(programme=run.programme, stage=to_stage, owner=next_owner, status=StageRun.Status.PLANNED),
            by=by,
            action="hand_over",
        )
        handover = Handover(
            from_run=run,
            to_stage=to_stage,
            to_run=to_run,
            next_owner=next_owner,
            summary=summary,
            open_actions=open_actions,
            created_by=by,
        )
        handover.save()
        handover.carried_insight.set(insight)
        audit.record(handover, AuditEvent.Verb.CREATE, by=by, action="hand_over", after=audit.snapshot(handover))
        transaction.on_commit(lambda: notify_handover_waiting(handover.pk))
    return handover


def update_handover(handover: Handover, changes: dict, *, by, expected_version=None) -> Handover:
    """Change a hand-over that has not been accepted yet; a queried one goes back to awaiting
    acceptance and the next owner is told again."""
    from .notifications import notify_handover_waiting

    if handover.status == Handover.Status.ACCEPTED:
        raise RuleBroken("This hand-over has been accepted and can no longer change.")
    was_queried = handover.status == Handover.Status.QUERIED
    if was_queried:
        changes = {**changes, "status": Handover.Status.PENDING}
    with transaction.atomic():
        handover = change_record(handover, changes, by=by, action="update_handover", expected_version=expected_version)
        if "next_owner" in changes:
            StageRun.objects.filter(pk=handover.to_run_id).update(owner=handover.next_owner)
        transaction.on_commit(lambda: notify_handover_waiting(handover.pk))
    return handover


def accept_handover(handover: Handover, *, by, expected_version=None) -> Handover:
    """The next stage's owner takes the baton: the next stage run opens."""
    with transaction.atomic():
        locked = Handover.objects.select_for_update().get(pk=handover.pk)
        if locked.status == Handover.Status.ACCEPTED:
            raise RuleBroken("This hand-over has already been accepted.")
        change_record(
            handover,
            {"status": Handover.Status.ACCEPTED, "responded_at": timezone.now(), "responded_by": by},
            by=by,
            action="accept_handover",
            expected_version=expected_version,
        )
        change_record(
            handover.to_run,
            {"status": StageRun.Status.OPEN, "opened_on": timezone.localdate()},
            by=by,
            action="accept_handover",
        )
    return handover


def query_handover(handover: Handover, *, note: str, by, expected_version=None) -> Handover:
    """The next owner asks for more before accepting; the sender is told."""
    from .notifications import notify_handover_queried

    if not (note or "").strip():
        raise RuleBroken("Say what you need before you can accept this hand-over.")
    if handover.status == Handover.Status.ACCEPTED:
        raise RuleBroken("This hand-over has already been accepted.")
    with transaction.atomic():
        change_record(
            handover,
            {"status": Handover.Status.QUERIED, "query_note": note, "responded_at": timezone.now(), "responded_by": by},
            by=by,
            action="query_handover",
            expected_version=expected_version,
        )
        transaction.on_commit(lambda: notify_handover_queried(handover.pk))
    return handover
