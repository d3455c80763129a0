"""Forms for the governance pages. Fields, limits and messages come from the models (core.forms);
the screening questions and the assurance criteria are read from their reference data, one field
each, so a question added by the governance team appears on the page without a code change."""

from __future__ import annotations

from django import forms

from baton.consultations.models import Consultation
from baton.core.forms import BatonForm, BatonModelForm, PersonChoiceField, VersionOnlyForm, offer_newest
from baton.core.models import User
from baton.cycle.models import EngagementActivity, Handover, InsightItem, Programme, StageRun

from .models import (
    AssuranceCheck,
    AssuranceCriterion,
    Board,
    BoardMember,
    BusinessCase,
    Decision,
    DutyScreening,
    EngagementAssurance,
    EngagementPlan,
    Meeting,
    Paper,
    ScreeningQuestion,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


def _as_yes_no(value):
    return {True: "yes", False: "no"}.get(value, "")


class YesNoField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=YES_NO, coerce=_yes_no, empty_value=None, widget=forms.RadioSelect, required=False, **kwargs
        )


# Business cases ----------------------------------------------------------------------------------


class CaseForm(BatonModelForm):
    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), empty_label="Choose a programme")

    class Meta:
        model = BusinessCase
        fields = ["programme", "title", "kind", "summary", "value"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"title": {"required": "Enter the business case's title"}}

    def __init__(self, *args, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programmes is None:
            del self.fields["programme"]
        else:
            self.fields["programme"].queryset = programmes
            self.fields["programme"].error_messages["required"] = "Choose the programme the case is on"
        self.fields["kind"].choices = [("", "Choose a type"), *BusinessCase.Kind.choices]


class EhiaForm(BatonModelForm):
    ehia_done = forms.TypedChoiceField(
        label="Has the equality and health inequalities assessment been done?",
        choices=YES_NO,
        coerce=_yes_no,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the assessment has been done"},
    )
    ehia_link = forms.URLField(
        assume_scheme="https",
        required=False,
        max_length=500,
        label="Link to the assessment",
        help_text="The address of the full assessment, for example on your intranet.",
        error_messages={"invalid": "Enter the link in the correct format, like https://example.nhs.uk/ehia"},
    )

    class Meta:
        model = BusinessCase
        fields = ["ehia_done", "ehia_summary", "ehia_link"]
        widgets = {"ehia_summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["ehia_done"] = _as_yes_no(self.instance.ehia_done)

    def clean(self):
        # Mirrors the constraint ehia_done_has_summary_and_link.
        data = super().clean()
        if data.get("ehia_done"):
            if not (data.get("ehia_summary") or "").strip():
                self.add_error("ehia_summary", "Enter what the assessment found")
            if not (data.get("ehia_link") or "").strip() and "ehia_link" not in self.errors:
                self.add_error("ehia_link", "Enter the link to the full assessment")
        return data


class ScreeningForm(BatonModelForm):
    """The s14Z45 duty screening: its conclusions, and an answer to each active screening question
    (`answer_<id>`). Every field may be left for later; the gate says what is still missing."""

    duty_applies = YesNoField(label="Does the public involvement duty (s14Z45) apply?")
    substantial_variation = YesNoField(
        label="Is it a substantial development or variation needing local authority scrutiny?"
    )

    class Meta:
        model = DutyScreening
        fields = ["duty_applies", "involvement", "substantial_variation", "groups_affected", "reason"]
        widgets = {
            "involvement": forms.RadioSelect,
            "groups_affected": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    LIMIT = 100  # the newest stage runs and activities offered, and those already in the plan

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["duty_applies"].help_text = DutyScreening._meta.get_field("duty_applies").help_text
        self.fields["substantial_variation"].help_text = DutyScreening._meta.get_field(
            "substantial_variation"
        ).help_text
        self.fields["involvement"].required = False
        self.fields["involvement"].choices = DutyScreening.Involvement.choices
        self.questions = list(ScreeningQuestion.objects.filter(active=True))
        answers = {a.question_id: a.answer for a in self.instance.answers.all()} if self.instance.pk else {}
        for q in self.questions:
            name = f"answer_{q.pk}"
            self.fields[name] = forms.CharField(
                label=q.text,
                help_text=q.guidance,
                required=False,
                max_length=5_000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[name].error_messages["max_length"] = "An answer must be 5,000 characters or fewer"
            if not self.is_bound:
                self.initial[name] = answers.get(q.pk, "")
        if not self.is_bound and self.instance.pk:
            self.initial["duty_applies"] = _as_yes_no(self.instance.duty_applies)
            self.initial["substantial_variation"] = _as_yes_no(self.instance.substantial_variation)

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"answer_{q.pk}", "") for q in self.questions}


class PlanForm(BatonModelForm):
    stage_runs = forms.ModelMultipleChoiceField(
        queryset=StageRun.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Stage runs this plan covers",
    )
    activities = forms.ModelMultipleChoiceField(
        queryset=EngagementActivity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Activities this plan includes",
    )

    class Meta:
        model = EngagementPlan
        fields = ["summary", "stage_runs", "activities", "budget_line", "budget"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"summary": {"required": "Say who will be involved, how and when"}}

    LIMIT = 100  # the newest stage runs and activities offered, and those already in the plan

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        runs = StageRun.objects.filter(programme=case.programme).select_related("programme")
        offer_newest(self, "stage_runs", runs.order_by("-created_at", "-pk"), self.LIMIT)
        activities = EngagementActivity.objects.filter(stage_run__programme=case.programme)
        offer_newest(self, "activities", activities.order_by("-start_date", "-pk"), self.LIMIT)
        if not self.is_bound and not self.instance.pk and case.programme.budget_line:
            self.initial["budget_line"] = case.programme.budget_line

    def changes(self) -> dict:
        return {k: v for k, v in super().changes().items() if k not in ("stage_runs", "activities")}


class AssuranceForm(BatonForm):
    """The lay or non-executive member's assurance: a judgement on each criterion, the outcome, the
    commentary and any conditions. `supersedes` carries the current assurance the reviewer saw."""

    once = True
    outcome = forms.ChoiceField(
        choices=EngagementAssurance.Outcome.choices,
        widget=forms.RadioSelect,
        label="Your assurance of engagement on this business case",
        error_messages={"required": "Choose assured, assured with conditions, or not assured"},
    )
    commentary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        label="What you looked at, and why you reached this outcome",
        error_messages={"required": "Say what you looked at and why you reached this outcome"},
    )
    conditions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        required=False,
        label="Conditions, one a line",
        help_text="Only with 'assured with conditions'. Each is tracked until it is closed with evidence.",
    )
    supersedes = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(AssuranceCriterion.objects.filter(active=True))
        for c in self.criteria:
            self.fields[f"check_{c.pk}"] = forms.ChoiceField(
                choices=AssuranceCheck.Met.choices,
                widget=forms.RadioSelect,
                label=c.text,
                help_text=c.source,
                error_messages={"required": "Say whether this is met"},
            )
        # The criteria first, then the outcome they lead to.
        order = [f"check_{c.pk}" for c in self.criteria] + ["outcome", "commentary", "conditions", "supersedes"]
        self.order_fields(order)

    def checks(self) -> dict[int, str | None]:
        return {c.pk: self.cleaned_data.get(f"check_{c.pk}") for c in self.criteria}

    def condition_lines(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("conditions") or "").splitlines() if line.strip()]


