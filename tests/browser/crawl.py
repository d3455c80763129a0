"""The crawler behind test_crawl: follows same-origin links breadth-first from where a person
lands, then visits every page the URL configuration names (one instance of each route that takes
parameters), checking each page's status, console, resources and accessibility."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from playwright.sync_api import Error as PlaywrightError

from .helpers import page_problems, settle

# Never crawled: signing out, the admin, the API and its docs (JSON and a third-party docs page),
# static and uploaded files, OIDC hand-offs. Links to them are still checked to answer < 400.
SKIP_PREFIXES = ("/sign-out/", "/admin/", "/api/", "/static/", "/media/", "/oidc/")
SKIP_NAMESPACES = ("admin", "api")
MAX_PAGES = 120  # per person: a bound, not a target
MAX_PER_ROUTE = 1  # pages of one route followed from links (other links to it are only status-checked)

# Nouns that URL parameters and route names use, longest first so 'handover' wins over 'run'.
NOUNS = (
    "handover",
    "stage_run",
    "stagerun",
    "programme",
    "activity",
    "insight",
    "event",
    "audit",
    "token",
    "organisation",
    "org",
    "user",
    "run",
)


def route_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def named_routes() -> list[tuple[str, list[str], str]]:
    """(namespaced name, parameter names, pattern) of every named page route, without the admin
    and API."""
    routes = []

    def params_of(pattern) -> list[str]:
        converters = getattr(pattern, "converters", None)
        if converters is not None:
            return list(converters)
        return list(pattern.regex.groupindex)

    def walk(patterns, namespaces, params, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in SKIP_NAMESPACES:
                    continue
                walk(
                    entry.url_patterns,
                    namespaces + ([entry.namespace] if entry.namespace else []),
                    params + params_of(entry.pattern),
                    prefix + str(entry.pattern),
                )
            elif isinstance(entry, URLPattern) and entry.name and not entry.name.startswith("oidc"):
                routes.append(
                    (
                        ":".join(namespaces + [entry.name]),
                        params + params_of(entry.pattern),
                        prefix + str(entry.pattern),
                    )
                )

    walk(get_resolver().url_patterns, [], [], "")
    return routes


def _noun_in(text: str) -> str | None:
    for noun in NOUNS:
        if noun in text:
            return noun
    return None


def _last_noun_in(text: str) -> str | None:
    found = [(text.rfind(noun), noun) for noun in NOUNS if noun in text]
    return max(found)[1] if found else None


def _parent(obj, noun: str):
    """The object's ancestor of kind noun (a run's programme, an activity's run, ...), or None."""
    from baton.cycle.models import Handover, Programme, StageRun

    if noun in ("programme",):
        if isinstance(obj, Programme):
            return obj
        if isinstance(obj, StageRun):
            return obj.programme
        if isinstance(obj, Handover):
            return obj.from_run.programme
        if hasattr(obj, "stage_run"):
            return obj.stage_run.programme
    if noun in ("run", "stagerun", "stage_run"):
        if isinstance(obj, StageRun):
            return obj
        if isinstance(obj, Handover):
            return obj.from_run
        if hasattr(obj, "stage_run"):
            return obj.stage_run
    if noun in ("organisation", "org"):
        return getattr(obj, "organisation", None) or getattr(_parent(obj, "programme"), "organisation", None)
    return None


def instances(name: str, params: list[str], pattern: str, world) -> list[dict] | None:
    """URL kwargs for instances of a parameterised route, or None when the world has none. The
    kind of object a bare `pk` means comes from the route's name, else from the last noun in its
    pattern ('audit/events/<int:pk>/restore/' -> an audit event)."""
    short = name.rsplit(":", 1)[-1]
    if set(params) == {"model", "object_id"}:
        return [
            {"model": "cycle.programme", "object_id": str(world.programme.pk)},
            {"model": world.deletion.model, "object_id": world.deletion.object_id},
        ]
    leaf_params = [p for p in params if p in ("pk", "id")]
    leaf_noun = None
    if leaf_params:
        at = min(i for i in (pattern.find(f"{p}>") for p in leaf_params) if i >= 0)
        leaf_noun = _noun_in(short) or _last_noun_in(pattern[:at])
    if leaf_noun == "handover":
        leaves = list(world.handovers.values())
    elif leaf_noun in ("event", "audit"):
        leaves = [world.deletion, _latest_update(world)]
    elif leaf_noun:
        leaves = [world.objects[leaf_noun]]
    else:
        leaves = [None]
    result = []
    for leaf in leaves:
        kwargs = {}
        for param in params:
            if param in ("pk", "id"):
                if leaf is None:
                    return None
                kwargs[param] = leaf.pk
            elif param in ("slug", "org_slug", "organisation_slug"):
                kwargs[param] = world.personas.org.public_slug
            elif param == "stage":
                kwargs[param] = world.run.stage
            elif (noun := _noun_in(param)) is not None:
                obj = (_parent(leaf, noun) if leaf is not None else None) or world.objects.get(noun)
                if obj is None:
                    return None
                kwargs[param] = getattr(obj, "public_slug", None) if "slug" in param else obj.pk
            else:
                return None
        result.append(kwargs)
    return result


def _latest_update(world):
    from baton.core.models import AuditEvent

    return AuditEvent.objects.filter(organisation=world.personas.org, verb=AuditEvent.Verb.UPDATE).latest("pk")


@dataclass
class Crawler:
    page: object
    origin: str
    problems: list[str] = field(default_factory=list)
    visited: set[str] = field(default_factory=set)  # paths with query, as navigated
    checked: dict[str, int] = field(default_factory=dict)  # link -> status
    per_route: dict[str, int] = field(default_factory=dict)  # pages of each route followed from links
    examined: dict[str, int] = field(default_factory=dict)  # pages of each route checked by axe
    routes_seen: set[str] = field(default_factory=set)
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

    def check_link(self, path: str, reached_from: str) -> None:
        if path in self.checked:
            return
        response = self.page.request.get(path, max_redirects=5)
        self.checked[path] = response.status
        if response.status >= 400:
            self.problems.append(f"broken link {path} (linked from {reached_from}): answered {response.status}")

    def crawl(self, start: str) -> None:
        """Breadth-first over same-origin links from start; every link must answer < 400."""
        queue = deque([(start, None)])
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
        """Every named route: those without parameters, and instances of those with them (every
        hand-over state, a deletion in the audit trail). Someone may be refused (403, or 404 for
        what is not theirs, or sent to sign in) but every page must render, work and be accessible.
        axe runs on each instance when `every_instance` (for one person who sees every button),
        else once per route. Returns the parameterised routes the world has no instance of."""
        missing = []
        for name, params, pattern in named_routes():
            if params:
                kwargs_list = instances(name, params, pattern, world)
                if kwargs_list is None:
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
                links = self.visit(
                    path,
                    reached_from=None,
                    statuses_ok=(*range(200, 400), 403, 404),
                    examine=True if every_instance else None,
                )
                for link in links:  # not followed, but they must work
                    if link not in self.visited and not link.startswith("/sign-out/"):
                        self.check_link(link, path)
        return missing
