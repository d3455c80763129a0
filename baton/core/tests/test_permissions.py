"""The helpers every page, the API and the actions ask about who a person acts for and what they
may do (`core.permissions`): the people a form offers for work, the roles that count today, the
organisation a request acts for, and what is remembered for the length of a request. Cases that
`scripts/mutation` found no test for."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from baton.core import roles
from baton.core.models import Role, RoleAssignment, User
from baton.core.permissions import (
    act_for,
    can_restore,
    can_view_audit,
    forget,
    get_for_user,
    has,
    holders_of,
    membership,
    memberships_of,
    roles_of,
)
from baton.core.testing import add_role, make_user
from baton.cycle.models import Programme
from baton.cycle.permissions import eligible_owners
from baton.cycle.testing import make_programme

pytestmark = pytest.mark.django_db


def _fresh(user: User) -> User:
    """The user as a new request loads them: nothing remembered yet."""
    return User.objects.get(pk=user.pk)


def test_the_people_offered_for_work_are_the_active_holders_of_a_role_for_it_here_today_by_name(personas):
    """Ordered by first name, then last name, then username (two people may share a name)."""
    p = personas
    yesterday, tomorrow = timezone.localdate() - timedelta(days=1), timezone.localdate() + timedelta(days=1)
    make_user(p.org, Role.PROGRAMME_LEAD, username="zoe", first_name="Zoe", last_name="Adams")
    make_user(p.org, Role.PROGRAMME_LEAD, username="amy", first_name="Amy", last_name="Zed")
    make_user(p.org, Role.PROGRAMME_LEAD, username="sam2", first_name="Sam", last_name="Smith")
    make_user(p.org, Role.PROGRAMME_LEAD, username="sam1", first_name="Sam", last_name="Smith")
    make_user(p.org, Role.PROGRAMME_LEAD, username="zsam", first_name="Sam", last_name="Jones")
    make_user(p.org, Role.PROGRAMME_LEAD, username="gone", first_name="Gail", last_name="Gone", is_active=False)
    make_user(p.org, None, username="later", first_name="Lara", last_name="Later")
    add_role(User.objects.get(username="later"), p.org, Role.PROGRAMME_LEAD, starts_on=tomorrow)
    make_user(p.org, None, username="left", first_name="Leo", last_name="Left")
    add_role(User.objects.get(username="left"), p.org, Role.PROGRAMME_LEAD, ends_on=yesterday)
    add_role(p.oscar, p.org, None)  # a member here with no role, and engagement lead elsewhere
    expected = ["adam", "amy", "ellie", "priya", "zsam", "sam1", "sam2", "zoe"]
    assert [u.username for u in holders_of(roles.OWN_WORK, p.org)] == expected
    assert [u.username for u in holders_of("own_work", p.org)] == expected  # the capability's key will do
    assert [u.username for u in eligible_owners(p.org)] == expected
    assert [u.username for u in holders_of(roles.VIEW_AUDIT, p.org)] == ["adam", "ellie", "larry"]


def test_a_capability_is_asked_by_itself_or_by_its_key(personas):
    p = personas
    for user, expected in [(p.ellie, True), (p.priya, False), (p.oscar, True), (p.bea, False)]:
        assert has(_fresh(user), roles.LEAD_ENGAGEMENT) is expected, user
        assert has(_fresh(user), "lead_engagement") is expected, user


def test_a_deactivated_person_holds_no_role(personas):
    p = personas
    User.objects.filter(pk=p.ellie.pk).update(is_active=False)
    ellie = _fresh(p.ellie)
    assert membership(ellie) is not None
    assert roles_of(ellie) == frozenset()
    assert not has(ellie, roles.OWN_WORK)


def test_what_a_person_may_do_is_read_in_two_queries_once_a_request(personas, django_assert_num_queries):
    """Their memberships with organisations and roles: asked many times by a page, read once."""
    p = personas
    priya = _fresh(p.priya)
    with django_assert_num_queries(2):
        assert has(priya, roles.OWN_WORK)
        assert membership(priya).organisation.name == "North Riverside ICB"
        assert roles_of(priya) == frozenset({Role.PROGRAMME_LEAD})
    with django_assert_num_queries(0):
        assert not has(priya, roles.LEAD_ENGAGEMENT)
        assert membership(priya).organisation == p.org
        act_for(priya, p.org.pk)  # choosing again reads nothing again
        assert membership(priya).organisation == p.org and has(priya, roles.OWN_WORK)


def test_someone_signed_out_acts_for_no_organisation_and_may_do_nothing(personas):
    for nobody in (AnonymousUser(), None):
        assert memberships_of(nobody) == []
        assert membership(nobody) is None
        assert roles_of(nobody) == frozenset()
        assert not has(nobody, roles.VIEW_AUDIT)


def test_a_change_of_roles_counts_once_what_was_remembered_is_forgotten(personas):
    p = personas
    priya = _fresh(p.priya)
    assert has(priya, roles.OWN_WORK)
    RoleAssignment.objects.filter(membership__user=priya).update(ends_on=timezone.localdate() - timedelta(days=1))
    assert has(priya, roles.OWN_WORK)  # remembered for the rest of the request
    forget(priya)
    assert not has(priya, roles.OWN_WORK)
    assert roles_of(priya) == frozenset()


def test_a_person_of_two_organisations_acts_for_the_one_chosen_and_for_none_until_then(personas):
    p = personas
    add_role(p.ellie, p.other_org, Role.PROGRAMME_LEAD)
    ellie = _fresh(p.ellie)
    act_for(ellie, None)  # nothing chosen yet
    assert membership(ellie) is None and not has(ellie, roles.OWN_WORK)
    act_for(ellie, p.other_org.pk)
    assert membership(ellie).organisation == p.other_org
    assert roles_of(ellie) == frozenset({Role.PROGRAMME_LEAD})
    act_for(ellie, p.org.pk)
    assert membership(ellie).organisation == p.org
    assert roles_of(ellie) == frozenset({Role.ENGAGEMENT_LEAD})
    act_for(ellie, None)  # the choice is dropped: two organisations, so none
    assert membership(ellie) is None and roles_of(ellie) == frozenset()


def test_a_person_of_one_organisation_acts_for_it_without_choosing(personas):
    p = personas
    oscar = _fresh(p.oscar)
    act_for(oscar, None)
    assert membership(oscar).organisation == p.other_org
    assert has(oscar, roles.LEAD_ENGAGEMENT)
    act_for(oscar, p.org.pk)  # not his: he acts for nobody there
    assert membership(oscar) is None and not has(oscar, roles.LEAD_ENGAGEMENT)


def test_who_may_read_the_audit_trail_and_undo_a_deletion(personas):
    people = {name: _fresh(user) for name, user in personas.all().items() if name != "oscar"}
    assert sorted(n for n, u in people.items() if can_view_audit(u)) == ["adam", "ellie", "larry"]
    assert sorted(n for n, u in people.items() if can_restore(u)) == ["adam", "ellie"]


def test_a_record_elsewhere_and_a_person_of_no_organisation_are_told_apart_in_the_404(personas):
    """Both are a plain 404 to the person; the reason (in the debug page and the logs) says which."""
    p = personas
    programme = make_programme(p.other_org, by=p.oscar)
    with pytest.raises(Http404, match="^Not found$"):
        get_for_user(Programme, _fresh(p.ellie), programme.pk)
    with pytest.raises(Http404, match="^No organisation$"):
        get_for_user(Programme, make_user(), programme.pk)
    assert get_for_user(Programme.objects.all(), _fresh(p.oscar), programme.pk) == programme
