"""Adequate resources (hub element 8): engagement budgets per programme and financial year, the
spend drawn against them, rate cards for involvement payments, claims (involvement payments and
expenses, with receipts), the benefits-advice acknowledgement, and exports for finance or payroll.

Money is exact: `Decimal` everywhere, never a float. Every amount Baton works out (a day's
involvement payment, mileage) is rounded to whole pence once, half a penny up (`ROUND_HALF_UP`,
`pence()`), when it is worked out; sums of stored amounts are exact and need no rounding. No rate
is written into the code: rate cards (effective-dated, editable until they value a claim) hold them.

Rules about one row are database constraints; questions about one object are model methods that
return reasons (`Claim.blockers_to_approving()`); the valuation of a claim is one function
(`value_claim`), used by the form, the action and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from baton.core.fields import LineField, LongTextField, MoneyField, PlausibleDateField
from baton.core.models import Organisation, OrgOwned, OrgOwnedQuerySet, Versioned
from baton.cycle.models import Programme
from baton.people.models import Participation, Person, RoleLevel

from .receipts import ReceiptField

PENNY = Decimal("0.01")
BUDGET_MAX = Decimal("100000000")  # £100m: far above any engagement budget, below a typo
CLAIM_MAX = Decimal("10000")  # one expense line or one day's payment: a typo guard, not a policy
QUANTITY_MAX = Decimal("24")  # hours in a day; half days and days in a claim for one day


def pence(amount: Decimal) -> Decimal:
    """`amount` rounded to whole pence, half a penny up (ROUND_HALF_UP): £1.005 is £1.01."""
    return Decimal(amount).quantize(PENNY, rounding=ROUND_HALF_UP)


def money(amount: Decimal | None) -> str:
    """'£1,234.50'."""
    return f"£{Decimal(amount or 0):,.2f}"


# Financial years ----------------------------------------------------------------------------------


def financial_year_of(day: date) -> int:
    """The financial year (1 April to 31 March) a day falls in, named by the year it starts:
    31 March 2027 is in 2026 (2026/27), 1 April 2027 in 2027."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    """2026 -> '2026/27'."""
    return f"{year}/{(year + 1) % 100:02d}"


def financial_year_dates(year: int) -> tuple[date, date]:
    """The first and last day of the financial year starting in `year`."""
    return date(year, 4, 1), date(year + 1, 3, 31)


# Budgets and spend --------------------------------------------------------------------------------


class Budget(OrgOwned, Versioned):
    """A programme's engagement budget for one financial year (April to March)."""

    organisation_path = "programme__organisation"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budgets")
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts: 2026 for 2026/27 (1 April 2026 to 31 March 2027)."
    )
    amount = MoneyField(maximum=BUDGET_MAX, max_digits=12, help_text="In pounds and pence.")
    notes = LineField(max_length=300, blank=True, help_text="For example the budget line or who agreed it.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-financial_year", "programme__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "financial_year"],
                name="budget_one_per_programme_year",
                violation_error_message="This programme already has a budget for that financial year: change it instead.",
            ),
            models.CheckConstraint(
                condition=Q(financial_year__gte=2000) & Q(financial_year__lte=2100),
                name="budget_year_plausible",
                violation_error_message="Enter a financial year from 2000 to 2100.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_not_negative",
                violation_error_message="A budget cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} budget for {financial_year_label(self.financial_year)}"

    @property
    def year_label(self) -> str:
        return financial_year_label(self.financial_year)


class SpendItem(OrgOwned, Versioned):
    """Engagement spend that is not an activity's cost or a claim: accessibility (interpreters,
    British Sign Language, easy read, venues), training, other. A programme's, or the
    organisation's when it names none."""

    organisation_path = "organisation"

    class Category(models.TextChoices):
        INTERPRETER = "interpreter", "Interpreter"
        BSL = "bsl", "British Sign Language"
        EASY_READ = "easy_read", "Easy read"
        VENUE = "venue", "Accessible venue"
        TRAINING = "training", "Training"
        OTHER = "other", "Other"

    ACCESSIBILITY = ("interpreter", "bsl", "easy_read", "venue")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="spend_items")
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spend_items",
        help_text="Leave empty for spend across the organisation.",
    )
    category = models.CharField(max_length=12, choices=Category.choices)
    spent_on = PlausibleDateField("date")
    amount = MoneyField(maximum=BUDGET_MAX, max_digits=12, help_text="In pounds and pence.")
    description = LineField(max_length=300, help_text="For example 'BSL interpreters for the carers' workshop'.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-spent_on", "-pk"]
        verbose_name = "spend item"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="spend_not_negative",
                violation_error_message="Spend cannot be negative.",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "spent_on"], name="spend_org_date")]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description}"


