"""The indicators pages: every board indicator grouped by hub element with this financial year's
reading and its definition (`/indicators/`), and one indicator with its monthly series as an XmR
chart and a table (`/indicators/<key>/`, `?programme=<id>` for a per-programme indicator). Both
only read: access, compute, respond."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_safe

from baton.core import registry
from baton.core.pages import render_page
from baton.core.schemas import MAX_ID
from baton.cycle.models import Programme

from .elements import ELEMENT_TITLES, ORDER
from .permissions import get_indicator_for_user, get_programme_for_user, require_reader
from .series import MONTHS_SHOWN, analysis, last_months, monthly, read


def _grouped(indicators: list[registry.Indicator]) -> list[tuple[str, list[registry.Indicator]]]:
    groups: dict[str, list[registry.Indicator]] = {}
    for found in indicators:
        groups.setdefault(found.element, []).append(found)
    known = [key for key in ORDER if key in groups] + sorted(set(groups) - set(ORDER))
    return [(ELEMENT_TITLES.get(key, key), groups[key]) for key in known]


@require_safe
def index(request):
    """Every registered indicator, grouped by hub element, with this financial year's reading in
    words and its definition. Each indicator's own fixed queries, whatever the data."""
    member = require_reader(request.user)
    org = member.organisation
    year = registry.Period.financial_year(timezone.localdate())
    every = registry.indicators(request.user)
    with registry.sharing():
        readings = {found.key: read(found, org, year) for found in every}
    groups = [(title, [(f, readings[f.key]) for f in group]) for title, group in _grouped(every)]
    return render_page(request, "indicators/index.jinja", {"groups": groups, "year": year})


@require_safe
def detail(request, key):
    """One indicator: its definition, this financial year's reading, and the last 24 whole months
    as an XmR chart with its summary and data table. `?programme=<id>`: one programme's, for an
    indicator measured per programme (another organisation's programme is 404)."""
    member = require_reader(request.user)
    found = get_indicator_for_user(request.user, key)
    programme = _programme(request, found)
    today = timezone.localdate()
    year = registry.Period.financial_year(today)
    series = monthly(found, member.organisation, last_months(MONTHS_SHOWN, today), programme) if found.monthly else []
    xmr = analysis(found, series) if series else None
    return render_page(
        request,
        "indicators/detail.jinja",
        {
            "indicator": found,
            "element": ELEMENT_TITLES.get(found.element, found.element),
            "programme": programme,
            "year": year,
            "reading": read(found, member.organisation, year, programme),
            "xmr": xmr,
        },
    )


def _programme(request, found: registry.Indicator) -> Programme | None:
    raw = request.GET.get("programme", "")
    if not raw:
        return None
    if not found.per_programme or not raw.isdigit() or int(raw) > MAX_ID:
        raise Http404("This indicator is not measured for that programme")
    return get_programme_for_user(request.user, int(raw))
