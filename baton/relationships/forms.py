"""Forms of the partner register and communications. Fields, limits and messages come from the
models; a form adds the choices that depend on the organisation (owners, programmes, contacts, the
people register) and, when logging dialogue, a promise made in it."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from baton.core.forms import BatonForm, BatonModelForm, DateField, PersonChoiceField, offer_newest
from baton.core.models import User
from baton.cycle import stages
from baton.cycle.models import Programme
from baton.people.models import Person

from .models import CommsItem, Contact, Dialogue, FormatRequest, Partner, PartnerType, Promise
from .permissions import eligible_owners


class PartnerForm(BatonModelForm):
    owner = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody yet",
        label="Relationship owner",
        help_text="Who in your organisation owns this relationship.",
    )

    class Meta:
        model = Partner
        fields = ["name", "type", "ods_code", "owner", "about", "email", "phone"]
        widgets = {"about": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"name": {"required": "Enter the partner's name"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["owner"].queryset = eligible_owners(organisation)
        current = self.instance.type_id if self.instance.pk else None
        self.fields["type"].queryset = PartnerType.objects.filter(
            pk__in=PartnerType.objects.filter(active=True).values("pk")
        ) | PartnerType.objects.filter(pk=current)
        self.fields["type"].empty_label = "Choose a type"

    def clean_ods_code(self):
        return (self.cleaned_data.get("ods_code") or "").strip().upper()

    def clean_name(self):
        # Mirrors partner_name_unique_in_org, ignoring case as people do.
        name = self.cleaned_data["name"].strip()
        taken = Partner.objects.for_org(self.organisation).filter(name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("There is already a partner with this name. Choose another name")
        return name


PEOPLE_OFFERED = 200  # people offered in a choice: the newest, and the one already chosen


class ContactForm(BatonModelForm):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not in the people register",
        label="Their record in the people register",
        help_text="Only for a patient leader.",
    )

    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone", "patient_leader", "person"]
        error_messages = {"name": {"required": "Enter the contact's name"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # The newest patient leaders (and the one linked), so the form stays quick with thousands of
        # people; the API links any.
        offer_newest(
            self,
            "person",
            Person.objects.for_org(organisation).active().filter(kind=Person.Kind.PATIENT_LEADER).order_by("-pk"),
            PEOPLE_OFFERED,
        )
        self.fields["person"].queryset = self.fields["person"].queryset.order_by("name", "pk")

    def clean(self):
        data = super().clean()
        if data.get("person") is not None and not data.get("patient_leader"):
            self.add_error("person", "Only a patient leader is linked to the people register")
        return data


class DialogueForm(BatonModelForm):
    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), empty_label="Choose a programme")
    staff = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Who from our side",
    )
    contacts = forms.ModelMultipleChoiceField(
        queryset=Contact.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Their contacts"
    )

    class Meta:
        model = Dialogue
        fields = ["programme", "stage", "kind", "happened_on", "summary", "staff", "contacts"]
        widgets = {"kind": forms.RadioSelect, "summary": forms.Textarea(attrs={"rows": 5})}
        error_messages = {"summary": {"required": "Enter a summary of what was said"}}

    def __init__(self, *args, partner, with_promise=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner
        self.fields["programme"].queryset = Programme.objects.for_org(partner.organisation_id)
        self.fields["stage"].choices = [("", "Choose a stage"), *stages.CHOICES]
        self.fields["kind"].choices = Dialogue.Kind.choices
        self.fields["staff"].queryset = eligible_owners(partner.organisation_id)
        self.fields["staff"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["contacts"].queryset = partner.contacts.all()
        if not partner.contacts.exists():
            del self.fields["contacts"]
        if with_promise:
            self.fields["promise"] = forms.CharField(
                label="What we promised",
                required=False,
                max_length=Promise._meta.get_field("text").max_length,
                help_text="If we promised something, say what. Leave blank if not.",
            )
            self.fields["promise_due_on"] = DateField(label="Promise due by", required=False)

    def clean(self):
        data = super().clean()
        day = data.get("happened_on")
        if day and day > timezone.localdate():
            self.add_error("happened_on", "The date cannot be in the future")
        if "promise" in self.fields and data.get("promise") and not data.get("promise_due_on"):
            self.add_error("promise_due_on", "Enter the date the promise is due by")
        return data

    def changes(self) -> dict:
        found = super().changes()
        for name in ("staff", "contacts"):
            if name in found:
                found[name] = list(found[name])
        return found


class PromiseForm(BatonModelForm):
    class Meta:
        model = Promise
        fields = ["text", "due_on", "outcome", "outcome_on"]
        widgets = {"outcome": forms.RadioSelect}
        error_messages = {"text": {"required": "Enter what we promised"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = Promise.Outcome.choices
        self.fields["outcome"].label = "Did we keep it?"
        self.fields["outcome_on"].help_text = "The day it was kept or broken. Leave blank for today."

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Promise.Outcome.OPEN and data.get("outcome_on"):
            self.add_error("outcome_on", "Leave the date blank while the promise is open")
        elif data.get("outcome") in (Promise.Outcome.KEPT, Promise.Outcome.BROKEN) and not data.get("outcome_on"):
            data["outcome_on"] = timezone.localdate()  # kept or broken today, unless said
        return data


class NewPromiseForm(BatonModelForm):
    class Meta:
        model = Promise
        fields = ["text", "due_on"]
        error_messages = {"text": {"required": "Enter what we promised"}}


class CommsItemForm(BatonModelForm):
    class Meta:
        model = CommsItem
        fields = ["audience", "message", "channel", "planned_on", "accessible_formats", "languages"]
        error_messages = {"audience": {"required": "Enter who it is for"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", "Choose a channel"), *CommsItem.Channel.choices]


class FormatRequestForm(BatonModelForm):
    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), required=False, empty_label="No programme")
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not in the people register",
        label="Requested by (people register)",
    )
    owner = PersonChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Nobody yet", label="Who makes sure it is sent"
    )

    class Meta:
        model = FormatRequest
        fields = [
            "format",
            "language",
            "material",
            "programme",
            "person",
            "requester_name",
            "requested_on",
            "due_on",
            "owner",
        ]
        widgets = {"format": forms.RadioSelect}
        error_messages = {"material": {"required": "Enter which material they asked for"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = FormatRequest.Format.choices
        self.fields["programme"].queryset = Programme.objects.for_org(organisation)
        offer_newest(self, "person", Person.objects.for_org(organisation).active().order_by("-pk"), PEOPLE_OFFERED)
        self.fields["person"].queryset = self.fields["person"].queryset.order_by("name", "pk")
        self.fields["owner"].queryset = eligible_owners(organisation)

    def clean(self):
        data = super().clean()
        if data.get("format") == FormatRequest.Format.LANGUAGE and not (data.get("language") or "").strip():
            self.add_error("language", "Enter the language they asked for")
        elif data.get("format") and data.get("format") != FormatRequest.Format.LANGUAGE and data.get("language"):
            self.add_error("language", "Leave the language blank unless they asked for another language")
        if data.get("person") is None and not (data.get("requester_name") or "").strip():
            self.add_error("requester_name", "Choose who asked from the people register, or give their name")
        asked, due = data.get("requested_on"), data.get("due_on")
        if asked and due and due < asked:
            self.add_error("due_on", "The due date must be on or after the day it was requested")
        return data


class FulfilForm(BatonForm):
    fulfilled_on = DateField(label="Sent on", required=False, help_text="Leave blank for today.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
