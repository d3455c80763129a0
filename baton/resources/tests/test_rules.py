"""The rules of claims, word for word: valuation from the rate card in force on the day (across
rate-card changes, the day of a change included), the cap, the decline-payment path, the
benefits-advice acknowledgement, duplicates, receipts, negative amounts, a day before any rate
card. Each refusal saves nothing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from baton.core.errors import RuleBroken
from baton.core.models import AuditEvent

from ..actions import refuse_claim, submit_claim
from ..models import (
    BenefitsAdvice,
    Claim,
    ExpenseLine,
    RateCard,
    financial_year_dates,
    financial_year_label,
    financial_year_of,
    pence,
    value_claim,
)
from ..receipts import IsReceipt
from ..testing import PDF, PNG, RATES, make_claim, make_rate_card, receipt_file
from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_financial_years_run_from_april_to_march():
    assert financial_year_of(date(2027, 3, 31)) == 2026
    assert financial_year_of(date(2027, 4, 1)) == 2027
    assert financial_year_label(2026) == "2026/27"
    assert financial_year_label(2099) == "2099/00"
    assert financial_year_dates(2026) == (date(2026, 4, 1), date(2027, 3, 31))


def test_pence_round_half_up():
    assert pence(Decimal("1.005")) == Decimal("1.01")
    assert pence(Decimal("1.0049")) == Decimal("1.00")
    assert pence(Decimal("0.45") * Decimal("12.3")) == Decimal("5.54")  # 5.535 rounds up


# The valuation matrix: cards from 1 April 2020 (level 4 £150 a day) and from 1 October 2024
# (£160 a day, cap £160; 50p a mile). (day, basis, quantity, declined, miles) -> (involvement, expenses)
CHANGE = date(2024, 10, 1)
MATRIX = [
    (CHANGE - timedelta(days=1), "days", 1, False, 0, "150.00", "0.00"),  # the day before: the old card
    (CHANGE, "days", 1, False, 0, "160.00", "0.00"),  # the day of the change: the new card
    (CHANGE + timedelta(days=1), "days", 1, False, 0, "160.00", "0.00"),
    (CHANGE - timedelta(days=1), "half_days", 1, False, 10, "75.00", "4.50"),
    (CHANGE, "half_days", 1, False, 10, "80.00", "5.00"),
    (CHANGE - timedelta(days=1), "hours", Decimal("2.5"), False, 0, "50.00", "0.00"),
    (CHANGE, "hours", Decimal("2.25"), False, 0, "47.25", "0.00"),  # £21 an hour
    (CHANGE, "hours", Decimal("2.5"), True, 10, "0.00", "5.00"),  # declined: expenses only
    (CHANGE, "none", 0, False, Decimal("12.3"), "0.00", "6.15"),  # 6.15 exactly
    (CHANGE - timedelta(days=1), "none", 0, False, Decimal("12.3"), "0.00", "5.54"),  # 5.535 -> 5.54
]


@pytest.mark.parametrize(("day", "basis", "quantity", "declined", "miles", "involvement", "expenses"), MATRIX)
def test_a_claim_is_valued_from_the_rate_card_in_force_on_the_day(
    personas, day, basis, quantity, declined, miles, involvement, expenses
):
    p = personas
    make_rate_card(p.org, by=p.fiona, effective_from=date(2020, 4, 1))
    later = {
        **RATES,
        4: {
            "hourly": Decimal("21.00"),
            "half_day": Decimal("80.00"),
            "day": Decimal("160.00"),
            "cap": Decimal("160.00"),
        },
    }
    make_rate_card(p.org, by=p.fiona, effective_from=CHANGE, rates=later, mileage_rate=Decimal("0.50"))
    found = value_claim(
        p.org.pk, day, 4, basis, Decimal(quantity), declined, [("mileage", None, Decimal(miles))] if miles else []
    )
    assert found.reasons == ()
    assert (found.involvement, found.expenses) == (Decimal(involvement), Decimal(expenses))
    assert found.total == Decimal(involvement) + Decimal(expenses)


def test_levels_one_to_three_may_be_paid_expenses_only(personas):
    p = personas
    make_rate_card(p.org, by=p.fiona)
    found = value_claim(p.org.pk, TODAY, 2, "days", Decimal(1), False, [("fare", Decimal("3.20"), None)])
    assert (found.involvement, found.expenses, found.reasons) == (Decimal(0), Decimal("3.20"), ())


def test_a_claim_above_the_cap_is_refused_with_the_reason_and_nothing_saved(money):
    p = money.p
    before = (Claim.objects.count(), AuditEvent.objects.count())
    with pytest.raises(RuleBroken) as refused:
        submit_claim(
            money.sam_in,
            by=p.ellie,
            day=TODAY - timedelta(days=1),
            basis="days",
            quantity=Decimal(2),
            benefits_advice_acknowledged=True,
        )
    assert refused.value.reasons == [
        "The involvement payment would be £300.00, above the cap of £150.00 for one day at level 4 "
        "(rate card from 1 April 2020)."
    ]
    assert (Claim.objects.count(), AuditEvent.objects.count()) == before
    assert not BenefitsAdvice.objects.exists(), "the acknowledgement is not saved with a refused claim"


def test_a_claim_for_a_day_before_any_rate_card_is_refused(money):
    p = money.p
    RateCard.objects.all().update(effective_from=TODAY)
    with pytest.raises(RuleBroken) as refused:
        submit_claim(money.sam_in, by=p.ellie, day=TODAY - timedelta(days=1), quantity=Decimal(1))
    day = TODAY - timedelta(days=1)
    assert refused.value.reasons == [
        f"There is no rate card in force on {day.day} {day:%B %Y}: ask finance to add one from that day or earlier."
    ]
    assert not Claim.objects.exists()


def test_a_second_claim_for_the_same_participation_and_day_is_refused_unless_the_first_was_refused(money):
    p = money.p
    day = TODAY - timedelta(days=1)
    first = make_claim(money.sam_in, by=p.ellie, day=day)
    with pytest.raises(RuleBroken) as refused:
        make_claim(money.sam_in, by=p.ellie, day=day)
    assert refused.value.reasons == [f"There is already a claim for this participation on {day.day} {day:%B %Y}."]
    assert Claim.objects.count() == 1
    refuse_claim(first, by=p.fiona, reason="Wrong day.")
    assert make_claim(money.sam_in, by=p.ellie, day=day).status == Claim.Status.SUBMITTED


def test_the_database_refuses_a_duplicate_that_slips_past_the_check(money):
    p = money.p
    day = TODAY - timedelta(days=1)
    first = make_claim(money.sam_in, by=p.ellie, day=day)
    twin = Claim.objects.get(pk=first.pk)
    twin.pk = None
    with pytest.raises(ValidationError) as refused:
        twin.validate_constraints()
    assert "There is already a claim for this participation on that day." in str(refused.value)


def test_declining_the_payment_still_pays_expenses_and_needs_no_benefits_advice(money):
    p = money.p
    claim = submit_claim(
        money.sam_in,
        by=p.ellie,
        day=TODAY - timedelta(days=1),
        basis="days",
        quantity=Decimal(1),
        declined_payment=True,
        expenses=[{"kind": "mileage", "miles": Decimal(10)}, {"kind": "carer", "amount": Decimal("30.00")}],
    )
    assert (claim.involvement_amount, claim.expenses_amount, claim.total_amount) == (
        Decimal("0.00"),
        Decimal("34.50"),
        Decimal("34.50"),
    )
    assert not BenefitsAdvice.objects.exists()
    assert [(e.kind, e.amount, e.miles) for e in claim.expenses.order_by("pk")] == [
        ("mileage", Decimal("4.50"), Decimal("10.0")),
        ("carer", Decimal("30.00"), None),
    ]


def test_the_first_paid_claim_needs_the_benefits_advice_acknowledgement(money):
    p = money.p
    with pytest.raises(RuleBroken) as refused:
        submit_claim(money.sam_in, by=p.ellie, day=TODAY - timedelta(days=1), quantity=Decimal(2))
    assert refused.value.reasons == [
        "Before the first involvement payment, Sam Patel must confirm they were offered advice about how "
        "payments can affect benefits. Tick the box to confirm it, or decline the payment."
    ]
    assert not Claim.objects.exists()
    claim = submit_claim(
        money.sam_in, by=p.ellie, day=TODAY - timedelta(days=1), quantity=Decimal(2), benefits_advice_acknowledged=True
    )
    advice = BenefitsAdvice.objects.get(person=money.sam)
    assert (advice.acknowledged_on, advice.recorded_by) == (TODAY, p.ellie)
    assert claim.involvement_amount == Decimal("40.00")
    # Once acknowledged, later claims need nothing more.
    assert submit_claim(money.sam_in, by=p.ellie, day=TODAY - timedelta(days=2), quantity=Decimal(1)).pk


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"day": TODAY + timedelta(days=1)}, "A claim is for a day that has come: the day cannot be in the future."),
        ({"basis": "none", "quantity": Decimal(0)}, "Claim for your time or for an expense: this claim has neither."),
        ({"basis": "hours", "quantity": Decimal(0)}, "Say how many hours, half days or days you are claiming for."),
    ],
)
def test_claims_that_make_no_sense_are_refused(money, changes, reason):
    p = money.p
    fields = {
        "day": TODAY - timedelta(days=1),
        "basis": "hours",
        "quantity": Decimal(1),
        "benefits_advice_acknowledged": True,
    }
    with pytest.raises(RuleBroken) as refused:
        submit_claim(money.sam_in, by=p.ellie, **{**fields, **changes})
    assert refused.value.reasons == [reason]
    assert not Claim.objects.exists()


def test_a_claim_before_the_participation_started_is_refused(money):
    p = money.p
    day = money.sam_in.starts_on - timedelta(days=1)
    with pytest.raises(RuleBroken) as refused:
        make_claim(money.sam_in, by=p.ellie, day=day)
    start = money.sam_in.starts_on
    assert refused.value.reasons == [
        f"Sam Patel started taking part on {start.day} {start:%B %Y}: claim for that day or later."
    ]


def test_a_negative_expense_is_refused_and_nothing_saved(money):
    p = money.p
    with pytest.raises(ValidationError) as refused:
        make_claim(money.sam_in, by=p.ellie, expenses=[{"kind": "fare", "amount": Decimal("-1.00")}])
    assert refused.value.message_dict == {"expenses": ["An amount cannot be negative."]}
    assert not Claim.objects.exists() and not ExpenseLine.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("receipt.pdf", PDF, None),
        ("photo.png", PNG, None),
        (
            "receipt.pdf",
            b"MZ\x90\x00 a program renamed",
            "'receipt.pdf' is not a PDF or an image inside. Upload a receipt as a PDF or a photo (PNG, JPEG or WebP).",
        ),
        (
            "notes.txt",
            b"just text",
            "'notes.txt' is not a PDF or an image inside. Upload a receipt as a PDF or a photo (PNG, JPEG or WebP).",
        ),
        ("huge.pdf", PDF + b"0" * (10 * 1024 * 1024), "'huge.pdf' is 10.0 MB. A receipt can be at most 10 MB."),
        ("empty.pdf", b"", "'empty.pdf' is empty. Choose the file again."),
    ],
)
def test_a_receipt_is_a_pdf_or_an_image_by_its_content_and_at_most_10_mb(name, content, message):
    upload = SimpleUploadedFile(name, content)
    if message is None:
        IsReceipt()(upload)
        return
    with pytest.raises(ValidationError) as refused:
        IsReceipt()(upload)
    assert refused.value.messages == [message]


def test_a_bad_receipt_refuses_the_whole_claim(money):
    p = money.p
    bad = SimpleUploadedFile("receipt.pdf", b"not really a pdf")
    with pytest.raises(ValidationError):
        make_claim(money.sam_in, by=p.ellie, expenses=[{"kind": "fare", "amount": Decimal("3.00"), "receipt": bad}])
    assert not Claim.objects.exists() and not ExpenseLine.objects.exists()
    good = make_claim(
        money.sam_in, by=p.ellie, expenses=[{"kind": "fare", "amount": Decimal("3.00"), "receipt": receipt_file()}]
    )
    assert good.expenses.get().receipt.name.endswith("receipt.pdf")


def test_a_rate_card_that_valued_a_claim_keeps_its_rates(money):
    from ..actions import update_rate_card

    p = money.p
    assert money.card.blockers_to_changing() == []
    make_claim(money.sam_in, by=p.ellie)
    with pytest.raises(RuleBroken) as refused:
        update_rate_card(money.card, {"notes": "New"}, by=p.fiona)
    assert refused.value.reasons == [
        "This rate card has valued claims, so its rates cannot change. Add a new rate card from the day the new rates start."
    ]
