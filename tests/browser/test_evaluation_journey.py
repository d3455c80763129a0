"""Assessing engagement in a real browser: Priya (programme lead) finds an activity of her
closed stage run in "Activities to assess" on the hub, assesses it on its outcomes, processes
and mechanisms (a missing answer first, said in plain English), and the programme page's roll-up
changes; Bea (board member) reads the roll-up and the assessment but is not offered to change it.
Axe-clean at every step."""

from playwright.sync_api import expect

from baton.cycle.actions import accept_handover, close_stage_run
from baton.cycle.testing import make_activity, make_handover, make_programme, make_run
from baton.evaluation.models import ActivityAssessment

from .helpers import page_problems, settle, sign_in


def test_priya_assesses_an_activity_of_a_closed_run_the_roll_up_changes_and_bea_reads_it(
    new_page, live_server, personas
):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya, name="Diabetes pathway")
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    make_activity(run, by=p.priya, title="Carers' survey")
    make_activity(run, by=p.priya, title="Young people's focus group", method="focus_group")
    accept_handover(make_handover(run, by=p.priya, next_owner=p.priya), by=p.priya)
    close_stage_run(run, by=p.priya)

    page = new_page()
    sign_in(page, "priya")
    page.goto(f"{live_server.url}/programmes/{programme.pk}/")
    expect(page.locator("#assessments + p")).to_contain_text("0 of 2 activities assessed.")
    page.goto(f"{live_server.url}/")
    # the hub also lists it among open activities with gaps in reach: the assessment link is wanted
    page.locator('a[href*="/evaluation/"]', has_text="Carers' survey").first.click()
    expect(page.locator("h1")).to_have_text("Assess Carers' survey")
    settle(page)
    assert not page_problems(page)

    page.get_by_role("group", name="Outcomes").get_by_role("radio", name="Exceeded").check()
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the evidence of outcomes")
    assert not ActivityAssessment.objects.exists()
    settle(page)
    assert not page_problems(page)

    page.get_by_label("Evidence of outcomes").fill("The clinic added evening sessions because carers asked.")
    page.get_by_role("group", name="Processes").get_by_role("radio", name="Partly met").check()
    page.get_by_role("group", name="Was it run on time").get_by_role("radio", name="Yes").check()
    page.get_by_role("group", name="Was it accessible").get_by_role("radio", name="Partly").check()
    page.get_by_role("group", name="Were the people who took part told what happened next").get_by_role(
        "radio", name="Yes"
    ).check()
    page.get_by_label("Evidence of processes").fill("On time; the easy-read version came late.")
    page.get_by_role("group", name="Mechanisms").get_by_role("radio", name="Met", exact=True).check()
    page.get_by_role("group", name="Did the method suit the people and the purpose").get_by_role(
        "radio", name="Yes"
    ).check()
    page.get_by_role("group", name="Did the ladder of engagement level suit the purpose").get_by_role(
        "radio", name="Partly"
    ).check()
    page.get_by_label("Why the method and level did or did not suit").fill("A survey reached carers at home.")
    page.get_by_label("Patient partners or people who took part helped assess it").check()
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator("h1")).to_have_text("Assessment of Carers' survey")
    expect(page.locator("main")).to_contain_text("Outcomes: exceeded")
    settle(page)
    assert not page_problems(page)
    assert ActivityAssessment.objects.get().assessed_by == p.priya

    page.goto(f"{live_server.url}/programmes/{programme.pk}/")
    expect(page.locator("#assessments + p")).to_contain_text(
        "1 of 2 activities assessed; outcomes met or exceeded in 1."
    )

    board = new_page()
    sign_in(board, "bea")
    board.goto(f"{live_server.url}/programmes/{programme.pk}/")
    expect(board.locator("#assessments + p")).to_contain_text("1 of 2 activities assessed")
    board.get_by_role("link", name="Assessments of Diabetes pathway, stage run by stage run").click()
    expect(board.locator("h1")).to_have_text("Assessments of Diabetes pathway")
    settle(board)
    assert not page_problems(board)
    board.locator('a[href*="/evaluation/"]', has_text="Carers' survey").first.click()
    expect(board.locator("h1")).to_have_text("Assessment of Carers' survey")
    expect(board.get_by_role("link", name="Change this assessment")).to_have_count(0)
    settle(board)
    assert not page_problems(board)
