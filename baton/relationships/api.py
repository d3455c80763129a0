"""The partner register's REST API: partners (with their health), contacts, dialogue, promises,
communication plan items and alternative format requests. Each operation takes the pages' steps
through the same permission helpers and actions: 404 when not yours, 403 when not allowed (a
patient partner reads none of it), 422 for bad input, 409 when a rule refuses. Lists paginate;
creates take an optional `Idempotency-Key`."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from ninja import Header, Path, Query, Router
from ninja.pagination import paginate

from baton.core.api_helpers import changes_of, created_once
from baton.core.permissions import require, require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Pages, responses
from baton.cycle.models import Programme
from baton.people.models import Person

from . import actions
from .models import CommsItem, Contact, Dialogue, FormatRequest, Partner, PartnerType, Promise, flagged_q, quiet_q
from .permissions import (
    can_keep,
    eligible_owners,
    get_comms_for_user,
    get_contact_for_user,
    get_dialogue_for_user,
    get_partner_for_user,
    get_promise_for_user,
    get_request_for_user,
    require_reader,
)
from .schemas import (
    CommsFilter,
    CommsIn,
    CommsOut,
    CommsPatch,
    ContactIn,
    ContactOut,
    ContactPatch,
    Deleted,
    DialogueFilter,
    DialogueIn,
    DialogueOut,
    DialoguePatch,
    FormatRequestFilter,
    FormatRequestIn,
    FormatRequestOut,
    FormatRequestPatch,
    PartnerFilter,
    PartnerIn,
    PartnerOut,
    PartnerPatch,
    PartnerTypeOut,
    PromiseFilter,
    PromiseIn,
    PromiseOut,
    PromisePatch,
)

router = Router(tags=["relationships"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)
R = "/relationships"


def _reader(request):
    member = require_member(request.auth)
    require_reader(request.auth)
    return member


def _keeper(request):
    member = _reader(request)
    require(can_keep(request.auth))
    return member


def _one(queryset, pk, field: str, message: str):
    """A record named in the body: one of ours, else 422 on that field (never 'exists elsewhere')."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [message]})
    return found


