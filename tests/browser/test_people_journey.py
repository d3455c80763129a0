"""The people register in a real browser: Ellie adds a person with access needs, records their
consent and their taking part in an activity, and every page on the way is accessible (axe)."""

from playwright.sync_api import expect

from baton.cycle.testing import make_activity, make_programme, make_run
from baton.people.testing import ensure_equality_codes

from .helpers import go_by_header, page_problems, sign_in


def test_ellie_adds_a_person_with_needs_and_consent_and_records_taking_part(new_page, personas):
    ensure_equality_codes()  # reference data, gone if an earlier live-server test flushed the database
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya, name="Diabetes pathway")
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    make_activity(run, by=p.priya, title="Carers' survey")

    page = new_page()
    sign_in(page, "ellie")
    go_by_header(page, "People")
    expect(page.locator("h1")).to_have_text("People")
    assert not page_problems(page)
    page.get_by_role("button", name="Add a person").click()
    assert not page_problems(page, skip_chrome=True)
    page.get_by_label("Name or alias").fill("Bogdan")
    page.get_by_label("Patient", exact=True).check()
    page.get_by_label("Easy read").check()
    page.get_by_label("British Sign Language interpreter").check()
    page.get_by_label("Language other than English (optional)").fill("Polish")
    page.get_by_role("button", name="Add person").click()
    expect(page.locator("main")).to_contain_text("Added Bogdan to the people register.")
    expect(page.locator("main")).to_contain_text("Language: Polish")
    assert not page_problems(page, skip_chrome=True)

    page.get_by_role("button", name="Record consent given or withdrawn").click()
    page.get_by_label("Contact about this activity").check()
    page.get_by_label("Given", exact=True).check()
    page.get_by_label("Paper form").check()
    page.get_by_role("button", name="Record consent").click()
    expect(page.locator("main")).to_contain_text("Recorded consent given: Contact about this activity.")
    expect(page.locator("main")).to_contain_text("History of consent, latest first (1)")

    page.get_by_role("button", name="Record taking part").click()
    assert not page_problems(page, skip_chrome=True)
    page.get_by_label("Activity").select_option(label="Carers' survey")
    page.get_by_label("Level 2: taking part in meetings or groups").check()
    page.get_by_label("Hours (optional)").fill("2.5")
    page.get_by_role("button", name="Record taking part").click()
    expect(page.locator("main")).to_contain_text("Recorded Bogdan taking part in Carers' survey.")
    expect(page.locator(".nhsuk-table").last).to_contain_text("Carers' survey (activity)")
    assert not page_problems(page, skip_chrome=True)

    go_by_header(page, "People")
    page.get_by_label("Has given consent for (optional)").select_option("contact_activity")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".nhsuk-table")).to_contain_text("Bogdan")
    assert not page_problems(page, skip_chrome=True)
