"""The one door for changes to partners, contacts, dialogue, promises and communications. Every
action follows `core.actions`' contract (lock, re-read, blockers, refuse, audited change); every
deletion is kept in the audit trail so it can be restored."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from baton.core.actions import change_record, create_record, delete_record, locked, refuse
from baton.core.models import AuditEvent
from baton.cycle.models import Programme
from baton.people.models import Person

from .models import CommsItem, Contact, Dialogue, FormatRequest, Partner, Promise
from .permissions import eligible_owners


def _check_owner(user, organisation_id, field: str = "owner") -> None:
    if user is not None and not eligible_owners(organisation_id).filter(pk=user.pk).exists():
        raise ValidationError({field: ["Choose someone in your organisation."]})


def _check_programme(programme, organisation_id) -> None:
    if programme is not None and programme.organisation_id != organisation_id:
        raise ValidationError({"programme": ["Choose one of your organisation's programmes."]})


def _check_person(person, organisation_id) -> None:
    if person is not None and person.organisation_id != organisation_id:
        raise ValidationError({"person": ["Choose someone in your organisation's people register."]})


# Partners ------------------------------------------------------------------------------------------


def create_partner(organisation, *, by, **fields) -> Partner:
    """A partner organisation added to the register."""
    _check_owner(fields.get("owner"), organisation.pk)
    return create_record(Partner(organisation=organisation, **fields), by=by, action="create_partner")


def update_partner(partner: Partner, changes: dict, *, by, expected_version: int | None = None) -> Partner:
    """Change a partner's details or who owns the relationship."""
    if "owner" in changes:
        _check_owner(changes["owner"], partner.organisation_id)
    return change_record(partner, changes, by=by, action="update_partner", expected_version=expected_version)


def delete_partner(partner: Partner, *, by) -> AuditEvent:
    """Delete a partner entered in error, with its contacts (restorable). Refused while dialogue
    with it is on record."""
    with locked(partner) as current:
        refuse(current.blockers_to_deleting())
        return delete_record(current, by=by, action="delete_partner")


# Contacts ------------------------------------------------------------------------------------------


def _check_contact(fields: dict, organisation_id) -> None:
    person = fields.get("person")
    if person is not None and not fields.get("patient_leader"):
        raise ValidationError({"person": ["Only a patient leader is linked to the people register."]})
    _check_person(person, organisation_id)


def add_contact(partner: Partner, *, by, **fields) -> Contact:
    """Someone at the partner organisation."""
    with locked(partner) as current:
        _check_contact(fields, current.organisation_id)
        return create_record(Contact(partner=current, **fields), by=by, action="add_partner_contact")


def update_contact(contact: Contact, changes: dict, *, by, expected_version: int | None = None) -> Contact:
    merged = {f: changes.get(f, getattr(contact, f)) for f in ("person", "patient_leader")}
    _check_contact(merged, contact.partner.organisation_id)
    return change_record(contact, changes, by=by, action="update_partner_contact", expected_version=expected_version)


def delete_contact(contact: Contact, *, by) -> AuditEvent:
    with transaction.atomic():
        return delete_record(contact, by=by, action="delete_partner_contact")


# Dialogue ------------------------------------------------------------------------------------------


def _check_dialogue(partner: Partner, fields: dict) -> None:
    _check_programme(fields.get("programme"), partner.organisation_id)
    for user in fields.get("staff") or ():
        _check_owner(user, partner.organisation_id, "staff")
    for contact in fields.get("contacts") or ():
        if contact.partner_id != partner.pk:
            raise ValidationError({"contacts": [f"Choose contacts at {partner.name}."]})


def log_dialogue(
    partner: Partner,
    *,
    by,
    staff=(),
    contacts=(),
    promise: str = "",
    promise_due_on: date | None = None,
    **fields,
) -> Dialogue:
    """Log a meeting, call, email or event with the partner against a programme's stage; with a
    promise made in it, if one was (`promise`, due by `promise_due_on`)."""
    with locked(partner) as current:
        _check_dialogue(current, {**fields, "staff": staff, "contacts": contacts})
        if promise and promise_due_on is None:
            raise ValidationError({"promise_due_on": ["Enter the date the promise is due by."]})
        entry = Dialogue(partner=current, created_by=by if getattr(by, "pk", None) else None, **fields)
        entry.full_clean()
        refuse(entry.blockers_to_recording())
        entry = create_record(
            entry, by=by, action="log_partner_dialogue", m2m={"staff": list(staff), "contacts": list(contacts)}
        )
        if promise:
            make_promise(entry, by=by, text=promise, due_on=promise_due_on)
        return entry


