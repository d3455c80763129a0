"""Forms of the responsibilities register. Fields, limits and messages come from the models; a
form adds the choice of a holder (someone who uses Baton in the organisation) and the date a term
ends."""

from __future__ import annotations

from django import forms

from baton.core.forms import BatonForm, BatonModelForm, DateField, PersonChoiceField
from baton.core.models import User

from .models import HubRole, RoleHolder
from .permissions import eligible_holders


class RoleForm(BatonModelForm):
    class Meta:
        model = HubRole
        fields = ["name", "kind", "responsibilities", "required"]
        widgets = {"kind": forms.RadioSelect, "responsibilities": forms.Textarea(attrs={"rows": 5})}
        labels = {"required": "This role is required"}
        error_messages = {"name": {"required": "Enter the role's name"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["kind"].choices = HubRole.Kind.choices

    def clean_name(self):
        # Mirrors the constraint register_role_name_unique_in_org, ignoring case as people do.
        name = self.cleaned_data["name"].strip()
        taken = HubRole.objects.for_org(self.organisation).filter(name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("The register already has a role with this name. Choose another name")
        return name


class HolderForm(BatonModelForm):
    person = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Someone outside Baton",
        label="Someone who uses Baton",
        help_text="Choose a person in your organisation, or leave this and give the name of someone outside Baton.",
    )

    class Meta:
        model = RoleHolder
        fields = ["person", "name", "holder_organisation", "contact", "starts_on", "ends_on"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = eligible_holders(organisation)

    def clean(self):
        data = super().clean()
        person, name = data.get("person"), (data.get("name") or "").strip()
        if person is not None and name:
            self.add_error("name", "Choose someone who uses Baton, or give the name of someone outside Baton, not both")
        elif person is None and not name and "name" not in self.errors:
            self.add_error("person", "Choose someone who uses Baton, or give the name of someone outside Baton")
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The term must end on or after the day it starts")
        return data


class EndTermForm(BatonForm):
    ends_on = DateField(
        label="Term ends on",
        required=False,
        help_text="Leave blank to end it today.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