def _many(queryset, ids, field: str, message: str) -> list:
    ids = list(dict.fromkeys(ids or ()))
    found = list(queryset.filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({field: [message]})
    return found


def _owner(member, user_id, field="owner_id"):
    return _one(eligible_owners(member.organisation_id), user_id, field, "Choose someone in your organisation.")


def _type(key):
    found = PartnerType.objects.filter(key=key).first()
    if found is None:
        raise ValidationError({"type_key": ["Choose a partner type by its key, for example 'healthwatch'."]})
    return found


def _partners(member):
    return Partner.objects.for_org(member.organisation_id).with_health(timezone.localdate()).order_by("name", "pk")


# Partners ------------------------------------------------------------------------------------------


@router.get(f"{R}/types", response=responses({200: list[PartnerTypeOut]}), summary="The types of partner")
def list_types(request):
    _reader(request)
    return list(PartnerType.objects.filter(active=True))


@router.get(f"{R}/partners", response=responses({200: list[PartnerOut]}), summary="List partners with their health")
@paginate(Pages)
def list_partners(request, filters: Query[PartnerFilter]):
    member = _reader(request)
    today = timezone.localdate()
    found = _partners(member)
    if filters.type_key:
        found = found.filter(type__key=filters.type_key)
    if filters.owner_id:
        found = found.filter(owner_id=filters.owner_id)
    quiet = quiet_q(today)
    health = {
        "flagged": flagged_q(today),
        "quiet": quiet,
        "overdue": Q(overdue_promises__gt=0),
        "unowned": Q(owner__isnull=True),
    }
    if filters.health:
        found = found.filter(health[filters.health])
    return found


@router.post(
    f"{R}/partners", response=responses({201: PartnerOut, 200: PartnerOut}, WRITE_ERRORS), summary="Add a partner"
)
def create_partner(request, payload: PartnerIn, idempotency_key: str | None = IDEMPOTENCY):
    member = _keeper(request)
    fields = payload.dict()
    fields["type"] = _type(fields.pop("type_key"))
    fields["owner"] = _owner(member, fields.pop("owner_id"))
    fields["ods_code"] = fields["ods_code"].strip().upper()
    return created_once(
        request,
        idempotency_key,
        lambda: actions.create_partner(member.organisation, by=request.auth, **fields),
        lambda pk: _partners(member).get(pk=pk),
    )


@router.get(f"{R}/partners/{{partner_id}}", response=responses({200: PartnerOut}), summary="Get a partner")
def get_partner(request, partner_id: int = PK):
    member = _reader(request)
    get_partner_for_user(request.auth, partner_id)
    return _partners(member).get(pk=partner_id)


@router.patch(
    f"{R}/partners/{{partner_id}}", response=responses({200: PartnerOut}, WRITE_ERRORS), summary="Change a partner"
)
def update_partner(request, payload: PartnerPatch, partner_id: int = PK):
    member = _reader(request)
    partner = get_partner_for_user(request.auth, partner_id)
    require(can_keep(request.auth))
    changes = changes_of(payload)
    if "type_key" in changes:
        changes["type"] = _type(changes.pop("type_key"))
    if "owner_id" in changes:
        changes["owner"] = _owner(member, changes.pop("owner_id"))
    if "ods_code" in changes and changes["ods_code"] is not None:
        changes["ods_code"] = changes["ods_code"].strip().upper()
    actions.update_partner(partner, changes, by=request.auth, expected_version=payload.version)
    return _partners(member).get(pk=partner.pk)


@router.delete(
    f"{R}/partners/{{partner_id}}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a partner"
)
def delete_partner(request, partner_id: int = PK):
    """Refused (409) while dialogue with the partner is on record."""
    partner = get_partner_for_user(request.auth, partner_id)
    require(can_keep(request.auth))
    return {"audit_event_id": actions.delete_partner(partner, by=request.auth).pk}


# Contacts ------------------------------------------------------------------------------------------


def _person(member, person_id):
    people = Person.objects.for_org(member.organisation_id).active()
    return _one(people, person_id, "person_id", "Choose someone in your organisation's people register.")


@router.get(
    f"{R}/partners/{{partner_id}}/contacts", response=responses({200: list[ContactOut]}), summary="A partner's contacts"
)
@paginate(Pages)
def list_contacts(request, partner_id: int = PK):
    partner = get_partner_for_user(request.auth, partner_id)
    return partner.contacts.order_by("name", "pk")


@router.post(
    f"{R}/partners/{{partner_id}}/contacts",
    response=responses({201: ContactOut, 200: ContactOut}, WRITE_ERRORS),
    summary="Add a contact at a partner",
)
def add_contact(request, payload: ContactIn, partner_id: int = PK, idempotency_key: str | None = IDEMPOTENCY):
    member = _reader(request)
    partner = get_partner_for_user(request.auth, partner_id)
    require(can_keep(request.auth))
    fields = payload.dict()
    fields["person"] = _person(member, fields.pop("person_id"))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.add_contact(partner, by=request.auth, **fields),
        lambda pk: Contact.objects.get(pk=pk),
    )


@router.patch(
    f"{R}/contacts/{{contact_id}}", response=responses({200: ContactOut}, WRITE_ERRORS), summary="Change a contact"
)
def update_contact(request, payload: ContactPatch, contact_id: int = PK):
    member = _reader(request)
    contact = get_contact_for_user(request.auth, contact_id)
    require(can_keep(request.auth))
    changes = changes_of(payload)
    if "person_id" in changes:
        changes["person"] = _person(member, changes.pop("person_id"))
    actions.update_contact(contact, changes, by=request.auth, expected_version=payload.version)
    return Contact.objects.get(pk=contact.pk)


@router.delete(
    f"{R}/contacts/{{contact_id}}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a contact"
)
def delete_contact(request, contact_id: int = PK):
    contact = get_contact_for_user(request.auth, contact_id)
    require(can_keep(request.auth))
    return {"audit_event_id": actions.delete_contact(contact, by=request.auth).pk}


# Dialogue ------------------------------------------------------------------------------------------


def _dialogue(member):
    return (
        Dialogue.objects.for_org(member.organisation_id)
        .prefetch_related("staff", "contacts")
        .order_by("-happened_on", "-pk")
    )


def _dialogue_links(member, partner, changes: dict) -> dict:
    if "programme_id" in changes:
        changes["programme"] = _one(
            Programme.objects.for_org(member.organisation_id),
            changes.pop("programme_id"),
            "programme_id",
            "Choose one of your organisation's programmes.",
        )
    if "staff_ids" in changes:
        ids = changes.pop("staff_ids")
        if ids is not None:
            changes["staff"] = _many(
                eligible_owners(member.organisation_id), ids, "staff_ids", "Choose people in your organisation."
            )
    if "contact_ids" in changes:
        ids = changes.pop("contact_ids")
        if ids is not None:
            changes["contacts"] = _many(partner.contacts.all(), ids, "contact_ids", f"Choose contacts at {partner}.")
    return changes


