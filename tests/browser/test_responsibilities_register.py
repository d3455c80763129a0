"""The responsibilities register in a real browser: Ellie adds the standard roles, records
Healthwatch's named outside holder, and the register and the hub say what is still vacant."""

from playwright.sync_api import expect

from baton.responsibilities.testing import ensure_standard_roles

from .helpers import page_problems, sign_in


def test_ellie_fills_the_register_and_the_hub_says_what_is_vacant(new_page, personas):
    ensure_standard_roles()  # reference data, gone if an earlier live-server test flushed the database
    page = new_page()
    sign_in(page, "ellie")
    page.get_by_role("link", name="Who does what", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("Who does what")
    page.get_by_role("button", name="Add the standard roles (9)").click()
    page.get_by_role("button", name="Add these roles").click()
    expect(page.locator(".nhsuk-table")).to_contain_text("Never filled")

    page.get_by_role("link", name="Healthwatch", exact=True).click()
    page.get_by_role("button", name="Record who holds it").click()
    page.get_by_label("Name of someone outside Baton (optional)").fill("Hana Hussain")
    page.get_by_label("Their organisation (optional)").fill("Healthwatch North Riverside")
    page.get_by_role("button", name="Record holder").click()
    expect(page.locator("main")).to_contain_text("Recorded Hana Hussain as holding Healthwatch.")
    expect(page.locator(".nhsuk-table")).to_contain_text("Hana Hussain (Healthwatch North Riverside)")
    assert not page_problems(page)

    page.goto("/")
    expect(page.locator("main")).to_contain_text("5 of 5 required hub roles vacant")
    expect(page.locator("main")).to_contain_text("2 partner roles have nobody named.")
