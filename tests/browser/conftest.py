"""Real-browser tests: Playwright driving Debian's chromium against pytest-django's live server
(which serves static files through django.contrib.staticfiles).

Playwright's sync API runs an asyncio loop in the test thread, which makes Django refuse database
access there ("SynchronousOnlyOperation"); the test thread never uses a connection at the same
time as the browser waits on the server, so it is safe to allow it. Live-server tests use
`transactional_db` so the server thread sees the data the test made."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from .helpers import PageWatch

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("BATON_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"{CHROMIUM} is missing: apt-get install chromium (never `playwright install`)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, transactional_db):
    """new_page(allow_origins=(), **context_options) -> a page in a fresh browser context:
    another person, signed out (options as for Playwright's browser.new_context, e.g.
    viewport=...). allow_origins: other origins the page may reach besides the live server (a
    test's own identity provider, say)."""
    contexts = []

    def _new(allow_origins=(), **context_options):
        context = browser.new_context(base_url=live_server.url, locale="en-GB", **context_options)
        context.set_default_timeout(10_000)
        # No network in tests: anything not served by the live server or an allowed origin (the
        # NHS.UK fonts on assets.nhs.uk, say) is refused at once rather than left to time out.
        allowed = "|".join(re.escape(origin.rstrip("/")) for origin in [live_server.url, *allow_origins])
        context.route(re.compile(rf"^(?!(?:{allowed})(?:[/?#]|$))"), lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        page.watch = PageWatch(origin=live_server.url)
        page.watch.attach(page)
        return page

    yield _new
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
