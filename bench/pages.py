"""Time every page and every API list against a real database, signed in and warm.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baton_bench \\
        .venv/bin/python bench/pages.py [--repeat 20] [--baseline small.jsonl] > pages.jsonl

Fill the database first with bench/make_data.py. Requests go through Django's test Client in this
process (the whole middleware stack, no network); SQL is counted and timed with
connection.execute_wrapper. Pages are found like a crawler finds them: every parameterless route
in the URL conf, then the links on those pages, until each parameterised route has one instance
(the first link found). API lists (and their first item) come from the OpenAPI schema, called with a
bearer token.

One JSON line per page on stdout:
  {"kind": "page", "route": "cycle:programme_detail", "path": "/programmes/12/", "status": 200,
   "median_ms": 41.2, "p95_ms": 48.0, "queries": 9, "sql_ms": 12.1, "ratio": 3.4, "bytes": 48211,
   "ok": true}
`ratio` is median page time / median SQL time. `ok` means p95 under --target-ms (300) and ratio
under --target-ratio (3). With --baseline (this script's output on a smaller database), each line
also says whether its query count is the same there ("queries_constant"). A last line summarises:
the pages missing a target, those whose query count changed, the POST-only routes and any route
that could not be timed. --markdown writes the table for bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SKIP_PREFIXES = ("/static/", "/media/", "/admin/", "/api/", "/oidc/", "/sign-out/")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def routes():
    """Every route in the URL conf: (view name, pattern, number of parameters)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and p.name:
                name = f"{namespace}:{p.name}" if namespace else p.name
                found.append((name, prefix + str(p.pattern), len(p.pattern.converters) + prefix.count("<")))

    walk(get_resolver().url_patterns, "/", None)
    return found


def route_of(path: str):
    from django.urls import Resolver404, resolve

    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def crawl(client, start: list[str], limit: int = 300) -> tuple[dict[str, str], list[str]]:
    """(route name -> first path found for it, every link seen). A link is followed only while its
    route has no instance yet; a path without a query string is preferred."""
    found: dict[str, str] = {}
    links: list[str] = []
    queue = deque(start)
    seen: set[str] = set()
    while queue and len(seen) < limit:
        path = queue.popleft()
        name = route_of(path)
        if path in seen or (path not in start and name in found and "?" not in found[name]):
            continue
        seen.add(path)
        try:
            response = client.get(path)
        except Exception as exc:  # a broken page: reported, and the crawl goes on
            print(json.dumps({"kind": "crawl_error", "path": path, "error": repr(exc)[:300]}), file=sys.stderr)
            continue
        if name and response.status_code == 200 and (name not in found or ("?" in found[name] and "?" not in path)):
            found[name] = path
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(response.content.decode("utf-8", "replace"))
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            link_route = route_of(link)
            if link_route:
                links.append(link)
                if link_route not in found and link not in seen:
                    queue.append(link)
    return found, links


def fill_in(client, all_routes, found: dict[str, str], links: list[str], tries: int = 15) -> dict[str, int]:
    """Routes no link led to, tried with the parameters of links to their siblings: the edit form
    of a programme with a programme's pk, the forms of a run with a run's pk (an open run's, if the
    closed ones refuse). Adds what answers 200 to `found`; returns the status of the rest (405:
    a POST-only route)."""
    from django.urls import NoReverseMatch, resolve, reverse

    patterns = {name: pattern for name, pattern, _ in all_routes}
    statuses: dict[str, int] = {}
    for name, pattern, params in all_routes:
        if name in found or pattern.startswith(SKIP_PREFIXES):
            continue
        if not params:
            try:
                statuses[name] = client.get(reverse(name)).status_code
            except NoReverseMatch:
                pass
            continue
        stem = pattern[: pattern.index(">") + 1]  # e.g. "/runs/<int:pk>"
        candidates = []
        for link in links:
            match = resolve(urlsplit(link).path)
            if patterns.get(match.view_name, "").startswith(stem) and match.kwargs not in candidates:
                candidates.append(match.kwargs)
        status = None
        for kwargs in candidates[:tries]:
            try:
                path = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            status = client.get(path).status_code
            if status == 200:
                found[name] = path
                break
            if status == 405:
                break
        if name not in found and status is not None:
            statuses[name] = status
    return statuses


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
        status, size = response.status_code, len(response.content)
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
    }


