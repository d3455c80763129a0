"""Every change goes through an action: one audit event each, with its actor and name; a stale edit
is refused; refusals are said word for word and save nothing; a deletion can be undone; a link to
another organisation's record is refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.core.audit import restore_deleted
from baton.core.errors import StaleEdit
from baton.core.models import AuditEvent
from baton.core.testing import refused

from .. import actions
from ..models import LearningNeed, LearningOffer, LearningRecord
from ..testing import make_need, make_offer, make_person, make_record, make_requirement, make_role_kind

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
APPS = ("learning",)


def _last():
    return AuditEvent.objects.order_by("-pk").first()


def test_every_change_is_audited_with_its_actor_and_name(personas, panel):
    p = personas
    steps = [
        (lambda: make_offer(p.org, by=p.ellie), "create_learning_offer"),
        (lambda: actions.update_offer(panel.offer, {"provider": "NHS England"}, by=p.ellie), "update_learning_offer"),
        (lambda: make_role_kind(p.org, by=p.ellie, name="Patient leader", min_level=4), "create_participation_role"),
        (lambda: actions.update_role_kind(panel.kind, {"stage": "procure"}, by=p.ellie), "update_participation_role"),
        (lambda: make_record(p.org, panel.offer, by=p.priya, person=panel.sam), "record_learning"),
        (lambda: make_need(p.org, by=p.priya, user=p.larry), "raise_learning_need"),
        (lambda: actions.close_need(LearningNeed.objects.get(), by=p.ellie, status="met"), "close_learning_need"),
        (
            lambda: actions.update_requirement(panel.requirement, {"renew_months": 12}, by=p.ellie),
            "update_learning_requirement",
        ),
        (lambda: actions.delete_requirement(panel.requirement, by=p.ellie), "delete_learning_requirement"),
    ]
    for step, name in steps:
        step()
        by_priya = name in ("record_learning", "raise_learning_need")
        assert (_last().action, _last().actor) == (name, p.priya if by_priya else p.ellie)


def test_a_record_keeps_who_recorded_it_and_a_need_who_raised_it(personas, panel):
    p = personas
    record = make_record(p.org, panel.offer, by=p.priya, person=panel.sam)
    need = make_need(p.org, by=p.priya, user=p.larry)
    assert record.recorded_by == p.priya and need.raised_by == p.priya and need.status == "open"


def test_a_stale_edit_is_refused_and_saves_nothing(personas, panel):
    p = personas
    actions.update_offer(panel.offer, {"provider": "First"}, by=p.ellie, expected_version=1)
    with pytest.raises(StaleEdit):
        actions.update_offer(panel.offer, {"provider": "Second"}, by=p.priya, expected_version=1)
    assert LearningOffer.objects.get(pk=panel.offer.pk).provider == "First"
    need = make_need(p.org, by=p.ellie, person=panel.sam)
    with pytest.raises(StaleEdit):
        actions.close_need(need, by=p.ellie, status="met", expected_version=7)


def test_refusals_are_said_word_for_word_and_save_nothing(personas, panel):
    p = personas
    make_record(p.org, panel.offer, by=p.ellie, person=panel.sam)
    assert refused(actions.delete_offer, panel.offer, by=p.ellie, apps=APPS) == [
        "People's learning records name this offer. Retire it instead, so their records stay.",
        "A requirement names this offer. Remove the requirement first, or retire the offer.",
    ]
    assert refused(actions.delete_role_kind, panel.kind, by=p.ellie, apps=APPS) == [
        "A requirement names this participation role. Remove the requirement first."
    ]
    retired = make_offer(p.org, by=p.ellie, title="Old module", active=False)
    assert refused(actions.set_requirement, p.org, by=p.ellie, offer=retired, staff_role="lay_member", apps=APPS) == [
        "Old module is retired. Require an offer that is still running."
    ]
    assert refused(
        actions.set_requirement, p.org, by=p.ellie, offer=panel.offer, staff_role="lay_member", apps=APPS
    ) == ["Procurement induction is for people who take part, not staff."]
    assert refused(
        actions.record_learning,
        p.org,
        by=p.ellie,
        offer=panel.offer,
        person=panel.sam,
        completed_on=TODAY + timedelta(days=1),
        apps=APPS,
    ) == ["The day it was completed cannot be in the future."]
    need = actions.close_need(make_need(p.org, by=p.ellie, person=panel.sam), by=p.ellie, status="met")
    assert refused(actions.close_need, need, by=p.ellie, status="closed", outcome="Again", apps=APPS) == [
        f"This request was already met on {TODAY.day} {TODAY:%B %Y}."
    ]


def test_closing_without_meeting_says_why(personas, panel):
    p = personas
    need = make_need(p.org, by=p.ellie, person=panel.sam)
    with pytest.raises(ValidationError) as refusal:
        actions.close_need(need, by=p.ellie, status="closed", outcome="  ")
    assert refusal.value.message_dict == {"outcome": ["Say why the request is closed without being met."]}
    closed = actions.close_need(need, by=p.ellie, status="closed", outcome="They moved away.")
    assert (closed.status, closed.closed_on, closed.outcome) == ("closed", TODAY, "They moved away.")


def test_another_organisations_records_are_no_choice(personas, panel):
    p = personas
    theirs = make_offer(p.other_org, by=p.oscar, title="Theirs")
    their_person = make_person(p.other_org, "Olga")
    with pytest.raises(ValidationError) as refusal:
        actions.record_learning(p.org, by=p.ellie, offer=theirs, person=panel.sam, completed_on=TODAY)
    assert "offer" in refusal.value.message_dict
    with pytest.raises(ValidationError) as refusal:
        actions.record_learning(p.org, by=p.ellie, offer=panel.offer, person=their_person, completed_on=TODAY)
    assert "person" in refusal.value.message_dict
    with pytest.raises(ValidationError) as refusal:
        actions.raise_need(p.org, by=p.ellie, user=p.oscar, what="x")
    assert refusal.value.message_dict == {"user": ["Choose someone in your organisation."]}
    with pytest.raises(ValidationError):
        actions.raise_need(p.org, by=p.ellie, what="Nobody named")
    with pytest.raises(ValidationError):
        make_requirement(p.org, theirs, by=p.ellie, staff_role="lay_member")


def test_a_deleted_record_is_restored_from_the_audit_trail(personas, panel):
    p = personas
    record = make_record(p.org, panel.offer, by=p.ellie, person=panel.sam)
    event = actions.delete_learning_record(record, by=p.ellie)
    assert not LearningRecord.objects.exists()
    restore_deleted(event, by=p.ellie)
    assert LearningRecord.objects.get().person == panel.sam
