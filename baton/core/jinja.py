"""The Jinja2 environment: NHS.UK frontend macros plus Baton's helpers."""

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def ukdate(value, fmt: str = "j F Y") -> str:
    if not value:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return date_format(value, fmt)


def cell(value) -> str:
    """A table cell as words: a date as "1 Apr 2026", a number with thousands commas, None blank
    (the board pack's tables keep typed values for the XLSX and show them with this)."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return ukdate(value, "j M Y")
    if isinstance(value, float):
        return f"{value:,.1f}".removesuffix(".0")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def nav(request) -> list[dict]:
    """The header's navigation: every area's entries (core.registry.nav_item) the person may see."""
    from . import registry

    user = getattr(request, "user", None)  # absent on a page answered before the middleware ran
    if user is None or not user.is_authenticated:
        return [
            {"text": "Public pages", "href": reverse("public:index"), "current": request.path.startswith("/public/")}
        ]
    items = []
    for item in registry.nav_items(user):
        current = (
            request.path == item.prefix[:-1] if item.prefix.endswith("$") else request.path.startswith(item.prefix)
        )
        items.append({"text": item.text, "href": reverse(item.url_name), "current": current})
    return items


def environment(**options) -> Environment:
    options["undefined"] = ChainableUndefined
    base_loader = options.pop("loader")
    env = Environment(
        loader=ChoiceLoader([base_loader, PackageLoader("nhsuk_frontend_jinja")]),
        **options,
    )
    from . import permissions

    env.globals.update(
        static=static,
        url=url,
        get_messages=get_messages,
        settings=settings,
        perms=permissions,
        nav=nav,
    )
    env.filters["ukdate"] = ukdate
    env.filters["cell"] = cell
    return env
