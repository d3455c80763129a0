"""Patients analyse too, in a real browser: Pat, on a 320 px phone, opens the sample Ellie gave him,
corrects one comment's themes and sentiment by keyboard and mouse, and goes on to the next; Ellie
sees the agreement with the machine, explained."""

from playwright.sync_api import expect

from baton.patient_insight.testing import make_comment, make_comments, make_sample

from .helpers import go_by_header, page_problems, sign_in
from .test_reflow import NARROW, overflow


def test_pat_corrects_a_label_on_his_phone_and_ellie_sees_agreement(new_page, personas):
    p = personas
    make_comment(
        p.org,
        "The bus from our village does not go to the new hospital.",
        themes=["Parking"],
        sentiment=3,
        confidence=0.01,
    )
    make_comments(p.org, 6)
    sample = make_sample(p.org, by=p.ellie, reviewer=p.pat, title="March comments", size=5, order="low_confidence")

    phone = new_page(viewport=NARROW)
    sign_in(phone, "pat")
    expect(phone.locator("main")).to_contain_text("Comments to review (5)")
    go_by_header(phone, "Patient insight")
    expect(phone.locator("h1")).to_have_text("Patient insight")
    phone.get_by_role("link", name="March comments").click()
    expect(phone.locator("main")).to_contain_text("0 of 5 reviewed")
    assert page_problems(phone) == [] and overflow(phone) == []
    phone.get_by_role("button", name="Start reviewing").click()
    expect(phone.locator("h1")).to_have_text("Comment 1 of 5")
    expect(phone.locator("main")).to_contain_text("The bus from our village")
    assert page_problems(phone, skip_chrome=True) == [] and overflow(phone) == []

    phone.get_by_role("button", name="Save and next").click()  # nothing chosen
    expect(phone.locator(".nhsuk-error-summary")).to_contain_text("Say whether you agree")
    assert page_problems(phone, skip_chrome=True) == []

    phone.get_by_label("No, I will correct them").check()
    phone.get_by_label("Parking", exact=True).uncheck()
    transport = phone.get_by_label("Transport to/ from services")
    transport.focus()
    phone.keyboard.press("Space")  # by keyboard
    expect(transport).to_be_checked()
    phone.get_by_label("Negative", exact=True).check()
    phone.get_by_role("button", name="Save and next").click()
    expect(phone.locator("h1")).to_have_text("Comment 2 of 5")
    expect(phone.locator("main")).to_contain_text("1 of 5 reviewed")
    expect(phone.locator("main")).to_contain_text("Saved your review of comment 1.")
    assert page_problems(phone, skip_chrome=True) == [] and overflow(phone) == []
    item = sample.reviews.get(position=1)
    assert item.themes == ["Transport to/ from services"] and item.sentiment == 4

    page = new_page()
    sign_in(page, "ellie")
    go_by_header(page, "Patient insight")
    page.get_by_role("link", name="Agreement with the machine").click()
    expect(page.locator("h1")).to_have_text("Agreement with the machine")
    expect(page.locator("main")).to_contain_text("0% (0 of 1)")
    expect(page.get_by_role("table", name="Agreement by theme, all samples")).to_contain_text(
        "Transport to/ from services"
    )
    page.get_by_text("What these figures mean").click()
    expect(page.locator("main")).to_contain_text("agreement beyond what chance alone would give")
    assert page_problems(page) == []