@router.get(f"{R}/dialogue", response=responses({200: list[DialogueOut]}), summary="The dialogue log, latest first")
@paginate(Pages)
def list_dialogue(request, filters: Query[DialogueFilter]):
    member = _reader(request)
    found = _dialogue(member)
    for name in ("partner_id", "programme_id", "stage"):
        value = getattr(filters, name)
        if value is not None:
            found = found.filter(**{name: value})
    return found


@router.post(
    f"{R}/dialogue", response=responses({201: DialogueOut, 200: DialogueOut}, WRITE_ERRORS), summary="Log dialogue"
)
def log_dialogue(request, payload: DialogueIn, idempotency_key: str | None = IDEMPOTENCY):
    """A meeting, call, email or event with a partner, against a programme's stage; 409 if dated in
    the future."""
    member = _reader(request)
    fields = payload.dict()
    partner = _one(
        Partner.objects.for_org(member.organisation_id),
        fields.pop("partner_id"),
        "partner_id",
        "Choose one of your partners.",
    )
    require(can_keep(request.auth))
    fields = _dialogue_links(member, partner, fields)
    return created_once(
        request,
        idempotency_key,
        lambda: actions.log_dialogue(partner, by=request.auth, **fields),
        lambda pk: _dialogue(member).get(pk=pk),
    )


@router.patch(
    f"{R}/dialogue/{{dialogue_id}}", response=responses({200: DialogueOut}, WRITE_ERRORS), summary="Change an entry"
)
def update_dialogue(request, payload: DialoguePatch, dialogue_id: int = PK):
    member = _reader(request)
    entry = get_dialogue_for_user(request.auth, dialogue_id)
    require(can_keep(request.auth))
    changes = _dialogue_links(member, entry.partner, changes_of(payload))
    actions.update_dialogue(entry, changes, by=request.auth, expected_version=payload.version)
    return _dialogue(member).get(pk=entry.pk)


@router.delete(
    f"{R}/dialogue/{{dialogue_id}}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete an entry"
)
def delete_dialogue(request, dialogue_id: int = PK):
    """Deletes its promises with it (restorable from the audit trail)."""
    entry = get_dialogue_for_user(request.auth, dialogue_id)
    require(can_keep(request.auth))
    return {"audit_event_id": actions.delete_dialogue(entry, by=request.auth).pk}


# Promises ------------------------------------------------------------------------------------------


@router.get(f"{R}/promises", response=responses({200: list[PromiseOut]}), summary="What we promised partners")
@paginate(Pages)
def list_promises(request, filters: Query[PromiseFilter]):
    member = _reader(request)
    found = Promise.objects.for_org(member.organisation_id).order_by("due_on", "pk")
    if filters.partner_id is not None:
        found = found.filter(partner_id=filters.partner_id)
    if filters.overdue is not None:
        overdue = Q(outcome=Promise.Outcome.OPEN, due_on__lt=timezone.localdate())
        found = found.filter(overdue) if filters.overdue else found.exclude(overdue)
    return found


@router.post(
    f"{R}/promises", response=responses({201: PromiseOut, 200: PromiseOut}, WRITE_ERRORS), summary="Record a promise"
)
def make_promise(request, payload: PromiseIn, idempotency_key: str | None = IDEMPOTENCY):
    member = _reader(request)
    fields = payload.dict()
    entry = _one(
        Dialogue.objects.for_org(member.organisation_id),
        fields.pop("dialogue_id"),
        "dialogue_id",
        "Choose a dialogue entry with one of your partners.",
    )
    require(can_keep(request.auth))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.make_promise(entry, by=request.auth, **fields),
        lambda pk: Promise.objects.get(pk=pk),
    )


@router.patch(
    f"{R}/promises/{{promise_id}}",
    response=responses({200: PromiseOut}, WRITE_ERRORS),
    summary="Change a promise, or record it kept or broken",
)
def update_promise(request, payload: PromisePatch, promise_id: int = PK):
    """`outcome` kept or broken with `outcome_on` (today if left out); 409 for a day in the future
    or before the promise was made."""
    promise = get_promise_for_user(request.auth, promise_id)
    require(can_keep(request.auth))
    actions.update_promise(promise, changes_of(payload), by=request.auth, expected_version=payload.version)
    return Promise.objects.get(pk=promise.pk)


@router.delete(
    f"{R}/promises/{{promise_id}}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a promise"
)
def delete_promise(request, promise_id: int = PK):
    promise = get_promise_for_user(request.auth, promise_id)
    require(can_keep(request.auth))
    return {"audit_event_id": actions.delete_promise(promise, by=request.auth).pk}


