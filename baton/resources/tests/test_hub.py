"""The hub: element 8's "budgets" part, my work for approvers and for the person, the digest, and
the navigation."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from baton.core import registry

from ..actions import approve_claim, export_payments, query_claim
from ..hub import budgets_status, claims_work, digest_lines
from ..testing import make_budget, make_claim
from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _ctx(p, user):
    return registry.HubContext(p.org, user, TODAY, timezone.now())


def test_the_measure_says_spend_against_budget_claims_waiting_and_turnaround(money):
    p = money.p
    status = budgets_status(_ctx(p, p.ellie))
    assert status.attention and status.headline.startswith("No engagement budget set for")
    make_budget(money.programme, by=p.ellie, amount=Decimal("1000.00"))
    first = make_claim(money.sam_in, by=p.ellie, day=TODAY - timedelta(days=1), basis="days", quantity=Decimal(1))
    approve_claim(first, by=p.fiona)
    export_payments(p.org, by=p.fiona)
    make_claim(money.sam_in, by=p.ellie, day=TODAY - timedelta(days=15))
    status = budgets_status(_ctx(p, p.ellie))
    assert "£150.00 spent of £1,000.00 budgeted" in status.headline
    assert status.details == (
        "1 claim is waiting for approval.",
        "Claims were paid a median of 0 days after they were made (last 90 days).",
    )


def test_my_work_lists_claims_for_approvers_and_questions_for_the_person(money):
    p = money.p
    claim = make_claim(money.pat_in, by=p.pat)
    make_claim(money.sam_in, by=p.ellie)
    lists = claims_work(_ctx(p, p.fiona))
    assert [(w.key, w.count) for w in lists] == [("claims", 2)]
    assert claims_work(_ctx(p, p.priya)) == []
    query_claim(claim, by=p.fiona, question="Which day?")
    lists = claims_work(_ctx(p, p.pat))
    assert [(w.key, w.count) for w in lists] == [("queried_claims", 1)]
    assert digest_lines(p.org, timezone.now())[p.pat.pk][0].startswith("Answer the question on your claim for")