# Rate cards --------------------------------------------------------------------------------------


class RateCardQuerySet(OrgOwnedQuerySet):
    def in_force_on(self, day: date):
        """The card in force on `day`: the one with the latest `effective_from` on or before it."""
        return self.filter(effective_from__lte=day).order_by("-effective_from").first()


class RateCard(OrgOwned, Versioned):
    """The involvement payment rates from a day on, for each role level (1 to 4, NHS England's
    patient and public voice partner policy), and the mileage rate. A card stays in force until
    the next one starts. It may be changed until it has valued a claim; after that a new card
    from a later day takes over, so every claim keeps the rates it was valued at."""

    organisation_path = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="rate_cards")
    effective_from = PlausibleDateField(help_text="The first day these rates apply.")
    mileage_rate = MoneyField(
        "mileage rate per mile", maximum=Decimal("10"), max_digits=5, help_text="In pounds, for example 0.45."
    )
    notes = LineField(max_length=300, blank=True, help_text="For example the policy these rates come from.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RateCardQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["-effective_from", "-pk"]
        verbose_name = "rate card"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "effective_from"],
                name="rate_card_one_per_day",
                violation_error_message="There is already a rate card from that day: change it, or choose another day.",
            ),
        ]

    def __str__(self) -> str:
        return f"Rate card from {self.effective_from.day} {self.effective_from:%B %Y}"

    def blockers_to_changing(self) -> list[str]:
        """A card that has valued a claim keeps its rates: the claim was valued at them."""
        if self.claims.exists():
            return [
                "This rate card has valued claims, so its rates cannot change. "
                "Add a new rate card from the day the new rates start."
            ]
        return []


class Rate(OrgOwned):
    """One role level's rates on a card: per hour, per half day, per day, and the cap (the most an
    involvement payment may be for one day). Zero where the level is paid expenses only."""

    organisation_path = "card__organisation"

    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="rates")
    level = models.PositiveSmallIntegerField(choices=RoleLevel.choices)
    hourly = MoneyField("per hour", maximum=CLAIM_MAX, default=Decimal(0))
    half_day = MoneyField("per half day", maximum=CLAIM_MAX, default=Decimal(0))
    day = MoneyField("per day", maximum=CLAIM_MAX, default=Decimal(0))
    cap = MoneyField("cap for one day", maximum=CLAIM_MAX, default=Decimal(0))

    class Meta:
        ordering = ["card", "level"]
        constraints = [
            models.UniqueConstraint(fields=["card", "level"], name="rate_one_per_level"),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4),
                name="rate_level_1_to_4",
                violation_error_message="Levels are 1 to 4.",
            ),
        ]

    def __str__(self) -> str:
        return f"Level {self.level}"


# Valuation ---------------------------------------------------------------------------------------


class Basis(models.TextChoices):
    HOURS = "hours", "Hours"
    HALF_DAYS = "half_days", "Half days"
    DAYS = "days", "Days"
    NONE = "none", "No time claimed (expenses only)"


class ExpenseKind(models.TextChoices):
    MILEAGE = "mileage", "Mileage"
    FARE = "fare", "Fares (bus, train, taxi)"
    CARER = "carer", "Carer costs"
    CHILDCARE = "childcare", "Childcare"
    SUBSISTENCE = "subsistence", "Food and drink"
    PARKING = "parking", "Parking"


@dataclass(frozen=True)
class Valuation:
    """What a claim is worth, and why not, if it cannot be valued."""

    card: RateCard | None
    involvement: Decimal
    expenses: Decimal
    reasons: tuple[str, ...]

    @property
    def total(self) -> Decimal:
        return self.involvement + self.expenses


