"""End-to-end journeys through the pages, in a real browser, as people would make them: the baton
handed over, queried, answered, accepted and the run closed with nothing dropped; a run that cannot
close yet; a form sent twice; a summary published to the public pages."""

import re

from playwright.sync_api import expect

from baton.cycle.models import EngagementActivity, Handover, InsightItem, Programme, StageRun
from baton.cycle.testing import make_handover, make_insight, make_programme, make_run

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


def _dropped_batons(page) -> str:
    page.goto("/")
    return page.locator("#dropped").inner_text()


def test_the_normal_path_hands_everything_on_and_drops_no_baton(new_page, personas):
    """Issue item 1: record insight, hand over (each open item carried forward by default, or
    answered with its answer), the next owner accepts, the run closes: no dropped baton."""
    programme, run, insight = _programme_with_a_needs_run(personas)
    answered = make_insight(run, by=personas.priya, title="Parking is hard at the clinic")

    priya = new_page()
    sign_in(priya, "priya")
    assert "Dropped batons (0)" in _dropped_batons(priya)
    _open_the_needs_run(priya)
    priya.get_by_role("button", name="Hand over to the next stage").click()
    expect(priya.locator("h1")).to_have_text("Hand over to the next stage")
    assert page_problems(priya) == []
    priya.get_by_label("Next owner").select_option(label=personas.ellie.get_full_name())
    priya.get_by_label("Summary").fill("Transport to the clinic is the barrier carers name most.")
    priya.get_by_label("Open actions").fill("Ask the bus company about an evening service.")
    carried = priya.get_by_role("group", name=insight.title)
    expect(carried.get_by_label("Carry forward to the next stage")).to_be_checked()  # the default
    settled = priya.get_by_role("group", name=answered.title)
    settled.get_by_label("Answered here").check()
    priya.locator(f"#id_insight_{answered.pk}_text").fill("Added to the estates plan.")
    priya.get_by_role("button", name="Hand over").click()

    expect(priya.get_by_text(re.compile("Handed over to Develop priorities"))).to_be_visible()
    assert page_problems(priya) == []
    handover = Handover.objects.get(from_run=run)
    assert list(handover.carried_insight.all()) == [insight]
    answered.refresh_from_db()
    assert (answered.status, answered.resolution) == ("answered", "Added to the estates plan.")

    ellie = new_page()
    sign_in(ellie, "ellie")
    expect(ellie.get_by_text("Hand-overs waiting for you to accept or query (1)")).to_be_visible()
    ellie.get_by_role("link", name=re.compile(r"Diabetes pathway: Needs to Plan")).click()
    expect(ellie.get_by_text("Transport to the clinic is the barrier carers name most.")).to_be_visible()
    assert page_problems(ellie) == []
    ellie.get_by_role("button", name="Accept the hand-over").click()
    expect(ellie.get_by_text("Accepted the hand-over.")).to_be_visible()
    expect(ellie.locator("h1")).to_contain_text("Develop priorities, strategies and plans")
    assert page_problems(ellie) == []

    # Priya is told on her hub that she can now close, and closes with nothing left to settle.
    priya.goto("/")
    expect(priya.get_by_text("Stage runs you can close now (their hand-over was accepted) (1)")).to_be_visible()
    priya.get_by_role("link", name="Diabetes pathway: Identify needs and aspirations").first.click()
    priya.get_by_role("link", name="Close this stage run").click()
    expect(priya.locator("h1")).to_have_text("Close the stage run")
    assert page_problems(priya) == []
    priya.get_by_role("button", name="Close the stage run").click()
    expect(priya.get_by_text(re.compile("Closed the Identify needs and aspirations stage run"))).to_be_visible()
    run.refresh_from_db()
    assert run.status == StageRun.Status.CLOSED
    assert "Dropped batons (0)" in _dropped_batons(priya)


