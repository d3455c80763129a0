"""The register's actions: each audited with who and which action; links to another
organisation's records refused; an action's owner rules; stale edits refused; deletions restorable."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.core.audit import restore_deleted
from baton.core.errors import RuleBroken, StaleEdit
from baton.core.models import AuditEvent
from baton.cycle.testing import make_programme
from baton.governance.testing import make_board, make_decision

from .. import actions
from ..models import MeetingAction, Structure, StructureMeeting, StructureType
from ..testing import make_action, make_meeting, make_structure, structure_type

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _create(p):
    return make_structure(p.org, by=p.adam)


def _update(p):
    return actions.update_structure(make_structure(p.org, by=p.ellie), {"purpose": "New words."}, by=p.adam)


def _review(p):
    return actions.review_structure(
        make_structure(p.org, by=p.ellie), next_review_on=TODAY + timedelta(days=200), by=p.adam
    )


def _delete(p):
    return actions.delete_structure(make_structure(p.org, by=p.ellie), by=p.adam)


def _meeting(p):
    return make_meeting(make_structure(p.org, by=p.ellie), by=p.adam)


def _update_meeting(p):
    meeting = make_meeting(make_structure(p.org, by=p.ellie), by=p.ellie)
    return actions.update_meeting(meeting, {"minutes": "What was said."}, by=p.adam)


def _delete_meeting(p):
    return actions.delete_meeting(make_meeting(make_structure(p.org, by=p.ellie), by=p.ellie), by=p.adam)


def _agree(p):
    return make_action(make_meeting(make_structure(p.org, by=p.ellie), by=p.ellie), by=p.adam)


def _update_action(p):
    item = make_action(make_meeting(make_structure(p.org, by=p.ellie), by=p.ellie), by=p.ellie)
    return actions.update_action(item, {"text": "Changed."}, by=p.adam)


def _complete(p):
    item = make_action(make_meeting(make_structure(p.org, by=p.ellie), by=p.ellie), by=p.ellie)
    return actions.complete_action(item, by=p.adam)


def _delete_action(p):
    item = make_action(make_meeting(make_structure(p.org, by=p.ellie), by=p.ellie), by=p.ellie)
    return actions.delete_action(item, by=p.adam)


@pytest.mark.parametrize(
    ("act", "action", "verb"),
    [
        (_create, "create_structure", "create"),
        (_update, "update_structure", "update"),
        (_review, "review_structure", "update"),
        (_delete, "delete_structure", "delete"),
        (_meeting, "record_structure_meeting", "create"),
        (_update_meeting, "update_structure_meeting", "update"),
        (_delete_meeting, "delete_structure_meeting", "delete"),
        (_agree, "agree_meeting_action", "create"),
        (_update_action, "update_meeting_action", "update"),
        (_complete, "complete_meeting_action", "update"),
        (_delete_action, "delete_meeting_action", "delete"),
    ],
)
def test_every_change_to_the_register_is_audited_with_who_made_it_and_the_action_name(personas, act, action, verb):
    p = personas
    act(p)
    event = AuditEvent.objects.get(actor=p.adam)
    assert (event.action, event.verb, event.organisation) == (action, verb, p.org)


def test_a_structure_links_only_to_its_own_organisations_board_and_programme(personas):
    p = personas
    theirs_board = make_board(p.other_org, by=p.oscar)
    theirs_programme = make_programme(p.other_org, by=p.oscar, name="Their programme")
    with pytest.raises(ValidationError) as caught:
        make_structure(p.org, by=p.ellie, feeds_board=theirs_board, feeds_named_body="", programme=theirs_programme)
    assert set(caught.value.message_dict) == {"feeds_board", "programme"}
    s = make_structure(p.org, by=p.ellie)
    with pytest.raises(ValidationError, match="boards or committees"):
        actions.update_structure(s, {"feeds_board": theirs_board, "feeds_named_body": ""}, by=p.ellie)
    assert not Structure.objects.filter(organisation=p.org).exclude(pk=s.pk).exists()


def test_a_retired_type_is_not_offered_for_new_structures_but_stays_on_those_that_had_it(personas):
    p = personas
    s = make_structure(p.org, by=p.ellie, type_key="youth_forum")
    StructureType.objects.filter(key="youth_forum").update(active=False)
    with pytest.raises(ValidationError, match="no longer used"):
        make_structure(p.org, by=p.ellie, type_key="youth_forum")
    actions.update_structure(s, {"type": structure_type("youth_forum"), "purpose": "Still here."}, by=p.ellie)
    assert Structure.objects.get(pk=s.pk).purpose == "Still here."


def test_recording_a_review_sets_both_dates_and_clears_the_flags_it_raised(personas):
    p = personas
    s = make_structure(p.org, by=p.ellie, terms_reviewed_on=None, review_due_on=TODAY - timedelta(days=3))
    actions.review_structure(s, next_review_on=TODAY + timedelta(days=365), by=p.ellie)
    s.refresh_from_db()
    assert (s.terms_reviewed_on, s.review_due_on) == (TODAY, TODAY + timedelta(days=365))
    assert s.flags(TODAY) == ["No meeting recorded."]
    vague = make_structure(p.org, by=p.ellie, purpose="")
    with pytest.raises(RuleBroken, match="State the structure's purpose"):
        actions.review_structure(vague, next_review_on=TODAY + timedelta(days=30), by=p.ellie)
    with pytest.raises(StaleEdit):
        actions.review_structure(s, next_review_on=TODAY + timedelta(days=30), by=p.ellie, expected_version=1)


def test_a_meeting_links_only_its_own_organisations_decisions_and_handovers(personas):
    p = personas
    theirs = make_decision(p.other_org, make_board(p.other_org, by=p.oscar), by=p.oscar, title="Theirs")
    s = make_structure(p.org, by=p.ellie)
    with pytest.raises(ValidationError, match="decisions of your organisation"):
        make_meeting(s, by=p.ellie, decisions=[theirs])
    assert not StructureMeeting.objects.exists()
    ours = make_decision(p.org, make_board(p.org, by=p.ellie), by=p.ellie, title="Ours")
    meeting = make_meeting(s, by=p.ellie, decisions=[ours])
    with pytest.raises(ValidationError, match="decisions of your organisation"):
        actions.update_meeting(meeting, {"decisions": [ours, theirs]}, by=p.ellie)
    assert list(meeting.decisions.all()) == [ours]


def test_deleting_a_structure_takes_its_meetings_and_actions_and_restores_them(personas):
    p = personas
    s = make_structure(p.org, by=p.ellie)
    item = make_action(make_meeting(s, by=p.ellie), by=p.ellie, owner=p.priya)
    event = actions.delete_structure(s, by=p.ellie)
    assert not MeetingAction.objects.filter(pk=item.pk).exists()
    restore_deleted(event, by=p.ellie)
    assert MeetingAction.objects.get(pk=item.pk).meeting.structure_id == s.pk


def test_a_structure_whose_meetings_informed_decisions_is_kept(personas):
    p = personas
    s = make_structure(p.org, by=p.ellie)
    make_meeting(s, by=p.ellie, decisions=[make_decision(p.org, make_board(p.org, by=p.ellie), by=p.ellie)])
    with pytest.raises(RuleBroken, match="informed 1 decision in the decision register"):
        actions.delete_structure(s, by=p.ellie)
    assert Structure.objects.filter(pk=s.pk).exists()


def test_an_action_is_owned_by_a_member_a_named_person_or_nobody_never_both(personas):
    p = personas
    meeting = make_meeting(make_structure(p.org, by=p.ellie), by=p.ellie)
    for fields, message in [
        ({"owner": p.priya, "owner_name": "Also a name"}, "not both"),
        ({"owner": p.oscar}, "Choose someone in your organisation"),
    ]:
        with pytest.raises(ValidationError, match=message):
            make_action(meeting, by=p.ellie, **fields)
    assert not MeetingAction.objects.exists()
    assert make_action(meeting, by=p.ellie, owner=p.priya).owner_label == "Priya Patel"
    named = make_action(meeting, by=p.ellie, owner_name="Network chair")
    assert named.owner_label == "Network chair"
    assert make_action(meeting, by=p.ellie).owner_label == ""
    with pytest.raises(ValidationError, match="not both"):
        actions.update_action(named, {"owner": p.priya}, by=p.ellie)
    actions.update_action(named, {"owner": p.priya, "owner_name": ""}, by=p.ellie)
    assert MeetingAction.objects.get(pk=named.pk).owner == p.priya


def test_marking_an_action_done_once_and_not_before_its_meeting(personas):
    p = personas
    meeting = make_meeting(make_structure(p.org, by=p.ellie), by=p.ellie, held_on=TODAY - timedelta(days=20))
    item = make_action(meeting, by=p.ellie)
    with pytest.raises(RuleBroken, match="before the meeting that agreed it"):
        actions.complete_action(item, done_on=TODAY - timedelta(days=21), by=p.ellie)
    actions.complete_action(item, by=p.ellie)
    assert MeetingAction.objects.get(pk=item.pk).done_on == TODAY
    with pytest.raises(RuleBroken, match="already marked done"):
        actions.complete_action(item, by=p.ellie)


def test_a_stale_edit_of_an_action_is_refused(personas):
    p = personas
    item = make_action(make_meeting(make_structure(p.org, by=p.ellie), by=p.ellie), by=p.ellie)
    actions.update_action(item, {"text": "First."}, by=p.ellie, expected_version=1)
    with pytest.raises(StaleEdit):
        actions.update_action(item, {"text": "Second."}, by=p.ellie, expected_version=1)
    assert MeetingAction.objects.get(pk=item.pk).text == "First."
