"""Money reconciles to the penny over generated data: every claim's total is its involvement plus
its expenses, and its expenses are the sum of its lines; each export's total is the sum of its
claims and of its file's rows; the spend report's total is the sum of its parts; nothing is a
float."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest

from baton.people.testing import make_participation, make_person

from ..actions import approve_claim, export_payments, refuse_claim
from ..exports import export_rows
from ..models import Claim, PaymentExport, financial_year_of
from ..spend import HEADS, spend_report
from ..testing import make_claim, make_spend
from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_claims_exports_and_spend_reconcile_to_the_penny(money):
    p = money.p
    rng = random.Random(7)
    people = [
        make_participation(
            make_person(p.org, by=p.ellie, name=f"Person {i}"),
            by=p.ellie,
            activity=money.activity,
            role_level=rng.choice([2, 3, 4]),
            starts_on=TODAY - timedelta(days=60),
        )
        for i in range(6)
    ]
    for n in range(40):
        basis = rng.choice(["hours", "half_days", "days", "none"])
        expenses = [{"kind": "mileage", "miles": Decimal(rng.randint(0, 400)) / 10}]
        if rng.random() < 0.5:
            expenses.append({"kind": "fare", "amount": Decimal(rng.randint(1, 5000)) / 100})
        claim = make_claim(
            people[n % 6],
            by=p.ellie,
            day=TODAY - timedelta(days=n // 6 + 1),
            basis=basis,
            quantity=Decimal(rng.choice(["0.25", "1", "1.5", "2.75"])) if basis == "hours" else Decimal(1),
            declined_payment=rng.random() < 0.2,
            expenses=expenses,
        )
        roll = rng.random()
        if roll < 0.7:
            approve_claim(claim, by=p.fiona)
        elif roll < 0.8:
            refuse_claim(claim, by=p.fiona, reason="Not this time")
        if n in (15, 39):
            export_payments(p.org, by=p.fiona)
    make_spend(p.org, by=p.ellie, amount=Decimal("33.33"))

    for claim in Claim.objects.prefetch_related("expenses"):
        assert isinstance(claim.total_amount, Decimal)
        assert claim.total_amount == claim.involvement_amount + claim.expenses_amount
        assert claim.expenses_amount == sum((e.amount for e in claim.expenses.all()), Decimal(0))
    for export in PaymentExport.objects.all():
        claims = Claim.objects.filter(export=export)
        assert export.total == sum(claims.values_list("total_amount", flat=True), Decimal(0))
        rows = list(export_rows(export))
        assert sum((row[9] for row in rows[:-1]), Decimal(0)) == rows[-1][9] == export.total
    paid = Claim.objects.filter(status="paid")
    assert sum(PaymentExport.objects.values_list("total", flat=True), Decimal(0)) == sum(
        paid.values_list("total_amount", flat=True), Decimal(0)
    )
    report = spend_report(p.org, financial_year_of(TODAY))
    counting = Claim.objects.counting().filter(day__gte=report_start(report.year))
    assert sum((report.head_total(h) for h in HEADS), Decimal(0)) == report.spent
    assert report.head_total("involvement") + report.head_total("expenses") == sum(
        counting.values_list("total_amount", flat=True), Decimal(0)
    )


def report_start(year):
    from ..models import financial_year_dates

    return financial_year_dates(year)[0]
