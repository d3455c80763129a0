"""The learning API: offers, participation roles, requirements, records, support requests, one's
own learning and readiness by role. Each operation takes the pages' steps through the same
permission helpers and actions: 404 when not yours, 403 when not allowed (a patient partner reads
only his own learning), 422 for bad input, 409 when a rule refuses. Lists paginate; creates take an
optional `Idempotency-Key`."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from ninja import Header, Path, Query, Router
from ninja.pagination import paginate

from baton.core.api_helpers import changes_of, created_once
from baton.core.permissions import require, require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Pages, responses
from baton.people.models import Person
from baton.people.permissions import own_person

from . import actions, status
from .models import LearningNeed, LearningOffer, LearningRecord, LearningRequirement, ParticipationRole
from .permissions import (
    can_ask,
    can_keep,
    can_read,
    can_record,
    get_need_for_user,
    get_offer_for_user,
    get_record_to_keep,
    get_requirement_for_user,
    require_reader,
    staff_members,
)
from .schemas import (
    LearningAskIn,
    LearningCapacityOut,
    LearningDeleted,
    LearningMeOut,
    LearningNeedClose,
    LearningNeedFilter,
    LearningNeedIn,
    LearningNeedOut,
    LearningOfferFilter,
    LearningOfferIn,
    LearningOfferOut,
    LearningOfferPatch,
    LearningRecordFilter,
    LearningRecordIn,
    LearningRecordOut,
    LearningRequirementIn,
    LearningRequirementOut,
    LearningRoleKindOut,
)

router = Router(tags=["learning"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)
R = "/learning"
LISTED = 100  # the most of each list one's own learning answers with


def _reader(request):
    member = require_member(request.auth)
    require_reader(request.auth)
    return member


def _keeper(request):
    member = _reader(request)
    require(can_keep(request.auth), "Only engagement leads and admins keep learning offers and requirements.")
    return member


def _recorder(request):
    member = _reader(request)
    require(can_record(request.auth), "Only engagement leads, programme leads and admins record people's learning.")
    return member


def _one(queryset, pk, field: str, message: str):
    """A record named in the body: one of ours, else 422 on that field (never 'exists elsewhere')."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [message]})
    return found


def _offer(member, pk, field="offer_id"):
    return _one(
        LearningOffer.objects.for_org(member.organisation_id), pk, field, "Choose one of your organisation's offers."
    )


def _subject(member, fields: dict) -> dict:
    user_id, person_id = fields.pop("user_id", None), fields.pop("person_id", None)
    if (user_id is None) == (person_id is None):
        raise ValidationError({"person_id": ["Give either user_id (a member of staff) or person_id (a person)."]})
    if user_id is not None:
        return {
            "user": _one(
                staff_members(member.organisation_id), user_id, "user_id", "Choose someone in your organisation."
            )
        }
    people = Person.objects.for_org(member.organisation_id).active()
    return {"person": _one(people, person_id, "person_id", "Choose someone in your organisation's people register.")}


# Offers ------------------------------------------------------------------------------------------------


@router.get(f"{R}/offers", response=responses({200: list[LearningOfferOut]}), summary="List learning offers")
@paginate(Pages)
def list_offers(request, filters: Query[LearningOfferFilter]):
    member = _reader(request)
    found = LearningOffer.objects.for_org(member.organisation_id).order_by("title", "pk")
    if filters.audience:
        found = found.filter(audience__in=[filters.audience, LearningOffer.Audience.BOTH])
    if filters.active is not None:
        found = found.filter(active=filters.active)
    return found


@router.post(
    f"{R}/offers",
    response=responses({201: LearningOfferOut, 200: LearningOfferOut}, WRITE_ERRORS),
    summary="Add a learning offer",
)
def create_offer(request, payload: LearningOfferIn, idempotency_key: str | None = IDEMPOTENCY):
    member = _keeper(request)
    fields = payload.dict()
    return created_once(
        request,
        idempotency_key,
        lambda: actions.create_offer(member.organisation, by=request.auth, **fields),
        lambda pk: LearningOffer.objects.get(pk=pk),
    )


@router.get(f"{R}/offers/{{offer_id}}", response=responses({200: LearningOfferOut}), summary="Get a learning offer")
def get_offer(request, offer_id: int = PK):
    return get_offer_for_user(request.auth, offer_id)


@router.patch(
    f"{R}/offers/{{offer_id}}",
    response=responses({200: LearningOfferOut}, WRITE_ERRORS),
    summary="Change or retire a learning offer",
)
def update_offer(request, payload: LearningOfferPatch, offer_id: int = PK):
    offer = get_offer_for_user(request.auth, offer_id)
    require(can_keep(request.auth))
    actions.update_offer(offer, changes_of(payload), by=request.auth, expected_version=payload.version)
    return LearningOffer.objects.get(pk=offer.pk)


