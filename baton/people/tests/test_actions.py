"""The people actions: each change audited (who, before, after), stale edits refused, refusals in
words that save nothing, equality answers never in the audit trail."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.core.errors import StaleEdit
from baton.core.models import AuditEvent
from baton.core.testing import refused

from .. import actions
from ..models import Attendance, EqualityRecord, Participation, Person, Purpose
from ..testing import a_structure, give_consent, make_equality, make_participation, make_person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
APPS = ("people",)


def _last(action):
    return AuditEvent.objects.filter(action=action).latest("pk")


def test_adding_and_changing_a_person_is_audited_with_before_and_after(setup):
    p = setup.p
    person = actions.create_person(p.org, by=p.ellie, name="Kasia", postcode="ls1 1ab ")
    assert person.postcode == "LS1 1AB"
    created = _last("create_person")
    assert (created.actor, created.verb, created.after["name"]) == (p.ellie, "create", "Kasia")
    actions.update_person(person, {"bsl": True}, by=p.priya, expected_version=1)
    changed = _last("update_person")
    assert (changed.actor, changed.before["bsl"], changed.after["bsl"]) == (p.priya, False, True)
    with pytest.raises(StaleEdit):
        actions.update_person(person, {"name": "K"}, by=p.ellie, expected_version=1)
    assert Person.objects.get(pk=person.pk).name == "Kasia"


def test_a_person_is_linked_only_to_a_patient_partner_account_of_the_organisation(setup):
    p = setup.p
    with pytest.raises(ValidationError) as error:
        actions.create_person(p.org, by=p.ellie, name="Oscar's friend", account=p.oscar)
    assert error.value.message_dict == {"account": ["Choose an account of someone in your organisation."]}
    linked = actions.create_person(p.org, by=p.ellie, name="Pat", account=p.pat)
    assert linked.account == p.pat
    actions.update_person(linked, {"account": p.pat, "name": "Pat P"}, by=p.ellie)  # his own: still fine
    with pytest.raises(ValidationError) as error:
        actions.create_person(p.org, by=p.ellie, name="Pat again", account=p.pat)
    assert error.value.message_dict == {"account": ["This Baton account is already linked to another person's record."]}


def test_consent_is_a_new_event_each_time_and_withdrawing_equality_deletes_the_answers(setup):
    p = setup.p
    person = setup.person
    make_equality(person, by=p.ellie, sex="2", ethnic_category="M")
    assert EqualityRecord.objects.filter(person=person).exists()
    actions.record_consent(person, purpose=Purpose.EQUALITY_MONITORING, given=False, how="email", by=p.ellie)
    assert not EqualityRecord.objects.filter(person=person).exists()
    assert person.consents.count() == 2
    gone = _last("delete_equality_on_withdrawal")
    assert gone.before == {"answered": ["ethnic_category", "sex"]}
    assert refused(actions.record_equality, Person.objects.get(pk=person.pk), {"sex": "1"}, by=p.ellie, apps=APPS) == [
        "Equality monitoring cannot be recorded for Amira K: they have not given consent for equality "
        "monitoring. Record their consent first."
    ]


def test_equality_answers_keep_what_is_left_out_look_up_the_decile_and_never_reach_the_audit_trail(setup):
    from ..models import AreaLookup

    p = setup.p
    AreaLookup.objects.create(postcode="LS1 1AB", area_code="E01011111", imd_decile=2)
    person = actions.create_person(p.org, by=p.ellie, name="Wen", postcode="LS11AB")
    give_consent(person, Purpose.EQUALITY_MONITORING, by=p.ellie)
    record = actions.record_equality(person, {"sex": "2", "ethnic_category": "R"}, by=p.ellie)
    assert (record.sex, record.ethnic_category, record.imd_decile) == ("2", "R", 2)
    record = actions.record_equality(person, {"sex": "1"}, by=p.ellie)
    assert (record.sex, record.ethnic_category) == ("1", "R")
    for event in AuditEvent.objects.filter(model="people.equalityrecord"):
        text = str(event.before) + str(event.after) + event.object_repr
        assert "'R'" not in text and "'1'" not in text and "'2'" not in text
    assert _last("record_equality_monitoring").after == {"answered": ["ethnic_category", "sex", "imd_decile"]}
    with pytest.raises(ValidationError) as error:
        actions.record_equality(person, {"sex": "Q"}, by=p.ellie)
    assert error.value.message_dict == {"sex": ["Choose one of the answers listed."]}
    actions.delete_equality(person, by=p.ellie)
    assert refused(actions.delete_equality, person, by=p.ellie, apps=APPS) == [
        "No equality monitoring is recorded for Wen."
    ]


def test_taking_part_checks_the_organisation_moves_last_active_on_and_ends_once(setup):
    p = setup.p
    person = setup.person
    elsewhere = a_structure(p.other_org, by=p.oscar, name="Other panel")
    with pytest.raises(ValidationError) as error:
        actions.record_participation(person, by=p.ellie, structure=elsewhere, starts_on=TODAY)
    assert error.value.message_dict == {"structure": ["Choose a structure of your organisation."]}
    with pytest.raises(ValidationError):
        actions.record_participation(
            person, by=p.ellie, structure=setup.structure, activity=setup.activity, starts_on=TODAY
        )
    started = TODAY - timedelta(days=40)
    participation = make_participation(
        person, by=p.ellie, activity=setup.activity, starts_on=started, ends_on=TODAY - timedelta(days=10)
    )
    person.refresh_from_db()
    assert person.last_active_on == TODAY - timedelta(days=10)
    made = _last("record_participation")
    assert (made.actor, made.after["activity_id"], made.after["hours"]) == (p.ellie, setup.activity.pk, "0")
    assert refused(actions.end_participation, participation, by=p.ellie, apps=APPS) == [
        f"This participation already ended on {(TODAY - timedelta(days=10)).day} {TODAY - timedelta(days=10):%B %Y}."
    ]
    member = make_participation(person, by=p.ellie, structure=setup.structure, role="Chair", role_level=4)
    with pytest.raises(StaleEdit):
        actions.end_participation(member, by=p.ellie, expected_version=7)
    actions.end_participation(member, by=p.ellie, expected_version=1)
    assert Participation.objects.get(pk=member.pk).ends_on == TODAY
    person.refresh_from_db()
    assert person.last_active_on == TODAY


def test_attendance_is_recorded_once_per_meeting_and_person_and_deleting_it_can_be_undone(setup):
    from baton.core.audit import restore_deleted

    p = setup.p
    first = actions.record_attendance(setup.meeting, setup.person, status="attended", hours=Decimal(2), by=p.ellie)
    again = actions.record_attendance(setup.meeting, setup.person, status="absent", by=p.priya)
    assert first.pk == again.pk and Attendance.objects.count() == 1
    assert _last("update_attendance").before["status"] == "attended"
    setup.person.refresh_from_db()
    assert setup.person.last_active_on == setup.meeting.held_on
    with pytest.raises(ValidationError) as error:
        actions.record_attendance(setup.meeting, setup.person, status="attended", hours=Decimal(25), by=p.ellie)
    assert error.value.message_dict == {"hours": ["Hours must be from 0 to 24."]}
    other = make_person(p.other_org, by=p.oscar)
    with pytest.raises(ValidationError):
        actions.record_attendance(setup.meeting, other, status="attended", by=p.ellie)
    event = actions.delete_attendance(again, by=p.ellie)
    assert not Attendance.objects.exists()
    restore_deleted(event, by=p.ellie)
    assert Attendance.objects.get().status == "absent"


def test_deleting_a_person_takes_their_record_with_them_and_is_restorable(setup):
    from baton.core.audit import restore_deleted

    p = setup.p
    give_consent(setup.person, Purpose.CONTACT_ACTIVITY, by=p.ellie)
    make_participation(setup.person, by=p.ellie, structure=setup.structure)
    event = actions.delete_person(setup.person, by=p.ellie)
    assert (event.actor, event.verb) == (p.ellie, "delete")
    assert not Participation.objects.exists()
    restore_deleted(event, by=p.ellie)
    restored = Person.objects.get(pk=setup.person.pk)
    assert restored.consents.count() == 1 and restored.participations.count() == 1
