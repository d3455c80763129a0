"""Who reads and who keeps the partner register: the helpers the pages, the API and the templates
share, person by person."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from baton.core.testing import make_user

from ..permissions import (
    can_keep,
    can_read,
    eligible_owners,
    get_comms_for_user,
    get_contact_for_user,
    get_dialogue_for_user,
    get_partner_for_user,
    get_programme_for_user,
    get_promise_for_user,
    get_request_for_user,
)
from ..testing import make_comms_item, make_contact, make_dialogue, make_format_request, make_partner, make_promise

pytestmark = pytest.mark.django_db


def test_staff_read_and_leads_keep_the_register(personas):
    p = personas
    people = p.all()
    assert {n for n, u in people.items() if can_read(u)} == {
        "ellie",
        "priya",
        "larry",
        "bea",
        "adam",
        "nora",
        "oscar",
        "fiona",
    }
    assert {n for n, u in people.items() if can_keep(u)} == {"ellie", "priya", "adam", "oscar"}
    assert not can_read(make_user(None, username="nobody"))


def test_owners_are_active_members_of_the_organisation(personas):
    p = personas
    make_user(p.org, None, username="gone", is_active=False)
    assert set(eligible_owners(p.org).values_list("username", flat=True)) == {
        "adam",
        "bea",
        "ellie",
        "fiona",
        "larry",
        "nora",
        "pat",
        "priya",
    }


def test_records_are_404_elsewhere_and_403_to_a_patient_partner(personas, programme):
    p = personas
    partner = make_partner(p.org, by=p.ellie)
    entry = make_dialogue(partner, programme, by=p.ellie)
    records = [
        (get_partner_for_user, partner),
        (get_contact_for_user, make_contact(partner, by=p.ellie)),
        (get_dialogue_for_user, entry),
        (get_promise_for_user, make_promise(entry, by=p.ellie)),
        (get_comms_for_user, make_comms_item(programme, by=p.ellie)),
        (get_request_for_user, make_format_request(p.org, by=p.ellie)),
        (get_programme_for_user, programme),
    ]
    for get, record in records:
        assert get(p.bea, record.pk) == record
        assert get(p.nora, record.pk) == record
        with pytest.raises(Http404):
            get(p.oscar, record.pk)
        with pytest.raises(Http404):
            get(p.ellie, "not a number")
        with pytest.raises(PermissionDenied):
            get(p.pat, record.pk)


def test_a_partner_comes_with_what_its_page_shows_joined(personas, django_assert_num_queries):
    p = personas
    partner = make_partner(p.org, by=p.ellie)
    fetched = get_partner_for_user(p.ellie, partner.pk)
    with django_assert_num_queries(0):
        assert (fetched.organisation, fetched.type.key, fetched.owner) == (p.org, "vcse", p.ellie)
