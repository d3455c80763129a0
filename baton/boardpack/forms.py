"""The "Generate a pack" form: the period and the NHS board-paper cover sheet. Limits and
messages come from the model's fields; the rules across fields (the period in order, at most two
years, the meeting not before the period) are the model's `cover_problems`, asked by the action."""

from __future__ import annotations

from django import forms

from baton.core.forms import BatonModelForm, offer_newest
from baton.direction.models import Objective

from .models import BoardPack

OBJECTIVES_OFFERED = 60  # the newest strategy's objectives come first; the API links any


class ObjectiveChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class PackForm(BatonModelForm):
    objectives = ObjectiveChoiceField(
        queryset=Objective.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Strategic objectives",
        help_text="The objectives this paper supports (from your organisation's strategy).",
    )

    class Meta:
        model = BoardPack
        fields = [
            "title",
            "period_start",
            "period_end",
            "meeting_date",
            "purpose",
            "executive_lead",
            "report_author",
            "assurance_level",
            "assurance_reason",
            "recommendation",
            "objectives",
            "risks",
        ]
        widgets = {
            "purpose": forms.RadioSelect,
            "assurance_level": forms.RadioSelect,
            "assurance_reason": forms.Textarea(attrs={"rows": 3}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
            "risks": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "title": {"required": "Enter the paper's title"},
            "purpose": {"required": "Choose what the paper is for"},
            "executive_lead": {"required": "Enter the executive lead"},
            "report_author": {"required": "Enter the report's author"},
            "assurance_level": {"required": "Choose the level of assurance"},
            "assurance_reason": {"required": "Say why this level of assurance"},
            "recommendation": {"required": "Enter what the board is asked to do"},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("purpose", "assurance_level"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [c for c in field.choices if c[0]]  # radios: no blank "---------"
        offer_newest(
            self,
            "objectives",
            Objective.objects.for_org(organisation).order_by("-strategy_id", "pk"),
            OBJECTIVES_OFFERED,
        )

    def clean(self):
        data = super().clean()
        probe = BoardPack(**{k: data.get(k) for k in ("period_start", "period_end", "meeting_date")})
        for field, messages in probe.cover_problems().items():
            if field not in self.errors:
                self.add_error(field, messages)
        return data

    def cover(self) -> dict:
        found = self.changes()
        found["objectives"] = list(found.get("objectives") or [])
        return found
