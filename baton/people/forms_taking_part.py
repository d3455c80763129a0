"""Forms of taking part: an opportunity (staff), registering interest (the public form, with its
honeypot), recording participation, and the steps of an import of people."""

from __future__ import annotations

from django import forms

from baton.core.forms import BatonForm, BatonModelForm, DateField
from baton.cycle.models import EngagementActivity
from baton.structures.models import Structure

from .imports import TARGETS
from .models import Opportunity, Purpose

NEED_CHOICES = [
    ("easy_read", "Easy read"),
    ("bsl", "A British Sign Language interpreter"),
    ("large_print", "Large print"),
    ("hearing_loop", "A hearing loop"),
    ("step_free", "Step-free access"),
]
CONSENT_CHOICES = [
    (Purpose.CONTACT_ACTIVITY, "You may contact me about this activity (needed to register)"),
    (Purpose.FUTURE_OPPORTUNITIES, "You may contact me about future opportunities to take part"),
    (Purpose.EQUALITY_MONITORING, "You may ask me equality monitoring questions (always optional)"),
    (Purpose.NAMED_PUBLICLY, "You may name me publicly (for example in a report or on a website)"),
]


class OpportunityForm(BatonModelForm):
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
        self.fields["activity"].queryset = (
            EngagementActivity.objects.for_org(organisation).select_related("stage_run__programme").order_by("title")
        )
        self.fields["activity"].label_from_instance = lambda a: f"{a.title} ({a.stage_run.programme.name})"
        self.fields["activity"].empty_label = "None"
        self.fields["structure"].queryset = Structure.objects.for_org(organisation).order_by("name")
        self.fields["structure"].empty_label = "None"

    def clean(self):
        data = super().clean()
        if data.get("activity") and data.get("structure"):
            self.add_error("structure", "Choose an activity or a structure, not both")
        return data


class InterestForm(BatonForm):
    """What a member of the public gives to register interest: only what is needed."""

    name = forms.CharField(
        label="Your name",
        max_length=200,
        help_text="A first name or a name you would like us to use is enough.",
        error_messages={"required": "Enter your name, or a name you would like us to use"},
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    phone = forms.CharField(label="Phone number", required=False, max_length=40)
    needs = forms.MultipleChoiceField(
        label="What would help you take part?",
        choices=NEED_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    language = forms.CharField(
        label="A language other than English", required=False, max_length=100, help_text="For example Polish or Urdu."
    )
    other_needs = forms.CharField(
        label="Anything else that would help",
        required=False,
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message = forms.CharField(
        label="Why you are interested",
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consents = forms.MultipleChoiceField(
        label="What you agree to",
        choices=CONSENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="You can change your mind at any time by contacting us.",
    )
    # The honeypot: hidden from people (and from screen readers); a program filling every box fills it.
    website = forms.CharField(required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error("email", "Enter an email address or a phone number, so that we can contact you")
        if Purpose.CONTACT_ACTIVITY not in (data.get("consents") or []) and "consents" not in self.errors:
            self.add_error("consents", "Agree to be contacted about this activity, so that we can reply to you")
        return data

    def is_spam(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "email": data.get("email") or "",
            "phone": (data.get("phone") or "").strip(),
            "needs": data.get("needs") or [],
            "language": (data.get("language") or "").strip(),
            "other_needs": (data.get("other_needs") or "").strip(),
            "message": (data.get("message") or "").strip(),
            "consents": {purpose: purpose in (data.get("consents") or []) for purpose in Purpose.values},
        }


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
