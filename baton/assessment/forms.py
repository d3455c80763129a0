"""Forms of the self-assessment. Limits and messages come from the models; the score's choices
come from the framework's scale (reference data), each with what it means."""

from __future__ import annotations

from django import forms

from baton.core.forms import BatonForm, BatonModelForm, PersonChoiceField
from baton.core.models import User

from .models import Action, Assessment, Item, Rating
from .permissions import eligible_owners


class AssessmentForm(BatonModelForm):
    class Meta:
        model = Assessment
        fields = ["period", "period_end", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"period": {"required": "Enter the period, for example 2026/27 Q3"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_period(self):
        # Mirrors the constraint one_assessment_per_period, ignoring case as people do.
        period = self.cleaned_data["period"].strip()
        taken = Assessment.objects.for_org(self.organisation).filter(period__iexact=period)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("There is already an assessment for this period")
        return period


class RatingForm(BatonForm):
    score = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect, label="Score")
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=Rating._meta.get_field("evidence").max_length,
        label="Evidence",
        help_text=str(Rating._meta.get_field("evidence").help_text),
    )

    def __init__(self, *args, item: Item, **kwargs):
        super().__init__(*args, **kwargs)
        levels = list(item.framework.levels.all())
        score = self.fields["score"]
        assert isinstance(score, forms.TypedChoiceField)
        score.choices = [(lv.score, f"{lv.score}: {lv.label}. {lv.descriptor}") for lv in levels]
        score.error_messages["required"] = "Choose a score"
        score.error_messages["invalid_choice"] = "Choose a score from the list"
        if item.framework.max_evidence:
            self.fields["evidence"].help_text += f" At most {item.framework.max_evidence}."


class ActionForm(BatonModelForm):
    owner = PersonChoiceField(
        queryset=User.objects.none(),
        empty_label="Choose the owner",
        label="Owner",
        help_text="Who makes sure it is done.",
        error_messages={"required": "Choose who owns the action"},
    )

    class Meta:
        model = Action
        fields = ["text", "owner", "due_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": "Say what will be done"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = eligible_owners(organisation)
