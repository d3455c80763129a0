"""The crawler behind test_crawl: follows same-origin links breadth-first from where a person
lands, then visits every page the URL configuration names (one instance of each route that takes
parameters), checking each page's status, console, resources and accessibility."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urlsplit

from django.urls import resolve
from django.urls.exceptions import Resolver404
from playwright.sync_api import Error as PlaywrightError

from .helpers import page_problems, settle

# Never crawled: signing out, the admin, the API and its docs (JSON and a third-party docs page),
# static and uploaded files, OIDC hand-offs. Links to them are still checked to answer < 400.
SKIP_PREFIXES = ("/sign-out/", "/admin/", "/api/", "/static/", "/media/", "/oidc/")
SKIP_NAMESPACES = ("admin", "api")
MAX_PAGES = 120  # per person: a bound, not a target
MAX_PER_ROUTE = 1  # pages of one route followed from links (other links to it are only status-checked)


def named_routes() -> list[tuple[str, list[str], str]]:
    """(namespaced name, parameter names, pattern) of every named page route, without the admin,
    the API and OIDC's hand-offs."""
    from baton.core.routes import all_routes

    return [
        (r.name, r.params, r.pattern)
        for r in all_routes()
        if r.name and r.namespace not in SKIP_NAMESPACES and not r.name.startswith("oidc")
    ]


def route_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


@dataclass
class Crawler:
    page: Any  # a Playwright Page, with the `watch` that conftest.new_page gives it
    origin: str
    problems: list[str] = field(default_factory=list)
    visited: set[str] = field(default_factory=set)  # paths with query, as navigated
    checked: dict[str, int] = field(default_factory=dict)  # link -> status
    per_route: dict[str, int] = field(default_factory=dict)  # pages of each route followed from links
    examined: dict[str, int] = field(default_factory=dict)  # pages of each route checked by axe
    routes_seen: set[str] = field(default_factory=set)
    refusals_opened: set[int] = field(default_factory=set)  # 403, 404: a refusal page opened in the browser
    # Checked on each page axe checks, too (page -> problems).
    extra_check: Callable | None = None

    def _path(self, url: str) -> str | None:
        url, _fragment = urldefrag(url)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != self.origin:
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def visit(self, path: str, *, reached_from: str | None, statuses_ok=range(200, 400), examine=None) -> list[str]:
        """Open the page, check it, and return the same-origin links on it. Console errors and
        failed resources are checked on every page; axe runs once per route and person unless
        `examine` says otherwise (each hand-over state, say)."""
        self.visited.add(path)
        try:
            response = self.page.goto(path)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):  # a file (CSV, PDF): its status is what matters
                self.check_link(path, reached_from)
                return []
            raise
        status = response.status if response else 0
        where = f"{path}" + (f" (linked from {reached_from})" if reached_from else "")
        if status not in statuses_ok:
            self.problems.append(f"{where}: answered {status}")
        final = self._path(self.page.url) or path
        name = route_name(urlsplit(final).path) or final
        self.routes_seen.add(name)
        content_type = response.headers.get("content-type", "") if response else ""
        if "text/html" not in content_type:
            return []
        if examine is None or urlsplit(final).path != urlsplit(path).path:
            examine = not self.examined.get(name)
        if examine:
            self.examined[name] = self.examined.get(name, 0) + 1
            # The header and footer are the same on every page: axe checks them on the first.
            skip_chrome = sum(self.examined.values()) > 1
            problems = page_problems(self.page, skip_chrome=skip_chrome)
            if self.extra_check is not None:
                problems += self.extra_check(self.page)
            self.problems += [f"{where}: {p}" for p in problems]
        else:
            settle(self.page)
            self.problems += [f"{where}: {p}" for p in self.page.watch.take()]
        hrefs = self.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        return [p for p in (self._path(h) for h in hrefs) if p]

    def check_link(self, path: str, reached_from: str | None) -> None:
        if path in self.checked:
            return
        response = self.page.request.get(path, max_redirects=5)
        self.checked[path] = response.status
        if response.status >= 400:
            self.problems.append(f"broken link {path} (linked from {reached_from}): answered {response.status}")

    def crawl(self, start: str) -> None:
        """Breadth-first over same-origin links from start; every link must answer < 400."""
        queue: deque[tuple[str, str | None]] = deque([(start, None)])
        queued = {start}
        while queue and len(self.visited) < MAX_PAGES:
            path, source = queue.popleft()
            name = route_name(urlsplit(path).path) or path
            if source is not None:
                skip = path.startswith(SKIP_PREFIXES) or self.per_route.get(name, 0) >= MAX_PER_ROUTE
                if skip:
                    self.check_link(path, source)
                    continue
            self.per_route[name] = self.per_route.get(name, 0) + 1
            for link in self.visit(path, reached_from=source):
                if link == path or link in queued:
                    continue
                queued.add(link)
                queue.append((link, path))
        self.checked.update({p: 0 for p in self.visited})

    def visit_routes(self, world, *, reverse, every_instance: bool = False) -> list[str]:
        """Every named route: those without parameters, and each instance of those with them that
        the apps' shares of the world name (core.testing.build_world: every hand-over state, a
        deletion in the audit trail...). Someone may be refused (403, or 404 for what is not
        theirs, or sent to sign in) but every page must render, work and be accessible. axe runs on
        each instance when `every_instance` (for one person who sees every button), else once per
        route. A refusal (403, 404) is opened in the browser once per status and person: the rest
        are checked by their status, as the same template says no to each. Returns the
        parameterised routes the world has no instance of."""
        missing = []
        for name, params, _pattern in named_routes():
            if params:
                kwargs_list = world.routes.get(name)
                if not kwargs_list:
                    missing.append(name)
                    continue
            else:
                kwargs_list = [{}]
            for kwargs in kwargs_list:
                path = reverse(name, kwargs=kwargs)
                if path in self.visited:
                    continue
                head = self.page.request.get(path, max_redirects=0)
                if head.status == 405:  # POST-only (restore, revoke, sign out)
                    continue
                if head.status in (403, 404) and head.status in self.refusals_opened:
                    # A refusal is one template whatever the page: the browser opened and axe
                    # checked this person's first of each; the rest are checked by their status
                    # alone (two in three of a lay member's routes, and most of the crawl's time).
                    self.visited.add(path)
                    self.routes_seen.add(name)
                    continue
                links = self.visit(
                    path,
                    reached_from=None,
                    statuses_ok=(*range(200, 400), 403, 404),
                    examine=True if every_instance else None,
                )
                if head.status in (403, 404):
                    self.refusals_opened.add(head.status)
                for link in links:  # not followed, but they must work
                    if link not in self.visited and not link.startswith("/sign-out/"):
                        self.check_link(link, path)
        return missing