@router.delete(
    f"{R}/offers/{{offer_id}}",
    response=responses({200: LearningDeleted}, WRITE_ERRORS),
    summary="Delete a learning offer",
)
def delete_offer(request, offer_id: int = PK):
    """Refused (409) while a record or a requirement names the offer: retire it instead."""
    offer = get_offer_for_user(request.auth, offer_id)
    require(can_keep(request.auth))
    return {"audit_event_id": actions.delete_offer(offer, by=request.auth).pk}


# Participation roles and requirements ---------------------------------------------------------------------


@router.get(f"{R}/role-kinds", response=responses({200: list[LearningRoleKindOut]}), summary="List participation roles")
@paginate(Pages)
def list_role_kinds(request):
    member = _reader(request)
    return ParticipationRole.objects.for_org(member.organisation_id).order_by("name", "pk")


@router.get(
    f"{R}/requirements", response=responses({200: list[LearningRequirementOut]}), summary="List learning requirements"
)
@paginate(Pages)
def list_requirements(request):
    member = _reader(request)
    return LearningRequirement.objects.for_org(member.organisation_id).order_by("pk")


@router.post(
    f"{R}/requirements",
    response=responses({201: LearningRequirementOut, 200: LearningRequirementOut}, WRITE_ERRORS),
    summary="Require learning of a staff role or a participation role",
)
def create_requirement(request, payload: LearningRequirementIn, idempotency_key: str | None = IDEMPOTENCY):
    member = _keeper(request)
    fields = payload.dict()
    fields["offer"] = _offer(member, fields.pop("offer_id"))
    fields["participation_role"] = _one(
        ParticipationRole.objects.for_org(member.organisation_id),
        fields.pop("participation_role_id"),
        "participation_role_id",
        "Choose one of your organisation's participation roles.",
    )
    return created_once(
        request,
        idempotency_key,
        lambda: actions.set_requirement(member.organisation, by=request.auth, **fields),
        lambda pk: LearningRequirement.objects.get(pk=pk),
    )


@router.delete(
    f"{R}/requirements/{{requirement_id}}",
    response=responses({200: LearningDeleted}, WRITE_ERRORS),
    summary="Remove a learning requirement",
)
def delete_requirement(request, requirement_id: int = PK):
    requirement = get_requirement_for_user(request.auth, requirement_id)
    require(can_keep(request.auth))
    return {"audit_event_id": actions.delete_requirement(requirement, by=request.auth).pk}


# Records ---------------------------------------------------------------------------------------------------


@router.get(f"{R}/records", response=responses({200: list[LearningRecordOut]}), summary="List learning records")
@paginate(Pages)
def list_records(request, filters: Query[LearningRecordFilter]):
    member = _reader(request)
    found = LearningRecord.objects.for_org(member.organisation_id).order_by("-completed_on", "-pk")
    for name in ("offer_id", "user_id", "person_id"):
        if getattr(filters, name):
            found = found.filter(**{name: getattr(filters, name)})
    return found


@router.post(
    f"{R}/records",
    response=responses({201: LearningRecordOut, 200: LearningRecordOut}, WRITE_ERRORS),
    summary="Record learning done by a member of staff or a person who takes part",
)
def create_record(request, payload: LearningRecordIn, idempotency_key: str | None = IDEMPOTENCY):
    """A certificate is uploaded on the page; the API takes words and a link as evidence."""
    member = _recorder(request)
    fields = payload.dict()
    fields["offer"] = _offer(member, fields.pop("offer_id"))
    fields.update(_subject(member, fields))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.record_learning(member.organisation, by=request.auth, **fields),
        lambda pk: LearningRecord.objects.get(pk=pk),
    )


@router.delete(
    f"{R}/records/{{record_id}}",
    response=responses({200: LearningDeleted}, WRITE_ERRORS),
    summary="Delete a learning record entered in error",
)
def delete_record(request, record_id: int = PK):
    record = get_record_to_keep(request.auth, record_id)
    require(can_keep(request.auth))
    return {"audit_event_id": actions.delete_learning_record(record, by=request.auth).pk}


# Support requests ----------------------------------------------------------------------------------------------


@router.get(f"{R}/needs", response=responses({200: list[LearningNeedOut]}), summary="List support requests")
@paginate(Pages)
def list_needs(request, filters: Query[LearningNeedFilter]):
    member = _reader(request)
    found = LearningNeed.objects.for_org(member.organisation_id).select_related("raised_by")
    if filters.status:
        found = found.filter(status=filters.status)
    return found.order_by("-raised_on", "-pk")


