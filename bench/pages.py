"""Time every page and every API read against a real database, signed in and warm; say why each
route that is not timed is not.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baton_bench \\
        .venv/bin/python bench/pages.py [--repeat 20] [--baseline small.jsonl] > pages.jsonl

Fill the database first with bench/make_data.py. Requests go through Django's test Client in this
process (the whole middleware stack, no network); SQL is counted and timed with
connection.execute_wrapper.

Which routes: every route of `baton.core.routes.all_routes()`, the one walker the permission guard
and the browser crawl use, so a new area's pages are benchmarked without anyone listing them here.
Each one ends in one of three lists (`discover()`):

- timed: a page (signed in as the first of --users that reaches it; the public pages and sign-in
  without signing in) or an API read (with a bearer token);
- untimed, with the reason: it only takes POST (its GET answers 405), it is an API operation that
  changes data (bench/load.py drives those), its address is answered by another route, or it is
  one of the few exempt by address (EXEMPT: the Django admin, OIDC hand-offs);
- unreached: none of the above, because no instance of it could be found or it answered an error.
  tests/test_bench_smoke.py fails on any route here, by name.

Instances of parameterised routes are found as a crawler finds them, since the test world cannot be
built on a bench database: the parameterless pages, then the links on them (and the addresses forms
post to), breadth first, a link to a route not found yet before any other, until every route has an
instance. A route no link led to is tried with the parameters of its siblings' links, then with the
values other routes' links gave the same parameter names, then with the newest records of its app's
models, then with placeholder values (enough to tell a POST-only route). The crawl opens links to
routes not found yet first, then one more page of each route found in turn, so instances in other
states show their links early; the first instance that answers 200 is timed: for the cycle's pages
a link the page offers, so a page is timed in a state that offers it (a queried hand-over's answer
page, a closed run's reopen page). API reads with parameters take the first item of the list above
them, or values pages gave the same parameter names (`/api/audit/{model}/{object_id}`: the record
of the audit trail's record-history page, a real record with its history).

One JSON line per timed route on stdout:
  {"kind": "page", "route": "cycle:programme_detail", "label": "", "path": "/programmes/12/",
   "via": "link", "user": "bench.ellie", "status": 200, "median_ms": 41.2, "p95_ms": 48.0,
   "queries": 9, "queries_vary": false, "sql_ms": 12.1, "ratio": 3.4, "bytes": 48211,
   "load_average": 0.8, "p95_ok": true, "ratio_ok": false, "ok": false}
What each figure counts:
- `median_ms`, `p95_ms`: wall-clock time of one GET through the test Client in this process (the
  whole middleware stack, no network), over --repeat requests after --warm untimed ones; p95 is
  the 19th of 20;
- `queries`: SQL statements one request ran (the most seen; `queries_vary` if requests differed);
- `sql_ms`: the median over the requests of the time one request spent in SQL (each statement
  timed around the driver's call, so round trips included);
- `ratio`: `median_ms` / `sql_ms`: how much of the page is Python (views, templates) per SQL;
- `bytes`: the size of the answer; `via`: how the instance was found (link, form, tried, plain,
  list, page); `user`: who it was timed as (none: signed out; "(token)": the API with a bearer
  token); `load_average`: the machine's one-minute load average as the requests ended;
- `ok`: p95 under --target-ms (300) and ratio under --target-ratio (3).
With --baseline (this script's output on a smaller database), each line also gives the query
count there (`queries_at_baseline`) and whether it is the same (`queries_constant`). A last line
summarises: the routes missing a target, those whose query count changed, the untimed routes by
reason, the unreached ones and the load average. --markdown writes the tables for bench/README.md.
Exits 1 if a route was unreached.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import json
import math
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

# The few routes exempt by address, as the browser crawl exempts them; every other route is timed,
# POST-only, an API write, or a failure of the smoke test.
EXEMPT = {
    "/admin/": "the Django admin: system administrators' tool (is_staff), not one of Baton's pages",
    "/oidc/": "OIDC hand-off to the identity provider: a redirect when OIDC is set up, 404 where it is not",
    "/static/": "static files",
    "/media/": "uploaded files",
}
POST_ONLY = "POST only: its GET answers 405"
# Fragments HTMX polls: without the HX-Request header they send a visitor to their page (timed).
FRAGMENTS = {
    "insight:import_progress": "an HTMX fragment (an import's progress): without HTMX it sends the visitor to the import's page, which is timed",
}
WRITES = "API operation that changes data ({method}): bench/load.py drives the writes"
SHADOWED = "its address is answered by {other}"
CRAWL_LIMIT = 400  # pages a person's crawl opens at most
CRAWL_STALE = 150  # the crawl stops after this many pages in a row that found no new route
FOLLOW_PER_ROUTE = 25  # pages of a route already found that are still opened for their links
TRIES = 12  # instances tried for a route no link led to


class Links(HTMLParser):
    """The links on a page, and the addresses its forms post to."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.posts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "post" and attrs.get("action"):
            self.posts.append(attrs["action"])


