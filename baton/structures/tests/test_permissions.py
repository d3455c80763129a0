"""Who may keep the register and record a structure's meetings: the helpers the pages, the API
and the templates share."""

import pytest
from django.http import Http404

from baton.core.testing import add_role, make_user
from baton.cycle.models import Programme
from baton.cycle.testing import make_programme

from ..permissions import (
    can_keep_register,
    can_record_meetings,
    eligible_owners,
    get_action_for_user,
    get_meeting_for_user,
    get_structure_for_user,
)
from ..testing import make_action, make_meeting, make_structure

pytestmark = pytest.mark.django_db


def test_engagement_leads_and_admins_keep_the_register_and_nobody_else(personas):
    keepers = {name for name, user in personas.all().items() if can_keep_register(user)}
    assert keepers == {"ellie", "adam", "oscar"}  # Oscar keeps his own organisation's register


def test_a_programme_lead_records_meetings_of_the_structure_serving_her_programme_only(personas):
    p = personas
    mine = make_structure(p.org, by=p.ellie, programme=make_programme(p.org, by=p.ellie, lead=p.priya))
    others = make_structure(p.org, by=p.ellie, programme=make_programme(p.org, by=p.ellie, lead=p.ellie))
    plain = make_structure(p.org, by=p.ellie)
    recorders = {name for name, user in p.all().items() if can_record_meetings(user, mine)}
    assert recorders == {"ellie", "adam", "oscar", "priya"}  # Oscar never reaches it: 404 first
    assert not can_record_meetings(p.priya, others) and not can_record_meetings(p.priya, plain)
    # Nora led programmes once; her role ended, so a programme still naming her gives her nothing.
    programme = make_programme(p.org, by=p.ellie)
    Programme.objects.filter(pk=programme.pk).update(lead=p.nora)  # named while her role lasted
    old = make_structure(p.org, by=p.ellie, programme=Programme.objects.get(pk=programme.pk))
    assert not can_record_meetings(p.nora, old)


def test_an_owner_may_be_any_active_member_of_the_organisation(personas):
    p = personas
    make_user(p.org, None, username="gone", is_active=False)
    both = make_user(p.other_org, None, username="both", first_name="Bo", last_name="Both")
    add_role(both, p.org, None)
    names = [u.username for u in eligible_owners(p.org)]
    assert "gone" not in names and "oscar" not in names and "both" in names and "nora" in names


def test_records_of_another_organisation_are_not_found(personas):
    p = personas
    s = make_structure(p.org, by=p.ellie)
    meeting = make_meeting(s, by=p.ellie)
    item = make_action(meeting, by=p.ellie)
    assert get_structure_for_user(p.bea, s.pk) == s
    assert get_meeting_for_user(p.bea, meeting.pk).structure == s
    assert get_action_for_user(p.bea, item.pk).meeting.structure == s
    for get, pk in [
        (get_structure_for_user, s.pk),
        (get_meeting_for_user, meeting.pk),
        (get_action_for_user, item.pk),
        (get_structure_for_user, "not a number"),
    ]:
        with pytest.raises(Http404):
            get(p.oscar, pk)


def test_a_structure_meeting_and_action_come_with_what_their_pages_show_joined(personas, django_assert_num_queries):
    p = personas
    s = make_structure(p.org, by=p.ellie, programme=make_programme(p.org, by=p.ellie, lead=p.priya))
    item = make_action(make_meeting(s, by=p.ellie), by=p.ellie, owner=p.priya)
    structure = get_structure_for_user(p.ellie, s.pk)
    action = get_action_for_user(p.ellie, item.pk)
    with django_assert_num_queries(0):
        assert (structure.type.key, structure.programme.lead_id) == ("ppg", p.priya.pk)
        assert (action.meeting.structure.programme.lead_id, action.owner.username) == (p.priya.pk, "priya")
