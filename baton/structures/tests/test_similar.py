"""Function before form (DESIGN.md rule 5): before a new structure is added, Baton shows the ones
with a similar purpose and asks the person to confirm that none will do. The same rule on the page,
in the action and in the API; a full-text match on PostgreSQL, the same rule on words elsewhere."""

import pytest
from django.urls import reverse

from baton.core.errors import RuleBroken
from baton.core.models import AuditEvent

from .. import actions
from ..models import Structure, significant_words
from ..testing import make_structure, structure_type

pytestmark = pytest.mark.django_db

DIABETES = "Adults living with diabetes advising on diabetes education, foot checks and retinal screening."


def _existing(p):
    make_structure(p.org, by=p.ellie, name="Diabetes reference group", purpose=DIABETES, function="")
    make_structure(
        p.org,
        by=p.ellie,
        name="Youth Health Forum",
        purpose="Young people advising on mental wellbeing services for them.",
        function="",
    )
    make_structure(p.other_org, by=p.oscar, name="Their diabetes group", purpose=DIABETES, function="")


def test_significant_words_leave_out_what_every_structure_says():
    assert significant_words("The Patients' Group meets with the public and NHS services") == set()
    words = significant_words("Diabetes education; retinal screenings")
    assert len(words) == 4 and words == significant_words("retinal SCREENING, diabetes and education")


def test_similar_means_two_shared_words_of_purpose_or_function_in_the_same_organisation(personas):
    p = personas
    _existing(p)
    org = Structure.objects.for_org(p.org)
    assert [s.name for s in org.similar_to("Diabetes education for adults newly diagnosed")] == [
        "Diabetes reference group"
    ]
    assert org.similar_to("Diabetes and stroke") == []  # one shared word of several is not enough
    assert [s.name for s in org.similar_to("diabetes")] == ["Diabetes reference group"]  # one word, one match
    assert org.similar_to("Patients and the public in local services") == []  # only common words
    assert org.similar_to("") == []
    # A structure's name is not its purpose: sharing a place name makes nothing similar.
    assert org.similar_to("Diabetes reference group") == []


def test_the_most_alike_comes_first(personas):
    p = personas
    make_structure(p.org, by=p.ellie, name="A", purpose="Diabetes education sessions.", function="")
    make_structure(p.org, by=p.ellie, name="B", purpose="Diabetes education, foot checks and retinal screening.")
    found = Structure.objects.for_org(p.org).similar_to("Diabetes education with retinal screening and foot care")
    assert [s.name for s in found] == ["B", "A"]


def test_adding_a_structure_like_another_is_refused_until_none_will_do_is_confirmed(personas):
    p = personas
    _existing(p)
    fields = {"name": "Diabetes patient panel", "type": structure_type("programme_panel"), "purpose": DIABETES}
    with pytest.raises(RuleBroken) as refused:
        actions.create_structure(p.org, by=p.ellie, none_will_do=False, **fields)
    assert refused.value.reasons == [
        "The register already has structures with a similar purpose: Diabetes reference group. Check whether "
        "one of them will do; if none will, confirm that and add this one."
    ]
    assert not Structure.objects.filter(name="Diabetes patient panel").exists()
    added = actions.create_structure(p.org, by=p.ellie, none_will_do=True, **fields)
    assert AuditEvent.objects.filter(action="create_structure", object_id=str(added.pk), actor=p.ellie).exists()
    unlike = actions.create_structure(
        p.org, by=p.ellie, name="Stroke survivors", type=structure_type("reference_group"), purpose="Stroke recovery."
    )
    assert unlike.pk


def test_the_page_shows_the_similar_structures_and_asks_before_adding(personas, signed_in):
    p = personas
    _existing(p)
    client = signed_in(p.ellie)
    data = {"name": "Diabetes patient panel", "type": structure_type("programme_panel").pk, "purpose": DIABETES}
    data["vacancies"] = "0"
    first = client.post(reverse("structures:structure_create"), data)
    html = first.content.decode()
    assert first.status_code == 409 and "Structures with a similar purpose" in html
    assert "Diabetes reference group" in html and "Their diabetes group" not in html
    assert "None of these structures will do" in html and "nhsuk-error-summary" in html
    assert not Structure.objects.filter(name="Diabetes patient panel").exists()
    confirmed = client.post(reverse("structures:structure_create"), {**data, "none_will_do": "on"})
    assert confirmed.status_code == 302 and Structure.objects.filter(name="Diabetes patient panel").count() == 1
    plain = client.get(reverse("structures:structure_create")).content.decode()
    assert "None of these structures will do" not in plain  # asked only when there are similar ones


def test_the_api_answers_409_naming_the_similar_ones_until_none_will_do(personas, api):
    p = personas
    _existing(p)
    body = {"name": "Diabetes patient panel", "type": "programme_panel", "purpose": DIABETES}
    refused = api(p.ellie).post("/structures", body)
    assert refused.status_code == 409 and "Diabetes reference group" in refused.content.decode()
    assert api(p.ellie).post("/structures", {**body, "none_will_do": True}).status_code == 201
