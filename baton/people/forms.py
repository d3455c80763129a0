"""Forms of the people register. Fields, limits and messages come from the models. The equality
monitoring form never shows what is recorded: it only takes answers."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from baton.core.forms import BatonForm, BatonModelForm, DateField, PersonChoiceField, offer_newest
from baton.core.models import Role, RoleAssignment, User
from baton.cycle.models import EngagementActivity
from baton.structures.models import Structure

from .models import Attendance, ConsentEvent, EqualityCode, Participation, Person, Purpose

OFFERED = 100  # choices offered in a list of activities, structures or people

FLAG_NEEDS = [
    ("easy_read", "Easy read"),
    ("bsl", "British Sign Language interpreter"),
    ("large_print", "Large print"),
    ("hearing_loop", "Hearing loop"),
    ("step_free", "Step-free access"),
]
NEEDS = [
    *FLAG_NEEDS,
    ("language", "A language other than English"),
    ("other", "Other needs"),
]


def patient_partner_accounts(organisation):
    """Baton users who hold the patient partner role in the organisation today: the accounts a
    person may be linked to."""
    holding = RoleAssignment.objects.current().filter(membership__organisation=organisation, role=Role.PATIENT_PARTNER)
    return (
        User.objects.filter(is_active=True, memberships__role_assignments__in=holding)
        .distinct()
        .order_by("first_name", "last_name", "username", "pk")
    )


class PersonForm(BatonModelForm):
    account = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="No Baton account",
        label="Baton account (patient partner)",
        help_text="A patient partner with a Baton account sees their own record and nothing else of the register.",
    )

    class Meta:
        model = Person
        fields = [
            "name",
            "kind",
            "email",
            "phone",
            "postcode",
            "language",
            "other_needs",
            "account",
        ]
        widgets = {"kind": forms.RadioSelect, "other_needs": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "email": "Email address (optional)",
            "phone": "Phone number (optional)",
            "postcode": "Postcode (optional)",
        }
        error_messages = {"name": {"required": "Enter a name or an alias"}}

    needs = forms.MultipleChoiceField(
        label="Communication and access needs",
        required=False,
        choices=FLAG_NEEDS,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Person.Kind.choices
        self.fields["account"].queryset = patient_partner_accounts(organisation)
        if self.instance and self.instance.pk and not self.is_bound:
            self.initial["needs"] = [name for name, _ in FLAG_NEEDS if getattr(self.instance, name)]
        self.order_fields(["name", "kind", "email", "phone", "postcode", "needs", "language", "other_needs"])

    def changes(self) -> dict:
        found = super().changes()
        if "needs" in self.cleaned_data:
            chosen = set(self.cleaned_data["needs"])
            found.update({name: name in chosen for name, _ in FLAG_NEEDS})
        return found


class ConsentForm(BatonForm):
    once = True
    purpose = forms.ChoiceField(label="What for", choices=Purpose.choices, widget=forms.RadioSelect)
    given = forms.ChoiceField(
        label="Consent",
        choices=[("yes", "Given"), ("no", "Withdrawn or refused")],
        widget=forms.RadioSelect,
    )
    how = forms.ChoiceField(label="How", choices=ConsentEvent.How.choices, widget=forms.RadioSelect)

    def cleaned(self) -> dict:
        data = self.cleaned_data
        return {"purpose": data["purpose"], "given": data["given"] == "yes", "how": data["how"]}


class EqualityForm(BatonForm):
    """One optional question per category, answered with an NHS Data Dictionary code. Never bound
    to what is recorded: a question left blank keeps the answer recorded before."""

    imd_decile = forms.IntegerField(
        label="IMD decile (optional)",
        required=False,
        min_value=1,
        max_value=10,
        help_text="1 most deprived, 10 least. Leave blank to look it up from the person's postcode.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes: dict[str, list] = {}
        for code in EqualityCode.objects.filter(active=True).order_by("category", "position", "code"):
            codes.setdefault(code.category, []).append((code.code, code.label))
        for category, label in EqualityCode.Category.choices:
            self.fields[category] = forms.ChoiceField(
                label=f"{label} (optional)",
                required=False,
                choices=[("", "No answer given (keep what was recorded)"), *codes.get(category, [])],
            )
        self.order_fields([*EqualityCode.Category.values, "imd_decile"])

    def answers(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


class _HoursOptional:
    """Hours may be left blank: none yet."""

    def clean_hours(self):
        value = self.cleaned_data.get("hours")
        return Decimal(0) if value is None else value


class ParticipationForm(_HoursOptional, BatonModelForm):
    class Meta:
        model = Participation
        fields = ["activity", "structure", "role", "role_level", "starts_on", "ends_on", "hours"]
        labels = {"activity": "Activity", "structure": "Or a structure", "role_level": "Role level"}
        help_texts = {
            "activity": "The engagement activity they take part in; or choose a structure below.",
            "hours": "Hours given so far, for example 2.5.",
        }
        widgets = {"role_level": forms.RadioSelect}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].required = False
        self.fields["structure"].required = False
        self.fields["role_level"].choices = Participation._meta.get_field("role_level").choices
        activities = EngagementActivity.objects.filter(stage_run__programme__organisation=organisation).order_by(
            "-start_date", "-pk"
        )
        offer_newest(self, "activity", activities.select_related("stage_run__programme"), OFFERED)
        offer_newest(self, "structure", Structure.objects.for_org(organisation).order_by("name", "pk"), OFFERED)
        self.fields["hours"].required = False

    def clean(self):
        data = super().clean()
        if bool(data.get("activity")) == bool(data.get("structure")) and "activity" not in self.errors:
            self.add_error("activity", "Choose either an activity or a structure")
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date")
        return data


class MemberForm(_HoursOptional, BatonModelForm):
    """A person joins a structure: who, their role and term of office."""

    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Person")

    class Meta:
        model = Participation
        fields = ["role", "role_level", "starts_on", "ends_on", "hours"]
        labels = {"starts_on": "Term of office starts on", "ends_on": "Term of office ends on (optional)"}
        widgets = {"role_level": forms.RadioSelect}

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["role_level"].choices = Participation._meta.get_field("role_level").choices
        self.fields["hours"].required = False
        self.order_fields(["person", "role", "role_level", "starts_on", "ends_on", "hours"])

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date")
        return data


class EndForm(BatonForm):
    ends_on = DateField(label="Ended on", required=False, help_text="Leave blank to end it today.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AttendanceForm(BatonForm):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Who")
    status = forms.ChoiceField(
        choices=Attendance.Status.choices, widget=forms.RadioSelect, initial=Attendance.Status.ATTENDED
    )
    hours = forms.DecimalField(
        required=False, min_value=0, max_value=24, decimal_places=2, help_text="For example 2 or 1.5. Optional."
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class AreasForm(BatonForm):
    file = forms.FileField(
        label="Postcode-to-area table (CSV)",
        help_text="One row a postcode, with its area code and IMD decile, for example the ONS postcode "
        "directory joined to the English indices of deprivation.",
    )
    postcode = forms.CharField(label="Column with the postcode", initial="postcode", max_length=60)
    area_code = forms.CharField(label="Column with the area code", initial="area_code", max_length=60)
    imd_decile = forms.CharField(label="Column with the IMD decile", initial="imd_decile", max_length=60)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV file")
        return upload


class PeopleFilter(forms.Form):
    """The register's search and filters (GET): not a change, so a plain form."""

    q = forms.CharField(label="Name or alias", required=False, max_length=100)
    kind = forms.ChoiceField(label="Taking part as", required=False, choices=[("", "Anyone"), *Person.Kind.choices])
    need = forms.ChoiceField(label="Needs", required=False, choices=[("", "Any or none"), *NEEDS])
    consent = forms.ChoiceField(
        label="Has given consent for", required=False, choices=[("", "Any or none"), *Purpose.choices]
    )

    def filter(self, people):
        if not self.is_valid():
            return people
        data = self.cleaned_data
        if data["q"].strip():
            people = people.filter(name__icontains=data["q"].strip())
        if data["kind"]:
            people = people.filter(kind=data["kind"])
        need = data["need"]
        if need == "language":
            people = people.exclude(language="")
        elif need == "other":
            people = people.exclude(other_needs="")
        elif need:
            people = people.filter(**{need: True})
        if data["consent"]:
            people = people.consenting(data["consent"])
        return people
