"""Pages of reach against the population: the organisation's reach for a financial year (gaps
highlighted, open activities with gaps listed), a CSV of it (suppressed like the page), the
population profile with its versions and its import (upload, then columns and preview, then all or
nothing), and the reach of one activity, stage run, programme or structure."""

from __future__ import annotations

import io
from datetime import date

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from baton.core.pages import act, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import get_for_user, require, require_member
from baton.core.registry import Period
from baton.core.spreadsheets import csv_writer, safe_row

from . import actions, imports
from .charts import ratio_chart
from .forms import MappingForm, UploadForm
from .gaps import open_activities_with_gaps
from .models import PopulationProfile
from .permissions import (
    can_import,
    get_activity_for_user,
    get_programme_for_user,
    get_stage_run_for_user,
    get_structure_for_user,
    require_reader,
)
from .reach import current_profile, measure, participations_in

SESSION = "reach_population_import"


def _year(request) -> Period:
    today = timezone.localdate()
    try:
        start = int(request.GET.get("year", ""))
        if not 2000 <= start <= today.year + 1:
            raise ValueError
        return Period.financial_year(date(start, 4, 1))
    except ValueError:
        return Period.financial_year(today)


def _reach_page(request, reach, *, heading, caption, back=None):
    return render_page(
        request,
        "reach/reach.jinja",
        {"reach": reach, "heading": heading, "caption": caption, "back": back, "chart": ratio_chart(reach)},
    )


@require_safe
def index(request):
    """The organisation's reach this financial year (or `?year=2025` for April 2025 to March
    2026), by category, with gaps and the open activities with gaps."""
    member = require_member(request.user)
    require_reader(request.user)
    org = member.organisation
    period = _year(request)
    reach = measure(participations_in(organisation=org, period=period), org, scope="the organisation")
    gaps = open_activities_with_gaps(org, timezone.localdate())
    return render_page(
        request,
        "reach/index.jinja",
        {
            "reach": reach,
            "period": period,
            "chart": ratio_chart(reach),
            "gaps": paginate(request, gaps, param="gaps_page"),
            "may_import": can_import(request.user),
        },
    )


EXPORT_HEADER = ["Category", "Group", "Participants", "Participants' share", "Population share", "Ratio", "Low", "High"]


def export_rows(reach) -> list[list]:
    """The reach tables as rows, suppressed exactly as the page shows them."""
    if not reach.shown:
        return [["Everyone", "People who took part", "fewer than 5" if reach.people is None else 0, "", "", "", "", ""]]
    rows: list[list] = [["Everyone", "People who took part", reach.people, "", "", "", "", ""]]
    for c in reach.categories:
        for g in c.groups:
            rows.append(
                [
                    c.label,
                    g.label,
                    g.shown,
                    _num(g.share),
                    _num(g.population_share),
                    _num(g.ratio),
                    _num(g.low),
                    _num(g.high),
                ]
            )
        rows.append([c.label, "Answered", c.cell(c.answered), "", "", "", "", ""])
        rows.append([c.label, "Not stated", c.cell(c.not_stated), "", "", "", "", ""])
    return rows


@require_safe
def export_csv(request):
    """The page's tables as CSV (or `?format=xlsx`), with the same suppression; every cell through
    `core.spreadsheets` (`csv_writer`, `safe_row`)."""
    member = require_member(request.user)
    require_reader(request.user)
    period = _year(request)
    reach = measure(participations_in(organisation=member.organisation, period=period), member.organisation, scope="")
    rows = [EXPORT_HEADER, *export_rows(reach)]
    name = f"reach-{period.start.year}"
    if request.GET.get("format") == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Reach")
        for row in rows:
            sheet.append(safe_row(row))
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv_writer(response)
    for row in rows:
        writer.writerow(row)
    return response


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


@require_safe
def population(request):
    """The current profile's groups by category, and every version imported."""
    member = require_member(request.user)
    require_reader(request.user)
    profile = current_profile(member.organisation)
    versions = PopulationProfile.objects.for_org(member.organisation).newest_first().select_related("imported_by")
    return render_page(
        request,
        "reach/population.jinja",
        {
            "profile": profile,
            "groups": _by_category(profile),
            "versions": paginate(request, versions),
            "may_import": can_import(request.user),
        },
    )


