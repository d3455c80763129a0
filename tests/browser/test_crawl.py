"""Every page, as every person: sign in through the form, follow the links breadth-first, then
visit every page the URL configuration names. No page may break, log an error from Baton's own
code, fail to load its CSS or JavaScript, link somewhere broken, or fail axe-core's WCAG 2.2 AA
rules (see helpers.AXE_DISABLED_RULES for any rule switched off, and why)."""

import pytest
from django.urls import reverse

from baton.core.testing import build_world

from .crawl import Crawler
from .helpers import page_problems, sign_in
from .test_reflow import NARROW, overflow

PEOPLE = ["anonymous", "ellie", "priya", "larry", "bea", "pat", "adam", "nora", "fiona"]
# These people use a phone 320 CSS pixels wide: axe checks the narrow layout, and every page must
# reflow (WCAG 1.4.10, see test_reflow.py).
ON_A_PHONE = {"anonymous", "priya", "pat"}


@pytest.mark.parametrize("person", PEOPLE)
def test_every_page_works_and_is_accessible(person, new_page, live_server):
    world = build_world()
    phone = person in ON_A_PHONE
    page = new_page(viewport=NARROW) if phone else new_page()
    crawler = Crawler(page, live_server.url, extra_check=overflow if phone else None)
    if person == "anonymous":
        crawler.crawl(reverse("public:index"))
    else:
        sign_in(page, person)
        crawler.crawl(reverse("hub:index"))

    # Ellie (engagement lead) sees every action on every record, so axe checks each instance
    # (each hand-over state) as her; everyone else once per route.
    missing = crawler.visit_routes(world, reverse=reverse, every_instance=person == "ellie")

    assert not missing, f"no instance of routes {missing} in the test world: add one to its app's testing.contribute()"
    assert not crawler.problems, (
        f"{len(crawler.problems)} problems for {person} on {len(crawler.visited)} pages:\n"
        + "\n".join(crawler.problems)
    )
    assert len(crawler.visited) >= 3


def test_the_checks_catch_an_inaccessible_page_an_error_and_a_broken_link(page, live_server):
    page.goto(reverse("core:login"))
    page.evaluate("""() => {
        document.querySelector('main').insertAdjacentHTML('beforeend',
            '<h1>Another</h1><img src="/static/core/no-such-image.png"><a href="/no-such-page/">more</a>');
        console.error('boom');
    }""")
    crawler = Crawler(page, live_server.url)
    crawler.check_link("/no-such-page/", "the test")
    problems = "\n".join(page_problems(page) + crawler.problems)

    assert "axe image-alt" in problems
    assert "console error: boom" in problems
    assert "resource: 404" in problems
    assert "broken link /no-such-page/" in problems
    assert "2 <h1> elements" in problems
