"""The whole of #12's loop in one real-browser journey, as the issue names it: Ellie uploads an FFT
export, maps its columns, watches it import and sees its themes on the hub; Pat, a patient partner
on a 320 px phone, corrects one label the engine gave; Ellie makes a commitment from what was
learned, answers it and publishes it; signed out, the public "you said, we did" page shows it. The
steps in detail are each area's own journey (test_insight_journey, test_patient_insight_journey,
test_loop_journey); this one proves they join up."""

from django.urls import reverse
from playwright.sync_api import expect

from baton.cycle.actions import publish_programme
from baton.cycle.models import InsightItem
from baton.cycle.testing import make_insight, make_programme, make_run
from baton.insight.models import FeedbackComment
from baton.insight.testing import FFT_ROWS, fft_csv
from baton.patient_insight.models import Review
from baton.patient_insight.testing import make_sample

from .helpers import go_by_header, page_problems, sign_in
from .test_reflow import NARROW, overflow

MORE_ROWS = [
    ["R6", "10/04/2026", "Outpatients", "Is there anything we could have done better?", "Poor",
     "The bus from our village does not go to the new hospital."],
    ["R7", "11/04/2026", "Outpatients", "What was good about your experience?", "Very good",
     "The receptionist was kind and found me a quiet room."],
    ["R8", "12/04/2026", "Outpatients", "Is there anything we could have done better?", "Poor",
     "I waited two hours past my appointment time."],
    ["R9", "13/04/2026", "Outpatients", "What was good about your experience?", "Good",
     "The consultant explained my results clearly."],
    ["R10", "14/04/2026", "Outpatients", "Is there anything we could have done better?", "Very poor",
     "The letter came after the appointment date."],
]  # fmt: skip


def test_from_an_fft_export_to_the_public_you_said_we_did_page(new_page, personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya, name="Outpatients", public_summary="Outpatient care.")
    publish_programme(programme, by=p.ellie)
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)

    # Ellie imports the export and sees its themes on the hub.
    page = new_page()
    sign_in(page, "ellie")
    go_by_header(page, "Feedback")
    page.get_by_role("link", name="Import feedback").first.click()
    upload = fft_csv(rows=[*FFT_ROWS, *MORE_ROWS])
    page.locator("input[type=file][name=file]").set_input_files(
        files=[{"name": "fft-outpatients.csv", "mimeType": "text/csv", "buffer": upload.read()}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_label("Comment column")).to_have_value("Comment")
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-progress")).to_contain_text("10 comments added")
    assert page_problems(page) == []
    page.goto("/")
    expect(page.locator("main")).to_contain_text("10 comments received in the last 12 months")
    assert page_problems(page) == []

    # Pat reviews a sample of what was imported (the five outpatient comments) and corrects one label, on his phone.
    bus = FeedbackComment.objects.get(organisation=p.org, text__startswith="The bus from our village")
    make_sample(p.org, by=p.ellie, reviewer=p.pat, title="April outpatients", size=5, service="Outpatients")
    phone = new_page(viewport=NARROW)
    sign_in(phone, "pat")
    go_by_header(phone, "Patient insight")
    phone.get_by_role("link", name="April outpatients").click()
    phone.get_by_role("button", name="Start reviewing").click()
    for _ in range(5):  # to the bus comment, agreeing with the others on the way
        if "The bus from our village" in phone.locator("main").inner_text():
            break
        phone.get_by_label("Yes, the themes and sentiment are right").check()
        phone.get_by_role("button", name="Save and next").click()
    expect(phone.locator("main")).to_contain_text("The bus from our village")
    assert page_problems(phone, skip_chrome=True) == [] and overflow(phone) == []
    phone.get_by_label("No, I will correct them").check()
    ticked = phone.locator("input[type=checkbox][name=themes]:checked")
    while ticked.count():  # take off every theme the engine gave
        ticked.first.uncheck()
    phone.get_by_label("Transport to/ from services").check()
    phone.get_by_label("Negative", exact=True).check()
    phone.get_by_role("button", name="Save and next").click()
    expect(phone.locator(".nhsuk-error-summary")).to_have_count(0)
    corrected = Review.objects.get(comment=bus)
    assert corrected.agreed is False and corrected.themes == ["Transport to/ from services"]

    # What was learned becomes insight; Ellie commits to act on it and publishes what was done.
    make_insight(
        run,
        by=p.priya,
        title="There is no bus to the new hospital from the villages",
        status=InsightItem.Status.ANSWERED,
        resolution="Raised with the transport authority.",
    )
    page.goto("/")
    page.get_by_role(
        "link", name="Make a commitment from “There is no bus to the new hospital from the villages”"
    ).click()
    page.get_by_label("What we will do").fill("Ask the bus company to add a stop at the new hospital.")
    page.get_by_label("Owner").select_option(label="Ellie Evans")
    page.locator("#id_due_on_day").fill("30")
    page.locator("#id_due_on_month").fill("6")
    page.locator("#id_due_on_year").fill("2027")
    page.get_by_role("button", name="Make commitment").click()
    expect(page.locator("main")).to_contain_text("Made the commitment.")
    page.get_by_role("button", name="Record the response").click()
    page.get_by_label("Adopted", exact=True).check()
    page.get_by_role("button", name="Record response").click()
    expect(page.locator("main")).to_contain_text("Recorded the response.")
    page.get_by_role("button", name="Publish").click()
    page.locator("#id_public_said").fill("You told us there is no bus from the villages to the new hospital.")
    page.locator("#id_public_did").fill("The number 12 bus now stops at the new hospital every hour.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("main")).to_contain_text("Published on the public “you said, we did” pages.")
    assert page_problems(page) == []

    # Signed out, on a phone: the public page says what changed.
    public = new_page(viewport=NARROW)
    public.goto(reverse("loop:public_list", args=[p.org.public_slug]))
    expect(public.locator("h1")).to_have_text("You said, we did")
    expect(public.locator("main")).to_contain_text("no bus from the villages to the new hospital")
    expect(public.locator("main")).to_contain_text("The number 12 bus now stops at the new hospital")
    assert page_problems(public) == [] and overflow(public) == []
