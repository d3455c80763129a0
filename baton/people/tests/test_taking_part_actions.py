"""Taking part's actions: opportunities (audited, refusals word for word, undoable deletion), the
public registration (a person, consents, an interest; matching by email; a second registration adds
nothing), invitations (emailed on commit, only with consent), not selected, participation."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.core.audit import restore_deleted
from baton.core.models import AuditEvent
from baton.core.testing import refused

from .. import actions
from ..models import ConsentEvent, Interest, Opportunity, Participation, Person
from ..testing_taking_part import ALL_CONSENTS, make_activity_for, make_opportunity, register

pytestmark = pytest.mark.django_db
APPS = ("people",)


def test_an_opportunity_is_created_as_a_draft_and_audited(personas):
    p = personas
    opportunity = make_opportunity(p.org, by=p.ellie, published=False, title="Carers' café")
    assert not opportunity.published
    event = AuditEvent.objects.get(model="people.opportunity", object_id=str(opportunity.pk), verb="create")
    assert event.actor == p.ellie and event.after["title"] == "Carers' café"


def test_publishing_and_unpublishing_refuse_word_for_word(personas):
    p = personas
    opportunity = make_opportunity(p.org, by=p.ellie, published=False)
    assert refused(actions.unpublish_opportunity, opportunity, by=p.ellie, apps=APPS) == [
        "This opportunity is not published."
    ]
    actions.publish_opportunity(opportunity, by=p.ellie)
    assert refused(actions.publish_opportunity, opportunity, by=p.ellie, apps=APPS) == [
        "This opportunity is already published."
    ]
    closed = make_opportunity(p.org, by=p.ellie, published=False, closes_on=timezone.localdate() - timedelta(days=1))
    assert refused(actions.publish_opportunity, closed, by=p.ellie, apps=APPS) == [
        "This opportunity closed before today. Change its closing date before publishing it."
    ]


def test_an_opportunity_links_to_one_activity_or_structure_of_its_own_organisation(personas):
    p = personas
    mine = make_activity_for(p.org, by=p.ellie)
    theirs = make_activity_for(p.other_org, by=p.oscar)
    with pytest.raises(ValidationError) as bad:
        actions.create_opportunity(p.org, by=p.ellie, title="x", summary="y", where="w", when="w", activity=theirs)
    assert bad.value.message_dict == {"activity": ["Choose an activity of your organisation."]}
    made = make_opportunity(p.org, by=p.ellie, activity=mine)
    assert made.activity == mine


def test_deleting_an_opportunity_takes_its_registrations_and_can_be_undone(personas):
    p = personas
    opportunity = make_opportunity(p.org, by=p.ellie)
    interest = register(opportunity)
    event = actions.delete_opportunity(opportunity, by=p.ellie)
    assert not Interest.objects.filter(pk=interest.pk).exists()
    restore_deleted(event, by=p.ellie)
    assert Interest.objects.filter(pk=interest.pk, opportunity_id=opportunity.pk).exists()


def test_registering_interest_makes_a_person_their_consents_and_an_interest(personas):
    p = personas
    opportunity = make_opportunity(p.org, by=p.ellie)
    interest, created = actions.register_interest(
        opportunity,
        name="Amira",
        email="amira@example.org",
        needs=["bsl", "step_free"],
        message="I care for my dad.",
        consents={"contact_activity": True, "named_publicly": True},
    )
    assert created
    person = interest.person
    assert (person.name, person.email, person.bsl, person.step_free, person.large_print) == (
        "Amira",
        "amira@example.org",
        True,
        True,
        False,
    )
    assert person.organisation == p.org and person.last_active_on == timezone.localdate()
    consents = {c.purpose: c.given for c in ConsentEvent.objects.filter(person=person)}
    assert consents == {
        "contact_activity": True,
        "future_opportunities": False,
        "equality_monitoring": False,
        "named_publicly": True,
    }
    assert set(ConsentEvent.objects.filter(person=person).values_list("how", flat=True)) == {"online"}


def test_a_known_email_is_matched_never_changed_and_a_second_registration_adds_nothing(personas):
    p = personas
    opportunity = make_opportunity(p.org, by=p.ellie)
    first = register(opportunity, name="Ben", email="ben@example.org")
    other = make_opportunity(p.org, by=p.ellie)
    second, created = actions.register_interest(
        other, name="Someone else", email="BEN@example.org", consents={"contact_activity": True}
    )
    assert created and second.person == first.person
    first.person.refresh_from_db()
    assert first.person.name == "Ben"  # a stranger typing Ben's email changes nothing of his
    # Consents Ben gave are not withdrawn by someone else's form.
    assert actions.latest_consent(first.person, "future_opportunities")
    people, interests = Person.objects.count(), Interest.objects.count()
    again, created = actions.register_interest(opportunity, name="Ben", email="ben@example.org", consents=ALL_CONSENTS)
    assert not created and again == first
    assert (Person.objects.count(), Interest.objects.count()) == (people, interests)


def test_registering_needs_contact_consent_and_a_way_to_contact(personas):
    p = personas
    opportunity = make_opportunity(p.org, by=p.ellie)
    with pytest.raises(ValidationError) as no_consent:
        actions.register_interest(opportunity, name="A", email="a@example.org", consents={})
    assert no_consent.value.message_dict == {
        "consents": ["Agree to be contacted about this activity, so that we can reply to you."]
    }
    with pytest.raises(ValidationError) as no_contact:
        actions.register_interest(opportunity, name="A", consents={"contact_activity": True})
    assert no_contact.value.message_dict == {
        "email": ["Enter an email address or a phone number, so that we can contact you."]
    }


def test_a_closed_or_unpublished_opportunity_takes_no_registrations(personas):
    p = personas
    draft = make_opportunity(p.org, by=p.ellie, published=False)
    assert refused(
        actions.register_interest, draft, name="A", email="a@example.org", consents=ALL_CONSENTS, apps=APPS
    ) == ["This opportunity is no longer open for registrations."]
    opportunity = make_opportunity(p.org, by=p.ellie, closes_on=timezone.localdate())
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert refused(
        actions.register_interest,
        opportunity,
        name="A",
        email="a@example.org",
        consents=ALL_CONSENTS,
        today=tomorrow,
        apps=APPS,
    ) == ["This opportunity is no longer open for registrations."]


def test_inviting_emails_on_commit_only_with_consent(personas, django_capture_on_commit_callbacks):
    p = personas
    opportunity = make_opportunity(p.org, by=p.ellie, title="Listening event")
    willing = register(opportunity, email="willing@example.org")
    unwilling = register(opportunity, email="unwilling@example.org")
    ConsentEvent.objects.create(
        person=unwilling.person, purpose="contact_activity", given=False, at=timezone.now(), how="email"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.invite_person(willing, by=p.priya)
        actions.invite_person(unwilling, by=p.priya)
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["willing@example.org"]]
    assert "Listening event" in mail.outbox[0].subject
    willing.refresh_from_db()
    assert willing.status == "invited" and willing.invited_at is not None
    assert AuditEvent.objects.filter(action="invite_person", object_id=str(willing.pk), actor=p.priya).exists()
    assert refused(actions.invite_person, willing, by=p.priya, apps=APPS) == ["This person has already been invited."]


def test_not_selected_and_its_refusals(personas):
    p = personas
    interest = register(make_opportunity(p.org, by=p.ellie))
    actions.mark_not_selected(interest, by=p.ellie)
    interest.refresh_from_db()
    assert interest.status == "not_selected"
    assert refused(actions.mark_not_selected, interest, by=p.ellie, apps=APPS) == [
        "This person is already marked as not selected."
    ]


def test_recording_participation_from_an_interest(personas):
    p = personas
    activity = make_activity_for(p.org, by=p.ellie)
    opportunity = make_opportunity(p.org, by=p.ellie, activity=activity, role_level=3)
    interest = register(opportunity)
    participation = actions.record_participation_from_interest(interest, by=p.priya, role="Panel member")
    assert (participation.activity, participation.structure, participation.role_level, participation.role) == (
        activity,
        None,
        3,
        "Panel member",
    )
    interest.refresh_from_db()
    assert interest.status == "taking_part"
    assert refused(actions.record_participation_from_interest, interest, by=p.priya, apps=APPS) == [
        "This person is already taking part."
    ]
    assert refused(actions.invite_person, interest, by=p.priya, apps=APPS) == ["This person is already taking part."]
    assert refused(actions.mark_not_selected, interest, by=p.priya, apps=APPS) == [
        "This person is already taking part."
    ]


def test_participation_needs_an_activity_or_a_structure(personas):
    p = personas
    interest = register(make_opportunity(p.org, by=p.ellie))
    assert refused(actions.record_participation_from_interest, interest, by=p.ellie, apps=APPS) == [
        "This opportunity is not linked to an activity or a structure, so there is nowhere to record the "
        "participation. Link it to one first."
    ]
    assert not Participation.objects.exists()


def test_a_form_sent_twice_creates_one_opportunity(personas, signed_in):
    from django.urls import reverse

    client = signed_in(personas.ellie)
    body = {
        "title": "Youth forum",
        "summary": "Young people advise us.",
        "where": "Online",
        "when": "Monthly",
        "role_level": "2",
        "submission": "one-time-token-1",
    }
    first = client.post(reverse("people:opportunity_create"), body)
    second = client.post(reverse("people:opportunity_create"), body)
    assert first.status_code == second.status_code == 302
    assert Opportunity.objects.filter(title="Youth forum").count() == 1


def test_a_vacancy_in_a_structure_records_membership_of_the_structure(personas):
    from baton.structures.models import Structure, StructureType

    p = personas
    kind = StructureType.objects.first() or StructureType.objects.create(key="panel", name="Citizens' panel")
    panel = Structure.objects.create(organisation=p.org, name="Citizens' panel", type=kind)
    opportunity = make_opportunity(p.org, by=p.ellie, structure=panel, role_level=3)
    interest = register(opportunity)
    participation = actions.record_participation_from_interest(interest, by=p.ellie, role="Member")
    assert (participation.structure, participation.activity, participation.role_level) == (panel, None, 3)
    with pytest.raises(ValidationError) as both:
        actions.update_opportunity(opportunity, {"activity": make_activity_for(p.org, by=p.ellie)}, by=p.ellie)
    assert both.value.message_dict == {"structure": ["Choose an activity or a structure, not both."]}
