"""The insight bank in a real browser: Priya, before new engagement on the diabetes pathway, opens
the bank from the header, searches "waiting" (a comment about a wait and an insight item about
waits found, the words marked), narrows it to feedback comments on the theme "Timeliness of care",
and sees the one comment; a query of punctuation gets a plain message. On a 320 px phone the page
reflows."""

from datetime import date

from playwright.sync_api import expect

from baton.cycle.testing import make_insight, make_programme, make_run
from baton.insight.tests.bank_factories import make_comment

from .helpers import go_by_header, page_problems, sign_in
from .test_reflow import NARROW, overflow


def test_search_filter_and_see_a_result(new_page, personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway")
    run = make_run(programme, "needs", owner=p.ellie)
    make_insight(run, by=p.ellie, title="Long waits at the diabetes clinic", detail="Months for a first appointment.")
    make_comment(
        p.org,
        "I had to wait three hours in the waiting room.",
        themes=["Timeliness of care"],
        received_on=date(2026, 3, 2),
        programme=programme,
    )
    make_comment(p.org, "Parking was impossible.", themes=["Service location"])

    page = new_page()
    sign_in(page, "priya")
    go_by_header(page, "Insight bank")
    expect(page.locator("h1")).to_have_text("Insight bank")
    expect(page.locator("main")).to_contain_text("2 feedback comments imported")
    assert page_problems(page) == []

    page.get_by_label("Search for").fill("waiting")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results")).to_have_text("2 results for ‘waiting’")
    expect(page.locator("main mark").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Long waits at the diabetes clinic")
    assert page_problems(page) == []

    page.get_by_label("Show").select_option(label="Feedback comments")
    page.get_by_label("Theme").select_option(label="Timeliness of care")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results")).to_have_text("1 result for ‘waiting’")
    expect(page.locator(".baton-bank-results")).to_contain_text("I had to wait three hours in the waiting room.")
    expect(page.locator(".baton-bank-results")).to_contain_text("Themes: Timeliness of care")
    expect(page.locator(".baton-bank-results")).not_to_contain_text("Long waits")

    page.get_by_label("Search for").fill("!!! ***")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#bank-problem")).to_contain_text("Type a word or two")

    phone = new_page(viewport=NARROW)
    sign_in(phone, "priya")
    phone.goto("/insight/bank/?q=parking")
    expect(phone.locator("#results")).to_have_text("1 result for ‘parking’")
    assert page_problems(phone) == [] and overflow(phone) == []
