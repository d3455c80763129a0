"""Closing the loop in a real browser: Ellie sees an answered insight item with no commitment as a
dropped baton on the hub, makes a commitment from it, records the response "not adopted" with the
reason, publishes it in public words; signed out, on a phone 320 px wide, the public "you said, we
did" page shows it, and the hub no longer lists the item."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from baton.cycle.actions import publish_programme
from baton.cycle.models import InsightItem
from baton.cycle.testing import make_insight, make_programme, make_run

from .helpers import page_problems, sign_in
from .test_reflow import NARROW, overflow


def test_ellie_closes_the_loop_and_the_public_page_shows_it(new_page, personas):
    p = personas
    programme = make_programme(
        p.org, by=p.ellie, lead=p.priya, name="Diabetes pathway", public_summary="Diabetes care with patients."
    )
    publish_programme(programme, by=p.ellie)
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    make_insight(
        run,
        by=p.priya,
        title="Patients want the clinic in the town centre",
        status=InsightItem.Status.ANSWERED,
        resolution="Looked at with the estates team.",
    )
    due = timezone.localdate() + timedelta(days=14)

    page = new_page()
    sign_in(page, "ellie")
    main = page.locator("main")
    expect(main).to_contain_text("Insight actioned or declined without a commitment (1)")
    expect(main).to_contain_text("Patients want the clinic in the town centre")
    assert page_problems(page) == []
    page.get_by_role("link", name="Make a commitment from “Patients want the clinic in the town centre”").click()
    expect(page.locator("h1")).to_have_text("Make a commitment")
    expect(page.get_by_label("Patients want the clinic in the town centre (answered)")).to_be_checked()
    page.get_by_label("What we will do").fill("Look at moving the clinic to the town centre.")
    page.get_by_label("Owner").select_option(label="Ellie Evans")
    page.locator("#id_due_on_day").fill(str(due.day))
    page.locator("#id_due_on_month").fill(str(due.month))
    page.locator("#id_due_on_year").fill(str(due.year))
    assert page_problems(page) == []
    page.get_by_role("button", name="Make commitment").click()
    expect(main).to_contain_text("Made the commitment.")
    expect(main).to_contain_text("Waiting for a response")
    assert page_problems(page) == []

    page.get_by_role("button", name="Record the response").click()
    page.get_by_label("Not adopted").check()
    page.get_by_role("button", name="Record response").click()  # no reason given
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Say why: we could not change this, because")
    assert page_problems(page, skip_chrome=True) == []
    page.get_by_label("Not adopted").check()
    page.locator("#id_reason").fill("the only town-centre building is not step-free.")
    page.get_by_role("button", name="Record response").click()
    expect(main).to_contain_text("Recorded the response.")
    expect(main).to_contain_text("Not adopted, not published")

    page.get_by_role("button", name="Publish").click()
    page.locator("#id_public_said").fill("You told us you want the clinic in the town centre.")
    page.locator("#id_public_did").fill(
        "We could not move it, because the only town-centre building is not step-free. We will run a shuttle bus."
    )
    assert page_problems(page) == []
    page.get_by_role("button", name="Publish").click()
    expect(main).to_contain_text("Published on the public “you said, we did” pages.")
    expect(main).to_contain_text("Not adopted, published")
    page.goto("/")
    expect(main).to_contain_text("Insight actioned or declined without a commitment (0)")

    phone = new_page(viewport=NARROW)  # signed out
    phone.goto(reverse("public:programme", args=[p.org.public_slug, programme.pk]))
    phone.get_by_role("link", name="What people told us about this work, and what we did about it").click()
    expect(phone.locator("h1")).to_have_text("You said, we did")
    expect(phone.locator("main")).to_contain_text("You told us you want the clinic in the town centre.")
    expect(phone.locator("main")).to_contain_text("We could not move it, because the only town-centre building")
    expect(phone.locator("main")).not_to_contain_text("Ellie")
    assert page_problems(phone) == [] and overflow(phone) == []
    phone.goto(reverse("loop:public_list", args=[p.org.public_slug]))
    expect(phone.locator("main")).to_contain_text("You told us you want the clinic in the town centre.")
    assert page_problems(phone) == [] and overflow(phone) == []
