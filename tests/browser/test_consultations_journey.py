"""A consultation's life in a real browser: an engagement lead uploads the consultation document,
is told what stops it opening, opens it, and the public finds it, with the document, on the public
page; a document of the wrong type is refused in the error summary."""

import re

from playwright.sync_api import expect

from baton.consultations.models import Consultation
from baton.consultations.testing import PDF, PROGRAM, make_consultation

from .helpers import page_problems, sign_in


def test_plan_upload_open_and_find_it_on_the_public_page(new_page, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = personas
    c = make_consultation(p.org, by=p.ellie, title="Urgent treatment centre hours")
    ellie = new_page()
    sign_in(ellie, "ellie")
    ellie.get_by_role("link", name="Consultations", exact=True).first.click()
    ellie.get_by_role("link", name="Urgent treatment centre hours").click()
    expect(ellie.locator("h1")).to_have_text("Urgent treatment centre hours")
    expect(ellie.get_by_text(re.compile("There are no consultation materials"))).to_be_visible()
    assert page_problems(ellie) == []

    ellie.get_by_role("link", name="Add a document").click()
    ellie.get_by_label("Title").fill("Consultation document")
    ellie.locator("input[type=file][name=file]").set_input_files(
        files=[{"name": "setup.exe", "mimeType": "application/octet-stream", "buffer": PROGRAM}]
    )
    ellie.get_by_role("button", name="Save").click()
    expect(ellie.locator(".nhsuk-error-summary")).to_contain_text("is not a file type Baton accepts")
    assert page_problems(ellie) == []
    ellie.get_by_label("Title").fill("Consultation document")
    ellie.locator("input[type=file][name=file]").set_input_files(
        files=[{"name": "utc-hours.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    ellie.get_by_role("button", name="Save").click()
    expect(ellie.get_by_text("Added Consultation document.")).to_be_visible()

    ellie.get_by_role("button", name="Open the consultation").click()  # a link styled as a button
    expect(ellie.locator("h1")).to_have_text("Open the consultation")
    ellie.get_by_role("button", name="Open the consultation").click()
    expect(ellie.get_by_text(re.compile("It is on the public pages"))).to_be_visible()
    assert Consultation.objects.get(pk=c.pk).status == "open"

    public = new_page()
    public.goto(f"/public/{p.org.public_slug}/consultations/")
    expect(public.locator("h1")).to_contain_text("consultations")
    expect(public.get_by_text("Open now: you can respond until", exact=False)).to_be_visible()
    with public.expect_download() as download:
        public.get_by_role("link", name=re.compile("Consultation document")).click()
    assert download.value.suggested_filename == "utc-hours.pdf"
    assert page_problems(public) == []
