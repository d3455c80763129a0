"""Programmes going round the Engagement Cycle: stage runs, what was done (activities), what was
learned (insight items) and the baton handed from one stage to the next (hand-overs, with the
conversation about them).

Questions about one record are model methods returning reasons (`blockers_to_*`), asked by the
actions under a row lock and by the pages to explain a refusal before it happens."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from baton.core.fields import CountField, LineField, LongTextField, MoneyField, PlausibleDateField
from baton.core.models import Organisation, OrgOwned, OrgOwnedQuerySet, Versioned

from . import stages

REACH_MAX = 5_000_000  # more people than the largest ICB serves: a typo, not an activity
COST_MAX = Decimal("2000000")  # a formal consultation on a reconfiguration costs hundreds of thousands


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# Programmes -------------------------------------------------------------------------------------


class ProgrammeQuerySet(OrgOwnedQuerySet):
    def with_current_stage(self):
        """Annotates `current_stage` (the stage of the open run, else the latest planned one) and
        `run_count`, and joins the lead, in one query. Ordered by name: Meta.ordering does not
        apply to GROUP BY queries."""
        live = StageRun.objects.filter(programme=OuterRef("pk")).exclude(status=StageRun.Status.CLOSED)
        return (
            self.select_related("lead")
            .annotate(
                current_stage=Subquery(
                    live.annotate(open_first=Case(When(status=StageRun.Status.OPEN, then=0), default=1))
                    .order_by("open_first", "-pk")
                    .values("stage")[:1]
                ),
                run_count=Count("stage_runs", distinct=True),
            )
            .order_by("name", "pk")
        )

    def published(self):
        """Programmes a lead has published to the public pages."""
        return self.filter(published_at__isnull=False)


class Programme(OrgOwned, Versioned):
    organisation_path = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="programmes")
    name = LineField(max_length=200, help_text="For example 'Diabetes prevention and care'.")
    description = LongTextField(blank=True, help_text="What the programme is for and who it affects.")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_programmes",
        help_text="The programme lead, who answers for its engagement.",
    )
    condition = LineField(
        max_length=200, blank=True, help_text="Condition, pathway or population, for example 'diabetes'."
    )
    budget_line = LineField(
        max_length=100, blank=True, help_text="Finance code for this programme's engagement budget."
    )
    public_summary = LongTextField(
        max_length=2_000,
        blank=True,
        help_text="A draft of what the public pages say about this programme, in plain English. "
        "Nothing is public until an engagement lead publishes it.",
    )
    published_summary = LongTextField(max_length=2_000, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="programme_name_unique_in_org",
                violation_error_message="There is already a programme with this name. Choose another name.",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | ~Q(published_summary=""),
                name="published_programme_has_a_summary",
                violation_error_message="A published programme needs a public summary.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def has_unpublished_changes(self) -> bool:
        return self.public_summary.strip() != self.published_summary.strip()

    def blockers_to_publishing(self) -> list[str]:
        """Why the public summary cannot be published as it stands."""
        if not self.public_summary.strip():
            return ["Write a public summary first: it is what the public pages show."]
        if self.is_published and not self.has_unpublished_changes:
            return ["The public pages already show this summary."]
        return []

    def blockers_to_unpublishing(self) -> list[str]:
        return [] if self.is_published else ["This programme is not on the public pages."]


# Stage runs -------------------------------------------------------------------------------------


class StageRunQuerySet(OrgOwnedQuerySet):
    def with_handover(self):
        """Joins the programme, the owner and the outgoing hand-over (if any)."""
        return self.select_related("programme", "owner", "handover_out", "handover_out__next_owner")

    def live(self):
        """Runs not closed: open, or planned (awaiting the hand-over into them)."""
        return self.exclude(status=StageRun.Status.CLOSED)

    def closed_without_handover(self):
        """Dropped batons: runs closed with no hand-over to the next stage and no recorded reason
        from an engagement lead why none is needed."""
        return self.filter(status=StageRun.Status.CLOSED, handover_out__isnull=True, no_handover_reason="")

    def latest_of_each_stage(self, n):
        """The newest `n` runs of each stage, each annotated with its stage's totals over the whole
        history: `stage_runs` (how many runs) and `stage_live` (how many are not closed). One query
        and at most 5 x n rows, however long the history: the window functions count every run
        before the rank keeps n a stage."""
        stage = {"partition_by": F("stage")}
        return self.annotate(
            stage_rank=Window(RowNumber(), order_by=[F("created_at").desc(), F("pk").desc()], **stage),
            stage_runs=Window(Count("pk"), **stage),
            stage_live=Window(Count(Case(When(~Q(status=StageRun.Status.CLOSED), then=Value(1)))), **stage),
        ).filter(stage_rank__lte=n)


class StageRun(OrgOwned, Versioned):
    organisation_path = "programme__organisation"

    class Status(models.TextChoices):
        PLANNED = "planned", "Awaiting hand-over"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="stage_runs")
    stage = models.CharField(max_length=10, choices=stages.CHOICES)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_stage_runs",
        help_text="Who leads engagement in this stage and accepts the hand-over into it.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    no_handover_reason = LongTextField(
        max_length=2_000,
        blank=True,
        help_text="Why this run closed without handing over, as an engagement lead recorded it. "
        "It ends the dropped baton and stays in the run's history.",
    )
    reopen_reason = LongTextField(
        max_length=2_000, blank=True, help_text="Why the run was last reopened after it closed."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StageRunQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        verbose_name = "stage run"
        ordering = ["programme", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "stage"],
                condition=~Q(status="closed"),
                name="one_live_run_per_stage",
                violation_error_message="This programme already has a run in that stage that is not closed.",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(opened_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="run_closes_after_it_opens",
                violation_error_message="A stage run must close on or after the day it opened.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.name}: {stages.label(self.stage)}"

    @property
    def stage_info(self) -> stages.Stage:
        return stages.get(self.stage)

    @property
    def handover(self) -> Handover | None:
        """The hand-over out of this run, if any (joined by `with_handover`, else one query)."""
        if not self.pk:
            return None
        try:
            return self.handover_out
        except Handover.DoesNotExist:
            return None

    @property
    def is_dropped(self) -> bool:
        """Closed without a hand-over and without a lead's reason: a dropped baton."""
        return self.status == self.Status.CLOSED and self.handover is None and not self.no_handover_reason

    def live_run_of(self, stage: str) -> StageRun | None:
        """The programme's run in `stage` that is not closed, other than this one."""
        return (
            StageRun.objects.filter(programme_id=self.programme_id, stage=stage)
            .live()
            # Equivalent mutant for every caller: this run is closed (reopening) or of another stage
            # (handing over), so it is never among the live runs of `stage`; kept as the method says.
            .exclude(pk=self.pk)  # pragma: no mutate
            .first()
        )

    def open_insight_not_carried(self):
        """This run's insight that would be dropped when it closes: open and carried by no hand-over."""
        return self.insight_items.filter(status=InsightItem.Status.OPEN, carried_by__isnull=True)

    def blockers_to_closing(self) -> list[str]:
        """Why this run cannot close yet (empty when it can). The baton rule: a stage run cannot
        close without an accepted hand-over to the next stage, and nothing it learned may be left
        behind: every open insight item is carried forward, answered or closed first."""
        if self.status == self.Status.CLOSED:
            return ["This stage run is already closed."]
        if self.status == self.Status.PLANNED:
            return ["This stage run has not started: its hand-over has not been accepted yet."]
        reasons = []
        handover = self.handover
        if handover is None:
            reasons.append(
                f"There is no hand-over to the next stage ({stages.label(self.stage_info.next_key)}). Hand over what "
                "this stage learned first, so that the baton is not dropped."
            )
        elif handover.status != Handover.Status.ACCEPTED:
            reasons.append(
                f"The hand-over to {stages.label(handover.to_stage)} has not been accepted yet "
                f"({handover.get_status_display().lower()}). {handover.next_owner} must accept it first."
            )
        left = self.open_insight_not_carried().count()
        if left:
            reasons.append(
                f"{_plural(left, 'insight item is', 'insight items are')} still open and not carried forward. "
                "Carry each forward, answer it or close it with a reason, so that none is dropped."
            )
        return reasons

    def blockers_to_recording(self, what: str) -> list[str]:
        """Why activities or insight cannot be added to, changed in or restored into this run."""
        if self.status == self.Status.CLOSED:
            return [
                f"This stage run is closed, so its {what} cannot change. An engagement lead can reopen it, saying why."
            ]
        return []

    def blockers_to_handing_over(self, to_stage: str) -> list[str]:
        """Why this run cannot hand over to `to_stage`. An open run hands over; so can a run closed
        without a hand-over (a late hand-over, which ends that dropped baton)."""
        reasons = []
        if self.status == self.Status.PLANNED:
            reasons.append("This stage run has not started: accept the hand-over into it first.")
        if self.handover is not None:
            reasons.append("This stage run has already handed over. Change that hand-over instead.")
        elif self.status == self.Status.CLOSED and self.no_handover_reason:
            reasons.append("An engagement lead recorded why this run needs no hand-over.")
        if to_stage not in self.stage_info.hands_to:
            allowed = " or ".join(stages.label(k) for k in self.stage_info.hands_to)
            reasons.append(f"{self.stage_info.label} hands over to {allowed}.")
        elif self.live_run_of(to_stage) is not None:
            reasons.append(f"{self.programme} already has a {stages.label(to_stage)} run that is not closed.")
        return reasons

    def blockers_to_reopening(self) -> list[str]:
        if self.status != self.Status.CLOSED:
            return ["Only a closed stage run can be reopened."]
        if self.live_run_of(self.stage) is not None:
            return [
                f"{self.programme} already has a {self.stage_info.label} run that is not closed. Close that one first."
            ]
        return []

    def blockers_to_excusing(self) -> list[str]:
        """Why a lead cannot record a reason that this run needs no hand-over."""
        if self.status != self.Status.CLOSED:
            return ["Only a closed stage run can be excused from handing over; an open one hands over."]
        if self.handover is not None:
            return ["This stage run has a hand-over."]
        if self.no_handover_reason:
            return ["A reason has already been recorded for this run."]
        return []


