"""The demo's population profile: the illustrative census proportions (`population_data`) for an
ICB of 1.2 million people, imported by Ellie once."""

from __future__ import annotations


def load(organisation, users) -> None:
    from .models import PopulationProfile
    from .testing import import_population

    if PopulationProfile.objects.for_org(organisation).exists():
        return
    import_population(organisation, by=users["ellie"])
