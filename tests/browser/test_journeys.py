"""End-to-end journeys through the pages, in a real browser, as people would make them: hand the
baton over and accept it; be refused when closing a stage without one (with JavaScript, where
HTMX swaps in the reasons, and without)."""

import re

from playwright.sync_api import expect

from baton.cycle.models import Handover, StageRun
from baton.cycle.testing import make_insight, make_programme, make_run

from .helpers import page_problems, sign_in


def _programme_with_a_needs_run(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    run = make_run(programme, "needs", owner=p.priya)
    insight = make_insight(run, by=p.priya, title="Carers cannot reach the clinic by bus")
    return programme, run, insight


def _open_the_needs_run(page):
    page.get_by_role("link", name="Programmes", exact=True).first.click()
    page.get_by_role("link", name="Diabetes pathway").click()
    page.get_by_role("link", name=re.compile(r"^Needs run")).first.click()
    expect(page.locator("h1")).to_contain_text("Identify needs and aspirations")


def test_priya_hands_the_baton_over_and_ellie_accepts_it(new_page, personas):
    programme, run, insight = _programme_with_a_needs_run(personas)

    priya = new_page()
    sign_in(priya, "priya")
    _open_the_needs_run(priya)
    priya.get_by_role("button", name="Hand over to the next stage").click()
    expect(priya.locator("h1")).to_have_text("Hand over to the next stage")
    assert page_problems(priya) == []
    priya.get_by_label("Next owner").select_option(label=personas.ellie.get_full_name())
    priya.get_by_label("Summary").fill("Transport to the clinic is the barrier carers name most.")
    priya.get_by_label("Open actions").fill("Ask the bus company about an evening service.")
    priya.get_by_label(insight.title).check()
    priya.get_by_role("button", name="Hand over").click()

    expect(priya.get_by_text(re.compile("Handed over to Develop priorities"))).to_be_visible()
    assert page_problems(priya) == []
    handover = Handover.objects.get(from_run=run)
    assert handover.status == Handover.Status.PENDING
    assert list(handover.carried_insight.all()) == [insight]

    ellie = new_page()
    sign_in(ellie, "ellie")
    ellie.get_by_role("link", name="Hand-overs", exact=True).first.click()
    ellie.get_by_role("link", name=re.compile(r"Needs to Plan\s+for Diabetes pathway")).click()
    expect(ellie.get_by_text("Transport to the clinic is the barrier carers name most.")).to_be_visible()
    assert page_problems(ellie) == []
    ellie.get_by_role("button", name="Accept the hand-over").click()

    expect(ellie.get_by_text("Accepted the hand-over.")).to_be_visible()
    expect(ellie.locator("h1")).to_contain_text("Develop priorities, strategies and plans")
    assert page_problems(ellie) == []
    handover.refresh_from_db()
    assert handover.status == Handover.Status.ACCEPTED
    assert handover.responded_by == personas.ellie
    assert handover.to_run.status == StageRun.Status.OPEN

    # With the baton accepted, Priya may now close the needs run.
    priya.goto(f"/runs/{run.pk}/")
    priya.get_by_role("button", name="Close this stage run").click()
    expect(priya.get_by_text(re.compile("Closed the Identify needs and aspirations stage run"))).to_be_visible()
    assert page_problems(priya) == []
    run.refresh_from_db()
    assert run.status == StageRun.Status.CLOSED


def test_closing_a_stage_without_a_hand_over_is_refused_with_the_reason(page, personas):
    _programme, run, _insight = _programme_with_a_needs_run(personas)
    sign_in(page, "priya")
    _open_the_needs_run(page)

    page.get_by_role("button", name="Close this stage run").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("There is no hand-over to the next stage")
    expect(summary).to_be_focused()  # as on a full page, so screen readers announce it
    assert page_problems(page) == []
    run.refresh_from_db()
    assert run.status == StageRun.Status.OPEN


def test_closing_a_stage_without_a_hand_over_is_refused_without_javascript(browser, live_server, personas):
    _programme, run, _insight = _programme_with_a_needs_run(personas)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, "priya")
        page.goto(f"/runs/{run.pk}/")

        with page.expect_navigation():
            page.get_by_role("button", name="Close this stage run").click()

        summary = page.locator(".nhsuk-error-summary")
        expect(summary).to_contain_text("There is no hand-over to the next stage")
        expect(page.locator("h1")).to_have_count(1)
    finally:
        context.close()
    run.refresh_from_db()
    assert run.status == StageRun.Status.OPEN


def test_ellie_queries_a_hand_over_and_priya_answers_it(new_page, personas):
    from baton.cycle.testing import make_handover

    _programme, run, _insight = _programme_with_a_needs_run(personas)
    handover = make_handover(run, by=personas.priya, next_owner=personas.ellie)

    ellie = new_page()
    sign_in(ellie, "ellie")
    ellie.goto(f"/handovers/{handover.pk}/")
    ellie.get_by_role("button", name="Query the hand-over").click()  # nothing said yet: refused
    expect(ellie.locator(".nhsuk-error-summary")).to_be_focused()
    assert page_problems(ellie) == []
    ellie.get_by_label("What do you need before you can accept?").fill("Please attach the survey results.")
    ellie.get_by_role("button", name="Query the hand-over").click()
    expect(ellie.get_by_text("Sent your query.")).to_be_visible()
    assert page_problems(ellie) == []
    handover.refresh_from_db()
    assert handover.status == Handover.Status.QUERIED

    priya = new_page()
    sign_in(priya, "priya")
    priya.goto(f"/handovers/{handover.pk}/")
    expect(priya.get_by_text("Please attach the survey results.")).to_be_visible()
    priya.get_by_role("link", name=re.compile("^Change the hand-over")).click()
    assert page_problems(priya) == []
    priya.get_by_label("Summary").fill("What we learned, with the survey results attached.")
    priya.get_by_role("button", name="Save hand-over").click()
    expect(priya.get_by_text("Saved the hand-over.")).to_be_visible()
    assert page_problems(priya) == []
    handover.refresh_from_db()
    assert handover.status == Handover.Status.PENDING
    assert handover.summary == "What we learned, with the survey results attached."
