"""Forms for the Engagement Cycle's pages. Fields, limits and messages come from the models
(core.forms builds the messages from labels and limits); what a form adds is what a person must
choose on the page: who, which stage, and what happens to each open insight item."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from baton.core.forms import BatonForm, BatonModelForm, PersonChoiceField, VersionOnlyForm
from baton.core.models import User

from . import stages
from .actions import ANSWER, CARRY, CLOSE
from .models import EngagementActivity, Handover, InsightItem, Programme, StageRun
from .permissions import eligible_owners

# A page lists at most this many open insight items to settle; more would make it too long to use.
# Those not listed are carried forward, the default, and the page says so.
INSIGHT_LIMIT = 50


# Programmes --------------------------------------------------------------------------------------


class ProgrammeForm(BatonModelForm):
    lead = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="No lead yet",
        help_text="The programme lead, who answers for its engagement.",
    )

    class Meta:
        model = Programme
        fields = ["name", "description", "lead", "condition", "budget_line", "public_summary"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "public_summary": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"public_summary": "Public summary (draft)"}
        error_messages = {"name": {"required": "Enter the programme's name"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["lead"].queryset = eligible_owners(organisation)

    def clean_name(self):
        # Mirrors the constraint programme_name_unique_in_org, ignoring case as people do.
        name = self.cleaned_data["name"].strip()
        taken = Programme.objects.for_org(self.organisation).filter(name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("There is already a programme with this name. Choose another name")
        return name


# Stage runs ---------------------------------------------------------------------------------------


class OpenRunForm(BatonForm):
    once = True
    stage = forms.ChoiceField(
        choices=[("", "Choose a stage"), *stages.CHOICES],
        label="Stage",
        error_messages={"required": "Choose the stage to open"},
        help_text="Programmes usually start with identifying needs, but may join the Cycle at any stage.",
    )
    owner = PersonChoiceField(
        queryset=User.objects.none(),
        empty_label="Choose the owner",
        label="Owner",
        error_messages={"required": "Choose who owns this stage run"},
        help_text="Who leads engagement in this stage.",
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["owner"].queryset = eligible_owners(programme.organisation_id)

    def clean_stage(self):
        # Mirrors the constraint one_live_run_per_stage.
        stage = self.cleaned_data["stage"]
        if StageRun.objects.filter(programme=self.programme, stage=stage).live().exists():
            raise forms.ValidationError(
                f"This programme already has a stage run in {stages.label(stage)} that is not closed. Close it first"
            )
        return stage


class ReasonForm(VersionOnlyForm):
    """Reopen a closed run, or record why it needs no hand-over: say why."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2_000, label="Why?")

    def __init__(self, *args, label: str, hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = hint
        self.fields["reason"].error_messages["required"] = f"Enter {label[:1].lower()}{label[1:].rstrip('?')}"


# Activities ---------------------------------------------------------------------------------------


class ActivityForm(BatonModelForm):
    class Meta:
        model = EngagementActivity
        fields = [
            "title",
            "method",
            "ladder_level",
            "target_groups",
            "start_date",
            "end_date",
            "reach",
            "cost",
            "accessibility_measures",
            "partners",
        ]
        widgets = {"accessibility_measures": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "target_groups": {"required": "Enter who this activity sets out to reach"},
            "reach": {"required": "Enter how many people took part (0 if none yet)"},
            "cost": {"required": "Enter the cost in pounds (0 if none)"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [("", "Choose a method"), *EngagementActivity.Method.choices]
        self.fields["ladder_level"].choices = [("", "Choose a level"), *EngagementActivity.Ladder.choices]

    def clean(self):
        # Mirrors the constraint activity_ends_after_start.
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date")
        return data


# Insight ------------------------------------------------------------------------------------------


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class InsightForm(BatonModelForm):
    stage_relevance = forms.MultipleChoiceField(
        choices=stages.CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Stages this insight matters to",
    )
    activity = ActivityChoiceField(
        queryset=EngagementActivity.objects.none(),
        required=False,
        empty_label="Not from an activity",
        label="Activity",
        help_text="The activity this came from, if any.",
        error_messages={"invalid_choice": "Choose one of this stage run's activities"},
    )

    class Meta:
        model = InsightItem
        fields = [
            "title",
            "detail",
            "source",
            "themes",
            "sentiment",
            "population_segment",
            "stage_relevance",
            "activity",
            "status",
            "resolution",
        ]
        widgets = {"detail": forms.Textarea(attrs={"rows": 4}), "resolution": forms.Textarea(attrs={"rows": 3})}
        labels = {"resolution": "Answer, or why it is closed"}
        error_messages = {"source": {"required": "Choose where this insight came from"}}

    def __init__(self, *args, run, **kwargs):
        super().__init__(*args, **kwargs)
        self.run = run
        self.fields["activity"].queryset = run.activities.order_by("title", "pk")
        self.fields["source"].choices = [("", "Choose a source"), *InsightItem.Source.choices]
        self.fields["sentiment"].choices = [("", "Not recorded"), *InsightItem.Sentiment.choices]
        self.fields["status"].choices = InsightItem.Status.choices
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("stage_relevance", [run.stage])
            self.initial.setdefault("status", InsightItem.Status.OPEN)

    def clean(self):
        # Mirrors the constraint resolved_insight_says_how.
        data = super().clean()
        status, resolution = data.get("status"), (data.get("resolution") or "").strip()
        if status == InsightItem.Status.ANSWERED and not resolution:
            self.add_error("resolution", "Say what the answer is: what was done, or will be, about it")
        elif status == InsightItem.Status.CLOSED and not resolution:
            self.add_error("resolution", "Say why it is closed without action")
        return data


# What happens to each open insight item ---------------------------------------------------------------


class DispositionsMixin:
    """One choice per open insight item, carried forward (the default, where there is somewhere
    to carry it), answered here or closed, each with its text: the baton rule made explicit."""

    if TYPE_CHECKING:  # what the Form this is mixed into provides
        fields: dict[str, forms.Field]
        cleaned_data: dict[str, Any]

        def add_error(self, field: str | None, error: Any) -> None: ...

    def add_dispositions(self, items, *, can_carry: bool):
        self.disposition_items = list(items)
        choices = [(ANSWER, "Answered here"), (CLOSE, "Closed without action")]
        if can_carry:
            choices.insert(0, (CARRY, "Carry forward to the next stage"))
        for item in self.disposition_items:
            self.fields[f"insight_{item.pk}"] = forms.ChoiceField(
                choices=choices,
                widget=forms.RadioSelect,
                initial=CARRY if can_carry else None,
                label=item.title,
                error_messages={"required": f"Choose what happens to '{item.title}'"},
            )
            self.fields[f"insight_{item.pk}_text"] = forms.CharField(
                required=False,
                max_length=5_000,
                widget=forms.Textarea(attrs={"rows": 2}),
                label="The answer, or why it is closed",
            )

    def clean_dispositions(self) -> None:
        for item in self.disposition_items:
            choice = self.cleaned_data.get(f"insight_{item.pk}")
            text = (self.cleaned_data.get(f"insight_{item.pk}_text") or "").strip()
            if choice == ANSWER and not text:
                self.add_error(f"insight_{item.pk}_text", f"Say what the answer is for '{item.title}'")
            elif choice == CLOSE and not text:
                self.add_error(f"insight_{item.pk}_text", f"Say why '{item.title}' is closed without action")

    def dispositions(self) -> list[tuple]:
        return [
            (
                item,
                self.cleaned_data[f"insight_{item.pk}"],
                (self.cleaned_data.get(f"insight_{item.pk}_text") or "").strip(),
            )
            for item in self.disposition_items
        ]

    def disposition_rows(self):
        """(item, its choice field, its text field), for the template."""
        return [(item, self[f"insight_{item.pk}"], self[f"insight_{item.pk}_text"]) for item in self.disposition_items]


# Hand-overs ---------------------------------------------------------------------------------------


def _summary_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=Handover._meta.get_field("summary").max_length,
        label="Summary",
        error_messages={"required": "Say what this stage learned and what the next stage needs to know"},
        **kwargs,
    )


def _open_actions_field() -> forms.CharField:
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=Handover._meta.get_field("open_actions").max_length,
        label="Open actions",
        help_text="Actions still open, one a line.",
    )


class HandoverForm(DispositionsMixin, BatonForm):
    once = True
    to_stage = forms.ChoiceField(
        label="Hand over to",
        error_messages={
            "required": "Choose the stage to hand over to",
            "invalid_choice": "Choose one of the stages listed",
        },
    )
    next_owner = PersonChoiceField(
        queryset=User.objects.none(),
        empty_label="Choose the next owner",
        label="Next owner",
        help_text="Who leads the next stage. They must accept the hand-over.",
        error_messages={"required": "Choose who owns the next stage"},
    )
    summary = _summary_field(help_text="What this stage learned and what the next stage needs to know.")
    open_actions = _open_actions_field()

    def __init__(self, *args, run, **kwargs):
        super().__init__(*args, **kwargs)
        self.run = run
        self.fields["to_stage"].choices = [(key, stages.label(key)) for key in run.stage_info.hands_to]
        if len(run.stage_info.hands_to) == 1:
            self.fields["to_stage"].initial = run.stage_info.next_key
        else:
            self.fields["to_stage"].widget = forms.RadioSelect()
        self.fields["next_owner"].queryset = eligible_owners(run.programme.organisation_id)
        open_items = run.open_insight_not_carried().order_by("-created_at", "-pk")
        self.insight_total = open_items.count()
        self.add_dispositions(open_items[:INSIGHT_LIMIT], can_carry=True)
        self.insight_shown = len(self.disposition_items)

    def clean(self):
        data = super().clean()
        self.clean_dispositions()
        return data


class HandoverEditForm(BatonModelForm):
    next_owner = PersonChoiceField(
        queryset=User.objects.none(),
        label="Next owner",
        help_text="Who leads the next stage. They must accept the hand-over; if you change them, both are told.",
        error_messages={"required": "Choose who owns the next stage"},
    )

    class Meta:
        model = Handover
        fields = ["next_owner", "summary", "open_actions"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5}), "open_actions": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"summary": {"required": "Say what this stage learned and what the next stage needs to know"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_owner"].queryset = eligible_owners(organisation)


class QueryHandoverForm(VersionOnlyForm):
    once = True
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        label="What do you need before you can accept?",
        error_messages={"required": "Say what you need before you can accept this hand-over"},
    )


class AnswerQueryForm(VersionOnlyForm):
    once = True
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        label="Your answer",
        help_text="The next owner sees it with their query, and is asked again to accept.",
        error_messages={"required": "Write your answer to the query"},
    )
    summary = _summary_field(help_text="Change the summary too, if the answer changes it.")
    open_actions = _open_actions_field()

    def changes(self) -> dict:
        return {"summary": self.cleaned_data["summary"], "open_actions": self.cleaned_data["open_actions"]}


class CloseRunForm(DispositionsMixin, VersionOnlyForm):
    """Closing a run: the open insight that would be dropped is settled first, on the same page."""

    def __init__(self, *args, run, settle: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        open_items = run.open_insight_not_carried().order_by("-created_at", "-pk")
        self.insight_total = open_items.count()
        # While the run cannot close for another reason, its insight is settled later (or carried by
        # the hand-over still to be made): asking now would only get in the way.
        self.add_dispositions(open_items[:INSIGHT_LIMIT] if settle else [], can_carry=run.handover is not None)
        self.insight_shown = len(self.disposition_items)

    def clean(self):
        data = super().clean()
        self.clean_dispositions()
        return data
