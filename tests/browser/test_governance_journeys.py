"""A business case from screening through assurance to sign-off, refused once on the way: the
programme lead writes and screens it, records the assessment and plans engagement; the lay member
assures it with a condition; the board member's sign-off is refused (the condition is open) with
the reason; the lead closes the condition with evidence; the board member signs it off."""

import re

from playwright.sync_api import expect

from baton.cycle.testing import make_programme
from baton.governance.models import BusinessCase, ScreeningQuestion
from baton.governance.testing import make_board, make_meeting

from .helpers import go_by_header, page_problems, sign_in


def test_business_case_from_screening_through_assurance_to_sign_off_refused_once_on_the_way(new_page, personas):
    p = personas
    make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya, budget_line="ENG-101")
    make_meeting(make_board(p.org, by=p.ellie, name="North Riverside ICB Board"), by=p.ellie)

    priya = new_page()
    sign_in(priya, "priya")
    go_by_header(priya, "Governance")
    expect(priya.locator("h1")).to_have_text("Business cases")
    priya.get_by_role("button", name="Write a business case").click()
    priya.get_by_label("Programme").select_option(label="Diabetes pathway")
    priya.get_by_label("Title").fill("Evening diabetes clinics")
    priya.get_by_label("Type").select_option(label="Proposal for change")
    priya.get_by_role("button", name="Create the business case").click()
    expect(priya.locator("h1")).to_have_text("Evening diabetes clinics")
    expect(priya.get_by_text("The duty screening has not been done")).to_be_visible()
    assert page_problems(priya) == []

    priya.get_by_role("link", name="Screen the involvement duty").click()
    assert page_problems(priya, skip_chrome=True) == []
    priya.get_by_role("group", name=re.compile("Does the public involvement duty")).get_by_label("Yes").check()
    priya.get_by_role("group", name=re.compile("Proportionate involvement")).get_by_label("Engage").check()
    priya.get_by_role("group", name=re.compile("substantial development or variation")).get_by_label("No").check()
    priya.locator("#id_groups_affected").fill("Working people; carers")
    priya.locator("#id_reason").fill("It changes when the clinic is open.")
    for question in ScreeningQuestion.objects.filter(active=True):
        priya.get_by_label(question.text).fill("Considered: see the reason.")
    priya.get_by_role("button", name="Save the screening").click()
    expect(priya.get_by_text("Saved the duty screening.")).to_be_visible()

    priya.get_by_role("link", name="Record the assessment").click()
    priya.get_by_role("group", name=re.compile("Has the equality")).get_by_label("Yes").check()
    priya.get_by_label("Assessment summary").fill("Evening opening helps working people most.")
    priya.get_by_label("Link to the assessment").fill("https://intranet.example.nhs.uk/ehia/7")
    priya.get_by_role("button", name="Save the assessment").click()
    priya.get_by_role("link", name="Plan the engagement").click()
    priya.locator("#id_summary").fill("Two evening drop-ins and a survey.")
    priya.get_by_role("button", name="Save the plan").click()
    expect(priya.get_by_text("Saved the engagement plan.")).to_be_visible()
    expect(priya.get_by_text("No engagement assurance has been given")).to_be_visible()

    larry = new_page()
    sign_in(larry, "larry")
    larry.goto("/")
    larry.get_by_role("link", name="Evening diabetes clinics").first.click()
    larry.get_by_role("button", name="Record an assurance").click()
    assert page_problems(larry, skip_chrome=True) == []
    for group in larry.get_by_role("group").filter(has=larry.get_by_label("Partly met")).all():
        group.get_by_label("Met", exact=True).check()
    larry.get_by_label("Assured with conditions").check()
    larry.get_by_label(re.compile("What you looked at")).fill("Early and wide, but carers not yet asked.")
    larry.get_by_label(re.compile("Conditions, one a line")).fill("Ask the carers' forum.")
    larry.get_by_role("button", name="Record the assurance").click()
    expect(larry.get_by_text("Recorded your assurance: Assured with conditions.")).to_be_visible()

    bea = new_page()
    sign_in(bea, "bea")
    case = BusinessCase.objects.get(title="Evening diabetes clinics")
    bea.goto(f"/governance/cases/{case.pk}/sign-off/")
    expect(bea.get_by_text("The assurance condition 'Ask the carers' forum.' is still open")).to_be_visible()
    bea.get_by_label("The meeting at which the board signs it off").select_option(index=1)
    bea.get_by_role("button", name="Sign off the business case").click()
    expect(bea.locator(".nhsuk-error-summary")).to_contain_text("is still open: close it with evidence")
    assert page_problems(bea, skip_chrome=True) == []
    assert BusinessCase.objects.get(pk=case.pk).signed_off_at is None

    priya.reload()
    priya.get_by_role("link", name=re.compile("Close it with evidence")).click()
    priya.get_by_label("What shows the condition is met?").fill("The carers' forum met on 3 March and agreed.")
    priya.get_by_role("button", name="Close the condition").click()
    expect(priya.get_by_text("Closed the condition.")).to_be_visible()

    bea.goto(f"/governance/cases/{case.pk}/")
    expect(bea.get_by_text("Everything the gate needs is in place")).to_be_visible()
    bea.get_by_label("The meeting at which the board signs it off").select_option(index=1)
    bea.get_by_role("button", name="Sign off the business case").click()
    expect(bea.get_by_text("Signed off the business case Evening diabetes clinics.")).to_be_visible()
    assert page_problems(bea, skip_chrome=True) == []
    assert BusinessCase.objects.get(pk=case.pk).signed_off_meeting is not None
