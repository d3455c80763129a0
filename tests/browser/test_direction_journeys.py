"""The direction's journey in a real browser: Ellie drafts the next version of the engagement
vision, Bea (a board member) approves and publishes it, and anyone signed out reads it on the
public pages, with the version it replaced still readable and the draft never shown."""

import re

from playwright.sync_api import expect

from baton.direction.models import VisionVersion
from baton.direction.testing import make_vision

from .helpers import page_problems, sign_in


def test_approve_and_publish_the_vision_then_read_it_signed_out(new_page, personas):
    p = personas
    make_vision(p.org, by=p.ellie, approve_by=p.bea, statement="Our first vision: we listen.")

    ellie = new_page()
    sign_in(ellie, "ellie")
    ellie.get_by_role("link", name="Vision and strategy").first.click()
    expect(ellie.locator("h1")).to_have_text("Vision and strategy")
    assert page_problems(ellie) == []
    ellie.get_by_role("link", name="All versions of the vision").click()
    ellie.get_by_text("Start a new draft").click()
    ellie.get_by_role("button", name="Start the draft").click()
    expect(ellie.locator("h1")).to_have_text("Change the draft")
    assert page_problems(ellie) == []
    ellie.get_by_label("Vision (optional)").fill("Everyone in North Riverside shapes their health and care.")
    ellie.get_by_role("button", name="Save the draft").click()
    expect(ellie.get_by_text("Saved Vision version 2.")).to_be_visible()

    # The draft is not public: the public page still shows version 1.
    public = new_page()
    public.goto(f"/public/{p.org.public_slug}/vision/")
    expect(public.get_by_text("Our first vision: we listen.")).to_be_visible()
    expect(public.get_by_text("Everyone in North Riverside")).to_have_count(0)

    bea = new_page()
    sign_in(bea, "bea")
    expect(bea.get_by_text("Drafts waiting for your approval (1)")).to_be_visible()
    bea.get_by_role("link", name="Vision version 2").click()
    expect(bea.locator("h1")).to_have_text("Approve for publication")
    assert page_problems(bea) == []
    bea.get_by_role("button", name="Approve and publish").click()
    expect(bea.get_by_text(re.compile("Approved Vision version 2"))).to_be_visible()
    assert page_problems(bea) == []
    assert VisionVersion.objects.get(number=2, organisation=p.org).approved_by == p.bea

    public.goto(f"/public/{p.org.public_slug}/")
    public.get_by_role("link", name="Our vision for working with people and communities").click()
    expect(public.locator("h1")).to_have_text("Our vision for working with people and communities")
    expect(public.get_by_text("Everyone in North Riverside shapes their health and care.")).to_be_visible()
    expect(public.get_by_text(re.compile("Version 2. Approved by Bea Brown on"))).to_be_visible()
    assert page_problems(public) == []
    public.get_by_role("link", name="Version 1").click()
    expect(public.get_by_text("Our first vision: we listen.")).to_be_visible()
    expect(public.get_by_text(re.compile("Superseded on"))).to_be_visible()
    assert page_problems(public) == []
