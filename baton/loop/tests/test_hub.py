"""The loop on the hub: the panel's indicators and dropped batons (a commitment takes an item off
the list), my work for the owner and the engagement lead, and nothing for a patient partner."""

import pytest
from django.urls import reverse

from ..testing import make_commitment, make_overdue

pytestmark = pytest.mark.django_db


def test_the_dropped_baton_appears_on_the_hub_and_goes_when_a_commitment_is_made(setup, signed_in):
    p = setup.p
    client = signed_in(p.ellie)
    html = client.get(reverse("hub:index")).content.decode()
    assert "Insight actioned or declined without a commitment (1)" in html and "Parking is hard" in html
    assert reverse("loop:commitment_create", args=[setup.programme.pk]) + f"?insight={setup.answered.pk}" in html
    assert "0% of insight actioned or declined this year has a published response" in html
    make_commitment(setup.programme, by=p.ellie, insight_items=[setup.answered])
    html = client.get(reverse("hub:index")).content.decode()
    assert "Insight actioned or declined without a commitment (0)" in html and "Parking is hard" not in html


def test_overdue_commitments_are_in_the_owners_and_the_engagement_leads_work(setup, signed_in):
    p = setup.p
    make_overdue(
        make_commitment(setup.programme, by=p.ellie, insight_items=[setup.open_item], owner=p.priya, will_do="Bus stop")
    )
    priya = signed_in(p.priya).get(reverse("hub:index")).content.decode()
    assert "Commitments waiting for your response" in priya and "Bus stop" in priya
    ellie = signed_in(p.ellie).get(reverse("hub:index")).content.decode()
    assert "Overdue commitments" in ellie and "Bus stop" in ellie and "1 commitment is overdue" in ellie
    bea = signed_in(p.bea).get(reverse("hub:index")).content.decode()
    assert "Overdue commitments" not in bea and "1 commitment is overdue" in bea
    pat = signed_in(p.pat).get(reverse("hub:index")).content.decode()
    assert "Bus stop" not in pat and "without a commitment" not in pat
