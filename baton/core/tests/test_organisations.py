"""A person who works for several organisations acts for one at a time: the one they chose after
signing in, or the one their API token was issued for. What they see and may do is that
organisation's alone."""

import pytest
from django.urls import reverse

from baton.core.models import ApiToken, Membership, Role
from baton.core.testing import add_role
from baton.cycle.testing import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_places(personas):
    """Ellie also leads engagement in the other organisation; each has a programme."""
    p = personas
    add_role(p.ellie, p.other_org, Role.ENGAGEMENT_LEAD)
    make_programme(p.org, by=p.ellie, name="Diabetes pathway")
    make_programme(p.other_org, by=p.oscar, name="Shire stroke care")
    return p


def test_a_person_of_two_organisations_chooses_one_and_sees_only_its_work(two_places, signed_in):
    p = two_places
    client = signed_in(p.ellie)
    programmes = reverse("cycle:programme_list")
    assert client.get(programmes)["Location"].startswith(reverse("core:choose_organisation"))
    for organisation, ours, theirs in [
        (p.other_org, "Shire stroke care", "Diabetes pathway"),
        (p.org, "Diabetes pathway", "Shire stroke care"),
    ]:
        client.post(reverse("core:choose_organisation"), {"organisation": organisation.pk})
        page = client.get(programmes).content.decode()
        assert ours in page and theirs not in page, organisation


def test_an_api_token_acts_for_the_organisation_it_was_issued_for(two_places, client):
    p = two_places
    for organisation, ours in [(p.other_org, "Shire stroke care"), (p.org, "Diabetes pathway")]:
        _token, raw = ApiToken.issue(p.ellie, "reports", organisation=organisation)
        listed = client.get("/api/programmes", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["items"]
        assert [programme["name"] for programme in listed] == [ours], organisation


def test_a_person_no_longer_a_member_where_they_chose_acts_for_their_remaining_organisation(two_places, signed_in):
    p = two_places
    client = signed_in(p.ellie)
    client.post(reverse("core:choose_organisation"), {"organisation": p.other_org.pk})
    Membership.objects.filter(user=p.ellie, organisation=p.other_org).delete()
    page = client.get(reverse("cycle:programme_list"))
    assert page.status_code == 200 and "Diabetes pathway" in page.content.decode()
