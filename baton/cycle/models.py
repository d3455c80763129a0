"""Programmes going round the Engagement Cycle: stage runs, what was done (activities), what was
learned (insight items) and the baton handed from one stage to the next (hand-overs)."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from baton.core.models import Organisation

from . import stages


class Versioned(models.Model):
    """Optimistic locking: every save through an action bumps `version`; an edit made against an
    older version is refused instead of silently overwriting someone else's change."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class ProgrammeQuerySet(models.QuerySet):
    def for_org(self, organisation):
        """Programmes of one organisation."""
        return self.filter(organisation=organisation)

    def with_current_stage(self):
        """Annotates `current_stage` (the stage of the open run, else the latest planned one) and
        `run_count`, and joins the lead, in one query."""
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
        )  # Meta.ordering does not apply to GROUP BY queries


class Programme(Versioned):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="programmes")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="What the programme is for and who it affects.")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_programmes",
        help_text="The programme lead, who answers for its engagement.",
    )
    condition = models.CharField(
        max_length=200, blank=True, help_text="Condition, pathway or population, for example 'diabetes'."
    )
    budget_line = models.CharField(
        max_length=100, blank=True, help_text="Finance code for this programme's engagement budget."
    )
    public_summary = models.TextField(
        blank=True, help_text="Shown on the public pages. Leave blank to keep the programme off them."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="programme_name_unique_in_org"),
        ]

    def __str__(self) -> str:
        return self.name


class StageRunQuerySet(models.QuerySet):
    def for_org(self, organisation):
        return self.filter(programme__organisation=organisation)

    def with_handover(self):
        """Joins the programme, the owner and the outgoing hand-over (if any)."""
        return self.select_related("programme", "owner", "handover_out", "handover_out__next_owner")

    def closed_without_handover(self):
        """Runs closed with no hand-over to the next stage: a dropped baton."""
        return self.filter(status=StageRun.Status.CLOSED, handover_out__isnull=True)

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


class StageRun(Versioned):
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
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StageRunQuerySet.as_manager()

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
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.name}: {stages.label(self.stage)}"

    def audit_organisation(self):
        return self.programme.organisation

    @property
    def stage_info(self) -> stages.Stage:
        return stages.get(self.stage)

    def accepted_handover(self):
        handover = getattr(self, "handover_out", None) if self.pk else None
        return handover if handover and handover.status == Handover.Status.ACCEPTED else None

    def blockers_to_closing(self) -> list[str]:
        """Why this run cannot close yet (empty when it can). Baton rule: a stage run cannot close
        without an accepted hand-over to the next stage."""
        reasons = []
        if self.status == self.Status.CLOSED:
            reasons.append("This stage run is already closed.")
            return reasons
        if self.status == self.Status.PLANNED:
            reasons.append("This stage run has not started: its hand-over has not been accepted yet.")
            return reasons
        try:
            handover = self.handover_out
        except Handover.DoesNotExist:
            handover = None
        next_label = stages.label(self.stage_info.next_key)
        if handover is None:
            reasons.append(
                f"There is no hand-over to the next stage ({next_label}). Hand over what this stage "
                "learned first, so that the baton is not dropped."
            )
        elif handover.status != Handover.Status.ACCEPTED:
            reasons.append(
                f"The hand-over to {stages.label(handover.to_stage)} has not been accepted yet "
                f"({handover.get_status_display().lower()}). {handover.next_owner} must accept it first."
            )
        return reasons


