"""The organisation's direction for engagement: hub elements 1 (vision and shared understanding) and
2 (strategy linked to other work).

- The **vision** (`VisionVersion`) and the **engagement strategy** (`StrategyVersion`) are versioned
  documents: an engagement lead drafts a version, a board member approves it, and the approved
  version is the one published; approving the next supersedes it, and it stays readable with who
  approved it and when. An approved version is never changed: a new draft starts from it.
- The ten principles of NHS England's statutory guidance *Working in partnership with people and
  communities* (2022) are reference data (`Principle`); the organisation adopts each, saying how,
  with links to its evidence (`PrincipleAdoption`).
- The strategy's **objectives** link to the organisation's plans (`Plan`, of a `PlanType`: joint
  forward plan, joint local health and wellbeing strategy, operational plan...) and to the
  programmes (`cycle.Programme`) that deliver them; the gaps either way are the strategy's coverage.

Questions about one record are model methods returning reasons (`blockers_to_*`)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from baton.core.fields import LineField, LongTextField, PlausibleDateField
from baton.core.models import Organisation, OrgOwned, OrgOwnedQuerySet, Versioned
from baton.cycle import stages
from baton.cycle.models import Programme


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _day(value) -> str:
    value = timezone.localtime(value).date() if hasattr(value, "hour") else value
    return f"{value.day} {value:%B %Y}"


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else "someone no longer in Baton"


# Reference data (loaded by a data migration, kept up to date by administrators) --------------------


class Principle(models.Model):
    """One of the ten principles of *Working in partnership with people and communities*, NHS
    England's statutory guidance (2022), in the wording ICBs adopt."""

    number = models.PositiveSmallIntegerField(unique=True)
    text = LongTextField(max_length=1_000)
    source = LineField(
        max_length=200, default="Working in partnership with people and communities: statutory guidance (2022)"
    )

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Principle {self.number}"


