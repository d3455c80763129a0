"""Forms for commitments: make one (choose the insight it answers), change it, record its
response, and publish it in public words. Limits and messages come from the model's fields."""

from __future__ import annotations

from django import forms

from baton.core.forms import BatonForm, BatonModelForm, DateField, PersonChoiceField
from baton.core.models import User
from baton.cycle.models import InsightItem

from .models import Commitment, reason_needed
from .permissions import eligible_owners

INSIGHT_OFFERED = 200  # the newest items of a programme offered on the page; the API links any


class InsightChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.get_status_display().lower()})"


class CommitmentForm(BatonModelForm):
    insight_items = InsightChoiceField(
        queryset=InsightItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="What people told us",
        help_text="Choose the insight this commitment answers.",
        error_messages={"required": "Choose at least one insight item this commitment answers"},
    )
    owner = PersonChoiceField(queryset=User.objects.none(), label="Owner", empty_label="Choose the owner")

    class Meta:
        model = Commitment
        fields = ["insight_items", "will_do", "owner", "due_on"]
        widgets = {"will_do": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"will_do": {"required": "Enter what we will do"}}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        offered = InsightItem.objects.filter(stage_run__programme=programme).order_by("-created_at", "-pk")
        ids = set(offered.values_list("pk", flat=True)[:INSIGHT_OFFERED])
        if self.instance.pk:
            ids.update(self.instance.insight_items.values_list("pk", flat=True))
        self.fields["insight_items"].queryset = InsightItem.objects.filter(pk__in=ids).order_by("-created_at", "-pk")
        self.fields["owner"].queryset = eligible_owners(programme.organisation_id)

    def changes(self) -> dict:
        found = super().changes()
        if "insight_items" in found:
            found["insight_items"] = list(found["insight_items"])
        return found


class ResponseForm(BatonForm):
    response = forms.ChoiceField(
        choices=Commitment.Response.choices,
        widget=forms.RadioSelect,
        label="Did we do it?",
        error_messages={"required": "Choose adopted, partly adopted or not adopted"},
    )
    what_we_did = forms.CharField(
        label="What we did",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=Commitment._meta.get_field("what_we_did").max_length,
    )
    reason = forms.CharField(
        label="We could not change this, because ...",
        help_text="Needed when it was not adopted or only partly.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=Commitment._meta.get_field("reason").max_length,
    )
    done_on = DateField(label="Done on", required=False, help_text="Leave blank for today.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].needed_when = "not adopted or partly"

    def clean(self):
        data = super().clean()
        if reason_needed(data.get("response", "")) and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why: we could not change this, because ...")
        return data


class PublishForm(BatonModelForm):
    class Meta:
        model = Commitment
        fields = ["public_said", "public_did"]
        widgets = {"public_said": forms.Textarea(attrs={"rows": 3}), "public_did": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "public_said": {"required": "Enter what people said, in public words"},
            "public_did": {"required": "Enter what we did, in public words"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_said"].required = True
        self.fields["public_did"].required = True
