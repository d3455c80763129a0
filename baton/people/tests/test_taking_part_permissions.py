"""Who may do what in taking part, persona by persona: the capabilities, and the pages' answers
(200, 403 for a role that may not, 404 for Oscar of another organisation)."""

import pytest
from django.urls import reverse

from ..permissions import can_export_person, can_invite, can_manage_taking_part, can_see_opportunities
from ..testing_taking_part import make_opportunity, register

pytestmark = pytest.mark.django_db

#            manage  invite  see
MATRIX = {
    "ellie": (True, True, True),
    "adam": (True, True, True),
    "priya": (False, True, True),
    "larry": (False, False, True),
    "bea": (False, False, True),
    "pat": (False, False, False),
    "nora": (False, False, False),
    "oscar": (True, True, True),  # in his own organisation
}


@pytest.mark.parametrize("name", MATRIX)
def test_capabilities(personas, name):
    user = getattr(personas, name)
    assert (can_manage_taking_part(user), can_invite(user), can_see_opportunities(user)) == MATRIX[name]


def test_a_person_exports_their_own_data_and_staff_who_manage_anyones(personas):
    from ..models import Person

    p = personas
    own = Person.objects.create(organisation=p.org, name="Pat", account=p.pat)
    other = Person.objects.create(organisation=p.org, name="Someone")
    assert can_export_person(p.pat, own) and not can_export_person(p.pat, other)
    assert can_export_person(p.ellie, other) and not can_export_person(p.priya, other)


@pytest.fixture
def made(personas):
    opportunity = make_opportunity(personas.org, by=personas.ellie)
    return opportunity, register(opportunity)


PAGES = {
    # name -> (args from (opportunity, interest), who gets 200, who gets 403)
    "opportunity_list": (lambda o, i: [], {"ellie", "priya", "larry", "bea", "adam"}, {"pat", "nora"}),
    "opportunity_create": (lambda o, i: [], {"ellie", "adam"}, {"priya", "larry", "bea", "pat", "nora"}),
    "opportunity_detail": (lambda o, i: [o.pk], {"ellie", "priya", "larry", "bea"}, {"pat", "nora"}),
    "opportunity_edit": (lambda o, i: [o.pk], {"ellie", "adam"}, {"priya", "larry", "pat"}),
    "opportunity_unpublish": (lambda o, i: [o.pk], {"ellie"}, {"priya", "bea"}),
    "opportunity_delete": (lambda o, i: [o.pk], {"ellie"}, {"priya", "larry"}),
    "interest_invite": (lambda o, i: [i.pk], {"ellie", "priya", "adam"}, {"larry", "bea", "pat", "nora"}),
    "interest_not_selected": (lambda o, i: [i.pk], {"ellie", "priya"}, {"larry", "pat"}),
    "interest_participation": (lambda o, i: [i.pk], {"ellie", "priya"}, {"larry", "pat"}),
    "person_rights": (lambda o, i: [i.person_id], {"ellie", "adam"}, {"priya", "larry", "pat"}),
    "person_erase": (lambda o, i: [i.person_id], {"ellie", "adam"}, {"priya", "larry", "bea", "pat"}),
    "retention_runs": (lambda o, i: [], {"ellie", "adam"}, {"priya", "larry", "bea", "pat"}),
    "import_upload": (lambda o, i: [], {"ellie", "adam"}, {"priya", "larry", "pat"}),
    "people_export": (lambda o, i: [], {"ellie", "adam"}, {"priya", "larry", "bea", "pat"}),
}


@pytest.mark.parametrize("route", PAGES)
def test_pages_answer_each_persona(personas, made, signed_in, route):
    args, allowed, forbidden = PAGES[route]
    url = reverse(f"people:{route}", args=args(*made))
    for name in allowed:
        assert signed_in(getattr(personas, name)).get(url).status_code == 200, (name, url)
    for name in forbidden:
        assert signed_in(getattr(personas, name)).get(url).status_code == 403, (name, url)
    expected = 404 if args(*made) else 200  # Oscar: none of ours exists; a list shows only his own
    assert signed_in(personas.oscar).get(url).status_code == expected


def test_registrations_are_shown_only_to_those_who_invite(personas, made, signed_in):
    opportunity, interest = made
    url = reverse("people:opportunity_detail", args=[opportunity.pk])
    assert interest.person.name in signed_in(personas.priya).get(url).content.decode()
    assert interest.person.name not in signed_in(personas.larry).get(url).content.decode()


def test_oscar_sees_none_of_our_opportunities(personas, made, signed_in):
    html = signed_in(personas.oscar).get(reverse("people:opportunity_list")).content.decode()
    assert made[0].title not in html


def test_the_header_offers_taking_part_to_staff_and_my_involvement_with_its_data_to_a_patient_partner(
    personas, signed_in
):
    from baton.people.testing import make_person

    ellie = signed_in(personas.ellie).get(reverse("people:opportunity_list")).content.decode()
    assert reverse("people:opportunity_list") in ellie and reverse("people:me") not in ellie
    make_person(personas.org, by=personas.ellie, name="Pat Price", account=personas.pat)
    pat = signed_in(personas.pat).get(reverse("people:me")).content.decode()
    assert reverse("people:me") in pat and reverse("people:opportunity_list") not in pat
    assert reverse("people:my_data") in pat  # from his involvement, a copy of his data


def test_the_register_and_a_persons_page_lead_to_imports_exports_and_rights_for_those_who_manage_them(
    personas, signed_in
):
    from baton.people.testing import make_person

    amira = make_person(personas.org, by=personas.ellie, name="Amira")
    rights = reverse("people:person_rights", args=[amira.pk])
    for who, shown in ((personas.ellie, True), (personas.priya, False)):
        register = signed_in(who).get(reverse("people:person_list")).content.decode()
        page = signed_in(who).get(reverse("people:person_detail", args=[amira.pk])).content.decode()
        assert (reverse("people:import_upload") in register) is shown
        assert (reverse("people:retention_runs") in register) is shown
        assert (rights in page) is shown
