"""What the resources API reads and writes. Names start with `Resources` (schema names are unique
across the whole API). Input fields and limits come from the models (`core.schemas.from_model`);
amounts are decimal strings in pounds and pence, never floats."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from baton.core.schemas import Id, from_model

from .models import Budget, RateCard, SpendItem

Money = Annotated[Decimal, Field(ge=0, le=Decimal("100000000"), max_digits=12, decimal_places=2)]
Level = Annotated[int, Field(ge=1, le=4)]


class ResourcesYearFilter(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="The financial year's start: 2026 for 2026/27.")


# Budgets ------------------------------------------------------------------------------------------

ResourcesBudgetIn = from_model(
    "ResourcesBudgetIn",
    Budget,
    ["financial_year", "amount", "notes"],
    extra={"programme_id": (Id, Field(..., description="One of your organisation's programmes."))},
)
ResourcesBudgetPatch = from_model("ResourcesBudgetPatch", Budget, ["amount", "notes"], partial=True)


class ResourcesBudgetOut(Schema):
    id: int
    programme_id: int
    financial_year: int
    amount: Decimal
    notes: str
    version: int


# Spend --------------------------------------------------------------------------------------------

ResourcesSpendItemIn = from_model(
    "ResourcesSpendItemIn",
    SpendItem,
    ["category", "spent_on", "amount", "description"],
    extra={"programme_id": (Id | None, Field(None, description="Leave out for the organisation's own spend."))},
)


class ResourcesSpendItemOut(Schema):
    id: int
    programme_id: int | None
    category: str
    spent_on: date
    amount: Decimal
    description: str
    version: int


class ResourcesSpendLineOut(Schema):
    programme_id: int | None = Field(description="None: the organisation's own spend.")
    programme: str
    budget: Decimal | None
    spent: Decimal
    heads: dict[str, Decimal] = Field(description="activities, involvement, expenses, accessibility, training, other")


class ResourcesProgrammeMoneyOut(Schema):
    id: int = Field(description="The programme.")
    name: str
    budget: Decimal | None
    spent: Decimal


class ResourcesSpendOut(Schema):
    year: int
    label: str
    budget: Decimal
    spent: Decimal
    lines: list[ResourcesSpendLineOut]


# Rate cards ---------------------------------------------------------------------------------------


class ResourcesRateIn(Schema):
    level: Level
    hourly: Money = Decimal(0)
    half_day: Money = Decimal(0)
    day: Money = Decimal(0)
    cap: Money = Decimal(0)


ResourcesRateCardIn = from_model(
    "ResourcesRateCardIn",
    RateCard,
    ["effective_from", "mileage_rate", "notes"],
    extra={"rates": (list[ResourcesRateIn], Field(..., min_length=1, max_length=4, description="One entry a level."))},
)


class ResourcesRateOut(Schema):
    level: int
    hourly: Decimal
    half_day: Decimal
    day: Decimal
    cap: Decimal


class ResourcesRateCardOut(Schema):
    id: int
    effective_from: date
    mileage_rate: Decimal
    notes: str
    rates: list[ResourcesRateOut]
    version: int

    @staticmethod
    def resolve_rates(obj) -> list:
        return list(obj.rates.all())


# Claims -------------------------------------------------------------------------------------------

ExpenseKindKey = Literal["mileage", "fare", "carer", "childcare", "subsistence", "parking"]


class ResourcesExpenseIn(Schema):
    kind: ExpenseKindKey
    amount: Money | None = Field(None, description="For everything but mileage.")
    miles: Annotated[Decimal, Field(ge=0, le=2000, decimal_places=1)] | None = Field(None, description="For mileage.")
    description: str = Field("", max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")


class ResourcesClaimIn(Schema):
    participation_id: Id
    day: date
    basis: Literal["hours", "half_days", "days", "none"] = "hours"
    quantity: Annotated[Decimal, Field(ge=0, le=24, decimal_places=2)] = Decimal(0)
    declined_payment: bool = False
    expenses: list[ResourcesExpenseIn] = Field([], max_length=10)
    benefits_advice_acknowledged: bool = Field(
        False, description="The person was offered benefits advice (needed once, before the first payment)."
    )


class ResourcesExpenseOut(Schema):
    id: int
    kind: str
    miles: Decimal | None
    amount: Decimal
    has_receipt: bool

    @staticmethod
    def resolve_has_receipt(obj) -> bool:
        return bool(obj.receipt)


class ResourcesClaimOut(Schema):
    id: int
    person_id: int
    participation_id: int
    programme_id: int | None
    day: date
    role_level: int
    basis: str
    quantity: Decimal
    declined_payment: bool
    involvement_amount: Decimal
    expenses_amount: Decimal
    total_amount: Decimal
    rate_card_id: int
    status: str
    question: str
    answer: str
    refusal_reason: str
    submitted_at: datetime
    paid_on: date | None
    export_id: int | None
    expenses: list[ResourcesExpenseOut]
    version: int

    @staticmethod
    def resolve_expenses(obj) -> list:
        return list(obj.expenses.all())


class ResourcesClaimFilter(Schema):
    status: Literal["submitted", "queried", "approved", "refused", "paid"] | None = None
    person_id: Id | None = None


class ResourcesVersion(Schema):
    version: int = Field(ge=1, le=2**31 - 1, description="The version you read; a stale one is refused with 409.")


class ResourcesQuestion(ResourcesVersion):
    question: str = Field(min_length=1, max_length=2000, pattern=r"\S")


class ResourcesReason(ResourcesVersion):
    reason: str = Field(min_length=1, max_length=2000, pattern=r"\S")


class ResourcesAnswer(ResourcesVersion):
    answer: str = Field(min_length=1, max_length=2000, pattern=r"\S")


# Exports ------------------------------------------------------------------------------------------


class ResourcesExportIn(Schema):
    format: Literal["csv", "xlsx"] = "csv"


class ResourcesExportOut(Schema):
    id: int
    made_at: datetime
    made_by_id: int | None
    format: str
    repeat_of_id: int | None
    claim_count: int
    total: Decimal
    file_url: str = Field(description="The file, for finance: the same rows for a repeat.")

    @staticmethod
    def resolve_file_url(obj) -> str:
        from django.urls import reverse

        return reverse("resources:export_file", args=[obj.pk])