def update_dialogue(dialogue: Dialogue, changes: dict, *, by, expected_version: int | None = None) -> Dialogue:
    partner = dialogue.partner
    _check_dialogue(partner, changes)
    with locked(dialogue, expected_version=expected_version) as current:
        for name in ("happened_on",):
            if name in changes:
                setattr(current, name, changes[name])
        refuse(current.blockers_to_recording())
        return change_record(
            dialogue, changes, by=by, action="update_partner_dialogue", expected_version=expected_version
        )


def delete_dialogue(dialogue: Dialogue, *, by) -> AuditEvent:
    """Delete an entry logged in error, with its promises (restorable)."""
    with transaction.atomic():
        return delete_record(dialogue, by=by, action="delete_partner_dialogue")


# Promises ------------------------------------------------------------------------------------------


def make_promise(dialogue: Dialogue, *, by, **fields) -> Promise:
    """What we promised in a dialogue entry, and by when."""
    with locked(dialogue) as current:
        return create_record(
            Promise(dialogue=current, partner_id=current.partner_id, **fields), by=by, action="make_partner_promise"
        )


def update_promise(promise: Promise, changes: dict, *, by, expected_version: int | None = None) -> Promise:
    """Change what was promised or its date, or record it kept or broken (with the day)."""
    with locked(promise, expected_version=expected_version, related=("dialogue",)) as current:
        outcome = changes.get("outcome", current.outcome)
        on = changes.get("outcome_on", current.outcome_on)
        if outcome == Promise.Outcome.OPEN:
            changes = {**changes, "outcome_on": None}
        elif on is None:
            changes = {**changes, "outcome_on": timezone.localdate()}
            on = changes["outcome_on"]
        refuse(current.blockers_to_settling(outcome, on))
        return change_record(
            promise, changes, by=by, action="update_partner_promise", expected_version=expected_version
        )


def delete_promise(promise: Promise, *, by) -> AuditEvent:
    with transaction.atomic():
        return delete_record(promise, by=by, action="delete_partner_promise")


# Communications ------------------------------------------------------------------------------------


def add_comms_item(programme: Programme, *, by, **fields) -> CommsItem:
    """An item of the programme's communication plan."""
    return create_record(CommsItem(programme=programme, **fields), by=by, action="add_comms_item")


def update_comms_item(item: CommsItem, changes: dict, *, by, expected_version: int | None = None) -> CommsItem:
    return change_record(item, changes, by=by, action="update_comms_item", expected_version=expected_version)


def delete_comms_item(item: CommsItem, *, by) -> AuditEvent:
    with transaction.atomic():
        return delete_record(item, by=by, action="delete_comms_item")


def _check_request(fields: dict, organisation_id) -> None:
    _check_programme(fields.get("programme"), organisation_id)
    _check_person(fields.get("person"), organisation_id)
    _check_owner(fields.get("owner"), organisation_id)


def request_format(organisation, *, by, **fields) -> FormatRequest:
    """A request for material in another format, tracked to fulfilment."""
    _check_request(fields, organisation.pk)
    if isinstance(fields.get("person"), Person) and fields.get("requester_name"):
        fields["requester_name"] = ""  # the register's name is the one shown
    return create_record(FormatRequest(organisation=organisation, **fields), by=by, action="request_alternative_format")


def update_format_request(
    request: FormatRequest, changes: dict, *, by, expected_version: int | None = None
) -> FormatRequest:
    """Change a request's details (or the day it was sent, never a day to come)."""
    _check_request(changes, request.organisation_id)
    with locked(request, expected_version=expected_version) as current:
        refuse(current.blockers_to_dating(changes.get("fulfilled_on")))
        return change_record(request, changes, by=by, action="update_format_request", expected_version=expected_version)


def fulfil_format_request(
    request: FormatRequest, *, by, on: date | None = None, expected_version: int | None = None
) -> FormatRequest:
    """Record the material sent in the format asked for (today unless said)."""
    on = on or timezone.localdate()
    with locked(request, expected_version=expected_version) as current:
        refuse(current.blockers_to_fulfilling(on))
        return change_record(request, {"fulfilled_on": on}, by=by, action="fulfil_format_request")


def delete_format_request(request: FormatRequest, *, by) -> AuditEvent:
    with transaction.atomic():
        return delete_record(request, by=by, action="delete_format_request")