def key_of(route) -> str:
    """A route's name in the bench's lists: its namespaced name, or its pattern if it has none."""
    return route.name or f"(unnamed) /{route.pattern}"


def exempt_reason(route) -> str | None:
    path = "/" + route.pattern.lstrip("^")
    return next((reason for prefix, reason in EXEMPT.items() if path.startswith(prefix)), None)


def resolve_name(path: str) -> str | None:
    from django.urls import Resolver404, resolve

    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def resolve_kwargs(path: str) -> dict:
    from django.urls import resolve

    return resolve(urlsplit(path).path).kwargs


def local_path(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Target:
    """A timed route: where, as whom (None: not signed in; "token": the API with a bearer token)."""

    route: str
    path: str
    user: str | None
    kind: str  # "page" or "api"
    label: str = ""  # "GET /api/programmes/{programme_id}" for the API
    via: str = "link"  # how the instance was found: link, tried (see candidates()), list, page, plain


@dataclass
class Plan:
    timed: dict[str, Target] = field(default_factory=dict)
    untimed: dict[str, str] = field(default_factory=dict)  # route -> reason
    unreached: dict[str, str] = field(default_factory=dict)  # route -> what was tried
    crawled: int = 0  # pages opened to find all this

    def accounted(self) -> set[str]:
        return set(self.timed) | set(self.untimed) | set(self.unreached)


@dataclass
class Crawl:
    """What one person's crawl found: the first address of each route that answered 200, every
    link and form address seen (in order), and the status of each route's last failure."""

    found: dict[str, str] = field(default_factory=dict)
    seen_links: dict[str, list[str]] = field(default_factory=dict)  # route -> addresses linked or posted to
    statuses: dict[str, str] = field(default_factory=dict)  # route -> "GET /x answered 404"
    post_only: dict[str, str] = field(default_factory=dict)  # route -> a form address whose GET answered 405
    via: dict[str, str] = field(default_factory=dict)  # route -> "form" when found as a form's address
    opened: int = 0


def crawl(client, start: list[str], wanted: set[str], allowed: set[str], *, limit: int = CRAWL_LIMIT) -> Crawl:
    """Breadth first from `start` over links to routes in `allowed`; a link to a route not found
    yet goes before any other, a route already found has at most FOLLOW_PER_ROUTE of its pages
    opened (for their links), and the crawl stops when every route in `wanted` is found (or is a
    form's address that only takes POST), after `limit` pages, or after CRAWL_STALE pages in a row
    that found nothing new."""
    result = Crawl()

    def done() -> bool:
        return wanted <= set(result.found) | set(result.post_only)

    order = itertools.count()
    # (priority, order, address, the route of the page that linked to it)
    queue: list[tuple[int, int, str, str]] = [(0, next(order), path, "") for path in start]
    heapq.heapify(queue)
    queued = set(start)
    opened_of: dict[str, int] = {}  # route -> its pages opened
    opened_from: dict[tuple[str, str], int] = {}  # (route, linking route) -> its pages opened
    stale = 0
    while queue and result.opened < limit and stale < CRAWL_STALE and not done():
        priority, _, path, source = heapq.heappop(queue)
        name = resolve_name(path) or path  # every address queued resolves; a start page might not
        # A link to a route found already waits behind the rest, and behind the links to routes
        # opened fewer times from the same kind of page: each route's next page in turn, linked
        # from each kind of page in turn (a run from the hub's dropped batons, from a programme's
        # table...), so that its instances in other states (a closed run, a queried hand-over) show
        # their links early.
        due = 0 if name not in result.found else 1 + opened_from.get((name, source), 0) + ("?" in path)
        if priority < due:
            heapq.heappush(queue, (due, next(order), path, source))
            continue
        if name in result.found and opened_of.get(name, 0) >= FOLLOW_PER_ROUTE:
            continue
        opened_of[name] = opened_of.get(name, 0) + 1
        opened_from[(name, source)] = opened_from.get((name, source), 0) + 1
        result.opened += 1
        try:
            response = client.get(path)
        except Exception as exc:  # a broken page: reported, and the crawl goes on
            result.statuses.setdefault(name, f"GET {path} raised {exc!r:.200}")
            stale += 1
            continue
        new = False
        if response.status_code == 200:
            if name not in result.found or ("?" in result.found[name] and "?" not in path):
                new = name not in result.found
                result.found[name] = path
        elif name not in result.found:
            result.statuses[name] = f"GET {path} answered {response.status_code}"
        stale = 0 if new else stale + 1
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(response.content.decode("utf-8", "replace"))
        for href, is_link in [(h, True) for h in parser.hrefs] + [(h, False) for h in parser.posts]:
            link = local_path(href)
            link_route = resolve_name(link) if link else None
            if not link or not link_route or link_route not in allowed:
                continue
            seen = result.seen_links.setdefault(link_route, [])
            if link not in seen and len(seen) < 50:
                seen.append(link)
            if not is_link and link_route not in result.found and link_route not in result.post_only:
                # A form's address: one GET tells whether it is a page too, or only takes POST.
                result.opened += 1
                status = client.get(link).status_code
                if status == 405:
                    result.post_only[link_route] = link
                elif status == 200:
                    result.found[link_route], result.via[link_route] = link, "form"
                    stale = 0
            if is_link and link not in queued and not link.startswith(tuple(EXEMPT)):
                queued.add(link)
                heapq.heappush(queue, (0, next(order), link, name))  # its priority is settled when it comes up
    return result


def candidates(route, crawled: Crawl, routes, organisation) -> list[dict | str]:
    """Addresses (str) or parameters (dict) to try for a route no link led to, best first."""
    from django.apps import apps

    out: list[dict | str] = list(crawled.seen_links.get(key_of(route), []))
    found_kwargs = {name: resolve_kwargs(path) for name, path in crawled.found.items()}
    # Siblings: routes whose pattern starts like this one up to its first parameter
    # ("runs/<int:pk>/close/" and "runs/<int:pk>/").
    stem = route.pattern[: route.pattern.index(">") + 1] if ">" in route.pattern else None
    by_key = {key_of(r): r for r in routes}
    for name, kwargs in found_kwargs.items():
        other = by_key.get(name)
        if other and stem and other.pattern.startswith(stem) and set(kwargs) == set(route.params):
            out.append(kwargs)
    # The same parameter names on another route's instance (slug, model and object_id...).
    for kwargs in found_kwargs.values():
        if kwargs and set(route.params) <= set(kwargs):
            out.append({p: kwargs[p] for p in route.params})
    # The newest records of the route's app's models, for a route that takes one primary key.
    if len(route.params) == 1:
        try:
            config = apps.get_app_config(route.namespace)
        except LookupError:
            config = None
        for model in config.get_models() if config else ():
            manager = model._default_manager
            if hasattr(manager, "for_org") and organisation is not None:
                manager = manager.for_org(organisation)
            for pk in manager.order_by("-pk").values_list("pk", flat=True)[:3]:
                out.append({route.params[0]: pk})
    sample = route.sample()
    if sample:
        out.append(sample)  # placeholders: enough to tell a route that only takes POST
    unique = []
    for c in out:
        if c not in unique:
            unique.append(c)
    return unique


def try_instances(client, route, tries: list[dict | str]) -> tuple[str | None, str | None]:
    """(address answering 200, None) or (None, why not: POST_ONLY or what the tries answered)."""
    from django.urls import NoReverseMatch, reverse

    answers = []
    for candidate in tries[:TRIES]:
        if isinstance(candidate, str):
            path = candidate
        else:
            try:
                path = reverse(route.name, kwargs={k: str(v) for k, v in candidate.items()})
            except NoReverseMatch:
                continue
        if resolve_name(path) != key_of(route):
            continue
        status = client.get(path).status_code
        if status == 200:
            return path, None
        if status == 405:
            return None, POST_ONLY
        answers.append(f"GET {path} answered {status}")
    return None, "; ".join(answers[:3]) or "no instance found"


def api_operations(schema: dict, route) -> list[tuple[str, str]]:
    """(method, OpenAPI path) of the schema's operation behind an API route (its URL name is the
    operation's function name, the end of its operationId)."""
    path = "/" + route.pattern
    for param in route.params:
        path = path.replace(f"<{param}>", "{" + param + "}")
    found = []
    for method, op in schema["paths"].get(path, {}).items():
        if str(op.get("operationId", "")).endswith("_" + route.name.split(":", 1)[1]):
            found.append((method.upper(), path))
    return found


def fill_api_path(
    client, headers, path: str, schema: dict, page_kwargs: list[dict], first_ids: dict
) -> tuple[str | None, str]:
    """(address, how) for an API GET path with parameters: each parameter from the first item of
    the list above it ("list": `/api/programmes` for `/api/programmes/{programme_id}`), or else
    from a timed page's instance with the same parameter names ("page": `model` and `object_id`
    from the audit trail's record-history page)."""
    concrete: list[str] = []
    segments = path.strip("/").split("/")
    page_match: dict | None = None
    for i, segment in enumerate(segments):
        if not segment.startswith("{"):
            concrete.append(segment)
            continue
        param = segment[1:-1]
        parent = "/" + "/".join(concrete)
        if page_match is None and parent not in first_ids:
            first_ids[parent] = None
            if parent in schema["paths"] and "get" in schema["paths"][parent]:
                response = client.get(parent, **headers)
                body = response.json() if response.status_code == 200 else None
                items = body.get("items", []) if isinstance(body, dict) else (body or [])
                if items and isinstance(items[0], dict):
                    first_ids[parent] = items[0].get("id")
        if page_match is None and first_ids.get(parent) is not None:
            concrete.append(str(first_ids[parent]))
            continue
        if page_match is None:
            wanted = {s[1:-1] for s in segments[i:] if s.startswith("{")}
            page_match = next((kw for kw in page_kwargs if wanted <= set(kw)), None)
            if page_match is None:
                return None, ""
        concrete.append(str(page_match[param]))
    return "/" + "/".join(concrete), "page" if page_match else "list"


def discover(usernames: list[str], *, log=None) -> Plan:
    """Every route of all_routes(), timed, untimed with a reason, or unreached (see the module
    docstring). Leaves the database as it found it but for a revoked API token."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from baton.api import api
    from baton.core.models import ApiToken, User
    from baton.core.permissions import membership
    from baton.core.routes import all_routes

    log = log or (lambda message: None)
    plan = Plan()
    routes = list(all_routes())
    pending = []
    for route in routes:
        reason = exempt_reason(route) or FRAGMENTS.get(route.name or "")
        if reason:
            plan.untimed[key_of(route)] = reason
        elif not route.name:
            plan.unreached[key_of(route)] = "an unnamed route outside the exempt addresses"
        else:
            pending.append(route)

    schema = api.get_openapi_schema(path_prefix="/api")
    # Who answers each address: a route whose own address resolves to another is shadowed (the API's
    # operations on one path share it, and are told apart by method).
    for route in list(pending):
        if route.namespace == "api" and api_operations(schema, route):
            continue
        sample = route.sample()
        other = resolve_name(sample) if sample else None
        if sample and other and other != route.name:
            plan.untimed[route.name] = SHADOWED.format(other=other)
            pending.remove(route)

    api_routes = [r for r in pending if r.namespace == "api"]
    pages = [r for r in pending if r.namespace != "api"]

    def plain_path(route):
        try:
            return reverse(route.name)
        except NoReverseMatch:
            return None

    # Pages: the public ones without signing in, the rest as each person in turn.
    public = [r for r in pages if r.public]
    private = [r for r in pages if not r.public]
    page_kwargs: list[dict] = []
    people: list[tuple[str | None, list]] = [(None, public)] + [(u, private) for u in usernames]
    left = {r.name for r in pages}
    for username, group in people:
        wanted = {r.name for r in group if r.name in left}
        if not wanted:
            continue
        client = Client()
        organisation = None
        if username:
            user = User.objects.get(username=username)
            client.force_login(user)
            member = membership(user)
            organisation = member.organisation if member else None
        start = [p for p in (plain_path(r) for r in group if not r.params) if p]
        # A route that only takes POST says so (405) before it looks for its record: no need to
        # crawl for an instance of it.
        for route in group:
            sample = route.sample() if route.params and route.name in wanted else None
            if sample and client.get(sample).status_code == 405:
                plan.untimed[route.name] = POST_ONLY
                wanted.discard(route.name)
                left.discard(route.name)
        crawled = crawl(client, start, wanted, {r.name for r in group})
        plan.crawled += crawled.opened
        log(f"crawl as {username or 'anonymous'}: {crawled.opened} pages, {len(crawled.found)} routes found")
        for route in group:
            if route.name not in wanted:
                continue
            path, why, via = crawled.found.get(route.name), None, crawled.via.get(route.name, "link")
            if route.name in crawled.post_only:
                why = POST_ONLY
            elif path is None:
                via = "plain" if not route.params else "tried"
                path, why = try_instances(client, route, candidates(route, crawled, routes, organisation))
            if path:
                plan.timed[route.name] = Target(route.name, path, username, "page", via=via)
                page_kwargs.append(resolve_kwargs(path))
                left.discard(route.name)
            elif why == POST_ONLY:
                plan.untimed[route.name] = POST_ONLY
                left.discard(route.name)
            else:
                plan.unreached[route.name] = why or crawled.statuses.get(route.name, "no instance found")
    for name in left:  # reached by nobody: the last person's reason stands
        plan.unreached.setdefault(name, "no instance found")
    for name in list(plan.unreached):
        if name in plan.timed or name in plan.untimed:
            del plan.unreached[name]

    # The API, with a bearer token and no session, as the first person.
    user = User.objects.get(username=usernames[0])
    token, raw = ApiToken.issue(user, "bench/pages.py discovery")
    try:
        client = Client()
        headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        first_ids: dict[str, object] = {}
        for route in api_routes:
            operations = api_operations(schema, route)
            if not operations:  # not in the schema (/api/, the schema itself, its docs): an ordinary GET
                sample = route.sample()
                path, why = try_instances(client, route, [sample] if sample else [])
                if path:
                    plan.timed[route.name] = Target(route.name, path, "token", "api", f"GET {path}", via="plain")
                else:
                    (plan.untimed if why == POST_ONLY else plan.unreached)[route.name] = why or "no instance found"
                continue
            method, template = operations[0]
            label = f"{method} {template}"
            if method != "GET":
                plan.untimed[route.name] = WRITES.format(method=method)
                continue
            path, via = template, "plain"
            if "{" in template:
                path, via = fill_api_path(client, headers, template, schema, page_kwargs, first_ids)
            if path is None:
                plan.unreached[route.name] = f"{label}: no value for its parameters"
                continue
            status = client.get(path, **headers).status_code
            if status == 200:
                plan.timed[route.name] = Target(route.name, path, "token", "api", label, via=via)
            else:
                plan.unreached[route.name] = f"{label}: GET {path} answered {status}"
    finally:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    for route in routes:  # nothing may fall through
        if key_of(route) not in plan.accounted():
            plan.unreached[key_of(route)] = "not classified"
    return plan


class SqlTimer:
    """Counts and times every SQL statement, through connection.execute_wrapper."""

    def __init__(self):
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def measure(client, path: str, repeat: int, warm: int, **headers) -> dict:
    from django.db import connection

    status = None
    for _ in range(warm):
        status = client.get(path, **headers).status_code
    times, sql_times, counts = [], [], []
    size = 0
    for _ in range(repeat):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(path, **headers)
            elapsed = time.perf_counter() - started
        # A document download (a board paper) streams.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        status, size = response.status_code, len(body)
        times.append(elapsed * 1000)
        sql_times.append(timer.seconds * 1000)
        counts.append(timer.queries)
    median, sql = statistics.median(times), statistics.median(sql_times)
    return {
        "status": status,
        "median_ms": round(median, 1),
        "p95_ms": round(sorted(times)[math.ceil(0.95 * len(times)) - 1], 1),
        "queries": max(counts),
        "queries_vary": min(counts) != max(counts),
        "sql_ms": round(sql, 1),
        "ratio": round(median / sql, 1) if sql else None,
        "bytes": size,
        "load_average": round(os.getloadavg()[0], 1),  # the machine's, as these requests ended
    }


def markdown(results: list[dict], plan: Plan) -> str:
    lines = [
        "| route | as | path | median ms | p95 ms | queries (at baseline) | SQL ms | ratio | target | load |",
        "|---|---|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    for r in results:
        queries = f"{r['queries']}" + (f" ({r['queries_at_baseline']})" if "queries_at_baseline" in r else "")
        if r.get("queries_constant") is False:
            queries += " **differs**"
        target = "met" if r["ok"] else "p95 **missed**" if not r["p95_ok"] else "ratio missed"
        route = r["route"] + (f" `{r['label']}`" if r.get("label") else "")
        lines.append(
            f"| {route} | {r['user'] or 'anonymous'} | `{r['path']}` | {r['median_ms']} | {r['p95_ms']} | {queries} | "
            f"{r['sql_ms']} | {r['ratio']} | {target} | {r['load_average']} |"
        )
    lines += ["", "| not timed | why |", "|---|---|"]
    by_reason: dict[str, list[str]] = {}
    for name, reason in sorted(plan.untimed.items()):
        by_reason.setdefault(reason, []).append(name)
    for reason, names in sorted(by_reason.items(), key=lambda kv: (len(kv[1]) > 20, kv[0])):
        shown = ", ".join(names)
        if len(names) > 20:  # the admin's: the summary line names each
            shown = f"{len(names)} routes ({', '.join(names[:2])}, ...: the summary line names each)"
        lines.append(f"| {shown} | {reason} |")
    for name, why in sorted(plan.unreached.items()):
        lines.append(f"| **{name}** | **unreached**: {why} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time every page and API read (see the module docstring).")
    parser.add_argument(
        "--users",
        default="bench.ellie,bench.adam,bench.pat",
        help="accounts to crawl as, in order; each page is timed as the first that reaches it",
    )
    parser.add_argument("--repeat", type=int, default=20, help="timed requests a route (default 20)")
    parser.add_argument("--warm", type=int, default=3, help="untimed requests first (default 3)")
    parser.add_argument(
        "--only",
        help="only time routes whose name contains this, or one of these separated by commas (all are still "
        "discovered), e.g. --only structures,people,relationships,public",
    )
    parser.add_argument("--baseline", help="an earlier output (smaller database) to compare query counts with")
    parser.add_argument("--markdown", help="also write the figures as Markdown tables to this file")
    parser.add_argument("--target-ms", type=float, default=300)
    parser.add_argument("--target-ratio", type=float, default=3)
    ns = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baton.settings")
    os.environ.setdefault("BATON_ALLOW_INSECURE_KEY", "1")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from baton.core.models import ApiToken, User

    baseline = {}
    if ns.baseline:
        for line in Path(ns.baseline).read_text().splitlines():
            row = json.loads(line)
            if row.get("kind") in ("page", "api"):
                baseline[row["route"]] = row.get("queries")

    usernames = [u.strip() for u in ns.users.split(",") if u.strip()]
    started = time.perf_counter()
    plan = discover(usernames, log=lambda m: print(m, file=sys.stderr, flush=True))
    print(
        f"discovery: {plan.crawled} pages opened in {time.perf_counter() - started:.0f} s; {len(plan.timed)} routes "
        f"to time, {len(plan.untimed)} not timed (with reasons), {len(plan.unreached)} unreached",
        file=sys.stderr,
        flush=True,
    )
    results = []

    def emit(row):
        row["p95_ok"] = row["status"] == 200 and row["p95_ms"] < ns.target_ms
        row["ratio_ok"] = (row["ratio"] or 0) < ns.target_ratio
        row["ok"] = row["p95_ok"] and row["ratio_ok"]
        if row["route"] in baseline:
            row["queries_at_baseline"] = baseline[row["route"]]
            row["queries_constant"] = baseline[row["route"]] == row["queries"]
        results.append(row)
        print(json.dumps(row), flush=True)

    clients: dict[str | None, Client] = {}
    token = None
    try:
        for target in sorted(plan.timed.values(), key=lambda t: (t.kind == "api", t.route)):
            if ns.only and not any(part in target.route for part in ns.only.split(",")):
                continue
            if target.user not in clients:
                client = Client()
                if target.user == "token":
                    token, raw = ApiToken.issue(User.objects.get(username=usernames[0]), "bench/pages.py")
                    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
                elif target.user:
                    client.force_login(User.objects.get(username=target.user))
                clients[target.user] = client
            row = {
                "kind": target.kind,
                "route": target.route,
                "label": target.label,
                "path": target.path,
                "via": target.via,
                "user": usernames[0] + " (token)" if target.user == "token" else target.user,
            }
            row.update(measure(clients[target.user], target.path, ns.repeat, ns.warm))
            emit(row)
    finally:
        if token is not None:
            ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())

    untimed_by_reason: dict[str, list[str]] = {}
    for name, reason in sorted(plan.untimed.items()):
        untimed_by_reason.setdefault(reason, []).append(name)
    summary = {
        "kind": "summary",
        "database": connection.vendor,
        "routes": len(plan.accounted()),
        "timed": len(results),
        "p95_missed": [r["route"] for r in results if not r["p95_ok"]],
        "ratio_missed": [r["route"] for r in results if not r["ratio_ok"]],
        "queries_not_constant": [
            r["route"] for r in results if r.get("queries_constant") is False or r["queries_vary"]
        ],
        "untimed": untimed_by_reason,
        "unreached": plan.unreached,
        "worst_p95_ms": max((r["p95_ms"] for r in results), default=None),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(summary), flush=True)
    if ns.markdown:
        Path(ns.markdown).write_text(markdown(results, plan))
    return 1 if plan.unreached else 0


if __name__ == "__main__":
    sys.exit(main())
