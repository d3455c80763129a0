"""Helpers for the real-browser tests: sign in through the form, watch a page for errors, run
axe-core."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe-core rules switched off, each with the reason (also listed in docs/testing.md). Keep empty
# unless a rule cannot apply to Baton; never switch a rule off to hide a real failure.
AXE_DISABLED_RULES: dict[str, str] = {}


@dataclass
class PageWatch:
    """What went wrong on the page while the test drove it, apart from the main document's status
    (which the test checks itself)."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    failed_resources: list[str] = field(default_factory=list)

    def attach(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"uncaught: {exc}"))
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)

    def _own(self, url: str) -> bool:
        return not url or url.startswith(self.origin)

    def _console(self, msg):
        if msg.type != "error":
            return
        # Failed loads are reported (with their URL) by _response; the main document's status is
        # the test's business.
        if msg.text.startswith("Failed to load resource"):
            return
        url = (msg.location or {}).get("url", "")
        if self._own(url):
            self.console_errors.append(f"{msg.text} ({url})")

    def _response(self, response):
        if response.request.resource_type != "document" and response.status >= 400 and self._own(response.url):
            self.failed_resources.append(f"{response.status} {response.url}")

    def _request_failed(self, request):
        # A navigation away aborts requests still in flight; that is not a fault of the page.
        if (
            request.resource_type != "document"
            and self._own(request.url)
            and "ERR_ABORTED" not in (request.failure or "")
        ):
            self.failed_resources.append(f"failed {request.url}: {request.failure}")

    def take(self) -> list[str]:
        problems = [f"console error: {e}" for e in self.console_errors]
        problems += [f"resource: {e}" for e in self.failed_resources]
        self.console_errors.clear()
        self.failed_resources.clear()
        return problems


def sign_in(page, username: str) -> None:
    """Through the real sign-in form, as a person would."""
    from baton.core.testing import PASSWORD

    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert urlsplit(page.url).path != "/sign-in/", f"{username} could not sign in:\n{page.inner_text('main')}"


def go_by_header(page, name: str) -> None:
    """Follow a link in the header's navigation as a person would: on a narrow window the NHS.UK
    header gathers the entries that do not fit under "More", so open it first when the link is not
    shown (Playwright's role locators see only what is visible)."""
    link = page.get_by_role("link", name=name, exact=True)
    if link.count() == 0:
        page.get_by_role("button", name=re.compile(r"\bMore$")).click()
    link.first.click()


def settle(page) -> None:
    """Wait for the page and any HTMX request it started on load."""
    page.wait_for_load_state("load")
    page.wait_for_function("!document.querySelector('.htmx-request')", timeout=5_000)


_axe_source: str | None = None


def axe_violations(page, *, skip_chrome: bool = False) -> list[str]:
    """axe-core on the page as it stands, WCAG 2.0/2.1/2.2 A and AA; one readable line per node.
    skip_chrome leaves out the header and footer (the same on every page) to save time once they
    have been checked."""
    global _axe_source
    if _axe_source is None:
        import axe_playwright_python

        _axe_source = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source)
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in AXE_DISABLED_RULES},
    }
    context = {"exclude": [["header.nhsuk-header"], ["footer"]]} if skip_chrome else {"include": [["html"]]}
    results = page.evaluate("([context, options]) => axe.run(context, options)", [context, options])
    lines = []
    for violation in results["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']} at {target}: {summary}")
    return lines


def page_problems(page, *, skip_chrome: bool = False) -> list[str]:
    """Console errors, failed resources and accessibility violations of the current page, and
    the house rule of exactly one <h1>."""
    settle(page)
    problems = page.watch.take() + axe_violations(page, skip_chrome=skip_chrome)
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"{headings} <h1> elements: a page has exactly one")
    return problems