class EngagementActivity(Versioned):
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
    title = models.CharField(max_length=200)
    method = models.CharField(max_length=20, choices=Method.choices)
    ladder_level = models.CharField(
        max_length=12,
        choices=Ladder.choices,
        help_text="How much power people have in this activity, from being informed to deciding.",
    )
    target_groups = models.CharField(
        max_length=500,
        help_text="Who this activity sets out to reach, separated by commas, for example 'carers, young people'.",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reach = models.PositiveIntegerField(default=0, help_text="How many people took part.")
    cost = models.DecimalField(max_digits=10, decimal_places=2, default=0, help_text="Cost in pounds.")
    accessibility_measures = models.TextField(
        blank=True, help_text="For example interpreters, easy read, step-free venue."
    )
    partners = models.CharField(max_length=500, blank=True, help_text="Partner organisations, separated by commas.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name_plural = "engagement activities"
        constraints = [
            models.CheckConstraint(condition=Q(cost__gte=0), name="activity_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="activity_ends_after_start"
            ),
        ]
        # Lists show the latest first, and the hub counts this year's: both read this index.
        indexes = [models.Index(fields=["-start_date", "-id"], name="activity_newest_first")]

    def __str__(self) -> str:
        return self.title

    def audit_organisation(self):
        return self.stage_run.programme.organisation

    @property
    def target_group_list(self) -> list[str]:
        return [g.strip() for g in self.target_groups.split(",") if g.strip()]


class InsightQuerySet(models.QuerySet):
    def for_org(self, organisation):
        return self.filter(stage_run__programme__organisation=organisation)

    def recorded_since(self, day):
        """Insight recorded on or after `day` (a date, in Baton's time zone). Compares created_at
        with the start of that day, so the index on created_at serves it (a `created_at__date`
        filter converts every row first and scans the whole table)."""
        start = timezone.make_aware(datetime.combine(day, time.min))
        return self.filter(created_at__gte=start)

    def dropped(self):
        """Insight items never carried forward, answered or closed, whose stage run has closed."""
        carried = Handover.carried_insight.through.objects.filter(insightitem_id=OuterRef("pk"))
        return self.filter(status=InsightItem.Status.OPEN, stage_run__status=StageRun.Status.CLOSED).exclude(
            Exists(carried)
        )


class InsightItem(Versioned):
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
    title = models.CharField(max_length=200, help_text="What was learned, in a sentence.")
    detail = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    themes = models.CharField(max_length=500, blank=True, help_text="Themes, separated by commas.")
    sentiment = models.PositiveSmallIntegerField(choices=Sentiment.choices, null=True, blank=True)
    population_segment = models.CharField(
        max_length=200, blank=True, help_text="Who said it, for example 'carers of people with dementia'."
    )
    stage_relevance = models.JSONField(default=list, blank=True, help_text="Stages this insight matters to.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InsightQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sentiment__isnull=True) | Q(sentiment__gte=1, sentiment__lte=5),
                name="insight_sentiment_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["stage_run", "status"]),
            # Lists show the newest first; without this every page sorts all the insight.
            models.Index(fields=["-created_at", "-id"], name="insight_newest_first"),
            # Dropped insight is found among the open items, a small share of the whole.
            models.Index(fields=["created_at", "id"], condition=Q(status="open"), name="insight_open_by_date"),
        ]

    def __str__(self) -> str:
        return self.title

    def audit_organisation(self):
        return self.stage_run.programme.organisation


class HandoverQuerySet(models.QuerySet):
    def for_org(self, organisation):
        return self.filter(from_run__programme__organisation=organisation)

    def with_parties(self):
        """Joins both runs, the programme and the people."""
        return self.select_related(
            "from_run", "from_run__programme", "from_run__owner", "to_run", "next_owner", "created_by"
        )

    def overdue(self, organisation, now=None):
        """Hand-overs not accepted within the organisation's limit: dropped batons."""
        now = now or timezone.now()
        limit = now - timedelta(days=organisation.handover_limit_days)
        return self.for_org(organisation).filter(
            status__in=[Handover.Status.PENDING, Handover.Status.QUERIED], created_at__lt=limit
        )


class Handover(Versioned):
    """The baton: what one stage hands to the next. Accepted by the next stage's owner."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting acceptance"
        QUERIED = "queried", "Queried"
        ACCEPTED = "accepted", "Accepted"

    from_run = models.OneToOneField(StageRun, on_delete=models.CASCADE, related_name="handover_out")
    to_stage = models.CharField(max_length=10, choices=stages.CHOICES)
    to_run = models.OneToOneField(StageRun, on_delete=models.CASCADE, related_name="handover_in")
    next_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handovers_to_accept",
        help_text="Who leads the next stage and must accept this hand-over.",
    )
    summary = models.TextField(help_text="What this stage learned and what the next stage needs to know.")
    open_actions = models.TextField(blank=True, help_text="Actions still open, one a line.")
    carried_insight = models.ManyToManyField(InsightItem, blank=True, related_name="carried_by")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    query_note = models.TextField(blank=True, help_text="What the next owner needs before accepting.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = HandoverQuerySet.as_manager()

    class Meta:
        verbose_name = "hand-over"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["-created_at", "-id"], name="handover_newest_first"),  # the lists' order
        ]

    def __str__(self) -> str:
        return f"Hand-over from {stages.label(self.from_run.stage)} to {stages.label(self.to_stage)}"

    def audit_organisation(self):
        return self.from_run.programme.organisation

    def due_by(self):
        return self.created_at + timedelta(days=self.from_run.programme.organisation.handover_limit_days)
