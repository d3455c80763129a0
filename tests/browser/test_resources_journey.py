"""Payments in a real browser: a patient partner claims on a phone (320 px wide, no sideways
scroll) for half a day with mileage and a fare with its receipt, confirming he was offered
benefits advice; Fiona (finance) approves it and exports the approved claims; the programme's
spend against its budget moves by the claim's total. Axe-clean at every step."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from baton.cycle.testing import make_activity, make_programme, make_run
from baton.people.testing import make_participation, make_person
from baton.resources.models import Claim, PaymentExport
from baton.resources.testing import PDF, make_budget, make_rate_card

from .helpers import go_by_header, page_problems, settle, sign_in
from .test_reflow import NARROW, overflow


def test_a_patient_partner_claims_on_a_phone_staff_approve_finance_exports_the_budget_moves(new_page, personas):
    p = personas
    today = timezone.localdate()
    programme = make_programme(p.org, by=p.ellie, lead=p.priya, name="Diabetes pathway")
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    activity = make_activity(
        run, by=p.priya, title="Foot care co-design", start_date=today - timedelta(days=20), cost=0
    )
    make_rate_card(p.org, by=p.fiona, effective_from=date(2020, 4, 1))
    make_budget(programme, by=p.fiona, amount=Decimal("1000.00"))
    pat = make_person(p.org, by=p.ellie, name="Pat Price", kind="patient_leader", account=p.pat)
    make_participation(
        pat, by=p.ellie, activity=activity, role="Co-design member", role_level=4, starts_on=today - timedelta(days=20)
    )
    yesterday = today - timedelta(days=1)

    phone = new_page(viewport=NARROW)
    sign_in(phone, "pat")
    go_by_header(phone, "My claims")
    expect(phone.locator("h1")).to_have_text("My claims")
    settle(phone)
    assert overflow(phone) == [] and not page_problems(phone)
    phone.get_by_role("link", name="Make a claim for Foot care co-design").click()
    expect(phone.locator("h1")).to_have_text("Make a claim")
    settle(phone)
    assert overflow(phone) == [] and not page_problems(phone)
    phone.locator("#id_day_day").fill(str(yesterday.day))
    phone.locator("#id_day_month").fill(str(yesterday.month))
    phone.locator("#id_day_year").fill(str(yesterday.year))
    phone.get_by_role("radio", name="Half days").check()
    phone.get_by_label("How many hours, half days or days").fill("1")
    phone.get_by_label("Miles driven (optional)").fill("10")
    phone.get_by_label("Fares (bus, train, taxi) (optional)").fill("6.40")
    phone.locator("input[type=file][name=fare_receipt]").set_input_files(
        files=[{"name": "ticket.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    phone.get_by_label("I was offered advice about how involvement payments can affect benefits").check()
    phone.get_by_role("button", name="Send claim").click()
    expect(phone.locator("main")).to_contain_text("Claim sent: £85.90")
    expect(phone.locator("main")).to_contain_text("Waiting for approval")
    settle(phone)
    assert overflow(phone) == [] and not page_problems(phone)
    claim = Claim.objects.get()

    fiona = new_page()
    sign_in(fiona, "fiona")
    expect(fiona.locator("main")).to_contain_text("Claims waiting for approval")
    go_by_header(fiona, "Resources")
    expect(fiona.locator("h1")).to_contain_text("Spend against budget")
    expect(fiona.locator("main")).to_contain_text("£0.00 spent of £1,000.00 budgeted")
    assert not page_problems(fiona)
    fiona.get_by_role("link", name="Claims", exact=True).click()
    fiona.get_by_role("link", name=f"Claim {claim.pk}").click()
    expect(fiona.locator("main")).to_contain_text("£85.90")
    assert not page_problems(fiona)
    fiona.get_by_role("button", name="Approve claim").click()
    expect(fiona.locator("main")).to_contain_text(f"Approved the claim {claim.pk}.")
    assert not page_problems(fiona)

    fiona.goto("/resources/exports/")
    expect(fiona.locator("main")).to_contain_text("1 approved claim waiting to be exported")
    assert not page_problems(fiona)
    fiona.get_by_role("radio", name="CSV").check()
    fiona.get_by_role("button", name="Export claims").click()
    expect(fiona.locator("main")).to_contain_text("Exported 1 claims, £85.90 in all. They are marked paid today.")
    assert not page_problems(fiona)
    export = PaymentExport.objects.get()
    with fiona.expect_download() as download:
        fiona.get_by_role("link", name="Download the file (CSV)").click()
    assert download.value.suggested_filename == f"payments-{export.pk}.csv"

    fiona.goto("/resources/")
    expect(fiona.locator("main")).to_contain_text("£85.90 spent of £1,000.00 budgeted")
    assert not page_problems(fiona)
    phone.goto(f"/resources/claims/{claim.pk}/")
    expect(phone.locator("main")).to_contain_text("Paid")
    settle(phone)
    assert overflow(phone) == [] and not page_problems(phone)
