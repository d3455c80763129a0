"""Forms for the Engagement Cycle's pages. They check what a person typed and say what is wrong
in plain English; the rules that span rows stay in actions.py, and the database constraints are
mirrored here so that a person sees a sentence rather than an error page."""

from django import forms

from baton.core.forms import VersionedForm
from baton.core.models import User
from baton.core.permissions import WRITERS

from . import stages
from .models import EngagementActivity, Handover, InsightItem, Programme, StageRun

# A hand-over form lists at most this many open insight items as checkboxes; more would make the
# page too long to use (and to load). The page says so when it leaves some out.
HANDOVER_INSIGHT_LIMIT = 50


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def writers_of(organisation):
    """People of the organisation who may own a stage run or lead a programme: the roles that
    can change things (board members, lay members and patient partners read only)."""
    return User.objects.filter(
        membership__organisation=organisation, membership__role__in=WRITERS, is_active=True
    ).order_by("first_name", "last_name", "username")


class PersonChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": "Choose a person from the list"}

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class VersionOnlyForm(forms.Form):
    """For a button that changes a record (close, accept): carries the version the person saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def expected_version(self):
        return self.cleaned_data.get("version") if self.is_valid() else None


# Programmes --------------------------------------------------------------------------------------


class ProgrammeForm(VersionedForm):
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
        error_messages = {
            "name": {
                "required": "Enter the programme's name",
                "max_length": "The name must be 200 characters or fewer",
            },
            "condition": {"max_length": "The condition must be 200 characters or fewer"},
            "budget_line": {"max_length": "The budget line must be 100 characters or fewer"},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["lead"].queryset = writers_of(organisation)

    def clean_name(self):
        # Mirrors the constraint programme_name_unique_in_org.
        name = self.cleaned_data["name"].strip()
        taken = Programme.objects.for_org(self.organisation).filter(name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("There is already a programme with this name. Choose another name")
        return name


# Stage runs ---------------------------------------------------------------------------------------


class OpenRunForm(forms.Form):
    stage = forms.ChoiceField(
        choices=[("", "Choose a stage"), *stages.CHOICES],
        error_messages={"required": "Choose the stage to open"},
        help_text="Programmes usually start with identifying needs, but may join the Cycle at any stage.",
    )
    owner = PersonChoiceField(
        queryset=User.objects.none(),
        empty_label="Choose the owner",
        error_messages={"required": "Choose who owns this stage run"},
        help_text="Who leads engagement in this stage.",
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["owner"].queryset = writers_of(programme.organisation_id)

    def clean_stage(self):
        # Mirrors the constraint one_live_run_per_stage.
        stage = self.cleaned_data["stage"]
        live = StageRun.objects.filter(programme=self.programme, stage=stage).exclude(status=StageRun.Status.CLOSED)
        if live.exists():
            raise forms.ValidationError(
                f"This programme already has a stage run in {stages.label(stage)} that is not closed. Close it first"
            )
        return stage


# Activities ---------------------------------------------------------------------------------------


class ActivityForm(VersionedForm):
    reach = forms.IntegerField(
        min_value=0,
        initial=0,
        help_text="How many people took part.",
        error_messages={
            "required": "Enter how many people took part (0 if none yet)",
            "invalid": "Reach must be a whole number",
            "min_value": "Reach must be 0 or more",
        },
    )
    cost = forms.DecimalField(
        min_value=0,
        max_digits=10,
        decimal_places=2,
        initial=0,
        help_text="Cost in pounds.",
        error_messages={
            "required": "Enter the cost in pounds (0 if none)",
            "invalid": "Cost must be an amount in pounds, like 120.50",
            "min_value": "Cost must be 0 or more",
            "max_digits": "Cost must be less than 100,000,000 pounds",
            "max_decimal_places": "Cost must have no more than 2 decimal places (pence)",
            "max_whole_digits": "Cost must be less than 100,000,000 pounds",
        },
    )

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
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "accessibility_measures": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"ladder_level": "Ladder of engagement level", "accessibility_measures": "Accessibility measures"}
        error_messages = {
            "title": {"required": "Enter a title", "max_length": "The title must be 200 characters or fewer"},
            "method": {"required": "Choose a method", "invalid_choice": "Choose a method from the list"},
            "ladder_level": {
                "required": "Choose a ladder level",
                "invalid_choice": "Choose a ladder level from the list",
            },
            "target_groups": {
                "required": "Enter who this activity sets out to reach",
                "max_length": "Target groups must be 500 characters or fewer",
            },
            "start_date": {"required": "Enter the start date", "invalid": "The start date must be a real date"},
            "end_date": {"invalid": "The end date must be a real date"},
            "partners": {"max_length": "Partners must be 500 characters or fewer"},
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


class InsightForm(VersionedForm):
    stage_relevance = forms.MultipleChoiceField(
        choices=stages.CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Stages this insight matters to",
        error_messages={"invalid_choice": "Choose stages from the list"},
    )
    activity = ActivityChoiceField(
        queryset=EngagementActivity.objects.none(),
        required=False,
        empty_label="Not from an activity",
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
        ]
        widgets = {"detail": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "title": {"required": "Enter a title", "max_length": "The title must be 200 characters or fewer"},
            "source": {
                "required": "Choose where this insight came from",
                "invalid_choice": "Choose a source from the list",
            },
            "sentiment": {"invalid_choice": "Choose a sentiment from the list"},
            "status": {"required": "Choose a status", "invalid_choice": "Choose a status from the list"},
            "themes": {"max_length": "Themes must be 500 characters or fewer"},
            "population_segment": {"max_length": "The population segment must be 200 characters or fewer"},
        }

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


# Hand-overs ---------------------------------------------------------------------------------------


class HandoverForm(forms.Form):
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
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What this stage learned and what the next stage needs to know.",
        error_messages={"required": "Say what this stage learned and what the next stage needs to know"},
    )
    open_actions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="Actions still open, one a line."
    )
    insight = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Insight to carry forward",
        help_text="Open insight from this stage run that the next stage should act on.",
        error_messages={"invalid_choice": "Choose insight from the list"},
    )

    def __init__(self, *args, run, **kwargs):
        super().__init__(*args, **kwargs)
        self.run = run
        self.fields["to_stage"].choices = [(key, stages.label(key)) for key in run.stage_info.hands_to]
        if len(run.stage_info.hands_to) == 1:
            self.fields["to_stage"].initial = run.stage_info.next_key
        else:
            self.fields["to_stage"].widget = forms.RadioSelect()
        self.fields["next_owner"].queryset = writers_of(run.programme.organisation_id)
        open_items = run.insight_items.filter(status=InsightItem.Status.OPEN).exclude(carried_by__isnull=False)
        self.insight_total = open_items.count()
        self.fields["insight"].choices = [
            (item.pk, item.title) for item in open_items.order_by("-created_at", "-pk")[:HANDOVER_INSIGHT_LIMIT]
        ]
        self.insight_shown = len(self.fields["insight"].choices)

    def carried_items(self):
        return list(self.run.insight_items.filter(pk__in=self.cleaned_data.get("insight") or []))


class HandoverEditForm(VersionedForm):
    next_owner = PersonChoiceField(
        queryset=User.objects.none(),
        label="Next owner",
        help_text="Who leads the next stage. They must accept the hand-over.",
        error_messages={"required": "Choose who owns the next stage"},
    )

    class Meta:
        model = Handover
        fields = ["next_owner", "summary", "open_actions"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5}), "open_actions": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"summary": {"required": "Say what this stage learned and what the next stage needs to know"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_owner"].queryset = writers_of(organisation)


class QueryHandoverForm(VersionOnlyForm):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What do you need before you can accept?",
        error_messages={"required": "Say what you need before you can accept this hand-over"},
    )

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError("Say what you need before you can accept this hand-over")
        return note