# Communications ------------------------------------------------------------------------------------


@router.get(f"{R}/comms", response=responses({200: list[CommsOut]}), summary="Communication plan items")
@paginate(Pages)
def list_comms(request, filters: Query[CommsFilter]):
    member = _reader(request)
    found = CommsItem.objects.for_org(member.organisation_id).order_by("planned_on", "pk")
    if filters.programme_id is not None:
        found = found.filter(programme_id=filters.programme_id)
    return found


@router.post(
    f"{R}/comms",
    response=responses({201: CommsOut, 200: CommsOut}, WRITE_ERRORS),
    summary="Add to a programme's communication plan",
)
def add_comms(request, payload: CommsIn, idempotency_key: str | None = IDEMPOTENCY):
    member = _reader(request)
    fields = payload.dict()
    programme = _one(
        Programme.objects.for_org(member.organisation_id),
        fields.pop("programme_id"),
        "programme_id",
        "Choose one of your organisation's programmes.",
    )
    require(can_keep(request.auth))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.add_comms_item(programme, by=request.auth, **fields),
        lambda pk: CommsItem.objects.get(pk=pk),
    )


@router.patch(f"{R}/comms/{{item_id}}", response=responses({200: CommsOut}, WRITE_ERRORS), summary="Change an item")
def update_comms(request, payload: CommsPatch, item_id: int = PK):
    item = get_comms_for_user(request.auth, item_id)
    require(can_keep(request.auth))
    actions.update_comms_item(item, changes_of(payload), by=request.auth, expected_version=payload.version)
    return CommsItem.objects.get(pk=item.pk)


@router.delete(f"{R}/comms/{{item_id}}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete an item")
def delete_comms(request, item_id: int = PK):
    item = get_comms_for_user(request.auth, item_id)
    require(can_keep(request.auth))
    return {"audit_event_id": actions.delete_comms_item(item, by=request.auth).pk}


# Alternative format requests -----------------------------------------------------------------------


def _requests(member):
    return FormatRequest.objects.for_org(member.organisation_id).select_related("person", "owner")


def _request_links(member, changes: dict) -> dict:
    if "programme_id" in changes:
        changes["programme"] = _one(
            Programme.objects.for_org(member.organisation_id),
            changes.pop("programme_id"),
            "programme_id",
            "Choose one of your organisation's programmes.",
        )
    if "person_id" in changes:
        changes["person"] = _person(member, changes.pop("person_id"))
    if "owner_id" in changes:
        changes["owner"] = _owner(member, changes.pop("owner_id"))
    return changes


@router.get(
    f"{R}/format-requests", response=responses({200: list[FormatRequestOut]}), summary="Alternative format requests"
)
@paginate(Pages)
def list_requests(request, filters: Query[FormatRequestFilter]):
    member = _reader(request)
    found = _requests(member).order_by("due_on", "pk")
    if filters.show == "open":
        found = found.open()
    elif filters.show == "overdue":
        found = found.overdue(timezone.localdate())
    elif filters.show == "fulfilled":
        found = found.filter(fulfilled_on__isnull=False)
    return found


@router.post(
    f"{R}/format-requests",
    response=responses({201: FormatRequestOut, 200: FormatRequestOut}, WRITE_ERRORS),
    summary="Record a request for an alternative format",
)
def create_request(request, payload: FormatRequestIn, idempotency_key: str | None = IDEMPOTENCY):
    member = _keeper(request)
    fields = _request_links(member, payload.dict())
    return created_once(
        request,
        idempotency_key,
        lambda: actions.request_format(member.organisation, by=request.auth, **fields),
        lambda pk: _requests(member).get(pk=pk),
    )


@router.patch(
    f"{R}/format-requests/{{request_id}}",
    response=responses({200: FormatRequestOut}, WRITE_ERRORS),
    summary="Change a request, or record it fulfilled",
)
def update_request(request, payload: FormatRequestPatch, request_id: int = PK):
    """`fulfilled_on` records it sent; 409 for a day in the future or a request already fulfilled."""
    member = _reader(request)
    found = get_request_for_user(request.auth, request_id)
    require(can_keep(request.auth))
    changes = _request_links(member, changes_of(payload))
    actions.update_format_request(found, changes, by=request.auth, expected_version=payload.version)
    return _requests(member).get(pk=found.pk)


@router.delete(
    f"{R}/format-requests/{{request_id}}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a request"
)
def delete_request(request, request_id: int = PK):
    found = get_request_for_user(request.auth, request_id)
    require(can_keep(request.auth))
    return {"audit_event_id": actions.delete_format_request(found, by=request.auth).pk}
