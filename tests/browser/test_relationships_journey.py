"""The partner register in a real browser: Ellie adds Healthwatch, logs a call with them against
the diabetes programme's needs stage with a promise already due, sees the relationship's health
say so, and the hub stops listing that stage as having no community partner."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from baton.cycle.testing import make_programme, make_run
from baton.relationships.testing import ensure_partner_types

from .helpers import go_by_header, page_problems, sign_in


def test_ellie_adds_a_partner_logs_a_call_with_a_promise_and_the_hub_changes(new_page, personas):
    ensure_partner_types()  # reference data, gone if an earlier live-server test flushed the database
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya, name="Diabetes pathway")
    make_run(programme, "needs", owner=p.priya, by=p.ellie)
    yesterday = timezone.localdate() - timedelta(days=1)

    page = new_page()
    sign_in(page, "ellie")
    expect(page.locator("main")).to_contain_text("Stages with no community partner (1)")
    expect(page.locator("main")).to_contain_text("The partner register is empty")
    assert not page_problems(page)

    go_by_header(page, "Partners")
    expect(page.locator("h1")).to_have_text("Partners")
    assert not page_problems(page)
    page.get_by_role("button", name="Add a partner").click()
    page.get_by_label("Name", exact=True).fill("Healthwatch Riverside")
    page.get_by_label("Type").select_option(label="Healthwatch")
    page.get_by_label("ODS code (optional)").fill("rxx01")
    assert not page_problems(page)
    page.get_by_role("button", name="Add partner").click()
    expect(page.locator("main")).to_contain_text("Added Healthwatch Riverside to the partner register.")
    expect(page.locator("main")).to_contain_text("No contact recorded yet")
    assert not page_problems(page)

    page.get_by_role("button", name="Log dialogue").click()
    page.get_by_label("Programme").select_option(label="Diabetes pathway")
    page.get_by_label("Stage of the Cycle").select_option(value="needs")
    page.get_by_label("Call").check()
    page.get_by_label("Summary").fill("Agreed to share their report on diabetes foot care waits.")
    page.get_by_label("What we promised (optional)").fill("Send them the service's waiting times")
    page.locator("#id_promise_due_on_day").fill(str(yesterday.day))
    page.locator("#id_promise_due_on_month").fill(str(yesterday.month))
    page.locator("#id_promise_due_on_year").fill(str(yesterday.year))
    assert not page_problems(page)
    page.get_by_role("button", name="Log dialogue").click()
    expect(page.locator("main")).to_contain_text("Logged the call with Healthwatch Riverside.")
    expect(page.locator("main")).to_contain_text("One promise overdue")
    expect(page.locator("main")).to_contain_text("Diabetes pathway: Identify needs and aspirations")
    assert not page_problems(page)

    page.goto("/")
    expect(page.locator("main")).to_contain_text("Stages with no community partner (0)")
    expect(page.locator("main")).to_contain_text("One promise to partners overdue.")
    expect(page.locator("main")).to_contain_text("1 partner in the register, 1 spoken to in the last 90 days")
    assert not page_problems(page)
