"""Forms of taking part: an opportunity (staff), registering interest (the public form, with its
honeypot), recording participation, and the steps of an import of people."""

from __future__ import annotations

from django import forms

from baton.core.forms import BatonForm, BatonModelForm, DateField, offer_newest
from baton.cycle.models import EngagementActivity
from baton.structures.models import Structure

from .imports import TARGETS
from .models import Opportunity


class OpportunityForm(BatonModelForm):
    CHOICES = 200  # activities offered: the newest, and the one chosen

    class Meta:
        model = Opportunity
        fields = [
            "title",
            "summary",
            "activity",
            "structure",
            "where",
            "when",
            "access",
            "payment_offered",
            "role_level",
            "closes_on",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5}), "access": forms.Textarea(attrs={"rows": 3})}
        labels = {"activity": "Activity it is for", "structure": "Or the structure with a vacancy"}
        help_texts = {
            "activity": "Optional: the activity people take part in. Their participation is recorded there.",
            "structure": "Optional, instead of an activity: the group (a panel, a forum) with a vacancy.",
        }
        error_messages = {
            "title": {"required": "Enter the opportunity's title"},
            "summary": {"required": "Enter what taking part involves"},
            "where": {"required": "Enter where it takes place, or 'online'"},
            "when": {"required": "Enter when it takes place"},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # The newest activities (and the one chosen), so the form stays quick with thousands; the API
        # links any activity of the organisation.
        offer_newest(
            self,
            "activity",
            EngagementActivity.objects.for_org(organisation)
            .select_related("stage_run__programme")
            .order_by("-start_date", "-pk"),
            self.CHOICES,
        )
        self.fields["activity"].queryset = self.fields["activity"].queryset.order_by("title", "pk")
        self.fields["activity"].label_from_instance = lambda a: f"{a.title} ({a.stage_run.programme.name})"
        self.fields["activity"].empty_label = "None"
        self.fields["structure"].queryset = Structure.objects.for_org(organisation).order_by("name")
        self.fields["structure"].empty_label = "None"

    def clean(self):
        data = super().clean()
        if data.get("activity") and data.get("structure"):
            self.add_error("structure", "Choose an activity or a structure, not both")
        return data


class ParticipationFromInterestForm(BatonForm):
    role = forms.CharField(
        label="Role", max_length=100, initial="Participant", help_text="For example Participant or Member."
    )
    starts_on = DateField(label="Taking part from")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ImportUploadForm(BatonForm):
    file = forms.FileField(
        label="Spreadsheet of people",
        help_text="A .csv or .xlsx file, up to 5 MB and 5,000 people. The first row names the columns.",
        error_messages={"required": "Choose a .csv or .xlsx file to import", "empty": "The file is empty"},
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ImportMappingForm(BatonForm):
    """Which column of the file holds each of a person's fields."""

    def __init__(self, *args, headers: list[str], initial_mapping: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this file")] + [(str(i), header) for i, header in enumerate(headers)]
        for target, label in TARGETS.items():
            self.fields[target] = forms.ChoiceField(label=label, choices=choices, required=target == "name")
            if initial_mapping and target in initial_mapping:
                self.initial[target] = str(initial_mapping[target])
        self.fields["name"].error_messages["required"] = "Choose the column with each person's name or alias"

    def mapping(self) -> dict[str, int]:
        return {target: int(value) for target, value in self.cleaned_data.items() if target in TARGETS and value != ""}
