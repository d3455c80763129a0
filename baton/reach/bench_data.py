"""Reach at large-ICB scale, for benchmarks: the organisation's population profile (the
illustrative census proportions for 1.5 million people), two versions so the versions list has
more than one. Reach itself is read from people's participations and equality monitoring, which
the people area's bench data makes."""

from __future__ import annotations

from .population_data import SHARES, SOURCE

TOTAL = 1_500_000


def generate(ctx) -> dict[str, int]:
    from baton.people.models import EqualityCode

    from .models import PopulationGroup, PopulationProfile
    from .reach import QUINTILE_LABELS

    labels = {(c.category, c.code): c.label for c in EqualityCode.objects.all()}
    groups = 0
    for number in (1, 2):
        profile = PopulationProfile.objects.create(
            organisation=ctx.organisation, number=number, source=SOURCE, groups_count=0
        )
        rows = [
            {
                "profile_id": profile.pk,
                "category": category,
                "code": code,
                "label": labels.get((category, code)) or QUINTILE_LABELS.get(code, code),
                "count": round(share * TOTAL * (0.98 if number == 1 else 1)),
            }
            for category, shares in SHARES.items()
            for code, share in shares.items()
        ]
        groups += ctx.writer.write(PopulationGroup, rows)
        PopulationProfile.objects.filter(pk=profile.pk).update(groups_count=len(rows))
    return {"population_profiles": 2, "population_groups": groups}
