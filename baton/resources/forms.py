"""Forms of budgets, spend, rate cards, claims, decisions and exports. Limits and messages come
from the models (core.forms); the claim form asks one line per kind of expense, so it fits a phone."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from baton.core.forms import BatonForm, BatonModelForm, DateField, VersionOnlyForm
from baton.cycle.models import Programme

from .models import CLAIM_MAX, QUANTITY_MAX, Basis, Budget, ExpenseKind, PaymentExport, RateCard, SpendItem
from .receipts import ACCEPT, IsReceipt


def _money(
    label: str, *, required: bool = False, help_text: str = "", maximum: Decimal = CLAIM_MAX
) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=maximum,
        decimal_places=2,
        max_digits=12,
        help_text=help_text,
        error_messages={
            "min_value": f"{label} cannot be negative",
            "max_value": f"{label} must be £{maximum:,} or less",
            "invalid": f"{label} must be an amount in pounds and pence, like 12.50",
            "max_decimal_places": f"{label} must be in pounds and pence, like 12.50",
            "required": f"Enter the {label.lower()}",
        },
    )


class BudgetForm(BatonModelForm):
    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), empty_label="Choose a programme")

    class Meta:
        model = Budget
        fields = ["programme", "financial_year", "amount", "notes"]
        error_messages = {"amount": {"required": "Enter the budget in pounds"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.for_org(organisation)
        if self.instance.pk:
            self.fields["programme"].disabled = True


class SpendForm(BatonModelForm):
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(), required=False, empty_label="The whole organisation"
    )

    class Meta:
        model = SpendItem
        fields = ["category", "description", "programme", "spent_on", "amount"]
        widgets = {"category": forms.RadioSelect}
        error_messages = {"description": {"required": "Enter what the money was spent on"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.for_org(organisation)
        self.fields["category"].choices = SpendItem.Category.choices


LEVEL_NAMES = {1: "Level 1", 2: "Level 2", 3: "Level 3", 4: "Level 4"}
RATE_LABELS = {"hourly": "per hour", "half_day": "per half day", "day": "per day", "cap": "cap for one day"}


class RateCardForm(BatonModelForm):
    """The card, and each level's four amounts (zero where the level is paid expenses only)."""

    class Meta:
        model = RateCard
        fields = ["effective_from", "mileage_rate", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {r.level: r for r in self.instance.rates.all()} if self.instance.pk else {}
        for level, level_name in LEVEL_NAMES.items():
            for name, label in RATE_LABELS.items():
                key = f"level{level}_{name}"
                self.fields[key] = _money(f"{level_name} {label}", required=True)
                if level in existing:
                    self.initial.setdefault(key, getattr(existing[level], name))
                else:
                    self.initial.setdefault(key, Decimal("0.00"))

    def rates(self) -> dict[int, dict[str, Decimal]]:
        return {
            level: {name: self.cleaned_data[f"level{level}_{name}"] for name in RATE_LABELS} for level in LEVEL_NAMES
        }


EXPENSE_FIELDS = [
    (ExpenseKind.FARE, "Fares (bus, train, taxi)"),
    (ExpenseKind.PARKING, "Parking"),
    (ExpenseKind.CARER, "Carer costs"),
    (ExpenseKind.CHILDCARE, "Childcare"),
    (ExpenseKind.SUBSISTENCE, "Food and drink"),
]


class ClaimForm(BatonForm):
    """One day of a participation: the time (hours, half days, days, or none), the expenses, and,
    before a first paid claim, the benefits-advice acknowledgement."""

    once = True

    day = DateField(label="Day you took part")
    basis = forms.ChoiceField(
        label="What are you claiming for your time?", choices=Basis.choices, widget=forms.RadioSelect
    )
    quantity = forms.DecimalField(
        label="How many hours, half days or days",
        required=False,
        min_value=Decimal(0),
        max_value=QUANTITY_MAX,
        decimal_places=2,
        help_text="Unless you claim no time. For example 2.5 hours, or 1 day.",
        error_messages={
            "min_value": "How many cannot be negative",
            "max_value": "How many must be 24 or less",
            "invalid": "How many must be a number, like 2.5",
        },
    )
    declined_payment = forms.BooleanField(
        label="I decline the involvement payment",
        required=False,
        help_text="You can decline the payment for your time and still be paid your expenses.",
    )
    mileage_miles = forms.DecimalField(
        label="Miles driven",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(2000),
        decimal_places=1,
        help_text="Paid at the rate card's rate per mile.",
        error_messages={
            "min_value": "Miles driven cannot be negative",
            "invalid": "Miles driven must be a number, like 12.5",
        },
    )

    def __init__(self, *args, needs_advice: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].needed_when = "basis"  # type: ignore[attr-defined]  # not "optional"
        for kind, label in EXPENSE_FIELDS:
            self.fields[f"{kind}_amount"] = _money(label)
            self.fields[f"{kind}_receipt"] = forms.FileField(
                label=f"Receipt for {label.split(' (')[0].lower()}",
                required=False,
                validators=[IsReceipt()],
                widget=forms.FileInput(attrs={"accept": ACCEPT}),
                help_text="A PDF or a photo (PNG, JPEG or WebP), up to 10 MB.",
                error_messages={"empty": "The file is empty. Choose the file again."},
            )
        if needs_advice:
            self.fields["benefits_advice"] = forms.BooleanField(
                label="I was offered advice about how involvement payments can affect benefits",
                required=False,
                help_text="Needed once, before the first payment. Baton records only that it was offered: "
                "nothing about any benefits.",
            )

    def clean(self):
        data = super().clean()
        basis = data.get("basis")
        if basis and basis != Basis.NONE and not data.get("quantity"):
            self.add_error("quantity", "Enter how many hours, half days or days")
        for kind, label in EXPENSE_FIELDS:
            if data.get(f"{kind}_receipt") and not data.get(f"{kind}_amount"):
                self.add_error(f"{kind}_amount", f"Enter the amount for the receipt for {label.lower()}")
        return data

    def expenses(self) -> list[dict]:
        data = self.cleaned_data
        found = []
        if data.get("mileage_miles"):
            found.append({"kind": ExpenseKind.MILEAGE, "miles": data["mileage_miles"]})
        for kind, _label in EXPENSE_FIELDS:
            if data.get(f"{kind}_amount"):
                found.append({"kind": kind, "amount": data[f"{kind}_amount"], "receipt": data.get(f"{kind}_receipt")})
        return found

    def claim_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "day": data["day"],
            "basis": data["basis"],
            "quantity": data.get("quantity") or Decimal(0),
            "declined_payment": data.get("declined_payment", False),
            "expenses": self.expenses(),
            "benefits_advice_acknowledged": data.get("benefits_advice", False),
        }


class QueryForm(VersionOnlyForm):
    question = forms.CharField(
        label="Your question",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your question about the claim"},
    )


class RefuseForm(VersionOnlyForm):
    reason = forms.CharField(
        label="Why the claim is refused",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The person will read this.",
        error_messages={"required": "Say why the claim is refused"},
    )


class AnswerForm(VersionOnlyForm):
    answer = forms.CharField(
        label="Your answer",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your answer"},
    )


class ExportForm(BatonForm):
    once = True

    format = forms.ChoiceField(
        label="File type",
        choices=PaymentExport.Format.choices,
        widget=forms.RadioSelect,
        initial=PaymentExport.Format.CSV,
    )


class RepeatExportForm(BatonForm):
    format = forms.ChoiceField(label="File type", choices=PaymentExport.Format.choices, widget=forms.RadioSelect)
