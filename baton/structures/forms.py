"""Forms of the register of engagement structures. Fields, limits and messages come from the
models; a form adds the choices (the organisation's boards, programmes, decisions, hand-overs and
people) and the review's dates."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

from baton.core.forms import BatonForm, BatonModelForm, DateField, PersonChoiceField, offer_newest
from baton.core.models import User
from baton.cycle.models import Handover, Programme
from baton.governance.models import Board, Decision

from .models import TERMS_VALID_FOR_DAYS, MeetingAction, Structure, StructureMeeting, StructureType
from .permissions import eligible_owners


class StructureForm(BatonModelForm):
    once = True

    class Meta:
        model = Structure
        fields = [
            "name",
            "type",
            "programme",
            "purpose",
            "function",
            "feeds_board",
            "feeds_named_body",
            "terms_of_reference",
            "terms_document",
            "terms_reviewed_on",
            "review_due_on",
            "recruiting",
            "vacancies",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "function": forms.Textarea(attrs={"rows": 4}),
            "terms_of_reference": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {"recruiting": "The structure is recruiting members"}
        error_messages = {"name": {"required": "Enter the structure's name"}}

    CHOICES = 200  # the newest programmes offered, and the one chosen; the API links any

    none_will_do = forms.BooleanField(
        label="None of these structures will do: add a new one",
        required=False,
        help_text="Function before form: a new group only where no existing one can do the job.",
    )

    def __init__(self, *args, organisation, similar=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.similar = list(similar)
        if not self.similar:  # asked only when the register has structures with a similar purpose
            del self.fields["none_will_do"]
        current_type = self.instance.type_id if self.instance.pk else None
        types = StructureType.objects.filter(active=True)
        if current_type:
            types = StructureType.objects.filter(active=True) | StructureType.objects.filter(pk=current_type)
        self.fields["type"].queryset = types.order_by("position", "name", "pk")
        self.fields["type"].empty_label = "Choose a type"
        self.fields["type"].error_messages["required"] = "Choose the type of structure"
        self.fields["feeds_board"].queryset = Board.objects.for_org(organisation).order_by("name", "pk")
        self.fields["feeds_board"].empty_label = "Not a board or committee in Baton"
        offer_newest(self, "programme", Programme.objects.for_org(organisation).order_by("-pk"), self.CHOICES)
        self.fields["programme"].queryset = self.fields["programme"].queryset.order_by("name", "pk")
        self.fields["programme"].empty_label = "No one programme"

    def clean_name(self):
        # Mirrors the constraint structure_name_unique_in_org, ignoring case as people do.
        name = self.cleaned_data["name"].strip()
        taken = Structure.objects.for_org(self.organisation).filter(name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("There is already a structure with this name. Choose another name")
        return name

    def clean(self):
        data = super().clean()
        if data.get("feeds_board") is not None and (data.get("feeds_named_body") or "").strip():
            self.add_error(
                "feeds_named_body",
                "Choose a board or committee in Baton, or name a body outside Baton, not both",
            )
        return data


class ReviewForm(BatonForm):
    reviewed_on = DateField(label="Reviewed on", required=False, help_text="Leave blank for today.")
    next_review_on = DateField(label="Next review due on", help_text="At most a year after this review.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_review_on"].error_messages["required"] = "Enter the date the next review is due"
        if not self.is_bound:
            self.initial.setdefault("next_review_on", timezone.localdate() + timedelta(days=TERMS_VALID_FOR_DAYS - 1))


class MeetingForm(BatonModelForm):
    once = True
    decisions = forms.ModelMultipleChoiceField(
        queryset=Decision.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Decisions this meeting informed",
    )
    handovers = forms.ModelMultipleChoiceField(
        queryset=Handover.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Hand-overs this meeting contributed to",
    )

    class Meta:
        model = StructureMeeting
        fields = ["held_on", "title", "location", "minutes", "minutes_document", "decisions", "handovers"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 8})}

    LIMIT = 50  # the newest decisions and hand-overs offered, and those already linked; the API links any

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        offer_newest(
            self, "decisions", Decision.objects.for_org(organisation).order_by("-decided_on", "-pk"), self.LIMIT
        )
        handovers = Handover.objects.for_org(organisation).select_related("from_run", "from_run__programme")
        offer_newest(self, "handovers", handovers.order_by("-created_at", "-pk"), self.LIMIT)
        self.fields["handovers"].label_from_instance = lambda h: f"{h.from_run.programme.name}: {h}"

    def links(self) -> dict:
        return {"decisions": list(self.cleaned_data["decisions"]), "handovers": list(self.cleaned_data["handovers"])}

    def changes(self) -> dict:
        return {k: v for k, v in super().changes().items() if k not in ("decisions", "handovers")}


class ActionForm(BatonModelForm):
    once = True
    owner = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody in Baton",
        label="Owner who uses Baton",
        help_text="Choose a person in your organisation, or leave this and name someone outside Baton.",
    )

    class Meta:
        model = MeetingAction
        fields = ["text", "owner", "owner_name", "commitment", "due_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": "Enter the action"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = eligible_owners(organisation)

    def clean(self):
        data = super().clean()
        if data.get("owner") is not None and (data.get("owner_name") or "").strip():
            self.add_error("owner_name", "Choose someone who uses Baton, or name someone outside Baton, not both")
        return data


class CompleteActionForm(BatonForm):
    done_on = DateField(label="Done on", required=False, help_text="Leave blank for today.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
