"""Who may keep the register, and who may be named as a holder: the helpers the pages, the API and
the actions share."""

import pytest
from django.http import Http404

from baton.core.testing import add_role, make_user

from ..models import HubRole
from ..permissions import can_edit_register, eligible_holders, get_holder_for_user, get_role_for_user
from ..testing import make_holder, make_role

pytestmark = pytest.mark.django_db


def test_engagement_leads_and_admins_keep_the_register_and_nobody_else(personas):
    p = personas
    keepers = {name for name, user in p.all().items() if can_edit_register(user)}
    assert keepers == {"ellie", "adam", "oscar"}  # Oscar keeps his own organisation's register


def test_a_holder_may_be_any_active_member_of_the_organisation_listed_by_name(personas):
    p = personas
    make_user(p.org, None, username="norole", first_name="Zoe", last_name="Zed")  # a member with no role
    make_user(p.org, None, username="gone", first_name="Gone", last_name="Away", is_active=False)
    make_user(None, username="nobody", first_name="No", last_name="Membership")
    # Ties: the same first name goes by last name, then the same full name by username.
    make_user(p.org, None, username="a_sam", first_name="Sam", last_name="Young")
    make_user(p.org, None, username="z_sam", first_name="Sam", last_name="Abbott")
    make_user(p.org, None, username="zjo", first_name="Jo", last_name="Bloggs")
    make_user(p.org, None, username="ajo", first_name="Jo", last_name="Bloggs")
    both = make_user(p.other_org, None, username="both", first_name="Bo", last_name="Both")
    add_role(both, p.org, None)
    assert [u.username for u in eligible_holders(p.org)] == [
        "adam",
        "bea",
        "both",
        "ellie",
        "fiona",
        "ajo",
        "zjo",
        "larry",
        "nora",  # her Baton role ended; she is still a member
        "pat",
        "priya",
        "z_sam",
        "a_sam",
        "norole",
    ]
    assert [u.username for u in eligible_holders(p.other_org)] == ["both", "oscar"]


def test_roles_and_holders_of_another_organisation_and_the_standard_roles_are_not_found(personas):
    p = personas
    role = make_role(p.org, by=p.ellie)
    holder = make_holder(role, by=p.ellie, person=p.priya)
    assert get_role_for_user(p.bea, role.pk) == role
    fetched = get_holder_for_user(p.bea, holder.pk)
    assert (fetched, fetched.role, fetched.person) == (holder, role, p.priya)
    for user, get, pk in [
        (p.oscar, get_role_for_user, role.pk),
        (p.oscar, get_holder_for_user, holder.pk),
        (p.ellie, get_role_for_user, make_role(p.other_org, by=p.oscar).pk),
        (p.ellie, get_role_for_user, HubRole.objects.standard().get(key="healthwatch").pk),
        (p.ellie, get_holder_for_user, "not a number"),
    ]:
        with pytest.raises(Http404):
            get(user, pk)


def test_a_role_and_a_holder_come_with_what_their_pages_show_joined(personas, django_assert_num_queries):
    p = personas
    role = make_role(p.org, by=p.ellie)
    holder = make_holder(role, by=p.ellie, person=p.priya)
    fetched_role = get_role_for_user(p.ellie, role.pk)
    fetched_holder = get_holder_for_user(p.ellie, holder.pk)
    with django_assert_num_queries(0):
        assert fetched_role.organisation == p.org
        assert (fetched_holder.role.organisation, fetched_holder.person.username) == (p.org, "priya")
