"""The one door for changes to population profiles: an import makes the next version, all its
groups or none, and the versions before it are kept as they were (DESIGN.md rule 7)."""

from __future__ import annotations

from datetime import date

from django.db.models import Max

from baton.core.actions import create_record, locked, refuse
from baton.core.models import Organisation

from .imports import Row, problems_of
from .models import PopulationGroup, PopulationProfile


def import_profile(
    organisation: Organisation, rows: list[Row], *, by, source: str, as_of: date | None = None, file_name: str = ""
) -> PopulationProfile:
    """Import checked rows (`imports.prepare`) as the organisation's next population profile. Any
    row with a problem refuses the whole import with every problem; nothing is saved. The
    organisation's row is locked so two imports at once make versions one after the other (and
    the unique version number refuses a second one that slipped past)."""
    with locked(organisation) as current:
        refuse(problems_of(rows))
        last = PopulationProfile.objects.filter(organisation=current).aggregate(n=Max("number"))["n"] or 0
        profile = create_record(
            PopulationProfile(
                organisation=current,
                number=last + 1,
                source=source,
                as_of=as_of,
                file_name=file_name[:200],
                groups_count=len(rows),
                imported_by=by if getattr(by, "pk", None) else None,
            ),
            by=by,
            action="import_population_profile",
        )
        PopulationGroup.objects.bulk_create(
            PopulationGroup(profile=profile, category=r.category, code=r.code, label=r.label, count=r.count or 0)
            for r in rows
        )
        return profile
