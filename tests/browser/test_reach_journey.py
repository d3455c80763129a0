"""Reach in a real browser: Ellie imports a population profile (upload, columns, preview, import),
sees on the hub an open activity whose reach has a gap, opens its reach and finds the small group
shown as suppressed, with the chart's summary and the table; on a phone 320 px wide nothing but the
tables reaches past the screen's edge."""

import tempfile
from pathlib import Path

from playwright.sync_api import expect

from baton.cycle.testing import make_activity, make_programme, make_run
from baton.reach.population_data import csv_text
from baton.reach.testing import add_participants

from .helpers import page_problems, sign_in
from .test_reflow import NARROW, overflow


def test_ellie_imports_a_profile_sees_a_gap_and_a_suppressed_cell(new_page, personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya, name="Diabetes pathway")
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    activity = make_activity(run, by=p.priya, title="Carers' survey", target_groups="carers", end_date=None)
    add_participants(p.org, by=p.ellie, n=30, activity=activity, sex="1", carer="N", age_band="45-54")
    add_participants(p.org, by=p.ellie, n=2, activity=activity, sex="2", carer="N", age_band="45-54")

    page = new_page()
    sign_in(page, "ellie")
    page.goto("/reach/population/")
    expect(page.locator("main")).to_contain_text("No population profile has been imported yet.")
    page.get_by_role("link", name="Import a new version").click()
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "census.csv"
        file.write_text(csv_text())
        page.locator("input[type=file][name=file]").set_input_files(str(file))
        page.get_by_label("Source of the figures").fill("ONS Census 2021")
        assert page_problems(page) == []
        page.get_by_role("button", name="Upload and choose columns").click()
    expect(page.locator("h1")).to_have_text("Choose the columns")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("main")).to_contain_text("groups are ready to import")
    assert page_problems(page) == []
    page.get_by_role("button", name="Import 32 groups").click()
    expect(page.locator("main")).to_contain_text("Imported version 1 of the population profile: 32 groups.")

    page.goto("/")
    panel = page.locator("#reach-gaps")
    expect(panel).to_have_text("Open activities with gaps in reach")
    page.get_by_role("link", name="Carers' survey").first.click()
    main = page.locator("main")
    expect(page.locator("h1")).to_have_text("Reach of Carers' survey")
    expect(main).to_contain_text("Nobody from the target group “carers” has taken part.")
    expect(main.get_by_role("cell", name="suppressed").first).to_be_visible()
    expect(main.locator("figcaption").first).to_contain_text("where 1 means in proportion to the population")
    assert page_problems(page) == []

    phone = new_page(viewport=NARROW)
    sign_in(phone, "ellie")
    phone.goto(f"/reach/activities/{activity.pk}/")
    assert overflow(phone) == []
    assert page_problems(phone) == []
