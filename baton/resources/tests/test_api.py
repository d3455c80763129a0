"""The API beyond the permission matrix: Pat's own claims, a claim made twice with one key, the
race between two approvers (409 with who won), refusals as 409 with the reason, 422 on fields."""

from datetime import timedelta
from decimal import Decimal

import pytest

from ..models import Claim
from ..testing import make_claim
from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _body(participation, **overrides):
    body = {
        "participation_id": participation.pk,
        "day": str(TODAY - timedelta(days=1)),
        "basis": "hours",
        "quantity": "1.5",
        "expenses": [{"kind": "mileage", "miles": "20"}],
        "benefits_advice_acknowledged": True,
    }
    return {**body, **overrides}


def test_pat_claims_for_himself_and_lists_only_his_own(money, api):
    p = money.p
    make_claim(money.sam_in, by=p.ellie)
    response = api(p.pat).post("/resources/claims", _body(money.pat_in))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["involvement_amount"], body["expenses_amount"], body["total_amount"]) == ("30.00", "9.00", "39.00")
    listed = api(p.pat).get("/resources/claims").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert api(p.pat).post("/resources/claims", _body(money.sam_in)).status_code == 404


def test_a_claim_sent_twice_with_one_key_is_made_once(money, api):
    p = money.p
    client = api(p.ellie)
    client.headers["HTTP_IDEMPOTENCY_KEY"] = "claim-1"
    first = client.post("/resources/claims", _body(money.sam_in))
    again = client.post("/resources/claims", _body(money.sam_in))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and Claim.objects.count() == 1


def test_refusals_are_409_with_the_reason(money, api):
    p = money.p
    response = api(p.ellie).post("/resources/claims", _body(money.sam_in, basis="days", quantity="2"))
    assert response.status_code == 409
    assert response.json()["detail"] == [
        "The involvement payment would be £300.00, above the cap of £150.00 for one day at level 4 "
        "(rate card from 1 April 2020)."
    ]
    assert not Claim.objects.exists()


def test_the_second_approver_gets_409(money, api):
    p = money.p
    claim = make_claim(money.sam_in, by=p.ellie)
    assert api(p.fiona).post(f"/resources/claims/{claim.pk}/approve", {"version": 1}).status_code == 200
    response = api(p.ellie).post(f"/resources/claims/{claim.pk}/approve", {"version": 1})
    assert response.status_code == 409
    assert response.json()["detail"] == [
        "This claim is no longer waiting for approval: it was approved by Fiona Fisher."
    ]


def test_bad_input_is_422_on_its_field(money, api):
    p = money.p
    response = api(p.ellie).post("/resources/claims", _body(money.sam_in, quantity="-1"))
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "payload", "quantity"]] or response.json()[
        "detail"
    ]
    assert not Claim.objects.exists()


def test_the_spend_summary_reconciles_with_its_lines(money, api):
    from ..actions import approve_claim

    p = money.p
    approve_claim(make_claim(money.sam_in, by=p.ellie, basis="days", quantity=Decimal(1)), by=p.fiona)
    body = api(p.fiona).get("/resources/spend").json()
    assert Decimal(body["spent"]) == sum(Decimal(line["spent"]) for line in body["lines"])
    assert api(p.priya).get(f"/resources/programmes/{money.programme.pk}/spend").status_code == 200
