"""Taking part's REST API under /api/people/: opportunities, their registrations of interest
(invite, not selected, record participation), and a person's rights (export, erasure). The pages'
four steps through the same permission helpers and actions: 404 when not yours, 403 when not
allowed, 422 for bad input, 409 when a rule refuses. Lists paginate; creates take an optional
`Idempotency-Key`."""

from django.core.exceptions import ValidationError
from django.db.models import Count
from ninja import Header, Path, Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from baton.core.api_helpers import changes_of, created_once
from baton.core.permissions import require, require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Pages, responses
from baton.cycle.models import EngagementActivity
from baton.structures.models import Structure

from . import actions, rights
from .models import Interest, Opportunity
from .permissions import (
    can_export_person,
    can_invite,
    can_manage_taking_part,
    can_see_opportunities,
    get_interest_for_user,
    get_opportunity_for_user,
    get_person_for_rights,
)
from .schemas_taking_part import (
    Deleted,
    Erased,
    InterestFilter,
    InterestOut,
    InterestParticipationIn,
    InterestParticipationOut,
    OpportunityIn,
    OpportunityOut,
    OpportunityPatch,
    Version,
)

router = Router(tags=["taking part"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)


def _opportunities(member):
    return Opportunity.objects.for_org(member.organisation_id).annotate(registrations=Count("interests"))


def _links(member, fields: dict) -> dict:
    """`activity_id` and `structure_id` named in the body: the organisation's own, else 422."""
    out: dict = {}
    for name, model in (("activity", EngagementActivity), ("structure", Structure)):
        if f"{name}_id" not in fields:
            continue
        pk = fields.pop(f"{name}_id")
        if pk is None:
            out[name] = None
            continue
        found = model.objects.for_org(member.organisation_id).filter(pk=pk).first()
        if found is None:
            raise ValidationError(
                {
                    name: [
                        f"Choose an {name} of your organisation."
                        if name == "activity"
                        else f"Choose a {name} of your organisation."
                    ]
                }
            )
        out[name] = found
    return out


@router.get("/people/opportunities", response=responses({200: list[OpportunityOut]}), summary="List opportunities")
@paginate(Pages)
def list_opportunities(request):
    member = require_member(request.auth)
    require(can_see_opportunities(request.auth))
    return _opportunities(member).order_by("-published", "closes_on", "pk")


@router.post(
    "/people/opportunities",
    response=responses({201: OpportunityOut, 200: OpportunityOut}, WRITE_ERRORS),
    summary="Add an opportunity (a draft)",
)
def create_opportunity(request, payload: OpportunityIn, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    require(can_manage_taking_part(request.auth))
    fields = payload.dict()
    fields.update(_links(member, fields))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.create_opportunity(member.organisation, by=request.auth, **fields),
        lambda pk: _opportunities(member).get(pk=pk),
    )


@router.get(
    "/people/opportunities/{opportunity_id}", response=responses({200: OpportunityOut}), summary="Get an opportunity"
)
def get_opportunity(request, opportunity_id: int = PK):
    member = require_member(request.auth)
    get_opportunity_for_user(request.auth, opportunity_id)
    require(can_see_opportunities(request.auth))
    return _opportunities(member).get(pk=opportunity_id)


@router.patch(
    "/people/opportunities/{opportunity_id}",
    response=responses({200: OpportunityOut}, WRITE_ERRORS),
    summary="Change an opportunity",
)
def update_opportunity(request, payload: OpportunityPatch, opportunity_id: int = PK):
    member = require_member(request.auth)
    opportunity = get_opportunity_for_user(request.auth, opportunity_id)
    require(can_manage_taking_part(request.auth))
    changes = changes_of(payload)
    changes.update(_links(member, changes))
    actions.update_opportunity(opportunity, changes, by=request.auth, expected_version=payload.version)
    return _opportunities(member).get(pk=opportunity.pk)


def _publishing(request, opportunity_id, payload, action):
    member = require_member(request.auth)
    opportunity = get_opportunity_for_user(request.auth, opportunity_id)
    require(can_manage_taking_part(request.auth))
    action(opportunity, by=request.auth, expected_version=payload.version if payload else None)
    return _opportunities(member).get(pk=opportunity.pk)


@router.post(
    "/people/opportunities/{opportunity_id}/publish",
    response=responses({200: OpportunityOut}, WRITE_ERRORS),
    summary="Publish an opportunity on the public page",
)
def publish_opportunity(request, payload: Version | None = None, opportunity_id: int = PK):
    return _publishing(request, opportunity_id, payload, actions.publish_opportunity)


@router.post(
    "/people/opportunities/{opportunity_id}/unpublish",
    response=responses({200: OpportunityOut}, WRITE_ERRORS),
    summary="Take an opportunity off the public page",
)
def unpublish_opportunity(request, payload: Version | None = None, opportunity_id: int = PK):
    return _publishing(request, opportunity_id, payload, actions.unpublish_opportunity)


@router.delete(
    "/people/opportunities/{opportunity_id}",
    response=responses({200: Deleted}, WRITE_ERRORS),
    summary="Delete an opportunity with its registrations (restorable)",
)
def delete_opportunity(request, opportunity_id: int = PK):
    opportunity = get_opportunity_for_user(request.auth, opportunity_id)
    require(can_manage_taking_part(request.auth))
    return {"audit_event_id": actions.delete_opportunity(opportunity, by=request.auth).pk}


# Registrations -------------------------------------------------------------------------------------


@router.get(
    "/people/opportunities/{opportunity_id}/interests",
    response=responses({200: list[InterestOut]}),
    summary="Registrations of interest in an opportunity",
)
@paginate(Pages)
def list_interests(request, filters: Query[InterestFilter], opportunity_id: int = PK):
    opportunity = get_opportunity_for_user(request.auth, opportunity_id)
    require(can_invite(request.auth))
    return filters.filter(opportunity.interests.select_related("person").order_by("-registered_at", "-pk"))


def _interest_out(pk):
    return Interest.objects.select_related("person").get(pk=pk)


@router.post(
    "/people/interests/{interest_id}/invite",
    response=responses({200: InterestOut}, WRITE_ERRORS),
    summary="Invite a registered person (emailed if they consented)",
)
def invite(request, payload: Version | None = None, interest_id: int = PK):
    interest = get_interest_for_user(request.auth, interest_id)
    require(can_invite(request.auth))
    actions.invite_person(interest, by=request.auth, expected_version=payload.version if payload else None)
    return _interest_out(interest.pk)


@router.post(
    "/people/interests/{interest_id}/not-selected",
    response=responses({200: InterestOut}, WRITE_ERRORS),
    summary="Mark a registered person as not selected",
)
def not_selected(request, payload: Version | None = None, interest_id: int = PK):
    interest = get_interest_for_user(request.auth, interest_id)
    require(can_invite(request.auth))
    actions.mark_not_selected(interest, by=request.auth, expected_version=payload.version if payload else None)
    return _interest_out(interest.pk)


@router.post(
    "/people/interests/{interest_id}/participation",
    response=responses({201: InterestParticipationOut}, WRITE_ERRORS),
    summary="Record a registered person as taking part",
)
def record_participation(request, payload: InterestParticipationIn, interest_id: int = PK):
    interest = get_interest_for_user(request.auth, interest_id)
    require(can_invite(request.auth))
    made = actions.record_participation_from_interest(
        interest,
        by=request.auth,
        starts_on=payload.starts_on,
        role=payload.role or "Participant",
        expected_version=payload.version,
    )
    return Status(201, made)


# Rights -----------------------------------------------------------------------------------------------


@router.get("/people/{person_id}/export", response=responses({200: dict}), summary="Everything held about a person")
def export_person(request, person_id: int = PK):
    """The person's record, consents, participations, attendance and registrations; their
    equality monitoring answers only when they export their own data."""
    person = get_person_for_rights(request.auth, person_id)
    require(can_export_person(request.auth, person))
    own = person.account_id == request.auth.pk
    rights.audit_export(person, by=request.auth, fmt="json", include_equality=own)
    return rights.plain(rights.export_person(person, include_equality=own))


@router.post(
    "/people/{person_id}/erase",
    response=responses({200: Erased}, WRITE_ERRORS),
    summary="Erase a person's data on request (cannot be undone)",
)
def erase_person(request, person_id: int = PK):
    person = get_person_for_rights(request.auth, person_id)
    require(can_manage_taking_part(request.auth))
    return {"audit_event_id": actions.erase_person(person, by=request.auth).pk}
