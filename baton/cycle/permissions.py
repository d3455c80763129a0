"""Who may do what to programmes and their cycle. Pages, the API and templates all ask here.

`get_*_for_user` return the record or raise 404 when it belongs to another organisation;
`can_*` predicates answer yes or no (views and the API turn a no into 403); `eligible_*` are the
choices a page offers and the API accepts, so both share one rule for every choice."""

from __future__ import annotations

from baton.core.permissions import get_for_user, has, holders_of
from baton.core.roles import LEAD_ENGAGEMENT, OWN_WORK

from .models import EngagementActivity, Handover, InsightItem, Programme, StageRun


def get_programme_for_user(user, pk) -> Programme:
    """The programme, if it belongs to the user's organisation; otherwise 404."""
    return get_for_user(Programme, user, pk, select_related=("lead", "organisation"))


def get_run_for_user(user, pk) -> StageRun:
    """The stage run with both its hand-overs joined (the run page and `blockers_to_closing()`
    read them), if it is the user's organisation's; otherwise 404."""
    return get_for_user(
        StageRun,
        user,
        pk,
        select_related=(
            "programme",
            "programme__organisation",
            "programme__lead",
            "owner",
            "handover_out",
            "handover_out__next_owner",
            "handover_in",
            "handover_in__from_run",
        ),
    )


def get_activity_for_user(user, pk) -> EngagementActivity:
    """The activity with its run and programme joined, if it is the user's organisation's; else 404."""
    return get_for_user(
        EngagementActivity,
        user,
        pk,
        select_related=("stage_run", "stage_run__programme", "stage_run__programme__lead", "stage_run__owner"),
    )


def get_insight_for_user(user, pk) -> InsightItem:
    """The insight item with its run and programme joined, if it is the user's organisation's; else 404."""
    return get_for_user(
        InsightItem,
        user,
        pk,
        select_related=("stage_run", "stage_run__programme", "stage_run__programme__lead", "stage_run__owner"),
    )


def get_handover_for_user(user, pk) -> Handover:
    """The hand-over with both runs, the programme and the people joined, if it is the user's
    organisation's; else 404."""
    return get_for_user(
        Handover.objects.with_parties(),
        user,
        pk,
        select_related=("from_run__programme__organisation", "from_run__programme__lead", "responded_by"),
    )


def eligible_owners(organisation):
    """Who may lead a programme, own a stage run or be a hand-over's next owner: active people
    who hold, today, a role that may own work (board members, lay members and patient partners
    read only). The pages list exactly these; the API and the actions accept no one else."""
    return holders_of(OWN_WORK, organisation)


def can_create_programme(user) -> bool:
    """People who may own work start programmes."""
    return has(user, OWN_WORK)


def can_edit_programme(user, programme: Programme) -> bool:
    """Engagement leads edit any programme; a programme lead edits the programmes they lead."""
    if has(user, LEAD_ENGAGEMENT):
        return True
    return has(user, OWN_WORK) and programme.lead_id == user.pk


def can_delete_programme(user, programme: Programme) -> bool:
    """Only engagement leads delete a programme (and can restore it)."""
    return has(user, LEAD_ENGAGEMENT)


def can_publish_programme(user, programme: Programme) -> bool:
    """What the public reads is published by an engagement lead."""
    return has(user, LEAD_ENGAGEMENT)


def can_work_on_run(user, run: StageRun) -> bool:
    """Record activities and insight, hand over and close: the programme's editors and the run's owner."""
    if can_edit_programme(user, run.programme):
        return True
    return has(user, OWN_WORK) and run.owner_id == user.pk


def can_reopen_run(user, run: StageRun) -> bool:
    """Reopening a closed run, or recording why it needs no hand-over: engagement leads."""
    return has(user, LEAD_ENGAGEMENT)


def can_respond_to_handover(user, handover: Handover) -> bool:
    """Accept or query: only the named next owner. A lead who wants someone else to take it
    changes the next owner (recorded, and the new owner is told)."""
    return has(user, OWN_WORK) and handover.next_owner_id == user.pk


def can_change_handover(user, handover: Handover) -> bool:
    """Change the hand-over, answer its queries and change its next owner: whoever may work on
    the run it comes from (its owner, the programme's lead, engagement leads)."""
    return can_work_on_run(user, handover.from_run)