@require_safe
def profile_detail(request, pk):
    profile = get_for_user(PopulationProfile, request.user, pk, select_related=("imported_by",))
    require_reader(request.user)
    return render_page(request, "reach/profile.jinja", {"profile": profile, "groups": _by_category(profile)})


def _by_category(profile):
    from .models import CATEGORIES

    found: dict[str, list] = {}
    if profile is not None:
        for g in profile.groups.order_by("category", "pk"):
            found.setdefault(CATEGORIES.get(g.category, g.category), []).append(g)
    return found


def population_import(request):
    member = require_member(request.user)
    require(can_import(request.user), "Engagement leads and admins import the population profile.")
    form = UploadForm(post_or_none(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            headers, rows = imports.read(upload.name, upload.read(imports.people_imports.MAX_BYTES + 1))
        except imports.CannotRead as exc:
            form.add_error("file", str(exc))
        else:
            as_of = form.cleaned_data.get("as_of")
            request.session[SESSION] = {
                "organisation": member.organisation_id,
                "name": upload.name,
                "source": form.cleaned_data["source"],
                "as_of": as_of.isoformat() if as_of else None,
                "headers": headers,
                "rows": rows,
            }
            return redirect("reach:population_map")
    return render_page(request, "reach/import_upload.jinja", {"form": form})


def population_map(request):
    member = require_member(request.user)
    require(can_import(request.user), "Engagement leads and admins import the population profile.")
    held = request.session.get(SESSION)
    if not held or held.get("organisation") != member.organisation_id:
        return render_page(request, "reach/import_map.jinja", {"form": None})
    headers, rows = held["headers"], held["rows"]
    form = MappingForm(
        post_or_none(request), headers=headers, initial_mapping=imports.guess_mapping(headers), once=True
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        checked = imports.prepare(rows, form.mapping())
        if "import" in request.POST:
            as_of = date.fromisoformat(held["as_of"]) if held["as_of"] else None
            ok, made = act(
                form,
                actions.import_profile,
                member.organisation,
                checked,
                by=request.user,
                source=held["source"],
                as_of=as_of,
                file_name=held["name"],
            )
            if ok:
                request.session.pop(SESSION, None)
                message = f"Imported version {made.number} of the population profile: {made.groups_count:,} groups."
                return done(request, reverse("reach:population"), message, form=form)
        preview = {
            "rows": checked[: imports.PREVIEW_ROWS],
            "problems": imports.problems_of(checked),
            "total": len(checked),
        }
    return render_page(
        request,
        "reach/import_map.jinja",
        {"form": form, "name": held["name"], "source": held["source"], "count": len(rows), "preview": preview},
    )


@require_safe
def activity(request, pk):
    found = get_activity_for_user(request.user, pk)
    org = found.stage_run.programme.organisation_id
    reach = measure(participations_in(activity=found), org, scope=found.title, targets=found.target_groups)
    return _reach_page(
        request,
        reach,
        heading=f"Reach of {found.title}",
        caption="Activity",
        back=reverse("cycle:run_detail", args=[found.stage_run_id]),
    )


@require_safe
def stage_run(request, pk):
    run = get_stage_run_for_user(request.user, pk)
    reach = measure(participations_in(stage_run=run), run.programme.organisation_id, scope=str(run))
    return _reach_page(
        request,
        reach,
        heading=f"Reach of {run}",
        caption=run.programme.name,
        back=reverse("cycle:run_detail", args=[run.pk]),
    )


@require_safe
def programme(request, pk):
    found = get_programme_for_user(request.user, pk)
    reach = measure(participations_in(programme=found), found.organisation_id, scope=found.name)
    return _reach_page(
        request,
        reach,
        heading=f"Reach of {found.name}",
        caption="Programme",
        back=reverse("cycle:programme_detail", args=[found.pk]),
    )


@require_safe
def structure(request, pk):
    found = get_structure_for_user(request.user, pk)
    reach = measure(participations_in(structure=found), found.organisation_id, scope=found.name)
    return _reach_page(
        request,
        reach,
        heading=f"Reach of {found.name}",
        caption="Group",
        back=reverse("structures:structure_detail", args=[found.pk]),
    )