class PlanType(models.Model):
    """A kind of organisational plan an engagement objective can serve: the joint forward plan, the
    joint local health and wellbeing strategy, the operational plan..."""

    name = LineField(max_length=100, unique=True)
    description = LongTextField(max_length=1_000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "plan type"

    def __str__(self) -> str:
        return self.name


# The organisation's plans and its adoption of the principles ---------------------------------------


class Plan(OrgOwned, Versioned):
    """One of the organisation's plans (its joint forward plan 2025 to 2030, say): the list an
    engagement lead keeps, which strategy objectives link to."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="plans")
    plan_type = models.ForeignKey(PlanType, on_delete=models.PROTECT, related_name="plans", verbose_name="type")
    name = LineField(max_length=200, help_text="For example 'Joint forward plan 2025 to 2030'.")
    period = LineField(max_length=60, blank=True, help_text="The years it covers, for example '2025/26 to 2029/30'.")
    link = models.URLField(
        max_length=500,
        blank=True,
        help_text="Where the plan is published, starting https://",
        verbose_name="Web address",
    )

    objects = OrgOwnedQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["plan_type__position", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="plan_name_unique_in_org",
                violation_error_message="There is already a plan with this name. Choose another name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def blockers_to_deleting(self) -> list[str]:
        """An approved strategy's objectives are fixed, so the plans they serve stay."""
        approved = self.objectives.exclude(strategy__status=DocumentStatus.DRAFT).select_related("strategy").first()
        if approved is None:
            return []
        return [f"{approved.strategy} (approved) links its objectives to this plan, so the plan stays on the list."]


class PrincipleAdoption(OrgOwned, Versioned):
    """The organisation adopts one of the ten principles: how it lives it, and links to evidence
    that it does (a published report, board minutes, a web page)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="principle_adoptions")
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="adoptions")
    how = LongTextField(
        max_length=5_000, verbose_name="How we do this", help_text="What the organisation does to live this principle."
    )
    evidence_links = LongTextField(
        max_length=5_000,
        blank=True,
        verbose_name="Evidence links",
        help_text="Web addresses of the evidence, one a line, each starting https://",
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgOwnedQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["principle__number"]
        verbose_name = "principle adopted"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "principle"],
                name="principle_adopted_once",
                violation_error_message="This principle is already adopted: change how it is adopted instead.",
            )
        ]

    def __str__(self) -> str:
        return f"Principle {self.principle.number} adopted"

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]

    def clean(self) -> None:
        check = URLValidator(schemes=["http", "https"])
        for n, line in enumerate(self.links, 1):
            try:
                check(line)
            except ValidationError:
                raise ValidationError(
                    {
                        "evidence_links": f"Link {n} is not a web address: write each link on its own line, starting https://"
                    }
                ) from None


# Versioned documents: the vision and the strategy ---------------------------------------------------


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved and published"
    SUPERSEDED = "superseded", "Superseded"


class DocumentQuerySet(OrgOwnedQuerySet):
    def with_people(self):
        return self.select_related("drafted_by", "changed_by", "approved_by")

    def approved(self):
        """The version in force: approved and not superseded (at most one an organisation)."""
        return self.filter(status=DocumentStatus.APPROVED)

    def drafts(self):
        return self.filter(status=DocumentStatus.DRAFT)

    def ever_approved(self):
        """The version in force and the ones it superseded: what the public may read."""
        return self.exclude(status=DocumentStatus.DRAFT)


class DocumentVersion(OrgOwned, Versioned):
    """One version of a document the board approves. Drafts change; approved versions do not."""

    Status = DocumentStatus
    kind = "document"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(editable=False)
    status = models.CharField(
        max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT, editable=False
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    superseded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        abstract = True
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"],
                name="%(class)s_number_unique",
                violation_error_message="Someone else started a version at the same moment. Reload the page.",
            ),
            # Two board members approving at once: one wins, the other is refused.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="approved"),
                name="%(class)s_one_approved",
                violation_error_message="Another version was approved at the same moment. Reload the page to see it.",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="draft"),
                name="%(class)s_one_draft",
                violation_error_message="There is already a draft. Change that draft, or delete it first.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_at__isnull=False),
                name="%(class)s_approved_has_a_date",
                violation_error_message="An approved version needs the date it was approved.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind.capitalize()} version {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == DocumentStatus.DRAFT

    @property
    def is_approved(self) -> bool:
        return self.status == DocumentStatus.APPROVED

    def approval_line(self) -> str:
        """Who approved it and when, in words."""
        if self.is_draft:
            return "Draft: not approved yet."
        line = f"Approved by {_name(self.approved_by)} on {_day(self.approved_at)}."
        if self.superseded_at:
            line += f" Superseded on {_day(self.superseded_at)}."
        return line

    def missing_content(self) -> list[str]:
        """What the version must say before the board can approve it."""
        return []

    def blockers_to_editing(self) -> list[str]:
        if self.is_draft:
            return []
        return [f"{self} was approved, so it cannot be changed. Start a new draft from it and change that."]

    def blockers_to_deleting(self) -> list[str]:
        if self.is_draft:
            return []
        return [f"{self} was approved, so it stays on record. Only a draft can be deleted."]

    def blockers_to_approving(self, by) -> list[str]:
        """Only a draft is approved; never by the person who drafted or last changed it (the board's
        approval is an independent check); and only when it says everything it must."""
        if not self.is_draft:
            return [f"{self} is no longer a draft: {self.approval_line()}"]
        reasons = []
        if by is not None and by.pk in {self.drafted_by_id, self.changed_by_id}:
            reasons.append("You drafted or last changed this version, so another board member must approve it.")
        return reasons + self.missing_content()


class VisionVersion(DocumentVersion):
    """The engagement vision: what the organisation wants engagement to be, its principles, the
    purposes of engagement at each of the five stages of the Engagement Cycle, and its business,
    health and social benefits."""

    kind = "vision"
    PURPOSE_FIELDS = tuple(f"purpose_{key}" for key in stages.KEYS)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="vision_versions")
    statement = LongTextField(
        max_length=5_000,
        blank=True,
        verbose_name="Vision",
        help_text="What engagement will be like here, in plain English.",
    )
    principles = LongTextField(
        max_length=5_000,
        blank=True,
        verbose_name="Our principles of engagement",
        help_text="How the organisation works with people and communities, in its own words.",
    )
    purpose_needs = LongTextField(max_length=2_000, blank=True)
    purpose_plan = LongTextField(max_length=2_000, blank=True)
    purpose_improve = LongTextField(max_length=2_000, blank=True)
    purpose_procure = LongTextField(max_length=2_000, blank=True)
    purpose_monitor = LongTextField(max_length=2_000, blank=True)
    business_benefits = LongTextField(
        max_length=3_000,
        blank=True,
        help_text="For example: sturdier decisions, fewer challenges, better use of money.",
    )
    health_benefits = LongTextField(
        max_length=3_000, blank=True, help_text="For example: services people use, better outcomes, fewer inequalities."
    )
    social_benefits = LongTextField(
        max_length=3_000,
        blank=True,
        help_text="For example: trust, stronger communities, people's skills and confidence.",
    )

    class Meta(DocumentVersion.Meta):
        verbose_name = "vision version"

    def purposes(self) -> list[tuple[stages.Stage, str]]:
        return [(stage, getattr(self, f"purpose_{stage.key}")) for stage in stages.STAGES]

    def missing_purposes(self) -> list[stages.Stage]:
        return [stage for stage, text in self.purposes() if not text.strip()]

    def missing_benefits(self) -> list[str]:
        return [kind for kind in ("business", "health", "social") if not getattr(self, f"{kind}_benefits").strip()]

    def missing_content(self) -> list[str]:
        reasons = []
        if not self.statement.strip():
            reasons.append("Write the vision itself.")
        for stage in self.missing_purposes():
            reasons.append(f"Say the purpose of engagement in stage {stage.number}: {stage.label.lower()}.")
        missing = self.missing_benefits()
        if missing:
            reasons.append(f"Say the {' and '.join(missing)} benefits of engagement.")
        return reasons


class StrategyVersion(DocumentVersion):
    """The engagement strategy: objectives that link engagement to the organisation's plans and to
    the programmes that deliver them, reviewed by a date."""

    kind = "strategy"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="strategy_versions")
    title = LineField(max_length=200, help_text="For example 'Working with people and communities 2025 to 2028'.")
    summary = LongTextField(max_length=5_000, blank=True, help_text="What the strategy sets out to do.")
    review_date = PlausibleDateField(
        null=True, blank=True, help_text="When the board will review the strategy. Needed before it is approved."
    )

    class Meta(DocumentVersion.Meta):
        verbose_name = "strategy version"

    def is_past_review(self, today: date | None = None) -> bool:
        return self.review_date is not None and self.review_date < (today or timezone.localdate())

    def missing_content(self) -> list[str]:
        reasons = []
        if self.review_date is None:
            reasons.append("Set the date the strategy will be reviewed.")
        elif self.is_past_review():
            reasons.append(f"The review date, {_day(self.review_date)}, has passed: set a later one.")
        if not self.objectives.exists():
            reasons.append("Add at least one objective.")
        return reasons


class ObjectiveQuerySet(OrgOwnedQuerySet):
    def with_links(self):
        """Objectives with their plans and programmes, in three queries whatever their number."""
        return self.prefetch_related("plans", "programmes")

    def unserved(self):
        """Objectives no programme delivers."""
        served = Objective.programmes.through.objects.filter(objective=OuterRef("pk"))
        return self.filter(~Exists(served))


class Objective(OrgOwned, Versioned):
    """An objective of one strategy version. Its wording and the plans it serves are part of the
    strategy the board approves (fixed once approved); which programmes deliver it is delivery
    tracking, kept up to date by engagement leads on any version."""

    organisation_path = "strategy__organisation"

    strategy = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="objectives")
    title = LineField(max_length=300, help_text="For example 'Hear from communities we do not usually hear from'.")
    description = LongTextField(
        max_length=5_000, blank=True, help_text="What success looks like, and how it is measured."
    )
    plans = models.ManyToManyField(
        Plan, blank=True, related_name="objectives", help_text="The organisation's plans this objective serves."
    )
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="strategy_objectives", help_text="The programmes that deliver it."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ObjectiveQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "title"],
                name="objective_title_unique_in_strategy",
                violation_error_message="This strategy already has an objective with this title.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def blockers_to_editing(self) -> list[str]:
        """The objective's wording and plans are the strategy's: fixed once it is approved."""
        if self.strategy.is_draft:
            return []
        return [
            f"{self.strategy} was approved, so its objectives cannot be changed. Start a new draft of the strategy."
        ]


# Coverage: the strategy linked to other work ---------------------------------------------------------


def strategy_in_force(organisation) -> StrategyVersion | None:
    """The approved strategy version of the organisation, if any."""
    return StrategyVersion.objects.for_org(organisation).approved().first()


def programmes_serving_no_objective(strategy: StrategyVersion):
    """Programmes of the organisation that deliver none of the strategy's objectives."""
    links = Objective.programmes.through.objects.filter(objective__strategy=strategy, programme=OuterRef("pk"))
    return Programme.objects.for_org(strategy.organisation_id).filter(~Exists(links))
