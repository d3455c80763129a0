"""Who may do what to consultations, asked of the helpers the pages, the API and the templates
share: who plans, who manages which consultation, who changes the minimum duration, which
programmes and leads are offered, and that another organisation's records are not found."""

import pytest
from django.http import Http404

from baton.consultations import permissions
from baton.consultations.testing import make_consultation, make_material
from baton.cycle.testing import make_programme

pytestmark = pytest.mark.django_db

EVERYONE = ("ellie", "adam", "priya", "nora", "larry", "bea", "pat")


def _who(personas, allowed_names, ask):
    """The names of everyone in EVERYONE for whom `ask(user)` is true, checked against `allowed_names`."""
    return {name for name in EVERYONE if ask(getattr(personas, name))} == set(allowed_names)


def test_engagement_leads_and_programme_leads_plan_consultations_and_no_one_else(personas):
    assert _who(personas, {"ellie", "adam", "priya"}, permissions.can_create_consultation)


def test_only_engagement_leads_change_the_minimum_duration(personas):
    assert _who(personas, {"ellie", "adam"}, permissions.can_change_settings)


def test_a_programme_lead_manages_the_consultations_of_the_programmes_they_lead_only(personas):
    p = personas
    hers = make_consultation(p.org, by=p.ellie, programme=make_programme(p.org, by=p.ellie, lead=p.priya))
    ellies = make_consultation(p.org, by=p.ellie, programme=make_programme(p.org, by=p.ellie, lead=p.ellie))
    unlinked = make_consultation(p.org, by=p.ellie)
    assert _who(p, {"ellie", "adam", "priya"}, lambda user: permissions.can_manage_consultation(user, hers))
    assert _who(p, {"ellie", "adam"}, lambda user: permissions.can_manage_consultation(user, ellies))
    assert _who(p, {"ellie", "adam"}, lambda user: permissions.can_manage_consultation(user, unlinked))


def test_a_former_programme_lead_no_longer_manages_their_programmes_consultations(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya)
    c = make_consultation(p.org, by=p.ellie, programme=programme)
    type(programme).objects.filter(pk=programme.pk).update(lead=p.nora)  # led by someone whose role ended
    c.refresh_from_db()
    assert not permissions.can_manage_consultation(p.nora, c)


def test_the_programmes_offered_are_all_of_the_organisations_or_those_the_person_leads(personas):
    p = personas
    b = make_programme(p.org, by=p.ellie, name="B hers", lead=p.priya)
    a = make_programme(p.org, by=p.ellie, name="A ellie's", lead=p.ellie)
    c = make_programme(p.org, by=p.ellie, name="C hers too", lead=p.priya)
    make_programme(p.other_org, by=p.oscar, name="Another organisation's", lead=p.oscar)
    assert list(permissions.eligible_programmes(p.ellie, p.org)) == [a, b, c]
    assert list(permissions.eligible_programmes(p.adam, p.org.pk)) == [a, b, c]
    assert list(permissions.eligible_programmes(p.priya, p.org)) == [b, c]
    for reader in (p.larry, p.bea, p.pat, p.nora):
        assert list(permissions.eligible_programmes(reader, p.org)) == []


def test_the_leads_offered_are_the_people_who_may_own_work(personas):
    p = personas
    assert set(permissions.eligible_leads(p.org)) == {p.ellie, p.adam, p.priya}


def test_a_consultation_its_documents_and_checks_are_found_only_in_their_organisation(personas):
    p = personas
    c = make_consultation(p.org, by=p.ellie)
    material = make_material(c, by=p.ellie)
    assessment = c.assessments.order_by("pk").first()
    found = permissions.get_consultation_for_user(p.larry, c.pk)
    assert found == c and (found.organisation, found.programme, found.lead) == (p.org, None, None)
    assert permissions.get_material_for_user(p.bea, material.pk).consultation == c
    got = permissions.get_assessment_for_user(p.pat, assessment.pk)
    assert got == assessment and got.principle.number == 1 and got.consultation == c
    for get, pk in (
        (permissions.get_consultation_for_user, c.pk),
        (permissions.get_material_for_user, material.pk),
        (permissions.get_assessment_for_user, assessment.pk),
    ):
        with pytest.raises(Http404):
            get(p.oscar, pk)


def test_what_a_page_shows_beside_the_record_comes_with_it_in_the_same_query(personas, django_assert_num_queries):
    """The detail and edit pages show a consultation's programme and lead, a document's
    consultation and programme, a check's consultation, programme and principle: read with the
    record, not one query each."""
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya)
    c = make_consultation(p.org, by=p.ellie, programme=programme, lead=p.priya)
    material = make_material(c, by=p.ellie)
    assessment = c.assessments.order_by("pk").first()
    found = permissions.get_consultation_for_user(p.ellie, c.pk)
    doc = permissions.get_material_for_user(p.ellie, material.pk)
    check = permissions.get_assessment_for_user(p.ellie, assessment.pk)
    with django_assert_num_queries(0):
        assert (found.organisation, found.programme, found.lead) == (p.org, programme, p.priya)
        assert (doc.consultation.pk, doc.consultation.programme.pk) == (c.pk, programme.pk)
        assert (check.consultation.pk, check.consultation.programme.pk, check.principle.number) == (
            c.pk,
            programme.pk,
            1,
        )