def ukday(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def value_claim(
    organisation_id: int,
    day: date,
    level: int,
    basis: str,
    quantity: Decimal,
    declined: bool,
    expenses: list[tuple[str, Decimal | None, Decimal | None]],
    card: RateCard | None = None,
) -> Valuation:
    """Value a claim from the rate card in force on `day` (the latest `effective_from` on or
    before it; a card starting on the day itself is in force that day). The involvement payment
    is the level's rate times the quantity (hours, half days or days), rounded to pence half up;
    it may not be more than the level's cap for one day. Declined: no involvement payment, the
    expenses still paid. Mileage is miles times the card's rate per mile, rounded to pence;
    other expenses are their amounts. `expenses`: (kind, amount, miles)."""
    card = card or RateCard.objects.filter(organisation_id=organisation_id).in_force_on(day)
    if card is None:
        return Valuation(
            None,
            Decimal(0),
            Decimal(0),
            (f"There is no rate card in force on {ukday(day)}: ask finance to add one from that day or earlier.",),
        )
    reasons: list[str] = []
    rates: list[Rate] = list(Rate.objects.filter(card=card)) if card.pk else []
    rate = next((r for r in rates if r.level == level), None)
    involvement = Decimal(0)
    if basis != Basis.NONE and not declined:
        if rate is None:
            reasons.append(f"The rate card from {ukday(card.effective_from)} has no rates for level {level}.")
        else:
            per = {Basis.HOURS: rate.hourly, Basis.HALF_DAYS: rate.half_day, Basis.DAYS: rate.day}[Basis(basis)]
            involvement = pence(per * quantity)
            if involvement > rate.cap:
                reasons.append(
                    f"The involvement payment would be {money(involvement)}, above the cap of {money(rate.cap)} "
                    f"for one day at level {level} (rate card from {ukday(card.effective_from)})."
                )
    total_expenses = Decimal(0)
    for kind, amount, miles in expenses:
        if kind == ExpenseKind.MILEAGE:
            total_expenses += pence(card.mileage_rate * (miles or Decimal(0)))
        else:
            total_expenses += amount or Decimal(0)
    return Valuation(card, involvement, total_expenses, tuple(reasons))


# Benefits advice ---------------------------------------------------------------------------------


class BenefitsAdvice(OrgOwned):
    """That the person was offered advice about how involvement payments affect benefits, before
    their first paid claim (NHS England's PPV policy). Baton records the acknowledgement only:
    never whether they claim benefits, nor which."""

    organisation_path = "person__organisation"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="benefits_advice")
    acknowledged_on = PlausibleDateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "benefits advice acknowledgement"

    def __str__(self) -> str:
        return f"{self.person} was offered benefits advice ({ukday(self.acknowledged_on)})"


# Claims ------------------------------------------------------------------------------------------


class ClaimQuerySet(OrgOwnedQuerySet):
    def listed(self):
        """What a list of claims shows, joined in one query."""
        return self.select_related("person", "participation__activity", "participation__structure", "rate_card")

    def counting(self):
        """Claims that count as spend: approved or paid."""
        return self.filter(status__in=(Claim.Status.APPROVED, Claim.Status.PAID))


class Claim(OrgOwned, Versioned):
    """A claim for one day of a participation: time (hours, half days or days) valued from the
    rate card in force on the day, and expenses. Submitted, perhaps queried and answered, then
    approved or refused with a reason; approved claims are paid when finance exports them."""

    organisation_path = "organisation"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for approval"
        QUERIED = "queried", "Queried"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"
        PAID = "paid", "Paid"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="claims", editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="claims", editable=False)
    participation = models.ForeignKey(Participation, on_delete=models.PROTECT, related_name="claims")
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims", editable=False
    )
    day = PlausibleDateField("day of involvement")
    role_level = models.PositiveSmallIntegerField(choices=RoleLevel.choices, editable=False)
    basis = models.CharField("time claimed in", max_length=10, choices=Basis.choices, default=Basis.HOURS)
    quantity = models.DecimalField(
        "how many",
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        help_text="Hours (for example 2.5), or half days, or days.",
    )
    declined_payment = models.BooleanField(
        "decline the involvement payment",
        default=False,
        help_text="You can decline the payment for your time and still be paid your expenses.",
    )
    rate_card = models.ForeignKey(RateCard, on_delete=models.PROTECT, related_name="claims", editable=False)
    involvement_amount = MoneyField(maximum=CLAIM_MAX, default=Decimal(0), editable=False)
    expenses_amount = MoneyField(maximum=CLAIM_MAX * 10, max_digits=12, default=Decimal(0), editable=False)
    total_amount = MoneyField(maximum=CLAIM_MAX * 11, max_digits=12, default=Decimal(0), editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    question = LongTextField(max_length=2_000, blank=True, editable=False)
    answer = LongTextField(max_length=2_000, blank=True, editable=False)
    refusal_reason = LongTextField(max_length=2_000, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    export = models.ForeignKey(
        "PaymentExport", on_delete=models.PROTECT, null=True, blank=True, related_name="claims", editable=False
    )
    paid_on = models.DateField(null=True, blank=True, editable=False)

    objects = ClaimQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: a manager from as_manager() cannot be declared ClassVar

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # One claim per participation and day; a refused claim may be claimed again.
            models.UniqueConstraint(
                fields=["participation", "day"],
                condition=~Q(status="refused"),
                name="claim_one_per_participation_day",
                violation_error_message="There is already a claim for this participation on that day.",
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=0) & Q(quantity__lte=QUANTITY_MAX),
                name="claim_quantity_in_range",
                violation_error_message="Enter from 0 to 24.",
            ),
            models.CheckConstraint(
                condition=Q(status="paid", export__isnull=False, paid_on__isnull=False)
                | (~Q(status="paid") & Q(export__isnull=True)),
                name="claim_paid_by_an_export",
                violation_error_message="A claim is paid when it is exported, and only then.",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="claim_refusal_has_reason",
                violation_error_message="Say why the claim is refused.",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "submitted_at"], name="claim_org_status"),
            models.Index(fields=["person", "-day"], name="claim_person_day"),
            models.Index(fields=["organisation", "paid_on"], name="claim_org_paid"),
            models.Index(fields=["programme", "day"], name="claim_programme_day"),
        ]

    def __str__(self) -> str:
        return f"Claim {self.pk} by {self.person} for {ukday(self.day)}"

    def clean(self) -> None:
        # The total adds up, checked in Decimal here rather than by a database constraint: SQLite
        # does decimal arithmetic in floating point, so 0.10 + 0.20 = 0.30 could fail there.
        if self.total_amount != (self.involvement_amount or 0) + (self.expenses_amount or 0):
            raise ValidationError("The total must be the involvement payment plus the expenses.")

    @property
    def time_text(self) -> str:
        if self.basis == Basis.NONE:
            return "Expenses only"
        unit = {"hours": ("hour", "hours"), "half_days": ("half day", "half days"), "days": ("day", "days")}[self.basis]
        n = self.quantity.normalize()
        return f"{n:f} {unit[0] if n == 1 else unit[1]}"

    def blockers_to_deciding(self, by) -> list[str]:
        """Only a claim waiting for approval is decided, and never by the person claiming."""
        reasons = []
        if self.status != self.Status.SUBMITTED:
            who = (
                f" by {self.decided_by.get_full_name() or self.decided_by}"
                if self.decided_by_id and self.decided_by
                else ""
            )
            reasons.append(
                f"This claim is no longer waiting for approval: it was {self.get_status_display().lower()}{who}."
            )
        if self.person.account_id is not None and self.person.account_id == getattr(by, "pk", None):
            reasons.append("You cannot decide your own claim: another approver must.")
        return reasons

    def blockers_to_answering(self) -> list[str]:
        if self.status != self.Status.QUERIED:
            return ["Only a queried claim is answered: this one has no question waiting."]
        return []