def test_insight_recorded_after_the_hand_over_is_settled_before_the_run_closes(new_page, personas):
    _programme, run, _insight = _programme_with_a_needs_run(personas)
    handover = make_handover(run, by=personas.priya, next_owner=personas.ellie)
    from baton.cycle.actions import accept_handover

    accept_handover(handover, by=personas.ellie)
    late = make_insight(run, by=personas.priya, title="Heard after handing over")

    priya = new_page()
    sign_in(priya, "priya")
    priya.goto(f"/runs/{run.pk}/")
    expect(priya.get_by_text("1 insight item is still open and not carried forward.")).to_be_visible()
    priya.get_by_role("link", name="Close this stage run").click()
    expect(priya.get_by_role("group", name=late.title)).to_be_visible()
    assert page_problems(priya) == []
    priya.get_by_role("group", name=late.title).get_by_label("Carry forward to the next stage").check()
    priya.get_by_role("button", name="Close the stage run").click()
    expect(priya.get_by_text(re.compile("Closed the Identify needs"))).to_be_visible()
    assert handover.carried_insight.filter(pk=late.pk).exists()
    assert "Dropped batons (0)" in _dropped_batons(priya)


def test_closing_a_stage_without_a_hand_over_is_refused_with_the_reason(page, personas):
    _programme, run, _insight = _programme_with_a_needs_run(personas)
    sign_in(page, "priya")
    _open_the_needs_run(page)
    expect(page.get_by_text("There is no hand-over to the next stage")).to_be_visible()  # said before trying

    page.get_by_role("link", name="Close this stage run").click()
    page.get_by_role("button", name="Close the stage run").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is no hand-over to the next stage")
    expect(summary).to_be_focused()  # so screen readers announce it
    assert page_problems(page) == []
    run.refresh_from_db()
    assert run.status == StageRun.Status.OPEN


def test_the_query_loop_keeps_the_conversation_and_tells_each_side(new_page, personas):
    """Issue item 4: the question is shown where it is answered, both sides see what waits for
    them on their hub, and the whole conversation stays on the hand-over."""
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

    priya = new_page()
    sign_in(priya, "priya")
    expect(priya.get_by_text("Queries you must answer (1)")).to_be_visible()
    priya.get_by_role("link", name=re.compile(r"Diabetes pathway: Needs to Plan")).click()
    priya.get_by_role("button", name="Answer the query").click()
    expect(priya.get_by_text("Please attach the survey results.")).to_be_visible()  # the question, where it is answered
    assert page_problems(priya) == []
    priya.get_by_label("Your answer").fill("Attached: 212 responses, 40% from carers.")
    priya.get_by_role("button", name="Send the answer").click()
    expect(priya.get_by_text("Sent your answer.")).to_be_visible()
    assert page_problems(priya) == []

    ellie.goto("/")
    expect(ellie.get_by_text("Hand-overs waiting for you to accept or query (1)")).to_be_visible()
    ellie.goto(f"/handovers/{handover.pk}/")
    conversation = ellie.locator(".baton-conversation")
    expect(conversation).to_contain_text("Please attach the survey results.")
    expect(conversation).to_contain_text("Attached: 212 responses, 40% from carers.")
    handover.refresh_from_db()
    assert handover.status == Handover.Status.PENDING
    assert [m.kind for m in handover.messages.all()] == ["query", "answer"]


def test_pressing_enter_twice_records_the_insight_once(new_page, personas):
    """Issue item 5, with JavaScript: the second press is ignored."""
    _programme, run, _insight = _programme_with_a_needs_run(personas)
    page = new_page()
    sign_in(page, "priya")
    page.goto(f"/runs/{run.pk}/insight/new/")
    page.get_by_label("Title").fill("Evening appointments wanted")
    page.get_by_label("Source").select_option(label="PALS")
    title = page.get_by_label("Title")
    title.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert InsightItem.objects.filter(title="Evening appointments wanted").count() == 1