class CloseConditionForm(VersionOnlyForm):
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        label="What shows the condition is met?",
        help_text="For example, the link to the easy read summary, or the date the group met.",
        error_messages={"required": "Say what shows the condition is met"},
    )


class SignOffForm(VersionOnlyForm):
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        empty_label="Choose the meeting",
        label="The meeting at which the board signs it off",
        error_messages={"required": "Choose the meeting at which the board signs it off"},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = Meeting.objects.for_org(organisation).select_related("board")
        offer_newest(self, "meeting", meetings.order_by("-held_on", "-pk"), 100)


# Boards ----------------------------------------------------------------------------------------------


class BoardForm(BatonModelForm):
    class Meta:
        model = Board
        fields = ["name", "kind", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"name": {"required": "Enter the board or committee's name"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self):
        # Mirrors the constraint board_name_unique_in_org.
        name = self.cleaned_data["name"].strip()
        taken = Board.objects.for_org(self.organisation).filter(name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("There is already a board or committee with this name. Choose another name")
        return name


class MemberForm(BatonModelForm):
    once = True
    person = PersonChoiceField(queryset=User.objects.none(), empty_label="Choose a person")

    class Meta:
        model = BoardMember
        fields = ["person", "role"]
        error_messages = {"role": {"required": "Enter their role on the board, for example Chair"}}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        self.fields["person"].queryset = (
            User.objects.filter(memberships__organisation_id=board.organisation_id, is_active=True)
            .distinct()
            .order_by("first_name", "last_name", "pk")
        )
        self.fields["person"].error_messages["required"] = "Choose who sits on the board"

    def clean_person(self):
        person = self.cleaned_data["person"]
        if BoardMember.objects.filter(board=self.board, person=person).exists():
            raise forms.ValidationError("This person is already a member of this board or committee")
        return person


class MeetingForm(BatonModelForm):
    once = True

    class Meta:
        model = Meeting
        fields = ["held_on", "title", "location"]


class PaperForm(BatonModelForm):
    once = True
    business_case = forms.ModelChoiceField(
        queryset=BusinessCase.objects.none(),
        required=False,
        empty_label="Not a business case",
        label="The business case it presents",
    )

    class Meta:
        model = Paper
        fields = ["title", "document", "business_case"]
        error_messages = {"title": {"required": "Enter the paper's title"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        offer_newest(self, "business_case", BusinessCase.objects.for_org(organisation).order_by("-created_at"), 200)
        self.fields["business_case"].queryset = self.fields["business_case"].queryset.order_by("title")


class DecisionForm(BatonModelForm):
    once = True
    duty_applied = YesNoField(label="Did the involvement duty apply? (optional)")
    insight = forms.ModelMultipleChoiceField(
        queryset=InsightItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Insight behind the decision",
    )
    handovers = forms.ModelMultipleChoiceField(
        queryset=Handover.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Hand-overs behind the decision",
    )

    class Meta:
        model = Decision
        fields = [
            "board",
            "meeting",
            "decided_on",
            "title",
            "paper",
            "outcome",
            "engagement_influence",
            "duty_applied",
            "business_case",
            "consultation",
            "insight",
            "handovers",
        ]
        widgets = {
            "outcome": forms.Textarea(attrs={"rows": 4}),
            "engagement_influence": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {"title": {"required": "Enter what was decided"}}

    LIMIT = 50  # the newest insight and hand-overs offered, and those already linked; the API links any
    CHOICES = 100  # the newest meetings, papers, business cases and consultations offered, and the one chosen

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duty_applied"].help_text = "Taken from the business case's duty screening when there is one."
        self.fields["board"].queryset = Board.objects.for_org(organisation)
        self.fields["board"].empty_label = "Choose the board or committee"
        self.fields["board"].error_messages["required"] = "Choose the board or committee that decided"
        meetings = Meeting.objects.for_org(organisation).select_related("board")
        offer_newest(self, "meeting", meetings.order_by("-held_on", "-pk"), self.CHOICES)
        self.fields["meeting"].empty_label = "No meeting"
        offer_newest(self, "paper", Paper.objects.for_org(organisation).order_by("-pk"), self.CHOICES)
        self.fields["paper"].empty_label = "No paper"
        offer_newest(self, "business_case", BusinessCase.objects.for_org(organisation).order_by("-pk"), self.CHOICES)
        self.fields["business_case"].empty_label = "No business case"
        offer_newest(self, "consultation", Consultation.objects.for_org(organisation).order_by("-pk"), self.CHOICES)
        self.fields["consultation"].empty_label = "No consultation"
        offer_newest(
            self, "insight", InsightItem.objects.for_org(organisation).order_by("-created_at", "-pk"), self.LIMIT
        )
        handovers = Handover.objects.for_org(organisation).select_related("from_run", "from_run__programme")
        offer_newest(self, "handovers", handovers.order_by("-created_at", "-pk"), self.LIMIT)
        if not self.is_bound and self.instance.pk:
            self.initial["duty_applied"] = _as_yes_no(self.instance.duty_applied)

    def links(self) -> dict:
        return {"insight": list(self.cleaned_data["insight"]), "handovers": list(self.cleaned_data["handovers"])}

    def changes(self) -> dict:
        return {k: v for k, v in super().changes().items() if k not in ("insight", "handovers")}
