"""The register of engagement structures in a real browser: Ellie adds a group that states its
purpose and the body it feeds, the register flags it until it meets, she records its first meeting
and an action, and the hub counts it healthy."""

from datetime import date

from django.utils import timezone
from playwright.sync_api import expect

from baton.structures.testing import ensure_structure_types

from .helpers import page_problems, sign_in


def _fill_date(page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_ellie_registers_a_group_and_its_first_meeting_clears_the_flag(new_page, personas):
    ensure_structure_types()  # reference data, gone if an earlier live-server test flushed the database
    today = timezone.localdate()
    page = new_page()
    sign_in(page, "ellie")
    page.goto("/structures/")
    expect(page.locator("h1")).to_have_text("Engagement structures")
    page.get_by_role("button", name="Add a structure").click()
    page.get_by_label("Name").fill("Youth Health Forum")
    page.get_by_label("Type").select_option(label="Youth forum")
    page.get_by_label("Purpose (optional)").fill("Young people advising on services for them.")
    page.get_by_label("Decision body outside Baton (optional)").fill("Children and young people's board")
    _fill_date(page, "Terms of reference last reviewed (optional)", today)
    _fill_date(page, "Next review of the structure (optional)", date(today.year + 1, today.month, 1))
    page.get_by_role("button", name="Add the structure").click()
    expect(page.locator("main")).to_contain_text("Added Youth Health Forum to the register.")
    expect(page.locator("main")).to_contain_text("No meeting recorded.")
    assert not page_problems(page)

    page.get_by_role("button", name="Record a meeting").click()
    page.get_by_label("Minutes (optional)", exact=True).fill("The forum asked for a drop-in clinic after school.")
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator("main")).to_contain_text("Recorded the meeting of Youth Health Forum.")
    page.get_by_role("button", name="Record an action").click()
    page.get_by_label("Action").fill("Ask the trust about a drop-in clinic after school.")
    page.get_by_label("A commitment to the group").check()
    page.get_by_role("button", name="Record the action").click()
    expect(page.locator(".nhsuk-table")).to_contain_text("Commitment to the group")
    assert not page_problems(page)

    page.get_by_role("link", name="Youth Health Forum").click()
    expect(page.locator("main")).to_contain_text("Healthy")
    expect(page.locator("main")).to_contain_text("made 1 commitment to the group and has kept 0")
    page.goto("/")
    expect(page.locator("main")).to_contain_text("1 of 1 structure healthy")

    # Function before form: a second group with a similar purpose is shown the first, and asked.
    page.goto("/structures/new/")
    page.get_by_label("Name").fill("Young People's Panel")
    page.get_by_label("Type").select_option(label="Youth forum")
    page.get_by_label("Purpose (optional)").fill("Young people advising the ICB on youth services.")
    page.get_by_role("button", name="Add the structure").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("similar purpose: Youth Health Forum")
    expect(page.locator("#similar-structures")).to_contain_text("Youth Health Forum")
    assert not page_problems(page)
    page.get_by_label("None of these structures will do: add a new one").check()
    page.get_by_role("button", name="Add the structure").click()
    expect(page.locator("main")).to_contain_text("Added Young People's Panel to the register.")
