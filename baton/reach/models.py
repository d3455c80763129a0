"""An organisation's population profile (DESIGN.md rule 7): how many people it serves in each group
of each category (age band, sex, ethnic category, IMD quintile, Core20, and any other equality
monitoring category it chooses), so that the reach of its engagement can be compared with it.

- A **PopulationProfile** is one imported version (its source, e.g. "ONS Census 2021", and the date
  it describes). A new import never changes an old one: it becomes the next version, and the
  newest version is the one reach is measured against. Every version is kept and audited.
- A **PopulationGroup** is one group's count within a profile: a category and a code. The codes are
  those participants record (`people.EqualityCode`, NHS Data Dictionary), plus IMD quintiles 1 to 5
  and Core20 (yes: the most deprived 20% of areas nationally, IMD quintile 1; no: the rest), so a
  group lines up with what participants answered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from baton.core.fields import LineField, PlausibleDateField
from baton.core.models import Organisation, OrgOwned, OrgOwnedQuerySet, Versioned
from baton.people.models import EqualityCode

IMD_QUINTILE = "imd_quintile"
CORE20 = "core20"
CATEGORY_CHOICES = [
    (EqualityCode.Category.AGE_BAND.value, "Age band"),
    (EqualityCode.Category.SEX.value, "Sex"),
    (EqualityCode.Category.ETHNIC_CATEGORY.value, "Ethnic category"),
    (IMD_QUINTILE, "Index of Multiple Deprivation quintile"),
    (CORE20, "Core20 (most deprived 20% of areas)"),
    *[
        (key, label)
        for key, label in EqualityCode.Category.choices
        if key not in {"age_band", "sex", "ethnic_category"}
    ],
]
CATEGORIES = dict(CATEGORY_CHOICES)
COUNT_MAX = 100_000_000  # more people than England has


class ProfileQuerySet(OrgOwnedQuerySet):
    def newest_first(self):
        return self.order_by("-number")


class PopulationProfile(OrgOwned, Versioned):
    """One version of an organisation's population profile, as imported."""

    organisation_path = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="population_profiles")
    number = models.PositiveIntegerField("version", help_text="1 for the first import, then 2, 3, ...")
    source = LineField(max_length=200, help_text="Where the figures come from, for example 'ONS Census 2021'.")
    as_of = PlausibleDateField("figures as at", null=True, blank=True, help_text="The date the figures describe.")
    file_name = LineField(max_length=200, blank=True)
    groups_count = models.PositiveIntegerField(default=0, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = ProfileQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["organisation", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"],
                name="population_profile_version_once",
                violation_error_message="Someone else imported a population profile at the same moment. Try again.",
            ),
        ]

    def __str__(self) -> str:
        return f"Population profile version {self.number} ({self.source})"


class PopulationGroup(OrgOwned):
    """How many people of the population are in one group of one category."""

    organisation_path = "profile__organisation"

    profile = models.ForeignKey(PopulationProfile, on_delete=models.CASCADE, related_name="groups")
    category = models.CharField(max_length=30, choices=CATEGORY_CHOICES)
    code = models.CharField(max_length=10)
    label = LineField(max_length=200)
    count = models.PositiveBigIntegerField(help_text="People in the group (0 or more).")

    class Meta:
        ordering = ["profile", "category", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "category", "code"],
                name="population_group_once",
                violation_error_message="Each group appears once in a profile.",
            ),
            models.CheckConstraint(
                condition=Q(count__lte=COUNT_MAX),
                name="population_group_count_in_range",
                violation_error_message="A group's count must be from 0 to 100,000,000.",
            ),
        ]

    def __str__(self) -> str:
        return f"{CATEGORIES.get(self.category, self.category)}: {self.label} ({self.count:,})"
