"""Forms for the vision, the principles, the plans and the strategy. Fields, limits and messages
come from the models (core.forms); a form adds the choices a person makes on the page."""

from __future__ import annotations

from django import forms

from baton.core.forms import BatonForm, BatonModelForm
from baton.cycle import stages
from baton.cycle.models import Programme

from .models import Objective, Plan, PlanType, Principle, PrincipleAdoption, StrategyVersion, VisionVersion


class StartDraftForm(BatonForm):
    """The button that starts a new draft: sent twice, it starts one."""

    once = True


class VisionForm(BatonModelForm):
    class Meta:
        model = VisionVersion
        fields = [
            "statement",
            "principles",
            *VisionVersion.PURPOSE_FIELDS,
            "business_benefits",
            "health_benefits",
            "social_benefits",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for stage in stages.STAGES:
            field = self.fields[f"purpose_{stage.key}"]
            field.label = f"Purpose of engagement in stage {stage.number}: {stage.label.lower()}"
            field.help_text = f"Who: {stage.who}. {stage.what}"


class StrategyForm(BatonModelForm):
    class Meta:
        model = StrategyVersion
        fields = ["title", "summary", "review_date"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}
        error_messages = {"title": {"required": "Enter the strategy's title"}}


class ObjectiveForm(BatonModelForm):
    once = True

    class Meta:
        model = Objective
        fields = ["title", "description", "plans", "programmes"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "plans": forms.CheckboxSelectMultiple,
            "programmes": forms.CheckboxSelectMultiple,
        }
        error_messages = {"title": {"required": "Enter the objective"}}

    def __init__(self, *args, organisation, wording=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["programmes"].queryset = Programme.objects.for_org(organisation).order_by("name", "pk")
        if wording:
            self.fields["plans"].queryset = Plan.objects.for_org(organisation).select_related("plan_type")
        else:  # an approved strategy: only its programmes change
            for name in ("title", "description", "plans"):
                del self.fields[name]

    def clean_title(self):
        # Mirrors the constraint objective_title_unique_in_strategy, ignoring case as people do.
        title = self.cleaned_data["title"].strip()
        taken = Objective.objects.filter(strategy=self.instance.strategy, title__iexact=title)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("This strategy already has an objective with this title")
        return title

    def changes(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name in ("title", "description", "plans", "programmes")
        }


class PlanForm(BatonModelForm):
    once = True
    link = forms.URLField(
        assume_scheme="https",
        required=False,
        max_length=500,
        label="Web address",
        help_text="Where the plan is published, starting https://",
        error_messages={"invalid": "Enter a web address starting https://"},
    )

    class Meta:
        model = Plan
        fields = ["plan_type", "name", "period", "link"]
        error_messages = {
            "name": {"required": "Enter the plan's name"},
            "link": {"invalid": "Enter a web address starting https://"},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["plan_type"].queryset = PlanType.objects.all()
        self.fields["plan_type"].empty_label = "Choose a type"

    def clean_name(self):
        # Mirrors the constraint plan_name_unique_in_org.
        name = self.cleaned_data["name"].strip()
        taken = Plan.objects.for_org(self.organisation).filter(name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("There is already a plan with this name. Choose another name")
        return name


class AdoptionForm(BatonModelForm):
    once = True
    principle = forms.ModelChoiceField(
        queryset=Principle.objects.none(),
        label="Principle",
        empty_label="Choose a principle",
        error_messages={"required": "Choose the principle to adopt"},
    )

    class Meta:
        model = PrincipleAdoption
        fields = ["how", "evidence_links"]
        widgets = {"how": forms.Textarea(attrs={"rows": 5}), "evidence_links": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"how": {"required": "Say how the organisation lives this principle"}}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # changing an adoption: its principle stays
            del self.fields["principle"]
        else:
            adopted = PrincipleAdoption.objects.for_org(organisation).values("principle")
            self.fields["principle"].queryset = Principle.objects.exclude(pk__in=adopted)
            self.fields["principle"].label_from_instance = lambda p: f"{p.number}. {p.text}"
            self.order_fields(["principle", "how", "evidence_links"])

    def changes(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("principle", "how", "evidence_links")
            if name in self.cleaned_data
        }

    def clean_evidence_links(self):
        value = self.cleaned_data["evidence_links"]
        probe = PrincipleAdoption(evidence_links=value)
        try:
            probe.clean()
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["evidence_links"]) from None
        return value
