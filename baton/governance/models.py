"""Engagement in governance (hub element 4): boards and committees with their members, meetings and
papers; business cases with their duty screening, equality and health inequalities assessment,
engagement plan and engagement assurance; the gate before a board signs a case off; and the
decision register with how engagement influenced each decision.

The screening questions and the assurance criteria are reference data (`ScreeningQuestion`,
`AssuranceCriterion`), loaded by a data migration and editable, never constants in code.

The one definition of what blocks sign-off is `BusinessCase.blockers_to_signing_off()`: the page
shows it before the button, the action asks it under the lock, the API answers it with 409."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from baton.consultations.models import Consultation
from baton.core.fields import LineField, LongTextField, MoneyField, PlausibleDateField
from baton.core.files import DocumentField
from baton.core.jinja import ukdate
from baton.core.models import Organisation, OrgOwned, OrgOwnedQuerySet, Versioned
from baton.cycle.models import EngagementActivity, Handover, InsightItem, Programme, StageRun

CASE_VALUE_MAX = Decimal("5000000000")  # a large reconfiguration runs to hundreds of millions
BUDGET_MAX = Decimal("2000000")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# Reference data ---------------------------------------------------------------------------------


class ScreeningQuestion(models.Model):
    """A question of the s14Z45 duty screening (NHS Act 2006 as amended by the Health and Care Act
    2022). Loaded by a data migration; an organisation's governance team may edit or retire them."""

    key = models.SlugField(max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    text = LineField(max_length=300)
    guidance = LongTextField(max_length=2_000, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class AssuranceCriterion(models.Model):
    """What the lay or non-executive member looks for before assuring engagement on a business
    case. Loaded by a data migration from the statutory guidance (2022) and the Gunning principles."""

    key = models.SlugField(max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    text = LineField(max_length=300)
    source = LineField(max_length=200, blank=True, help_text="Where the criterion comes from.")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "assurance criteria"

    def __str__(self) -> str:
        return self.text


# Boards, members, meetings, papers -----------------------------------------------------------------


class Board(OrgOwned, Versioned):
    organisation_path = "organisation"

    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        COMMITTEE = "committee", "Committee of the board"
        SUBCOMMITTEE = "subcommittee", "Sub-committee"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="boards")
    name = LineField(max_length=200, help_text="For example 'ICB Board' or 'Quality and Performance Committee'.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BOARD)
    purpose = LongTextField(max_length=5_000, blank=True, help_text="What it decides, from its terms of reference.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "board or committee"
        verbose_name_plural = "boards and committees"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="board_name_unique_in_org",
                violation_error_message="There is already a board or committee with this name. Choose another name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class BoardMember(OrgOwned):
    organisation_path = "board__organisation"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_seats")
    role = LineField(max_length=100, help_text="For example 'Chair', 'Non-executive member', 'Chief nurse'.")

    class Meta:
        ordering = ["board", "person__first_name", "person__last_name", "pk"]
        verbose_name = "board member"
        constraints = [
            models.UniqueConstraint(
                fields=["board", "person"],
                name="one_seat_per_board",
                violation_error_message="This person is already a member of this board or committee.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})"


class Meeting(OrgOwned, Versioned):
    organisation_path = "board__organisation"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    held_on = PlausibleDateField(help_text="The day the meeting is (or was) held.")
    title = LineField(max_length=200, blank=True, help_text="For example 'Board meeting in public'.")
    location = LineField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["board", "-held_on"], name="meeting_board_newest")]

    def __str__(self) -> str:
        return f"{self.board.name}, {self.held_on.day} {self.held_on:%B %Y}"


# Business cases -----------------------------------------------------------------------------------


class BusinessCaseQuerySet(OrgOwnedQuerySet):
    def with_gate(self):
        """Joins the programme, the screening and who signed off; annotates `assurance_outcome`
        (the current assurance's outcome, or None) and `open_conditions` (whether the current
        assurance has a condition still open). One query a page, whatever the number of cases."""
        current = EngagementAssurance.objects.filter(case=OuterRef("pk"), superseded_by__isnull=True)
        open_conditions = AssuranceCondition.objects.filter(
            assurance__case=OuterRef("pk"), assurance__superseded_by__isnull=True, closed_at__isnull=True
        )
        return self.select_related("programme", "screening", "signed_off_by", "signed_off_meeting__board").annotate(
            assurance_outcome=Subquery(current.values("outcome")[:1]),
            has_open_conditions=Exists(open_conditions),
        )

    def waiting_for_assurance(self):
        """Not signed off, and with no current assurance, or one that is not (yet) 'assured'."""
        assured = EngagementAssurance.objects.filter(
            case=OuterRef("pk"),
            superseded_by__isnull=True,
            outcome__in=[EngagementAssurance.Outcome.ASSURED, EngagementAssurance.Outcome.CONDITIONS],
        )
        return self.filter(signed_off_at__isnull=True).exclude(Exists(assured))

    def assured_awaiting_sign_off(self):
        """Not signed off, with a current assurance of 'assured', or 'assured with conditions'
        all closed: what waits for a board."""
        current = EngagementAssurance.objects.filter(case=OuterRef("pk"), superseded_by__isnull=True)
        open_conditions = AssuranceCondition.objects.filter(
            assurance__case=OuterRef("pk"), assurance__superseded_by__isnull=True, closed_at__isnull=True
        )
        return (
            self.filter(signed_off_at__isnull=True)
            .filter(
                Exists(
                    current.filter(
                        outcome__in=[EngagementAssurance.Outcome.ASSURED, EngagementAssurance.Outcome.CONDITIONS]
                    )
                )
            )
            .exclude(Exists(open_conditions))
        )


class BusinessCase(OrgOwned, Versioned):
    """A plan or a proposal for change on a programme, which a board signs off. The business-case
    gate (DESIGN.md rule 2) stands between it and sign-off."""

    organisation_path = "programme__organisation"

    class Kind(models.TextChoices):
        PLAN = "plan", "Plan (commissioning arrangements)"
        PROPOSAL = "proposal", "Proposal for change"
        DECISION = "decision", "Decision on how commissioning operates"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="business_cases")
    title = LineField(max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    summary = LongTextField(max_length=5_000, blank=True, help_text="What is proposed and why.")
    value = MoneyField(
        maximum=CASE_VALUE_MAX, null=True, blank=True, help_text="The value of the case in pounds, if it has one."
    )
    ehia_done = models.BooleanField(
        "equality and health inequalities assessment done",
        default=False,
        help_text="The Equality Act 2010 s149 duty and the s14Z35 duty to reduce inequalities.",
    )
    ehia_summary = LongTextField(
        "assessment summary", max_length=5_000, blank=True, help_text="What the assessment found, in plain English."
    )
    ehia_link = models.URLField(
        "link to the assessment", max_length=500, blank=True, help_text="Where the full assessment is kept."
    )
    signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    signed_off_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="signed_off_cases"
    )
    signed_off_assurance = models.ForeignKey(
        "EngagementAssurance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The assurance the board relied on.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BusinessCaseQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "business case"
        constraints = [
            models.CheckConstraint(
                condition=Q(ehia_done=False) | (~Q(ehia_summary="") & ~Q(ehia_link="")),
                name="ehia_done_has_summary_and_link",
                violation_error_message="A done assessment needs its summary and a link to it.",
            ),
        ]
        indexes = [models.Index(fields=["-created_at", "-id"], name="case_newest_first")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    def current_assurance(self) -> EngagementAssurance | None:
        return self.assurances.filter(superseded_by__isnull=True).select_related("reviewer").first()

    def screening_or_none(self) -> DutyScreening | None:
        try:
            return self.screening
        except DutyScreening.DoesNotExist:
            return None

    def plan_or_none(self) -> EngagementPlan | None:
        try:
            return self.plan
        except EngagementPlan.DoesNotExist:
            return None

    def blockers_to_changing(self) -> list[str]:
        """A signed-off case is the record of what the board agreed: it no longer changes."""
        if self.is_signed_off:
            return [
                f"This business case was signed off on {ukdate(self.signed_off_at)}, so it can no longer change. "
                "Record a new business case for a changed proposal."
            ]
        return []

    def blockers_to_signing_off(self) -> list[str]:
        """Why a board cannot sign this case off yet, each missing piece in words (empty when it
        can). The business-case gate (DESIGN.md rule 2; s14Z45 NHS Act 2006): a completed duty
        screening; the equality and health inequalities assessment done; an engagement assurance
        by the lay or non-executive member that is 'assured', or 'assured with conditions' with
        every condition closed; and, where the involvement duty applies, an engagement plan with
        a budget line."""
        if self.is_signed_off:
            return [f"This business case was already signed off on {ukdate(self.signed_off_at)}."]
        reasons = []
        screening = self.screening_or_none()
        if screening is None:
            reasons.append(
                "The duty screening has not been done: screen whether the involvement duty (s14Z45) applies."
            )
        else:
            reasons.extend(screening.missing())
        if not self.ehia_done:
            reasons.append("The equality and health inequalities assessment has not been recorded as done.")
        if screening is not None and screening.duty_applies:
            plan = self.plan_or_none()
            if plan is None:
                reasons.append(
                    "The involvement duty applies, so an engagement plan is needed: there is none for this business case."
                )
            elif not plan.budget_line.strip():
                reasons.append("The involvement duty applies, so the engagement plan needs a budget line: it has none.")
        assurance = self.current_assurance()
        if assurance is None:
            reasons.append("No engagement assurance has been given by the lay or non-executive member.")
        elif assurance.outcome == EngagementAssurance.Outcome.NOT_ASSURED:
            reasons.append(f"The engagement assurance by {assurance.reviewer} is 'not assured'.")
        elif assurance.outcome == EngagementAssurance.Outcome.CONDITIONS:
            for condition in assurance.conditions.filter(closed_at__isnull=True):
                reasons.append(f"The assurance condition '{condition.text}' is still open: close it with evidence.")
        return reasons

    def blockers_to_assuring(self) -> list[str]:
        """Nothing blocks a new assurance: it supersedes the current one and both stay, before and
        after sign-off (a sign-off keeps the assurance it relied on). An assurance itself is never
        edited."""
        return []


class DutyScreening(OrgOwned, Versioned):
    """The screening of whether the public involvement duty (s14Z45) applies to a business case,
    and what involvement is proportionate. Saved as it is filled in; complete when every answer
    the gate needs is there (`missing()`)."""

    organisation_path = "case__programme__organisation"

    class Involvement(models.TextChoices):
        INFORM = "inform", "Inform"
        ENGAGE = "engage", "Engage"
        CONSULT = "consult", "Formally consult"

    case = models.OneToOneField(BusinessCase, on_delete=models.CASCADE, related_name="screening")
    duty_applies = models.BooleanField(
        "does the involvement duty apply?",
        null=True,
        blank=True,
        help_text="s14Z45: planning commissioning arrangements, or a proposal or decision that would change how "
        "services are delivered or the range of services.",
    )
    involvement = models.CharField(
        "proportionate involvement",
        max_length=10,
        choices=Involvement.choices,
        blank=True,
        help_text="Inform, engage, or formally consult.",
    )
    substantial_variation = models.BooleanField(
        "is it a substantial development or variation?",
        null=True,
        blank=True,
        help_text="Regulation 23 (local authority health scrutiny) and Schedule 10A (notifiable reconfigurations).",
    )
    groups_affected = LongTextField(
        "groups affected",
        max_length=2_000,
        blank=True,
        help_text="Populations, protected characteristics and Core20PLUS groups affected.",
    )
    reason = LongTextField(max_length=5_000, blank=True, help_text="Why, in plain English.")
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    screened_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "duty screening"

    def __str__(self) -> str:
        return f"Duty screening of {self.case}"

    def missing(self) -> list[str]:
        """What the screening still lacks, in words (empty when complete)."""
        reasons = []
        if self.duty_applies is None:
            reasons.append("The duty screening does not say whether the involvement duty (s14Z45) applies.")
        if not self.involvement:
            reasons.append("The duty screening does not say whether to inform, engage or formally consult.")
        if self.substantial_variation is None:
            reasons.append(
                "The duty screening does not say whether this is a substantial variation needing local authority scrutiny."
            )
        if not self.groups_affected.strip():
            reasons.append("The duty screening does not say which groups are affected.")
        if not self.reason.strip():
            reasons.append("The duty screening does not give its reason.")
        answered = {a.question_id for a in self.answers.all() if a.answer.strip()}
        for question in ScreeningQuestion.objects.filter(active=True):
            if question.pk not in answered:
                reasons.append(f"The screening question '{question.text}' has no answer.")
        return reasons


class ScreeningAnswer(OrgOwned):
    organisation_path = "screening__case__programme__organisation"

    screening = models.ForeignKey(DutyScreening, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(ScreeningQuestion, on_delete=models.PROTECT, related_name="+")
    answer = LongTextField(max_length=5_000, blank=True)

    class Meta:
        ordering = ["question__position", "pk"]
        verbose_name = "screening answer"
        constraints = [models.UniqueConstraint(fields=["screening", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.question}: {self.answer[:60]}"


class EngagementPlan(OrgOwned, Versioned):
    """How engagement on the case is done and paid for: linked to the programme's stage runs and
    activities, with the budget line it is paid from."""

    organisation_path = "case__programme__organisation"

    case = models.OneToOneField(BusinessCase, on_delete=models.CASCADE, related_name="plan")
    summary = LongTextField(max_length=5_000, help_text="Who will be involved, how and when.")
    stage_runs = models.ManyToManyField(StageRun, blank=True, related_name="+", help_text="The programme's stage runs.")
    activities = models.ManyToManyField(EngagementActivity, blank=True, related_name="+")
    budget_line = LineField(max_length=100, blank=True, help_text="The finance code engagement is paid from.")
    budget = MoneyField(maximum=BUDGET_MAX, null=True, blank=True, help_text="The engagement budget in pounds.")

    class Meta:
        verbose_name = "engagement plan"

    def __str__(self) -> str:
        return f"Engagement plan for {self.case}"


class EngagementAssurance(OrgOwned):
    """The lay or non-executive member's assurance of engagement on a case. Never edited: a new
    assurance supersedes the current one, and both stay."""

    organisation_path = "case__programme__organisation"

    class Outcome(models.TextChoices):
        ASSURED = "assured", "Assured"
        CONDITIONS = "conditions", "Assured with conditions"
        NOT_ASSURED = "not_assured", "Not assured"

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="assurances")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    commentary = LongTextField(max_length=5_000, help_text="What you looked at and why you reached this outcome.")
    given_at = models.DateTimeField(default=timezone.now)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="supersedes"
    )

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = "engagement assurance"

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.reviewer})"


class AssuranceCheck(OrgOwned):
    """The reviewer's judgement against one assurance criterion."""

    organisation_path = "assurance__case__programme__organisation"

    class Met(models.TextChoices):
        MET = "met", "Met"
        PARTLY = "partly", "Partly met"
        NOT_MET = "not_met", "Not met"

    assurance = models.ForeignKey(EngagementAssurance, on_delete=models.CASCADE, related_name="checks")
    criterion = models.ForeignKey(AssuranceCriterion, on_delete=models.PROTECT, related_name="+")
    met = models.CharField(max_length=10, choices=Met.choices)

    class Meta:
        ordering = ["criterion__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["assurance", "criterion"], name="one_check_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_met_display()}"


class AssuranceCondition(OrgOwned, Versioned):
    """A condition of an 'assured with conditions' outcome, tracked to closure with evidence."""

    organisation_path = "assurance__case__programme__organisation"

    assurance = models.ForeignKey(EngagementAssurance, on_delete=models.CASCADE, related_name="conditions")
    text = LongTextField(max_length=2_000)
    evidence = LongTextField(max_length=5_000, blank=True, help_text="What shows the condition is met.")
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = "assurance condition"
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(evidence=""),
                name="closed_condition_has_evidence",
                violation_error_message="Say what shows the condition is met.",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def blockers_to_closing(self, evidence: str) -> list[str]:
        if self.closed_at is not None:
            return ["This condition is already closed."]
        if self.assurance.superseded_by_id is not None:
            return ["This condition belongs to an assurance that has been superseded."]
        if not (evidence or "").strip():
            return ["Say what shows the condition is met."]
        return []


class Paper(OrgOwned, Versioned):
    """A paper to a meeting, with its document (served only through a permission-checked view)."""

    organisation_path = "meeting__board__organisation"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = LineField(max_length=200)
    document = DocumentField()
    business_case = models.ForeignKey(
        BusinessCase, on_delete=models.SET_NULL, null=True, blank=True, related_name="papers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.title


# Decisions ------------------------------------------------------------------------------------------


class DecisionQuerySet(OrgOwnedQuerySet):
    def flagged(self):
        """Decisions where the involvement duty applied that cite no engagement: no word of how
        engagement influenced them, no consultation, and no insight item or hand-over behind them."""
        insight = Decision.insight.through.objects.filter(decision_id=OuterRef("pk"))
        handovers = Decision.handovers.through.objects.filter(decision_id=OuterRef("pk"))
        return (
            self.filter(duty_applied=True, engagement_influence="", consultation__isnull=True)
            .exclude(Exists(insight))
            .exclude(Exists(handovers))
        )

    def with_flags(self):
        """Joins the board, meeting, paper and case; annotates `is_flagged`."""
        flagged = Decision.objects.flagged().filter(pk=OuterRef("pk"))
        return self.select_related("board", "meeting", "paper", "business_case").annotate(is_flagged=Exists(flagged))


class Decision(OrgOwned, Versioned):
    """A decision of a board or committee, and how engagement influenced it."""

    organisation_path = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="decisions")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions")
    decided_on = PlausibleDateField()
    title = LineField(max_length=200, help_text="What was decided, in a line.")
    paper = models.ForeignKey(Paper, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions")
    outcome = LongTextField(max_length=5_000, help_text="The decision as minuted.")
    engagement_influence = LongTextField(
        "how engagement influenced it",
        max_length=5_000,
        blank=True,
        help_text="What people told us, and what changed because of it (or why nothing did).",
    )
    duty_applied = models.BooleanField(
        "did the involvement duty apply?",
        null=True,
        blank=True,
        help_text="Taken from the business case's duty screening when there is one.",
    )
    business_case = models.ForeignKey(
        BusinessCase, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        help_text="The consultation on the proposal decided, if there was one. No decision is recorded before "
        "its report shows how the responses were considered.",
    )
    insight = models.ManyToManyField(InsightItem, blank=True, related_name="+")
    handovers = models.ManyToManyField(Handover, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "-decided_on", "-id"], name="decision_newest_first")]

    def __str__(self) -> str:
        return self.title
