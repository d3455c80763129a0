"""Forms for the consultation pages. Fields, limits and messages come from the models (core.forms
builds the messages from labels and limits; core.files the upload's); what a form adds is what a
person chooses on the page: the programme, the lead, whether the consultation closes early."""

from __future__ import annotations

from django import forms

from baton.core.forms import BatonForm, BatonModelForm, PersonChoiceField
from baton.core.models import User
from baton.cycle.models import Programme

from .models import Consultation, ConsultationMaterial, ConsultationSettings, GunningAssessment
from .permissions import eligible_leads, eligible_programmes

DETAIL_FIELDS = [
    "title",
    "programme",
    "lead",
    "proposal",
    "formative_statement",
    "how_to_take_part",
    "opens_on",
    "closes_on",
    "short_duration_reason",
]
FIXED_ONCE_OPEN = {"proposal", "formative_statement", "opens_on"}


class ConsultationForm(BatonModelForm):
    """Create or change a consultation. Once it has opened, the proposal, the formative-stage
    statement and the opening date are fixed, so the form leaves them out."""

    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(),
        required=False,
        empty_label="Not part of a programme",
        help_text="The programme whose proposal this consults on.",
    )
    lead = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="No lead yet",
        help_text="Who runs this consultation day to day.",
    )

    class Meta:
        model = Consultation
        fields = DETAIL_FIELDS
        widgets = {
            "proposal": forms.Textarea(attrs={"rows": 6}),
            "formative_statement": forms.Textarea(attrs={"rows": 4}),
            "how_to_take_part": forms.Textarea(attrs={"rows": 4}),
            "short_duration_reason": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": "Enter the consultation's title"},
            "proposal": {"required": "Describe the proposal people are consulted on"},
        }

    def __init__(self, *args, organisation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = eligible_programmes(user, organisation)
        self.fields["lead"].queryset = eligible_leads(organisation)
        current = self.instance.programme if self.instance.pk else None
        if current is not None and not self.fields["programme"].queryset.filter(pk=current.pk).exists():
            # The programme stays what it is for someone who may not move it.
            del self.fields["programme"]
        if self.instance.pk and self.instance.status != Consultation.Status.PLANNED:
            for name in FIXED_ONCE_OPEN:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        opens = data.get("opens_on", self.instance.opens_on if self.instance.pk else None)
        closes = data.get("closes_on")
        if opens and closes and closes <= opens:  # mirrors consultation_closes_after_it_opens
            self.add_error("closes_on", "The closing date must be after the opening date")
        return data

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in DETAIL_FIELDS if name in self.fields}


class ResponsesForm(BatonModelForm):
    class Meta:
        model = Consultation
        fields = ["individual_responses", "organisation_responses", "event_participants"]


class ReportForm(BatonModelForm):
    """The report (a document) and how the responses were considered. A report already uploaded
    is kept unless another file is chosen."""

    class Meta:
        model = Consultation
        fields = ["report", "report_summary"]
        widgets = {"report_summary": forms.Textarea(attrs={"rows": 8})}

    def changes(self) -> dict:
        found = {"report_summary": self.cleaned_data["report_summary"]}
        if "report" in self.files:
            found["report"] = self.cleaned_data["report"]
        return found


class MaterialForm(BatonModelForm):
    once = True

    class Meta:
        model = ConsultationMaterial
        fields = ["title", "file"]
        labels = {"file": "Document"}
        error_messages = {"title": {"required": "Enter the document's title"}}


class CloseForm(BatonForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    early_reason = forms.CharField(
        label="Reason for closing early",
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed only before the closing date: closing early cuts the time people have to respond.",
    )

    def expected_version(self):
        return self.cleaned_data.get("version")


class AssessmentForm(BatonModelForm):
    class Meta:
        model = GunningAssessment
        fields = ["outcome", "evidence"]
        widgets = {"outcome": forms.RadioSelect, "evidence": forms.Textarea(attrs={"rows": 4})}
        labels = {"outcome": "Is this check met?"}
        error_messages = {"outcome": {"required": "Choose whether this check is met"}}

    def clean(self):
        data = super().clean()
        if data.get("outcome") not in (None, GunningAssessment.Outcome.NOT_YET) and not data.get("evidence"):
            self.add_error("evidence", "Give the evidence for the assessment")
        return data


class SettingsForm(BatonModelForm):
    class Meta:
        model = ConsultationSettings
        fields = ["minimum_weeks"]
        error_messages = {"minimum_weeks": {"min_value": "The minimum duration must be at least 1 week"}}

    def clean_minimum_weeks(self):
        weeks = self.cleaned_data["minimum_weeks"]
        if weeks is not None and weeks < 1:  # mirrors consultation_minimum_at_least_a_week
            raise forms.ValidationError("The minimum duration must be at least 1 week")
        return weeks
