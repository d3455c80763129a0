"""Who may see and keep the people register, and the special-category rules: only engagement
leads and admins see equality monitoring, only as suppressed counts, every view audited; Pat sees
only his own record; Oscar sees nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from baton.core.models import AuditEvent

from ..equality import report, structure_members
from ..permissions import (
    can_delete_people,
    can_import_areas,
    can_keep_people,
    can_view_equality,
    get_participation_to_keep,
    get_person_for_user,
    get_person_to_keep,
)
from ..testing import make_equality, make_participation, make_person

pytestmark = pytest.mark.django_db


def test_who_keeps_the_register_deletes_people_and_sees_equality(personas):
    p = personas
    people = p.all()
    assert {n for n, u in people.items() if can_keep_people(u)} == {"ellie", "priya", "adam", "oscar"}
    assert {n for n, u in people.items() if can_delete_people(u)} == {"ellie", "adam", "oscar"}
    assert {n for n, u in people.items() if can_view_equality(u)} == {"ellie", "adam", "oscar"}
    assert {n for n, u in people.items() if can_import_areas(u)} == {"adam"}


def test_a_person_is_404_elsewhere_403_to_other_roles_and_404_to_a_patient_partner_not_theirs(setup):
    p = setup.p
    own = make_person(p.org, by=p.ellie, name="Pat Price", account=p.pat)
    assert get_person_for_user(p.priya, setup.person.pk) == setup.person
    assert get_person_for_user(p.pat, own.pk) == own
    with pytest.raises(Http404):
        get_person_for_user(p.pat, setup.person.pk)
    with pytest.raises(Http404):
        get_person_for_user(p.oscar, setup.person.pk)
    for reader in (p.bea, p.larry, p.nora):
        with pytest.raises(PermissionDenied):
            get_person_for_user(reader, setup.person.pk)
    with pytest.raises(PermissionDenied):
        get_person_to_keep(p.pat, own.pk)  # his own record: he reads it, staff change it
    participation = make_participation(own, by=p.ellie, structure=setup.structure)
    with pytest.raises(Http404):
        get_participation_to_keep(p.oscar, participation.pk)
    with pytest.raises(PermissionDenied):
        get_participation_to_keep(p.pat, participation.pk)


def _members_with_answers(setup, sexes):
    p = setup.p
    for n, sex in enumerate(sexes):
        person = make_person(p.org, by=p.ellie, name=f"Member {n}")
        make_equality(person, by=p.ellie, sex=sex)
        make_participation(person, by=p.ellie, structure=setup.structure)


def test_counts_under_5_are_suppressed_with_the_next_smallest_and_a_small_group_shows_nothing(setup):
    _members_with_answers(setup, ["2", "2", "2"])
    small = report(structure_members(setup.structure), "members")
    assert (small.people, small.total, small.categories) == (3, None, [])
    _members_with_answers(setup, ["2"] * 3 + ["1"] * 6)  # 6 female, 6 male; 12 answered
    shown = report(structure_members(setup.structure), "members")
    assert shown.total == 12
    sex = {c.label: c.count for c in next(c for c in shown.categories if c.key == "sex").cells}
    assert sex == {"Male": 6, "Female": 6, "Indeterminate": 0, "Not known": 0, "Not stated": 0, "No answer recorded": 0}
    _members_with_answers(setup, ["Z"])  # one "not stated": hidden, and so is the next smallest
    again = report(structure_members(setup.structure), "members")
    sex = {c.label: c.count for c in next(c for c in again.categories if c.key == "sex").cells}
    assert sex == {
        "Male": None,
        "Female": 6,
        "Indeterminate": 0,
        "Not known": 0,
        "Not stated": None,
        "No answer recorded": 0,
    }
    age = {c.label: c.count for c in next(c for c in again.categories if c.key == "age_band").cells}
    assert age["No answer recorded"] == 13 and set(age.values()) == {0, 13}


def test_every_view_of_the_aggregates_is_audited_and_only_leads_and_admins_see_the_page(setup, signed_in):
    p = setup.p
    _members_with_answers(setup, ["1"] * 5)
    url = reverse("people:equality") + f"?scope=structure-{setup.structure.pk}"
    for name in ("priya", "bea", "larry", "pat", "nora"):
        assert signed_in(getattr(p, name)).get(url).status_code == 403, name
    assert not AuditEvent.objects.filter(action="view_equality_aggregates").exists()
    client = signed_in(p.ellie)
    page = client.get(url).content.decode()
    assert "Equality monitoring of current members of Riverside voices panel" in page
    assert "Member 0" not in page  # never a person's name beside answers
    client.get(reverse("people:equality") + "?scope=organisation")
    client.get(reverse("people:equality"))  # choosing a group shows nothing yet: not a view
    events = list(AuditEvent.objects.filter(action="view_equality_aggregates").order_by("pk"))
    assert [(e.actor, e.model, e.after["scope"]) for e in events] == [
        (p.ellie, "structures.structure", f"structure-{setup.structure.pk}"),
        (p.ellie, "core.organisation", "organisation"),
    ]
    assert signed_in(p.oscar).get(url).status_code == 404