# Activities ---------------------------------------------------------------------------------------


class EngagementActivity(OrgOwned, Versioned):
    organisation_path = "stage_run__programme__organisation"

    class Method(models.TextChoices):
        SURVEY = "survey", "Survey"
        FOCUS_GROUP = "focus_group", "Focus group"
        CITIZENS_PANEL = "citizens_panel", "Citizens' panel"
        CODESIGN = "codesign", "Co-design workshop"
        CONSULTATION = "consultation", "Formal consultation"
        MONITORING_VISIT = "monitoring_visit", "Patient monitoring visit"
        PUBLIC_MEETING = "public_meeting", "Public meeting"
        OUTREACH = "outreach", "Community outreach"
        INTERVIEWS = "interviews", "Interviews"
        OTHER = "other", "Other"

    class Ladder(models.TextChoices):
        INFORM = "inform", "Inform"
        CONSULT = "consult", "Consult"
        INVOLVE = "involve", "Involve"
        COLLABORATE = "collaborate", "Collaborate"
        DEVOLVE = "devolve", "Devolve"

    stage_run = models.ForeignKey(StageRun, on_delete=models.CASCADE, related_name="activities")
    title = LineField(max_length=200)
    method = models.CharField(max_length=20, choices=Method.choices)
    ladder_level = models.CharField(
        "ladder of engagement level",
        max_length=12,
        choices=Ladder.choices,
        help_text="How much power people have in this activity: informed, consulted, involved, "
        "collaborating, or deciding themselves (devolved).",
    )
    target_groups = LineField(
        max_length=500,
        help_text="Who this activity sets out to reach, separated by commas, for example 'carers, young people'.",
    )
    start_date = PlausibleDateField()
    end_date = PlausibleDateField(null=True, blank=True)
    reach = CountField(maximum=REACH_MAX, default=0, help_text="How many people took part.")
    cost = MoneyField(maximum=COST_MAX, default=0, help_text="Cost in pounds.")
    accessibility_measures = LongTextField(
        max_length=2_000, blank=True, help_text="For example interpreters, easy read, step-free venue."
    )
    partners = LineField(max_length=500, blank=True, help_text="Partner organisations, separated by commas.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = "engagement activity"
        verbose_name_plural = "engagement activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__gte=0),
                name="activity_cost_not_negative",
                violation_error_message="Cost must be 0 or more.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_ends_after_start",
                violation_error_message="The end date must be on or after the start date.",
            ),
        ]
        # Lists show the latest first, and the hub counts this year's: both read this index.
        indexes = [models.Index(fields=["-start_date", "-id"], name="activity_newest_first")]

    def __str__(self) -> str:
        return self.title

    def blockers_to_restoring(self) -> list[str]:
        return self.stage_run.blockers_to_recording("activities")


