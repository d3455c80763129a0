"""Forms of learning and support. Fields, limits and messages come from the models; a form adds
the choices that depend on the organisation (offers, participation roles, staff, the people
register: the newest 200 and the one chosen, so a form stays quick with thousands of people)."""

from __future__ import annotations

from django import forms

from baton.core.forms import BatonForm, BatonModelForm, PersonChoiceField, offer_newest
from baton.core.models import User
from baton.people.models import Person

from .models import LearningNeed, LearningOffer, LearningRecord, LearningRequirement, ParticipationRole
from .permissions import staff_members

PEOPLE_OFFERED = 200


def _link(label: str, help_text: str) -> forms.URLField:
    return forms.URLField(
        assume_scheme="https",
        required=False,
        max_length=500,
        label=label,
        help_text=help_text,
        error_messages={"invalid": "Enter the link in the correct format, like https://example.nhs.uk/course"},
    )


class OfferForm(BatonModelForm):
    link = _link("Link", "Where to find it or book it: a web address.")

    class Meta:
        model = LearningOffer
        fields = ["title", "kind", "audience", "provider", "link", "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "title": {"required": "Enter the offer's title"},
            "kind": {"required": "Choose what kind of learning it is"},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_title(self):
        # Unique ignoring case: the action checks it, so a form sent twice is saved once, not refused.
        return self.cleaned_data["title"].strip()


class RoleKindForm(BatonModelForm):
    class Meta:
        model = ParticipationRole
        fields = ["name", "role_contains", "structure_type", "stage", "min_level"]
        error_messages = {"name": {"required": "Enter the participation role's name"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["structure_type"].empty_label = "Any structure, or an activity"

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean(self):
        data = super().clean()
        if not (
            (data.get("role_contains") or "").strip()
            or data.get("structure_type")
            or data.get("stage")
            or data.get("min_level") is not None
        ):
            raise forms.ValidationError(
                "Say at least one thing a participation in this role has: words in its role, a type of "
                "structure, a stage or a level."
            )
        return data


class RequirementForm(BatonModelForm):
    class Meta:
        model = LearningRequirement
        fields = ["offer", "staff_role", "participation_role", "renew_months"]
        error_messages = {"offer": {"required": "Choose the learning that is required"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.offer_id if self.instance.pk else None
        self.fields["offer"].queryset = LearningOffer.objects.for_org(organisation).filter(
            pk__in=LearningOffer.objects.for_org(organisation).filter(active=True).values("pk")
        ) | LearningOffer.objects.filter(pk=current)
        self.fields["offer"].empty_label = "Choose an offer"
        self.fields["participation_role"].queryset = ParticipationRole.objects.for_org(organisation)
        self.fields["participation_role"].empty_label = "None: a staff role"
        self.fields["staff_role"].choices = [("", "None: a participation role"), *self.fields["staff_role"].choices[1:]]

    def clean(self):
        data = super().clean()
        if bool(data.get("staff_role")) == bool(data.get("participation_role")):
            self.add_error("staff_role", "Choose either a staff role or a participation role.")
        return data


class RecordForm(BatonModelForm):
    evidence_link = _link("Evidence link", "A web address where the evidence is, if there is one.")
    user = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Not a member of staff",
        label="Member of staff",
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not a person who takes part",
        label="Person who takes part",
        help_text="The newest 200 people, and anyone chosen from their page.",
    )

    class Meta:
        model = LearningRecord
        fields = ["user", "person", "offer", "completed_on", "evidence", "evidence_link", "certificate"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "offer": {"required": "Choose the learning that was done"},
            "completed_on": {"required": "Enter the day it was completed"},
        }

    def __init__(self, *args, organisation, person_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_members(organisation)
        people = Person.objects.for_org(organisation).active().order_by("-created_at", "-pk")
        offer_newest(self, "person", people, PEOPLE_OFFERED)
        if person_id:
            self.fields["person"].queryset = self.fields["person"].queryset | people.filter(pk=person_id)
        self.fields["offer"].queryset = LearningOffer.objects.for_org(organisation).filter(active=True)
        self.fields["offer"].empty_label = "Choose an offer"

    def clean(self):
        data = super().clean()
        if bool(data.get("user")) == bool(data.get("person")):
            self.add_error("person", "Choose either a member of staff or a person who takes part.")
        return data


class NeedForm(BatonModelForm):
    """A support request raised for someone (by their manager or an engagement lead)."""

    user = PersonChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Not a member of staff", label="Member of staff"
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not a person who takes part",
        label="Person who takes part",
        help_text="The newest 200 people, and anyone chosen from their page.",
    )

    class Meta:
        model = LearningNeed
        fields = ["user", "person", "what", "offer"]
        widgets = {"what": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"what": {"required": "Say what learning or support is needed"}}

    def __init__(self, *args, organisation, person_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_members(organisation)
        people = Person.objects.for_org(organisation).active().order_by("-created_at", "-pk")
        offer_newest(self, "person", people, PEOPLE_OFFERED)
        if person_id:
            self.fields["person"].queryset = self.fields["person"].queryset | people.filter(pk=person_id)
        self.fields["offer"].queryset = LearningOffer.objects.for_org(organisation).filter(active=True)
        self.fields["offer"].empty_label = "Not one of our offers"
        self.fields["offer"].required = False

    def clean(self):
        data = super().clean()
        if bool(data.get("user")) == bool(data.get("person")):
            self.add_error("person", "Choose either a member of staff or a person who takes part.")
        return data


class AskForm(BatonModelForm):
    """Someone asking for support for themselves."""

    class Meta:
        model = LearningNeed
        fields = ["what", "offer"]
        widgets = {"what": forms.Textarea(attrs={"rows": 4})}
        labels = {"what": "What would help you?", "offer": "One of our offers, if you have one in mind"}
        error_messages = {"what": {"required": "Say what learning or support would help you"}}

    def __init__(self, *args, organisation, public, **kwargs):
        super().__init__(*args, **kwargs)
        audience = LearningOffer.Audience.STAFF if public else LearningOffer.Audience.PUBLIC
        self.fields["offer"].queryset = (
            LearningOffer.objects.for_org(organisation).filter(active=True).exclude(audience=audience)
        )
        self.fields["offer"].empty_label = "Not one of these"
        self.fields["offer"].required = False


class CloseNeedForm(BatonForm):
    status = forms.ChoiceField(
        label="What happened?",
        choices=[
            (LearningNeed.Status.MET, "The need was met"),
            (LearningNeed.Status.CLOSED, "Closed without being met"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the need was met"},
    )
    outcome = forms.CharField(
        label="Note",
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was done, or why it is closed.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
