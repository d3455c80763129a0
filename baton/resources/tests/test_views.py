"""The pages: who reads and who changes, Pat's own claims on his page, the claim form with
receipts (bad input shown, nothing saved), decisions (a lost race answers 409 with the reason),
exports and their file, the programme page's section, and query counts that do not grow."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from baton.core.testing import queries_for
from baton.people.testing import make_participation, make_person

from ..actions import approve_claim, export_payments
from ..models import BenefitsAdvice, Budget, Claim, ExpenseLine, PaymentExport, SpendItem
from ..testing import PDF, make_budget, make_claim, make_spend
from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


PAGES = ["index", "budget_list", "spend_list", "card_list", "claim_list", "claim_start", "export_list"]


@pytest.mark.parametrize("name", PAGES)
def test_payments_pages_are_for_finance_and_engagement_roles(money, signed_in, client, name):
    p = money.p
    url = reverse(f"resources:{name}")
    for who in (p.ellie, p.fiona, p.adam):
        assert signed_in(who).get(url).status_code == 200, who
    for who in (p.priya, p.bea, p.larry, p.pat, p.nora):
        assert signed_in(who).get(url).status_code == 403, who
    client.logout()
    assert client.get(url).status_code == 302


def test_pat_sees_and_makes_only_his_own_claims(money, signed_in):
    p = money.p
    mine = make_claim(money.pat_in, by=p.pat)
    theirs = make_claim(money.sam_in, by=p.ellie)
    client = signed_in(p.pat)
    page = client.get(reverse("resources:my_claims")).content.decode()
    assert reverse("resources:claim_detail", args=[mine.pk]) in page
    assert reverse("resources:claim_detail", args=[theirs.pk]) not in page
    assert client.get(reverse("resources:claim_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("resources:claim_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("resources:claim_create", args=[money.sam_in.pk])).status_code == 404
    assert client.post(reverse("resources:claim_approve", args=[mine.pk]), {"version": 1}).status_code == 403
    assert "My claims" in client.get("/").content.decode(), "his navigation links to his claims"


def test_a_patient_partner_claims_on_the_form_with_a_receipt_and_the_benefits_advice(money, signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    p = money.p
    client = signed_in(p.pat)
    url = reverse("resources:claim_create", args=[money.pat_in.pk])
    page = client.get(url).content.decode()
    assert "I was offered advice about how involvement payments can affect benefits" in page
    day = TODAY - timedelta(days=1)
    data = {
        **_date("day", day),
        "basis": "half_days",
        "quantity": "1",
        "mileage_miles": "10",
        "fare_amount": "6.40",
        "fare_receipt": SimpleUploadedFile("ticket.pdf", PDF),
        "benefits_advice": "on",
    }
    response = client.post(url, data)
    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("resources:claim_detail", args=[claim.pk])
    assert (claim.involvement_amount, claim.expenses_amount, claim.total_amount) == (
        Decimal("75.00"),
        Decimal("10.90"),
        Decimal("85.90"),
    )
    assert claim.submitted_by == p.pat and BenefitsAdvice.objects.filter(person=money.pats).exists()
    line = claim.expenses.get(kind="fare")
    got = client.get(reverse("resources:receipt", args=[line.pk]))
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert signed_in(p.priya).get(reverse("resources:receipt", args=[line.pk])).status_code == 403


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fare_amount": "-2"}, "Fares (bus, train, taxi) cannot be negative"),
        ({"quantity": ""}, "Enter how many hours, half days or days"),
        ({"fare_amount": "3", "fare_receipt": "bad"}, "is not a PDF or an image inside"),
        ({"quantity": "3", "basis": "days"}, "above the cap of £150.00 for one day at level 4"),
    ],
)
def test_bad_input_on_the_claim_form_is_shown_and_nothing_saved(money, signed_in, changes, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    p = money.p
    data = {**_date("day", TODAY - timedelta(days=1)), "basis": "hours", "quantity": "2", "benefits_advice": "on"}
    data.update(changes)
    if data.get("fare_receipt") == "bad":
        data["fare_receipt"] = SimpleUploadedFile("ticket.pdf", b"MZ not a pdf")
    response = signed_in(p.ellie).post(reverse("resources:claim_create", args=[money.sam_in.pk]), data)
    assert response.status_code in (200, 409)
    assert message in response.content.decode()
    assert not Claim.objects.exists() and not ExpenseLine.objects.exists() and not BenefitsAdvice.objects.exists()


def test_a_claim_form_sent_twice_makes_one_claim(money, signed_in):
    p = money.p
    data = {
        **_date("day", TODAY - timedelta(days=1)),
        "basis": "hours",
        "quantity": "2",
        "benefits_advice": "on",
        "submission": "same-token",
    }
    client = signed_in(p.ellie)
    url = reverse("resources:claim_create", args=[money.sam_in.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Claim.objects.count() == 1


def test_the_second_approver_gets_409_with_who_won(money, signed_in):
    p = money.p
    claim = make_claim(money.sam_in, by=p.ellie)
    approve_claim(claim, by=p.fiona)
    response = signed_in(p.ellie).post(
        reverse("resources:claim_refuse", args=[claim.pk]), {"version": 1, "reason": "No"}
    )
    assert response.status_code == 409
    assert "This claim is no longer waiting for approval: it was approved by Fiona Fisher." in response.content.decode()
    assert Claim.objects.get().status == "approved"


def test_query_answer_and_approve_through_the_pages(money, signed_in):
    p = money.p
    claim = make_claim(money.pat_in, by=p.pat)
    fiona = signed_in(p.fiona)
    assert (
        fiona.post(
            reverse("resources:claim_query", args=[claim.pk]), {"version": 1, "question": "Which day?"}
        ).status_code
        == 302
    )
    pat = signed_in(p.pat)
    assert "Which day?" in pat.get(reverse("resources:claim_detail", args=[claim.pk])).content.decode()
    assert (
        pat.post(reverse("resources:claim_answer", args=[claim.pk]), {"version": 2, "answer": "Tuesday"}).status_code
        == 302
    )
    fiona = signed_in(p.fiona)
    assert fiona.post(reverse("resources:claim_approve", args=[claim.pk]), {"version": 3}).status_code == 302
    assert Claim.objects.get().status == "approved"


def test_finance_exports_and_downloads_and_an_empty_export_says_so(money, signed_in):
    p = money.p
    client = signed_in(p.fiona)
    response = client.post(reverse("resources:export_create"), {"format": "csv"})
    assert response.status_code == 409 and "No approved claims are waiting to be exported." in response.content.decode()
    approve_claim(make_claim(money.sam_in, by=p.ellie), by=p.fiona)
    response = client.post(reverse("resources:export_create"), {"format": "xlsx"})
    export = PaymentExport.objects.get()
    assert response.status_code == 302 and export.format == "xlsx" and export.claim_count == 1
    got = client.get(reverse("resources:export_file", args=[export.pk]))
    assert got["Content-Disposition"].startswith("attachment") and got["Content-Type"].endswith("spreadsheetml.sheet")
    assert signed_in(p.ellie).get(reverse("resources:export_file", args=[export.pk])).status_code == 403
    assert signed_in(p.ellie).post(reverse("resources:export_create"), {"format": "csv"}).status_code == 403
    client = signed_in(p.fiona)
    assert client.post(reverse("resources:export_repeat", args=[export.pk]), {"format": "csv"}).status_code == 302
    assert PaymentExport.objects.filter(repeat_of=export).count() == 1


def test_budgets_and_spend_through_the_pages(money, signed_in):
    p = money.p
    client = signed_in(p.fiona)
    response = client.post(
        reverse("resources:budget_create"),
        {"programme": money.programme.pk, "financial_year": 2026, "amount": "8000.00", "notes": ""},
    )
    assert response.status_code == 302 and Budget.objects.get().amount == Decimal("8000.00")
    response = client.post(
        reverse("resources:budget_create"),
        {"programme": money.programme.pk, "financial_year": 2026, "amount": "1.00", "notes": ""},
    )
    assert "This programme already has a budget for that financial year" in response.content.decode()
    response = client.post(
        reverse("resources:spend_create"),
        {"category": "interpreter", "description": "Urdu interpreter", **_date("spent_on", TODAY), "amount": "-3"},
    )
    assert response.status_code == 200 and not SpendItem.objects.exists()
    assert signed_in(p.priya).post(reverse("resources:spend_create"), {}).status_code == 403


def test_the_programme_page_shows_its_budget_to_its_lead_and_finance_only(money, signed_in):
    p = money.p
    make_budget(money.programme, by=p.ellie, amount=Decimal("4321.00"))
    url = reverse("cycle:programme_detail", args=[money.programme.pk])
    for who, shown in ((p.priya, True), (p.fiona, True), (p.ellie, True), (p.bea, False), (p.larry, False)):
        assert ("£4,321.00" in signed_in(who).get(url).content.decode()) is shown, who
    assert signed_in(p.priya).get(reverse("resources:programme_money", args=[money.programme.pk])).status_code == 200
    assert signed_in(p.bea).get(reverse("resources:programme_money", args=[money.programme.pk])).status_code == 403


def _more_claims(money, n):
    p = money.p
    for i in range(n):
        person = make_person(p.org, by=p.ellie, name=f"Person {i}")
        taking_part = make_participation(
            person, by=p.ellie, activity=money.activity, role_level=4, starts_on=TODAY - timedelta(days=30)
        )
        claim = make_claim(
            taking_part,
            by=p.ellie,
            day=TODAY - timedelta(days=1),
            expenses=[{"kind": "fare", "amount": Decimal("2.00")}],
        )
        if i % 2:
            approve_claim(claim, by=p.fiona)
    make_spend(p.org, by=p.ellie)


def test_query_counts_do_not_grow_with_the_data(money, signed_in):
    p = money.p
    make_budget(money.programme, by=p.ellie)
    _more_claims(money, 2)
    export_payments(p.org, by=p.fiona)
    _more_claims(money, 2)
    first = Claim.objects.order_by("pk").first()
    export = PaymentExport.objects.get()
    urls = [reverse(f"resources:{name}") for name in PAGES] + [
        reverse("resources:claim_list") + "?status=",
        reverse("resources:claim_detail", args=[first.pk]),
        reverse("resources:export_detail", args=[export.pk]),
        reverse("resources:programme_money", args=[money.programme.pk]),
        reverse("cycle:programme_detail", args=[money.programme.pk]),
        "/",
    ]
    client = signed_in(p.fiona)
    few = {url: queries_for(client, url) for url in urls}
    _more_claims(money, 8)
    approve_claim(make_claim(money.sam_in, by=p.ellie), by=p.fiona)
    export_payments(p.org, by=p.fiona)
    many = {url: queries_for(client, url) for url in urls}
    assert many == few
    make_claim(money.pat_in, by=p.pat, day=TODAY - timedelta(days=9))
    pat = signed_in(p.pat)
    url = reverse("resources:my_claims")
    before = queries_for(pat, url)
    for i in range(5):
        make_claim(money.pat_in, by=p.pat, day=TODAY - timedelta(days=10 + i))
    assert queries_for(pat, url) == before


def test_a_programme_over_budget_says_by_how_much_never_a_negative_sum(money, signed_in):
    p = money.p
    make_budget(money.programme, by=p.ellie, amount=Decimal("100.00"))
    make_spend(p.org, by=p.ellie, programme=money.programme, amount=Decimal("180.00"))
    client = signed_in(p.fiona)
    for url in (reverse("resources:index"), reverse("resources:programme_money", args=[money.programme.pk])):
        page = client.get(url).content.decode()
        assert "£80.00 over budget" in page, url
        assert "£-" not in page, url


def test_the_time_taken_is_not_called_optional_since_it_is_needed_unless_no_time_is_claimed(money, signed_in):
    page = signed_in(money.p.pat).get(reverse("resources:claim_create", args=[money.pat_in.pk])).content.decode()
    assert "How many hours, half days or days" in page
    assert "How many hours, half days or days (optional)" not in page
    assert "Miles driven (optional)" in page  # a field that is optional still says so