class ExpenseLine(OrgOwned):
    """One expense of a claim: mileage (miles times the card's rate) or an amount, with a receipt
    where there is one."""

    organisation_path = "claim__organisation"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(max_length=12, choices=ExpenseKind.choices)
    miles = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    amount = MoneyField(maximum=CLAIM_MAX, help_text="In pounds and pence.")
    description = LineField(max_length=200, blank=True)
    receipt = ReceiptField(blank=True)

    class Meta:
        ordering = ["claim", "pk"]
        verbose_name = "expense"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="expense_not_negative",
                violation_error_message="An amount cannot be negative.",
            ),
            models.CheckConstraint(
                condition=(Q(kind="mileage") & Q(miles__isnull=False) & Q(miles__gte=0))
                | (~Q(kind="mileage") & Q(miles__isnull=True)),
                name="expense_miles_for_mileage",
                violation_error_message="Give the miles for mileage, and only for mileage.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {money(self.amount)}"


# Payment exports ----------------------------------------------------------------------------------


class PaymentExport(OrgOwned):
    """Approved claims sent to finance or payroll, as CSV or XLSX: who, when, which claims, the
    total. Each claim is exported once, and is paid on the day of its export. Exporting again is
    explicit: a repeat export records who asked, and gives the same rows."""

    organisation_path = "organisation"

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="payment_exports")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)
    format = models.CharField(max_length=4, choices=Format.choices, default=Format.CSV)
    repeat_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="repeats", verbose_name="a repeat of"
    )
    claim_count = models.PositiveIntegerField(default=0)
    total = MoneyField(maximum=Decimal("1000000000"), max_digits=14, default=Decimal(0))

    class Meta:
        ordering = ["-made_at", "-pk"]
        verbose_name = "payment export"

    def __str__(self) -> str:
        when = timezone.localtime(self.made_at)
        return f"{'Repeat of export' if self.repeat_of_id else 'Export'} {self.repeat_of_id or self.pk} on {when.day} {when:%B %Y}"

    @property
    def original(self) -> PaymentExport:
        return self.repeat_of if self.repeat_of_id and self.repeat_of else self

    @property
    def filename(self) -> str:
        return f"payments-{self.original.pk}{'-repeat-' + str(self.pk) if self.repeat_of_id else ''}.{self.format}"
