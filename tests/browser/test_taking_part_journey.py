"""Taking part in a real browser: a member of the public registers interest on a phone (320 px
wide, no sideways scroll, and without JavaScript), is invited by staff, takes part (participation
recorded), and shows on the structure's page, on the person's page and in the opportunity's
registrations. Axe-clean."""

from django.urls import reverse
from playwright.sync_api import expect

from baton.people.models import Participation, Person
from baton.people.testing_taking_part import make_opportunity
from baton.structures.testing import ensure_structure_types, make_structure

from .helpers import page_problems, sign_in
from .test_reflow import NARROW, overflow


def test_the_public_registers_is_invited_and_takes_part(new_page, personas):
    p = personas
    ensure_structure_types()  # reference data, gone if an earlier live-server test flushed the database
    panel = make_structure(p.org, by=p.ellie, name="Diabetes patient panel", recruiting=True, vacancies=2)
    opportunity = make_opportunity(
        p.org, by=p.ellie, structure=panel, title="Diabetes listening event", access="Hearing loop; BSL on request."
    )

    # A phone, without JavaScript: the form works all the same.
    phone = new_page(viewport=NARROW, java_script_enabled=False)
    phone.goto(reverse("public:take_part", args=[p.org.public_slug]))
    expect(phone.locator("h1")).to_have_text("Take part")
    assert overflow(phone) == []
    phone.get_by_role("link", name="Diabetes listening event").click()
    expect(phone.locator("main")).to_contain_text("Hearing loop; BSL on request.")
    assert overflow(phone) == []
    phone.get_by_role("button", name="Register interest").click()  # nothing filled in
    expect(phone.locator(".nhsuk-error-summary")).to_contain_text("Enter your name, or a name you would like us to use")
    assert overflow(phone) == []
    phone.get_by_label("Your name").fill("Amira")
    phone.get_by_label("Email address (optional)").fill("amira@example.org")
    phone.get_by_label("Step-free access").check()
    phone.get_by_label("You may contact me about this activity (needed to register)").check()
    phone.get_by_role("button", name="Register interest").click()
    expect(phone.locator("h1")).to_have_text("Thank you for registering your interest")
    assert overflow(phone) == []
    person = Person.objects.get(email="amira@example.org")
    assert person.step_free

    # The same pages with JavaScript, checked by axe at 320 px.
    checked = new_page(viewport=NARROW)
    for url in (
        reverse("public:take_part", args=[p.org.public_slug]),
        reverse("public:opportunity", args=[p.org.public_slug, opportunity.pk]),
        reverse("public:opportunity_thanks", args=[p.org.public_slug, opportunity.pk]),
    ):
        checked.goto(url)
        assert page_problems(checked) == [], url
        assert overflow(checked) == [], url

    # Staff invite Amira and record her taking part.
    page = new_page()
    sign_in(page, "ellie")
    page.goto(reverse("people:opportunity_detail", args=[opportunity.pk]))
    expect(page.locator(".nhsuk-table")).to_contain_text("Amira")
    assert page_problems(page, skip_chrome=True) == []
    page.get_by_role("link", name="Invite Amira").click()
    assert page_problems(page, skip_chrome=True) == []
    page.get_by_role("button", name="Invite").click()
    expect(page.locator("main")).to_contain_text("Invited Amira.")
    page.get_by_role("link", name="Record taking part").click()
    assert page_problems(page, skip_chrome=True) == []
    page.get_by_role("button", name="Record taking part").click()
    expect(page.locator("main")).to_contain_text("Recorded Amira as taking part.")
    expect(page.locator(".nhsuk-table")).to_contain_text("Taking part")
    assert Participation.objects.filter(person=person, structure=panel).exists()

    # She shows on her page, with the panel she takes part in...
    page.get_by_role("link", name="Amira").first.click()
    expect(page.locator("h1")).to_have_text("Amira")
    expect(page.locator("main")).to_contain_text(panel.name)
    assert page_problems(page, skip_chrome=True) == []
    # ... and among the members on the panel's own page.
    page.goto(reverse("structures:structure_detail", args=[panel.pk]))
    expect(page.locator("h1")).to_have_text(panel.name)
    expect(page.locator("main")).to_contain_text("Amira")
    assert page_problems(page, skip_chrome=True) == []