@router.post(
    f"{R}/needs",
    response=responses({201: LearningNeedOut, 200: LearningNeedOut}, WRITE_ERRORS),
    summary="Raise a support request for someone",
)
def create_need(request, payload: LearningNeedIn, idempotency_key: str | None = IDEMPOTENCY):
    member = _recorder(request)
    fields = payload.dict()
    fields["offer"] = _offer(member, fields.pop("offer_id"))
    fields.update(_subject(member, fields))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.raise_need(member.organisation, by=request.auth, **fields),
        lambda pk: LearningNeed.objects.select_related("raised_by").get(pk=pk),
    )


@router.post(
    f"{R}/needs/{{need_id}}/close",
    response=responses({200: LearningNeedOut}, WRITE_ERRORS),
    summary="Record a support request met, or closed with a note",
)
def close_need(request, payload: LearningNeedClose, need_id: int = PK):
    need = get_need_for_user(request.auth, need_id)
    require(can_record(request.auth))
    actions.close_need(
        need, by=request.auth, status=payload.status, outcome=payload.outcome, expected_version=payload.version
    )
    return LearningNeed.objects.select_related("raised_by").get(pk=need.pk)


# One's own ---------------------------------------------------------------------------------------------------------


@router.get(f"{R}/me", response=responses({200: LearningMeOut}), summary="My learning")
def my_learning(request):
    """What your roles need and where you stand, your records, your support requests and the offers
    open to you: for everyone signed in, a patient partner included."""
    member = require_member(request.auth)
    today = timezone.localdate()
    requirements = status.requirements_of(member.organisation_id)
    (staff,) = status.standings_of_staff([request.auth], member.organisation_id, requirements, today)
    person = own_person(request.auth, member.organisation_id)
    standings = list(staff.standings)
    if person is not None:
        standings += status.standings_of_people([person], requirements, today)[0].standings
    mine = Q(user=request.auth) | (Q(person=person) if person else Q(pk__in=[]))
    audience = LearningOffer.Audience.PUBLIC if can_read(request.auth) else LearningOffer.Audience.STAFF
    return {
        "standings": [
            {
                "offer_id": s.requirement.offer_id,
                "offer": s.requirement.offer.title,
                "needed_by": s.requirement.target,
                "state": s.state.value,
                "completed_on": s.completed_on,
                "expires_on": s.expires_on,
            }
            for s in standings
        ],
        "records": list(LearningRecord.objects.for_org(member.organisation_id).filter(mine)[:LISTED]),
        "needs": list(
            LearningNeed.objects.for_org(member.organisation_id).filter(mine).select_related("raised_by")[:LISTED]
        ),
        "offers": list(
            LearningOffer.objects.for_org(member.organisation_id)
            .filter(active=True)
            .exclude(audience=audience)[:LISTED]
        ),
    }


@router.post(
    f"{R}/me/needs",
    response=responses({201: LearningNeedOut, 200: LearningNeedOut}, WRITE_ERRORS),
    summary="Ask for learning or support for myself",
)
def ask(request, payload: LearningAskIn, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    require(can_ask(request.auth), "Only someone who holds a role here can ask for support.")
    person = None if can_read(request.auth) else own_person(request.auth, member.organisation_id)
    fields = payload.dict()
    fields["offer"] = _offer(member, fields.pop("offer_id"))
    subject = {"person": person} if person else {"user": request.auth}
    return created_once(
        request,
        idempotency_key,
        lambda: actions.raise_need(member.organisation, by=request.auth, **subject, **fields),
        lambda pk: LearningNeed.objects.select_related("raised_by").get(pk=pk),
    )


@router.get(
    f"{R}/capacity",
    response=responses({200: LearningCapacityOut}),
    summary="Readiness by role and uptake of each offer",
)
def capacity(request):
    member = _reader(request)
    today = timezone.localdate()
    requirements = status.requirements_of(member.organisation_id)
    figures = status.participation_roles_figures(member.organisation_id, today, requirements)
    figures += status.staff_roles_figures(member.organisation_id, today, requirements)
    since = status.uptake_since(today)
    offers = (
        LearningOffer.objects.for_org(member.organisation_id)
        .filter(active=True)
        .annotate(uptake=Count("records", filter=Q(records__completed_on__gte=since)))
        .order_by("-uptake", "title", "pk")[:LISTED]
    )
    return {
        "roles": [
            {
                "name": f.name,
                "staff": f.staff,
                "requirements": len(f.requirements),
                "people": f.total,
                "ready": f.ready,
                "expiring_soon": f.soon,
                "not_ready": f.not_ready,
            }
            for f in figures
        ],
        "uptake": [{"offer_id": o.pk, "title": o.title, "done_in_last_12_months": o.uptake} for o in offers],
    }
