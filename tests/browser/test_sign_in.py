"""Signing in and out in a real browser, with the design system's CSS and JavaScript loaded."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from .helpers import page_problems, sign_in


def test_person_signs_in_through_the_form_and_lands_on_the_hub(page, personas):
    sign_in(page, "ellie")

    assert urlsplit(page.url).path == "/"
    assert page.locator("h1").count() == 1
    assert page_problems(page) == []


def test_design_system_styles_and_scripts_load(page, personas):
    page.goto("/sign-in/")

    # nhsuk-frontend's CSS sets the header's blue; its JavaScript marks the body as initialised.
    header_colour = page.eval_on_selector(".nhsuk-header", "el => getComputedStyle(el).backgroundColor")
    assert header_colour == "rgb(0, 94, 184)"
    page.wait_for_function("document.body.classList.contains('nhsuk-frontend-supported')")
    assert page_problems(page) == []


def test_wrong_password_shows_the_error_summary(page, personas):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("ellie")
    page.get_by_label("Password").fill("not-the-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()

    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert urlsplit(page.url).path == "/sign-in/"
    assert page_problems(page) == []


def test_sign_out_button_signs_the_person_out(page, personas):
    sign_in(page, "priya")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()

    page.goto("/")
    assert urlsplit(page.url).path == "/sign-in/"
