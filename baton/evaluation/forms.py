"""The assessment form. Fields, limits and messages come from the model; the ratings and the
yes/partly/no checks are radios, so every choice is visible at once."""

from __future__ import annotations

from django import forms

from baton.core.forms import BatonModelForm

from .models import ActivityAssessment

RATED = ["outcomes_rating", "processes_rating", "mechanisms_rating"]
CHECKS = ["timely", "accessible", "feedback_given", "method_suited", "ladder_suited"]
FIELDS = [
    "outcomes_rating",
    "outcomes_evidence",
    "processes_rating",
    "timely",
    "accessible",
    "feedback_given",
    "processes_evidence",
    "mechanisms_rating",
    "method_suited",
    "ladder_suited",
    "mechanisms_evidence",
    "with_patient_partners",
    "assessors",
]


class AssessmentForm(BatonModelForm):
    class Meta:
        model = ActivityAssessment
        fields = FIELDS
        widgets = {
            **{name: forms.RadioSelect for name in RATED + CHECKS},
            **{name: forms.Textarea(attrs={"rows": 4}) for name in FIELDS if name.endswith("_evidence")},
        }
        error_messages = {
            "outcomes_rating": {"required": "Choose how well the outcomes were met"},
            "processes_rating": {"required": "Choose how well the processes were run"},
            "mechanisms_rating": {"required": "Choose how well the method and ladder level suited"},
            "outcomes_evidence": {"required": "Enter the evidence of outcomes: what changed, and how you know"},
            "processes_evidence": {"required": "Enter the evidence of processes: what went well and what did not"},
            "mechanisms_evidence": {"required": "Enter why the method and level did or did not suit"},
            "timely": {"required": "Choose whether it was run on time"},
            "accessible": {"required": "Choose whether it was accessible"},
            "feedback_given": {"required": "Choose whether the people who took part were told what happened next"},
            "method_suited": {"required": "Choose whether the method suited the people and the purpose"},
            "ladder_suited": {"required": "Choose whether the ladder level suited the purpose"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in RATED + CHECKS:
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0] != ""]  # radios: no empty choice