# Insight ----------------------------------------------------------------------------------------------


class InsightQuerySet(OrgOwnedQuerySet):
    def recorded_since(self, day):
        """Insight recorded on or after `day` (a date, in Baton's time zone). Compares created_at
        with the start of that day, so the index on created_at serves it (a `created_at__date`
        filter converts every row first and scans the whole table)."""
        start = timezone.make_aware(datetime.combine(day, time.min))
        return self.filter(created_at__gte=start)

    def dropped(self):
        """Dropped batons: insight never carried forward, answered or closed, whose stage run has closed."""
        carried = Handover.carried_insight.through.objects.filter(insightitem_id=OuterRef("pk"))
        return self.filter(status=InsightItem.Status.OPEN, stage_run__status=StageRun.Status.CLOSED).exclude(
            Exists(carried)
        )


class InsightItem(OrgOwned, Versioned):
    organisation_path = "stage_run__programme__organisation"

    class Source(models.TextChoices):
        ACTIVITY = "activity", "Engagement activity"
        COMPLAINT = "complaint", "Complaint"
        PALS = "pals", "PALS"
        HEALTHWATCH = "healthwatch", "Healthwatch"
        FFT = "fft", "Friends and Family Test"
        PROVIDER = "provider", "Provider report"
        SURVEY = "survey", "Survey"
        OTHER = "other", "Other"

    class Sentiment(models.IntegerChoices):
        VERY_POSITIVE = 1, "Very positive"
        POSITIVE = 2, "Positive"
        MIXED = 3, "Neutral or mixed"
        NEGATIVE = 4, "Negative"
        VERY_NEGATIVE = 5, "Very negative"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    stage_run = models.ForeignKey(StageRun, on_delete=models.CASCADE, related_name="insight_items")
    activity = models.ForeignKey(
        EngagementActivity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="insight_items",
        help_text="The activity this came from, if any.",
    )
    title = LineField(max_length=200, help_text="What was learned, in a sentence.")
    detail = LongTextField(blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    themes = LineField(max_length=500, blank=True, help_text="Themes, separated by commas.")
    sentiment = models.PositiveSmallIntegerField(choices=Sentiment.choices, null=True, blank=True)
    population_segment = LineField(
        max_length=200, blank=True, help_text="Who said it, for example 'carers of people with dementia'."
    )
    stage_relevance = models.JSONField(default=list, blank=True, help_text="Stages this insight matters to.")
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.OPEN,
        help_text="Open until it is carried forward to the next stage, answered here, or closed with a reason.",
    )
    resolution = LongTextField(
        max_length=5_000,
        blank=True,
        help_text="The answer (what was done about it), or why it was closed without action.",
    )
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InsightQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "insight item"
        constraints = [
            models.CheckConstraint(
                condition=Q(sentiment__isnull=True) | Q(sentiment__gte=1, sentiment__lte=5),
                name="insight_sentiment_1_to_5",
                violation_error_message="Sentiment must be from 1 (very positive) to 5 (very negative).",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(resolution=""),
                name="resolved_insight_says_how",
                violation_error_message="Say what the answer is, or why it is closed.",
            ),
        ]
        indexes = [
            models.Index(fields=["stage_run", "status"]),
            # Lists show the newest first; without this every page sorts all the insight. Its stage
            # run is included so that counting an organisation's insight since a date (the hub's
            # "this year") reads the index alone, not a heap page per item (PostgreSQL).
            models.Index(fields=["-created_at", "-id"], name="insight_newest_first", include=["stage_run"]),
            # Dropped insight is found among the open items, a small share of the whole; counted
            # from the index alone, with the stage run it needs for the organisation.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status="open"),
                name="insight_open_by_date",
                include=["stage_run"],
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def blockers_to_restoring(self) -> list[str]:
        return self.stage_run.blockers_to_recording("insight")

    def blockers_to_resolving(self, status: str, resolution: str) -> list[str]:
        """Why the item cannot be answered or closed this way."""
        if status not in (self.Status.ANSWERED, self.Status.CLOSED):
            return ["Choose whether the insight is answered or closed."]
        if not (resolution or "").strip():
            if status == self.Status.ANSWERED:
                return ["Say what the answer is: what was done, or will be, about it."]
            return ["Say why it is closed without action."]
        return []


# Hand-overs -----------------------------------------------------------------------------------------


def due_by(created_at: datetime, limit_days: int) -> datetime:
    """The one definition of when a hand-over must be accepted by: the organisation's limit in
    days after it was made. Not accepted by then, it is a dropped baton."""
    return created_at + timedelta(days=limit_days)


class HandoverQuerySet(OrgOwnedQuerySet):
    def with_parties(self):
        """Joins both runs, the programme and the people."""
        return self.select_related(
            "from_run", "from_run__programme", "from_run__owner", "to_run", "next_owner", "created_by"
        )

    def waiting(self):
        """Not accepted yet: awaiting acceptance or queried."""
        return self.filter(status__in=Handover.WAITING)

    def overdue(self, organisation, now=None):
        """Dropped batons: hand-overs not accepted by their `due_by`, oldest first."""
        now = now or timezone.now()
        # due_by(created_at) < now  <=>  created_at < now - limit
        cutoff = now - timedelta(days=organisation.handover_limit_days)
        return self.for_org(organisation).waiting().filter(created_at__lt=cutoff).order_by("created_at", "pk")


class Handover(OrgOwned, Versioned):
    """The baton: what one stage hands to the next, accepted by the next stage's owner."""

    organisation_path = "from_run__programme__organisation"

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting acceptance"
        QUERIED = "queried", "Queried"
        ACCEPTED = "accepted", "Accepted"

    WAITING = (Status.PENDING, Status.QUERIED)

    from_run = models.OneToOneField(StageRun, on_delete=models.CASCADE, related_name="handover_out")
    to_stage = models.CharField(max_length=10, choices=stages.CHOICES)
    to_run = models.OneToOneField(StageRun, on_delete=models.CASCADE, related_name="handover_in")
    next_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handovers_to_accept",
        help_text="Who leads the next stage and must accept this hand-over.",
    )
    summary = LongTextField(help_text="What this stage learned and what the next stage needs to know.")
    open_actions = LongTextField(blank=True, help_text="Actions still open, one a line.")
    carried_insight = models.ManyToManyField(InsightItem, blank=True, related_name="carried_by")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    late = models.BooleanField(
        default=False, editable=False, help_text="Made after the run had closed without a hand-over."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = HandoverQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        verbose_name = "hand-over"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["-created_at", "-id"], name="handover_newest_first"),  # the lists' order
        ]

    def __str__(self) -> str:
        return f"Hand-over from {stages.label(self.from_run.stage)} to {stages.label(self.to_stage)}"

    def due_by(self, limit_days: int | None = None) -> datetime:
        """When it must be accepted by. `limit_days`: the organisation's limit, when the caller
        has it (a list), to save reading the organisation for every row."""
        if limit_days is None:
            limit_days = self.from_run.programme.organisation.handover_limit_days
        return due_by(self.created_at, limit_days)

    def state(self, now: datetime | None = None, limit_days: int | None = None) -> str:
        """accepted; overdue (a dropped baton: not accepted by `due_by`); queried; or pending."""
        if self.status == self.Status.ACCEPTED:
            return "accepted"
        if self.due_by(limit_days) < (now or timezone.now()):
            return "overdue"
        return self.status

    def is_overdue(self, now: datetime | None = None, limit_days: int | None = None) -> bool:
        return self.state(now, limit_days) == "overdue"

    def blockers_to_accepting(self, by) -> list[str]:
        """Only the named next owner takes the baton, once."""
        if self.status == self.Status.ACCEPTED:
            return ["This hand-over has already been accepted."]
        if self.next_owner_id != getattr(by, "pk", None):
            return [f"Only {self.next_owner}, the next owner, can accept this hand-over."]
        return []

    def blockers_to_querying(self, by) -> list[str]:
        if self.status == self.Status.ACCEPTED:
            return ["This hand-over has already been accepted, so it can no longer be queried."]
        if self.next_owner_id != getattr(by, "pk", None):
            return [f"Only {self.next_owner}, the next owner, can query this hand-over."]
        return []

    def blockers_to_answering(self) -> list[str]:
        if self.status != self.Status.QUERIED:
            return ["There is no query waiting for an answer on this hand-over."]
        return []

    def blockers_to_changing(self) -> list[str]:
        if self.status == self.Status.ACCEPTED:
            return ["This hand-over has been accepted and can no longer change."]
        return []


class HandoverMessage(OrgOwned):
    """The conversation about a hand-over, kept whole: the next owner's queries, the sender's
    answers, a change of next owner."""

    organisation_path = "handover__from_run__programme__organisation"

    class Kind(models.TextChoices):
        QUERY = "query", "Query"
        ANSWER = "answer", "Answer"
        REASSIGNED = "reassigned", "Next owner changed"

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = LongTextField(max_length=5_000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "hand-over message"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.handover}"
