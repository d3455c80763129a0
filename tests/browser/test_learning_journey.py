"""Learning in a real browser: Ellie says tender panel members need the procurement induction;
adding Pat's record to a tender panel says he lacks it; Pat, on a 320 px phone, sees it missing and
asks for support; Ellie records his completion; the warning is gone and the capacity page counts
him ready."""

from django.urls import reverse
from playwright.sync_api import expect

from baton.learning.testing import make_offer, make_person
from baton.structures.testing import ensure_structure_types, make_structure

from .helpers import go_by_header, page_problems, sign_in
from .test_reflow import NARROW, overflow

WARNING = "Pat Price has not done the Procurement induction, needed by every tender panel member."


def test_a_tender_panel_member_without_the_induction_is_flagged_until_it_is_recorded(new_page, personas):
    ensure_structure_types()  # reference data, gone if an earlier live-server test flushed the database
    p = personas
    panel = make_structure(p.org, by=p.ellie, name="Community services tender panel")
    pat = make_person(p.org, "Pat Price", account=p.pat)
    make_offer(p.org, by=p.ellie, title="Procurement induction", kind="induction", audience="public")

    page = new_page()
    sign_in(page, "ellie")
    go_by_header(page, "Learning")
    expect(page.locator("h1")).to_have_text("Learning and support")
    assert page_problems(page) == []
    page.get_by_role("link", name="Requirements and roles").click()
    page.get_by_role("button", name="Add a participation role").click()
    page.locator("#id_name").fill("Tender panel member")
    page.locator("#id_role_contains").fill("tender panel")
    assert page_problems(page, skip_chrome=True) == []
    page.get_by_role("button", name="Add role").click()
    expect(page.locator("main")).to_contain_text("Added the participation role Tender panel member.")
    page.get_by_role("button", name="Require learning of a role").click()
    page.locator("#id_offer").select_option(label="Procurement induction")
    page.locator("#id_participation_role").select_option(label="Tender panel member")
    page.locator("#id_renew_months").fill("36")
    assert page_problems(page, skip_chrome=True) == []
    page.get_by_role("button", name="Save requirement").click()
    expect(page.locator("main")).to_contain_text("Required Procurement induction of every tender panel member.")
    assert page_problems(page, skip_chrome=True) == []

    page.goto(reverse("people:member_add", args=[panel.pk]))
    page.locator("#id_person").select_option(label="Pat Price")
    page.locator("#id_role").fill("Tender panel member")
    page.get_by_role("button", name="Add member").click()
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text(WARNING)
    assert page_problems(page, skip_chrome=True) == []

    phone = new_page(viewport=NARROW)
    sign_in(phone, "pat")
    go_by_header(phone, "My learning")
    expect(phone.locator("h1")).to_have_text("My learning")
    expect(phone.locator(".nhsuk-warning-callout")).to_contain_text("Procurement induction: not done.")
    assert page_problems(phone) == [] and overflow(phone) == []
    phone.get_by_role("button", name="Ask for learning or support").click()
    phone.get_by_role("button", name="Send request").click()  # nothing filled in
    expect(phone.locator(".nhsuk-error-summary")).to_contain_text("Say what learning or support would help you")
    assert page_problems(phone, skip_chrome=True) == [] and overflow(phone) == []
    phone.locator("#id_what").fill("Can I do the procurement induction online?")
    phone.locator("#id_offer").select_option(label="Procurement induction")
    phone.get_by_role("button", name="Send request").click()
    expect(phone.locator("main")).to_contain_text("Your request was sent.")
    expect(phone.locator("main")).to_contain_text("Can I do the procurement induction online?")
    assert page_problems(phone) == [] and overflow(phone) == []

    page.goto(reverse("learning:need_list"))
    expect(page.locator(".nhsuk-table")).to_contain_text("Can I do the procurement induction online?")
    assert page_problems(page, skip_chrome=True) == []
    page.goto(reverse("people:person_detail", args=[pat.pk]))
    expect(page.locator("main")).to_contain_text("Learning missing or expired")
    page.get_by_role("link", name="Record learning for Pat Price").click()
    page.locator("#id_offer").select_option(label="Procurement induction")
    page.locator("#id_evidence").fill("Completed online.")
    assert page_problems(page, skip_chrome=True) == []
    page.get_by_role("button", name="Save record").click()
    expect(page.locator("main")).to_contain_text("Recorded Procurement induction for Pat Price.")
    expect(page.locator("main")).not_to_contain_text("Learning missing or expired")

    page.goto(reverse("learning:capacity"))
    expect(page.locator(".nhsuk-table").first).to_contain_text("Tender panel member")
    row = page.locator("tr", has_text="Tender panel member").first
    expect(row).to_contain_text("People in it 1")
    expect(row).to_contain_text("Ready 1")
    assert page_problems(page, skip_chrome=True) == []

    phone.goto(reverse("learning:me"))
    expect(phone.locator("main")).not_to_contain_text("Learning to do")
    assert page_problems(phone, skip_chrome=True) == [] and overflow(phone) == []