def test_a_form_sent_twice_without_javascript_saves_once(browser, live_server, personas):
    """Issue item 5, without JavaScript: the form's one-time token makes the second send find the
    first record instead of making another."""
    _programme, run, _insight = _programme_with_a_needs_run(personas)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, "priya")
        page.goto(f"/runs/{run.pk}/activities/new/")
        page.get_by_label("Title").fill("Carers' survey")
        page.get_by_label("Method").select_option(label="Survey")
        page.get_by_label("Ladder of engagement level").select_option(label="Consult")
        page.get_by_label("Target groups").fill("carers")
        page.locator("#id_start_date_day").fill("3")
        page.locator("#id_start_date_month").fill("3")
        page.locator("#id_start_date_year").fill("2026")
        form = page.locator("form[method=post]").last
        fields = form.evaluate("f => Object.fromEntries(new FormData(f))")
        first = page.request.post(f"/runs/{run.pk}/activities/new/", form=fields, max_redirects=0)
        second = page.request.post(f"/runs/{run.pk}/activities/new/", form=fields, max_redirects=0)
        assert first.status == second.status == 302
        assert EngagementActivity.objects.filter(title="Carers' survey").count() == 1
        page.goto(second.headers["location"])
        expect(page.get_by_text("You sent this twice; it was saved once.")).to_be_visible()
    finally:
        context.close()


def test_a_draft_summary_is_public_only_once_a_lead_publishes_it(new_page, personas):
    """Issue item 20: typing a summary publishes nothing; an engagement lead previews and
    publishes; the public page then shows it and how to take part."""
    programme = make_programme(personas.org, by=personas.ellie, name="Maternity voices", lead=personas.priya)
    public = new_page()
    public.goto(f"/public/{personas.org.public_slug}/")
    expect(public.get_by_text("Nothing has been published yet.")).to_be_visible()

    priya = new_page()
    sign_in(priya, "priya")
    priya.goto(f"/programmes/{programme.pk}/edit/")
    priya.get_by_label("Public summary (draft) (optional)").fill("Tell us about your maternity care.")
    priya.get_by_role("button", name="Save programme").click()
    expect(priya.get_by_text("Not public yet.")).to_be_visible()
    public.reload()
    expect(public.get_by_text("Tell us about your maternity care.")).to_have_count(0)

    ellie = new_page()
    sign_in(ellie, "ellie")
    ellie.goto(f"/programmes/{programme.pk}/")
    ellie.get_by_role("link", name="Preview and publish the public summary").click()
    expect(ellie.locator(".nhsuk-card")).to_contain_text("Tell us about your maternity care.")
    assert page_problems(ellie) == []
    ellie.get_by_role("button", name="Publish on the public pages").click()
    expect(ellie.get_by_text("Published the programme on the public pages.")).to_be_visible()
    assert Programme.objects.get(pk=programme.pk).published_summary == "Tell us about your maternity care."

    public.reload()
    expect(public.get_by_text("Tell us about your maternity care.")).to_be_visible()
    expect(public.get_by_role("heading", name="Have your say")).to_be_visible()
    assert page_problems(public) == []


def test_refusals_and_missing_pages_say_what_happened_and_offer_a_way_back(new_page, personas):
    """Issue item 19: NHS.UK-styled 403 and 404 pages, accessible, with a way back."""
    programme = make_programme(personas.org, by=personas.ellie, name="Diabetes pathway", lead=personas.priya)
    bea = new_page()
    sign_in(bea, "bea")
    response = bea.goto(f"/programmes/{programme.pk}/edit/")
    assert response.status == 403
    expect(bea.locator("h1")).to_have_text("You cannot do this")
    assert page_problems(bea) == []
    bea.get_by_role("link", name="Go to the hub").click()
    expect(bea.locator("h1")).to_have_text("Engagement hub")

    oscar = new_page()
    sign_in(oscar, "oscar")
    response = oscar.goto(f"/programmes/{programme.pk}/")  # another organisation's: it does not exist for him
    assert response.status == 404
    expect(oscar.locator("h1")).to_have_text("Page not found")
    assert page_problems(oscar) == []

    visitor = new_page()
    response = visitor.goto("/public/no-such-organisation/")
    assert response.status == 404
    expect(visitor.get_by_role("link", name="Go to Baton's public pages")).to_be_visible()
    assert page_problems(visitor) == []
