"""Every change goes through an action: one audit event each, with its actor and name; a stale
edit is refused; a deletion can be undone; a link to another organisation's record is refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.core.audit import restore_deleted
from baton.core.errors import StaleEdit
from baton.core.models import AuditEvent
from baton.cycle.testing import make_programme

from .. import actions
from ..models import CommsItem, Contact, Dialogue, FormatRequest, Partner, Promise
from ..testing import (
    make_comms_item,
    make_contact,
    make_dialogue,
    make_format_request,
    make_partner,
    make_patient_leader,
    make_promise,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _last():
    return AuditEvent.objects.order_by("-pk").first()


def test_every_change_is_audited_with_its_actor_and_name(personas, programme):
    p = personas
    partner = make_partner(p.org, by=p.ellie)
    assert (_last().action, _last().actor, _last().verb) == ("create_partner", p.ellie, "create")
    steps = [
        (lambda: actions.update_partner(partner, {"about": "x"}, by=p.priya), "update_partner"),
        (lambda: make_contact(partner, by=p.priya), "add_partner_contact"),
        (lambda: make_dialogue(partner, programme, by=p.priya), "log_partner_dialogue"),
        (lambda: make_promise(Dialogue.objects.get(), by=p.priya), "make_partner_promise"),
        (
            lambda: actions.update_promise(Promise.objects.get(), {"outcome": "kept"}, by=p.priya),
            "update_partner_promise",
        ),
        (lambda: make_comms_item(programme, by=p.priya), "add_comms_item"),
        (
            lambda: actions.update_comms_item(CommsItem.objects.get(), {"audience": "Everyone"}, by=p.priya),
            "update_comms_item",
        ),
        (lambda: make_format_request(p.org, by=p.priya), "request_alternative_format"),
        (lambda: actions.fulfil_format_request(FormatRequest.objects.get(), by=p.priya), "fulfil_format_request"),
        (
            lambda: actions.update_contact(Contact.objects.get(), {"role": "Chair"}, by=p.priya),
            "update_partner_contact",
        ),
        (
            lambda: actions.update_dialogue(Dialogue.objects.get(), {"summary": "Changed"}, by=p.priya),
            "update_partner_dialogue",
        ),
        (
            lambda: actions.update_format_request(FormatRequest.objects.get(), {"material": "Leaflet"}, by=p.priya),
            "update_format_request",
        ),
    ]
    for step, name in steps:
        step()
        event = _last()
        assert (event.action, event.actor, event.organisation) == (name, p.priya, p.org), name


def test_logging_dialogue_with_a_promise_makes_both_and_links_the_people(personas, programme):
    p = personas
    partner = make_partner(p.org, by=p.ellie)
    contact = make_contact(partner, by=p.ellie)
    entry = make_dialogue(
        partner,
        programme,
        "plan",
        by=p.ellie,
        kind="call",
        staff=[p.ellie, p.priya],
        contacts=[contact],
        promise="Send the survey",
        promise_due_on=TODAY + timedelta(days=7),
    )
    assert set(entry.staff.all()) == {p.ellie, p.priya} and list(entry.contacts.all()) == [contact]
    promise = entry.promises.get()
    assert (promise.text, promise.partner, promise.outcome) == ("Send the survey", partner, "open")
    assert entry.created_by == p.ellie
    with pytest.raises(ValidationError, match="Enter the date the promise is due by"):
        make_dialogue(partner, programme, by=p.ellie, promise="No date")


def test_links_to_another_organisation_are_refused(personas, programme):
    p = personas
    partner = make_partner(p.org, by=p.ellie)
    theirs = make_partner(p.other_org, by=p.oscar)
    their_contact = make_contact(theirs, by=p.oscar)
    their_programme = make_programme(p.other_org, by=p.oscar, name="Theirs")
    their_person = make_patient_leader(p.other_org)
    cases = [
        (lambda: make_partner(p.org, by=p.ellie, owner=p.oscar), "owner"),
        (lambda: actions.update_partner(partner, {"owner": p.oscar}, by=p.ellie), "owner"),
        (lambda: make_dialogue(partner, their_programme, by=p.ellie), "programme"),
        (lambda: make_dialogue(partner, programme, by=p.ellie, staff=[p.oscar]), "staff"),
        (lambda: make_dialogue(partner, programme, by=p.ellie, contacts=[their_contact]), "contacts"),
        (lambda: make_contact(partner, by=p.ellie, patient_leader=True, person=their_person), "person"),
        (lambda: make_contact(partner, by=p.ellie, person=make_patient_leader(p.org)), "person"),
        (lambda: make_format_request(p.org, by=p.ellie, programme=their_programme), "programme"),
        (lambda: make_format_request(p.org, by=p.ellie, person=their_person), "person"),
        (lambda: make_format_request(p.org, by=p.ellie, owner=p.oscar), "owner"),
    ]
    for make, field in cases:
        with pytest.raises(ValidationError) as error:
            make()
        assert field in error.value.message_dict, field
    assert not Dialogue.objects.exists() and not FormatRequest.objects.filter(organisation=p.org).exists()


def test_stale_edits_are_refused(personas, programme):
    p = personas
    partner = make_partner(p.org, by=p.ellie)
    entry = make_dialogue(partner, programme, by=p.ellie)
    records = [
        (actions.update_partner, partner, {"about": "x"}),
        (actions.update_contact, make_contact(partner, by=p.ellie), {"role": "x"}),
        (actions.update_dialogue, entry, {"summary": "x"}),
        (actions.update_promise, make_promise(entry, by=p.ellie), {"text": "x"}),
        (actions.update_comms_item, make_comms_item(programme, by=p.ellie), {"audience": "x"}),
        (actions.update_format_request, make_format_request(p.org, by=p.ellie), {"material": "x"}),
    ]
    for update, record, changes in records:
        update(record, changes, by=p.ellie, expected_version=1)
        with pytest.raises(StaleEdit):
            update(record, {k: "y" for k in changes}, by=p.ellie, expected_version=1)
    with pytest.raises(StaleEdit):
        actions.fulfil_format_request(records[-1][1], by=p.ellie, expected_version=1)


def test_deletions_are_undone_from_the_audit_trail(personas, programme):
    p = personas
    partner = make_partner(p.org, by=p.ellie, name="Carers")
    contact = make_contact(partner, by=p.ellie)
    entry = make_dialogue(partner, programme, by=p.ellie, contacts=[contact], staff=[p.priya])
    make_promise(entry, by=p.ellie)
    event = actions.delete_dialogue(entry, by=p.ellie)
    assert (event.action, event.actor) == ("delete_partner_dialogue", p.ellie)
    assert not Promise.objects.exists()
    restored = restore_deleted(event, by=p.ellie)
    assert restored.promises.count() == 1 and list(restored.staff.all()) == [p.priya]
    for delete, record, name in [
        (actions.delete_promise, Promise.objects.get(), "delete_partner_promise"),
        (actions.delete_comms_item, make_comms_item(programme, by=p.ellie), "delete_comms_item"),
        (actions.delete_format_request, make_format_request(p.org, by=p.ellie), "delete_format_request"),
        (actions.delete_contact, contact, "delete_partner_contact"),
    ]:
        event = delete(record, by=p.ellie)
        assert (event.action, event.actor) == (name, p.ellie)
        assert not type(record).objects.filter(pk=record.pk).exists()
        restore_deleted(event, by=p.ellie)
        assert type(record).objects.filter(pk=record.pk).exists()
    actions.delete_dialogue(Dialogue.objects.get(), by=p.ellie)
    event = actions.delete_partner(partner, by=p.ellie)
    assert event.action == "delete_partner" and not Contact.objects.exists()
    restore_deleted(event, by=p.ellie)
    assert Partner.objects.get(pk=partner.pk).contacts.count() == 1


def test_updates_keep_the_rules_of_creating(personas, programme):
    """What mutation testing asked for: each update re-checks what the create checks."""
    from baton.core.errors import RuleBroken

    p = personas
    partner = make_partner(p.org, by=p.ellie, name="Leaders")
    leader = actions.add_contact(
        partner, by=p.ellie, name="Dan", patient_leader=True, person=make_patient_leader(p.org)
    )
    with pytest.raises(ValidationError, match="Only a patient leader is linked"):
        actions.update_contact(leader, {"patient_leader": False}, by=p.ellie)
    with pytest.raises(ValidationError) as error:
        actions.update_contact(leader, {"person": make_patient_leader(p.other_org)}, by=p.ellie)
    assert "person" in error.value.message_dict
    entry = make_dialogue(partner, programme, by=p.ellie)
    with pytest.raises(RuleBroken, match="cannot be in the future"):
        actions.update_dialogue(entry, {"happened_on": TODAY + timedelta(days=1)}, by=p.ellie)
    with pytest.raises(StaleEdit):
        actions.update_dialogue(entry, {"summary": "x"}, by=p.ellie, expected_version=2)
    request = make_format_request(p.org, by=p.ellie)
    their_programme = make_programme(p.other_org, by=p.oscar, name="Theirs")
    with pytest.raises(ValidationError) as error:
        actions.update_format_request(request, {"programme": their_programme}, by=p.ellie)
    assert "programme" in error.value.message_dict
    with pytest.raises(StaleEdit):
        actions.update_format_request(request, {"material": "x"}, by=p.ellie, expected_version=2)
    make_dialogue(partner, programme, by=p.ellie)
    with pytest.raises(RuleBroken) as refusal:
        actions.delete_partner(partner, by=p.ellie)
    assert refusal.value.reasons == [
        "Two dialogue entries are recorded with Leaders. Delete them first, or keep the partner: it is part of the "
        "programmes' history."
    ]
    Dialogue.objects.all().delete()
    event = actions.delete_partner(partner, by=p.ellie)
    assert (event.action, event.actor) == ("delete_partner", p.ellie)
