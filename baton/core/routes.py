"""Every route Baton serves, walked once: the permission guard, the sign-in guard, the browser
crawl and the page benchmark all read `all_routes()`, so a new area's pages are covered by each of
them without anyone listing them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, "cycle:run_detail"; "" for an unnamed route
    namespace: str  # the first namespace, "cycle"
    pattern: str  # the full pattern, "runs/<int:pk>/"
    params: list[str]
    view: object  # the view callable

    @property
    def public(self) -> bool:
        """Marked `login_not_required`: open to anyone, signed in or not."""
        return getattr(self.view, "login_required", True) is False

    def sample(self, values: dict[str, str] | None = None) -> str | None:
        """A path for the route with each parameter filled in (None for a regex route)."""
        route = self.pattern.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\/", "/")
        samples = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}
        route = re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m: (values or {}).get(m.group(2)) or samples.get(m.group(1) or "str", "x"),
            route,
        )
        if re.search(r"[()\[\]?*+\\]", route):
            return None
        return "/" + route


def _params(pattern: RegexPattern | RoutePattern | LocalePrefixPattern) -> list[str]:
    converters = getattr(pattern, "converters", None)
    if converters is not None:
        return list(converters)
    return list(pattern.regex.groupindex)


def all_routes() -> list[Route]:
    """Every route in the URL configuration, with its name, namespace, full pattern and parameters."""
    found: list[Route] = []

    def walk(
        patterns: Sequence[URLPattern | URLResolver], namespaces: list[str], params: list[str], prefix: str
    ) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(
                    entry.url_patterns,
                    namespaces + ([entry.namespace] if entry.namespace else []),
                    params + _params(entry.pattern),
                    prefix + str(entry.pattern),
                )
            elif isinstance(entry, URLPattern):
                name = ":".join([*namespaces, entry.name]) if entry.name else ""
                found.append(
                    Route(
                        name,
                        namespaces[0] if namespaces else "",
                        prefix + str(entry.pattern),
                        params + _params(entry.pattern),
                        entry.callback,
                    )
                )

    walk(get_resolver().url_patterns, [], [], "")
    return found
