"""Who may do what to programmes and their cycle. Pages, the API and templates all ask here.

`get_*_for_user` return the record or raise 404 when it belongs to another organisation;
`can_*` predicates answer yes or no; views turn a no into 403."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from baton.core.models import Role
from baton.core.permissions import require_member, role_of

from .models import EngagementActivity, Handover, InsightItem, Programme, StageRun

LEADS = {Role.ENGAGEMENT_LEAD, Role.ADMIN}


def get_programme_for_user(user, pk) -> Programme:
    """The programme, if it belongs to the user's organisation; otherwise 404."""
    member = require_member(user)
    return get_object_or_404(
        Programme.objects.select_related("lead", "organisation"), pk=pk, organisation_id=member.organisation_id
    )


def get_run_for_user(user, pk) -> StageRun:
    member = require_member(user)
    return get_object_or_404(
        StageRun.objects.select_related(
            "programme",
            "programme__organisation",
            "programme__lead",
            "owner",
            # the run page and blockers_to_closing() read both hand-overs: join them, not a query each
            "handover_out",
            "handover_out__next_owner",
            "handover_in",
            "handover_in__from_run",
        ),
        pk=pk,
        programme__organisation_id=member.organisation_id,
    )


def get_activity_for_user(user, pk) -> EngagementActivity:
    member = require_member(user)
    return get_object_or_404(
        EngagementActivity.objects.select_related(
            "stage_run", "stage_run__programme", "stage_run__programme__lead", "stage_run__owner"
        ),
        pk=pk,
        stage_run__programme__organisation_id=member.organisation_id,
    )


def get_insight_for_user(user, pk) -> InsightItem:
    member = require_member(user)
    return get_object_or_404(
        InsightItem.objects.select_related(
            "stage_run", "stage_run__programme", "stage_run__programme__lead", "stage_run__owner"
        ),
        pk=pk,
        stage_run__programme__organisation_id=member.organisation_id,
    )


def get_handover_for_user(user, pk) -> Handover:
    member = require_member(user)
    try:
        return (
            Handover.objects.with_parties()
            .select_related("from_run__programme__organisation", "from_run__programme__lead")
            .get(pk=pk, from_run__programme__organisation_id=member.organisation_id)
        )
    except Handover.DoesNotExist:
        raise Http404("Not found") from None


def can_create_programme(user) -> bool:
    return role_of(user) in {Role.ENGAGEMENT_LEAD, Role.ADMIN, Role.PROGRAMME_LEAD}


def can_edit_programme(user, programme: Programme) -> bool:
    """Engagement leads edit any programme; a programme lead edits the programmes they lead."""
    role = role_of(user)
    if role in LEADS:
        return True
    return role == Role.PROGRAMME_LEAD and programme.lead_id == user.pk


def can_delete_programme(user, programme: Programme) -> bool:
    return role_of(user) in LEADS


def can_work_on_run(user, run: StageRun) -> bool:
    """Record activities and insight, hand over and close: the programme's editors and the run's owner."""
    if can_edit_programme(user, run.programme):
        return True
    return role_of(user) == Role.PROGRAMME_LEAD and run.owner_id == user.pk


def can_respond_to_handover(user, handover: Handover) -> bool:
    """Accept or query: the next owner, or an engagement lead acting for them."""
    if role_of(user) in LEADS:
        return True
    return role_of(user) == Role.PROGRAMME_LEAD and handover.next_owner_id == user.pk


def can_change_handover(user, handover: Handover) -> bool:
    return can_work_on_run(user, handover.from_run)
