"""Forms of review samples, reviews and reports. Fields, limits and messages come from the models;
a form adds the choices that depend on the organisation (patient partners, services, months,
programmes and stage runs)."""

from __future__ import annotations

from django import forms

from baton.core.forms import BatonForm, BatonModelForm, PersonChoiceField
from baton.core.models import User
from baton.cycle.models import InsightItem, Programme, StageRun
from baton.insight.models import FeedbackComment

from . import framework
from .models import SAMPLE_MAX, SAMPLE_MIN, FieldReport, ReviewSample
from .permissions import patient_partners

SENTIMENTS = [(str(v), label) for v, label in InsightItem.Sentiment.choices]


def theme_choices() -> list[tuple[str, str]]:
    return [(code, code) for code in framework.codes()]


class SampleForm(BatonModelForm):
    reviewer = PersonChoiceField(queryset=User.objects.none(), label="Patient partner", empty_label="Choose someone")
    size = forms.IntegerField(
        min_value=SAMPLE_MIN,
        max_value=SAMPLE_MAX,
        initial=40,
        label="How many comments",
        help_text=f"From {SAMPLE_MIN} to {SAMPLE_MAX}. Around 40 takes an hour or so.",
    )
    service = forms.ChoiceField(required=False, label="Service")
    month = forms.ChoiceField(required=False, label="Month received")
    theme = forms.ChoiceField(required=False, label="Theme the machine gave")

    class Meta:
        model = ReviewSample
        fields = ["title", "reviewer", "size", "service", "month", "theme", "order"]
        widgets = {"order": forms.RadioSelect}
        error_messages = {"title": {"required": "Enter a name for the sample"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = patient_partners(organisation)
        self.fields["reviewer"].error_messages["required"] = "Choose the patient partner who will review the sample"
        comments = FeedbackComment.objects.for_org(organisation)
        services = comments.exclude(service="").order_by("service").values_list("service", flat=True).distinct()[:200]
        self.fields["service"].choices = [("", "Any service"), *((s, s) for s in services)]
        months = comments.filter(received_on__isnull=False).dates("received_on", "month", order="DESC")[:36]
        self.fields["month"].choices = [("", "Any month"), *((m.isoformat(), f"{m:%B %Y}") for m in months)]
        self.fields["theme"].choices = [("", "Any theme"), *theme_choices()]
        self.fields["order"].label = "Which comments first"

    def clean_month(self):
        from datetime import date

        value = self.cleaned_data.get("month")
        return date.fromisoformat(value) if value else None


class ReviewForm(BatonForm):
    agreed = forms.TypedChoiceField(
        choices=[("yes", "Yes, the themes and sentiment are right"), ("no", "No, I will correct them")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Do you agree with the machine?",
        error_messages={"required": "Say whether you agree with the machine's themes and sentiment"},
    )
    themes = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple, label="Themes")
    sentiment = forms.TypedChoiceField(
        choices=SENTIMENTS, coerce=int, required=False, empty_value=None, widget=forms.RadioSelect, label="Sentiment"
    )
    note = forms.CharField(
        required=False, max_length=500, label="Anything else", help_text="For example, why the machine misread it."
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, extra_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = theme_choices() + [(c, c) for c in extra_codes if c not in framework.codes()]
        self.fields["themes"].error_messages["invalid_choice"] = "Choose themes from the list"

    def clean(self):
        data = super().clean()
        if data.get("agreed") is False:
            if not data.get("themes"):
                self.add_error("themes", "Choose at least one theme, or say you agree with the machine")
            if data.get("sentiment") is None:
                self.add_error("sentiment", "Choose the sentiment of the comment")
        return data


class ReportForm(BatonModelForm):
    once = True

    class Meta:
        model = FieldReport
        fields = ["kind", "happened_on", "place", "heard_from", "heard", "suggestions", "programme", "stage_run"]
        widgets = {
            "kind": forms.RadioSelect,
            "heard": forms.Textarea(attrs={"rows": 6}),
            "suggestions": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"kind": "What kind of insight is it", "happened_on": "Date", "heard": "What you heard"}
        error_messages = {
            "kind": {"required": "Say whether it was a monitoring visit or a community conversation"},
            "place": {"required": "Enter where it happened"},
            "heard_from": {"required": "Say who you heard from, in general terms"},
            "heard": {"required": "Enter what you heard"},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.for_org(organisation).order_by("name")
        self.fields["programme"].empty_label = "Not about one programme"
        self.fields["stage_run"].queryset = (
            StageRun.objects.for_org(organisation).live().select_related("programme").order_by("programme__name", "pk")
        )
        self.fields["stage_run"].empty_label = "Not sure"
        self.fields["stage_run"].label = "Stage of the programme (optional)"


class AcceptForm(BatonForm):
    stage_run = forms.ModelChoiceField(
        queryset=StageRun.objects.none(),
        label="Stage run it is insight for",
        empty_label="Choose a stage run",
        error_messages={"required": "Choose the stage run this insight belongs to"},
    )
    title = forms.CharField(
        max_length=200,
        label="What was learned, in a sentence",
        error_messages={"required": "Enter what was learned, in a sentence"},
    )
    sentiment = forms.TypedChoiceField(
        choices=[("", "Not given"), *SENTIMENTS], coerce=int, required=False, empty_value=None, label="Sentiment"
    )
    themes = forms.CharField(max_length=500, required=False, label="Themes", help_text="Separated by commas.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage_run"].queryset = (
            StageRun.objects.for_org(organisation).live().select_related("programme").order_by("programme__name", "pk")
        )


class ReturnForm(BatonForm):
    note = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What should the author change",
        error_messages={"required": "Say what the author should change"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
