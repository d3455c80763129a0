"""The self-assessment in a real browser: Ellie rates a CCG domain of the current period with its
evidence, a reader compares the completed periods on the trend page."""

from datetime import date

from playwright.sync_api import expect

from baton.assessment.actions import complete_assessment
from baton.assessment.testing import ensure_frameworks, make_assessment, rate_everything

from .helpers import go_by_header, page_problems, sign_in


def test_ellie_rates_a_domain_and_bea_reads_the_trend(new_page, personas):
    ensure_frameworks()  # reference data, gone if an earlier live-server test flushed the database
    p = personas
    for period, end, scores in [
        ("2025/26", date(2026, 3, 31), {("ccg", "E"): 1}),
        ("2026/27 Q2", date(2026, 9, 30), {("ccg", "E"): 3}),
    ]:
        done = make_assessment(p.org, by=p.ellie, period=period, period_end=end)
        rate_everything(done, by=p.ellie, scores=scores)
        complete_assessment(done, by=p.ellie)
    make_assessment(p.org, by=p.ellie, period="2026/27 Q3", period_end=date(2026, 12, 31))

    page = new_page()
    sign_in(page, "ellie")
    go_by_header(page, "Self-assessment")
    page.get_by_role("link", name="2026/27 Q3").click()
    page.get_by_role("link", name="A. Governance").click()
    page.get_by_label("2: Good", exact=False).check()
    page.get_by_label("Evidence (optional)").fill("https://example.nhs.uk/board-papers")
    page.get_by_role("button", name="Save rating").click()
    expect(page.locator("main")).to_contain_text("Saved the rating of A. Governance.")
    expect(page.locator("#ccg ~ .nhsuk-table-responsive, main")).to_contain_text("2: Good")
    assert not page_problems(page)

    reader = new_page()
    sign_in(reader, "bea")
    reader.goto("/assessments/trend/")
    expect(reader.locator("main")).to_contain_text("9 of 15")
    expect(reader.locator("main")).to_contain_text("11 of 15")
    assert not page_problems(reader)