def api_paths(client, headers) -> dict[str, str]:
    """GET operations from the OpenAPI schema: lists as they are, and one instance of each
    operation with path parameters, its id taken from the first item of the list above it."""
    from baton.api import api

    schema = api.get_openapi_schema(path_prefix="/api")
    gets = sorted(path for path, ops in schema["paths"].items() if "get" in ops)
    found = {path: path for path in gets if "{" not in path}
    first_ids: dict[str, object] = {}
    for path in gets:
        if "{" not in path:
            continue
        concrete: list[str] = []
        ok = True
        for segment in path.strip("/").split("/"):
            if segment.startswith("{"):
                parent = "/" + "/".join(concrete)
                if parent not in first_ids:
                    response = client.get(parent, **headers)
                    body = response.json() if response.status_code == 200 else None
                    items = body.get("items", []) if isinstance(body, dict) else (body or [])
                    first_ids[parent] = items[0].get("id") if items and isinstance(items[0], dict) else None
                if first_ids[parent] is None:
                    ok = False
                    break
                concrete.append(str(first_ids[parent]))
            else:
                concrete.append(segment)
        if ok:
            found[path] = "/" + "/".join(concrete)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time every page and API list (see the module docstring).")
    parser.add_argument(
        "--users",
        default="bench.ellie,bench.adam",
        help="accounts to crawl as, in order; each page is timed as the first that may see it",
    )
    parser.add_argument("--repeat", type=int, default=20, help="timed requests a page (default 20)")
    parser.add_argument("--warm", type=int, default=3, help="untimed requests first (default 3)")
    parser.add_argument("--only", help="only routes whose name contains this")
    parser.add_argument("--baseline", help="an earlier output (smaller database) to compare query counts with")
    parser.add_argument("--markdown", help="also write the figures as a Markdown table to this file")
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
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from baton.core.models import ApiToken, User

    baseline = {}
    if ns.baseline:
        for line in Path(ns.baseline).read_text().splitlines():
            row = json.loads(line)
            if row.get("kind") in ("page", "api"):
                baseline[row["route"]] = row.get("queries")

    all_routes = routes()
    plain = []
    for name, _pattern, params in all_routes:
        if not params:
            try:
                plain.append((name, reverse(name)))
            except NoReverseMatch:  # a regex route with groups (the admin's)
                pass
    results = []
    measured: set[str] = set()
    not_shown: dict[str, int] = {}  # route -> status of its GET (405: POST only)

    def emit(row):
        row["p95_ok"] = row["status"] == 200 and row["p95_ms"] < ns.target_ms
        row["ratio_ok"] = (row["ratio"] or 0) < ns.target_ratio
        row["ok"] = row["p95_ok"] and row["ratio_ok"]
        if row["route"] in baseline:
            row["queries_at_baseline"] = baseline[row["route"]]
            row["queries_constant"] = baseline[row["route"]] == row["queries"]
        results.append(row)
        print(json.dumps(row), flush=True)

    usernames = [u.strip() for u in ns.users.split(",") if u.strip()]
    for username in usernames:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        found, links = crawl(client, [path for _name, path in plain if not path.startswith(SKIP_PREFIXES)])
        not_shown.update(fill_in(client, all_routes, found, links))
        for name in sorted(found):
            if name in measured or (ns.only and ns.only not in name):
                continue
            row = {"kind": "page", "route": name, "path": found[name], "user": username}
            row.update(measure(client, found[name], ns.repeat, ns.warm))
            measured.add(name)
            emit(row)

    # The API, with a bearer token and no session.
    user = User.objects.get(username=usernames[0])
    token, raw = ApiToken.issue(user, "bench/pages.py")
    try:
        client = Client()
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        for route, path in sorted(api_paths(client, headers).items()):
            name = f"api GET {route}"
            if ns.only and ns.only not in name:
                continue
            row = {"kind": "api", "route": name, "path": path, "user": usernames[0]}
            row.update(measure(client, path, ns.repeat, ns.warm, **headers))
            emit(row)
    finally:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())

    unreached = {
        name: not_shown.get(name)
        for name, pattern, _ in sorted(all_routes)
        if name not in measured and not pattern.startswith(SKIP_PREFIXES) and not (ns.only and ns.only not in name)
    }
    summary = {
        "kind": "summary",
        "database": connection.vendor,
        "pages": len(results),
        "p95_missed": [r["route"] for r in results if not r["p95_ok"]],
        "ratio_missed": [r["route"] for r in results if not r["ratio_ok"]],
        "queries_not_constant": [
            r["route"] for r in results if r.get("queries_constant") is False or r["queries_vary"]
        ],
        "post_only": sorted(name for name, status in unreached.items() if status == 405),
        "not_timed": {name: status for name, status in unreached.items() if status != 405},
        "worst_p95_ms": max((r["p95_ms"] for r in results), default=None),
    }
    print(json.dumps(summary), flush=True)
    if ns.markdown:
        lines = [
            "| page | path | median ms | p95 ms | queries | SQL ms | ratio | target |",
            "|---|---|---:|---:|---:|---:|---:|---|",
        ]
        for r in results:
            queries = f"{r['queries']}" + (f" ({r['queries_at_baseline']})" if "queries_at_baseline" in r else "")
            lines.append(
                f"| {r['route']} | `{r['path']}` | {r['median_ms']} | {r['p95_ms']} | {queries} | {r['sql_ms']} | "
                f"{r['ratio']} | {'met' if r['ok'] else 'p95 **missed**' if not r['p95_ok'] else 'ratio missed'} |"
            )
        Path(ns.markdown).write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
