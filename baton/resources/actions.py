"""The one door for changes to budgets, spend, rate cards, claims and payment exports. Every action
follows `core.actions`' contract (lock, re-read, blockers, refuse, audited change); deletions are
kept in the audit trail so they can be restored.

The rules are NHS England's patient and public voice (PPV) partner policy ("Reimbursing expenses
and paying involvement payments", v3, 2021) as DOMAIN.md section 4 records it: a claim is valued
from the rate card in force on the day of the involvement; the person acknowledges they were
offered benefits advice before their first paid claim; a person may decline the payment and still
be paid expenses; payments go to finance or payroll."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from baton.core.actions import change_record, create_record, delete_record, locked, refuse
from baton.core.errors import RuleBroken, StaleEdit
from baton.core.models import AuditEvent
from baton.cycle.models import Programme
from baton.people.models import Participation, Person

from .models import (
    Basis,
    BenefitsAdvice,
    Budget,
    Claim,
    ExpenseKind,
    ExpenseLine,
    PaymentExport,
    Rate,
    RateCard,
    SpendItem,
    ukday,
    value_claim,
)

LEVELS = (1, 2, 3, 4)
RATE_FIELDS = ("hourly", "half_day", "day", "cap")


def _check_programme(programme, organisation_id) -> None:
    if programme is not None and programme.organisation_id != organisation_id:
        raise ValidationError({"programme": ["Choose one of your organisation's programmes."]})


# Budgets and spend --------------------------------------------------------------------------------


def set_budget(programme: Programme, *, by, **fields) -> Budget:
    """A programme's engagement budget for a financial year (one a year)."""
    with locked(programme) as current:
        return create_record(Budget(programme=current, **fields), by=by, action="set_budget")


def update_budget(budget: Budget, changes: dict, *, by, expected_version: int | None = None) -> Budget:
    return change_record(budget, changes, by=by, action="update_budget", expected_version=expected_version)


def delete_budget(budget: Budget, *, by) -> AuditEvent:
    """Delete a budget set in error (restorable from the audit trail)."""
    with transaction.atomic():
        return delete_record(budget, by=by, action="delete_budget")


def record_spend(organisation, *, by, **fields) -> SpendItem:
    """Engagement spend that is not an activity's cost or a claim: accessibility, training, other."""
    _check_programme(fields.get("programme"), organisation.pk)
    return create_record(SpendItem(organisation=organisation, **fields), by=by, action="record_spend")


def update_spend(item: SpendItem, changes: dict, *, by, expected_version: int | None = None) -> SpendItem:
    _check_programme(changes.get("programme"), item.organisation_id)
    return change_record(item, changes, by=by, action="update_spend", expected_version=expected_version)


def delete_spend(item: SpendItem, *, by) -> AuditEvent:
    with transaction.atomic():
        return delete_record(item, by=by, action="delete_spend")


# Rate cards --------------------------------------------------------------------------------------


def add_rate_card(organisation, *, by, rates: dict[int, dict[str, Decimal]], **fields) -> RateCard:
    """A rate card from a day on, with each role level's rates (hourly, half day, day, cap). The
    amounts come from the organisation's policy, never from code."""
    with transaction.atomic():
        card = create_record(RateCard(organisation=organisation, **fields), by=by, action="add_rate_card")
        for level in LEVELS:
            values = {name: rates.get(level, {}).get(name) or Decimal(0) for name in RATE_FIELDS}
            create_record(Rate(card=card, level=level, **values), by=by, action="add_rate_card")
        return card


def update_rate_card(
    card: RateCard, changes: dict, *, by, rates: dict[int, dict[str, Decimal]] | None = None, expected_version=None
) -> RateCard:
    """Change a rate card that has not valued a claim yet (one that has keeps its rates: add a new
    card from the day the new rates start)."""
    with locked(card, expected_version=expected_version) as current:
        refuse(current.blockers_to_changing())
        change_record(card, changes, by=by, action="update_rate_card", expected_version=expected_version)
        for rate in current.rates.all():
            new = (rates or {}).get(rate.level)
            if new:
                change_record(
                    rate, {k: v for k, v in new.items() if k in RATE_FIELDS}, by=by, action="update_rate_card"
                )
        return card


def delete_rate_card(card: RateCard, *, by) -> AuditEvent:
    with locked(card) as current:
        refuse(current.blockers_to_changing())
        return delete_record(current, by=by, action="delete_rate_card")


# Benefits advice ---------------------------------------------------------------------------------


def acknowledge_benefits_advice(person: Person, *, by, on: date | None = None) -> BenefitsAdvice:
    """Record that the person was offered advice about how payments affect benefits. Once a
    person; nothing about their benefits is stored."""
    with locked(person) as current:
        found = BenefitsAdvice.objects.filter(person=current).first()
        if found is not None:
            return found
        return create_record(
            BenefitsAdvice(person=current, acknowledged_on=on or timezone.localdate(), recorded_by=by),
            by=by,
            action="acknowledge_benefits_advice",
        )


# Claims ------------------------------------------------------------------------------------------


def _expense_rows(expenses) -> list[tuple[str, Decimal | None, Decimal | None]]:
    return [(e["kind"], e.get("amount"), e.get("miles")) for e in expenses]


def _check_expenses(expenses) -> None:
    for e in expenses:
        if e["kind"] not in ExpenseKind.values:
            raise ValidationError({"expenses": [f"'{e['kind']}' is not a kind of expense."]})
        for name in ("amount", "miles"):
            value = e.get(name)
            if value is not None and Decimal(value) < 0:
                raise ValidationError({"expenses": ["An amount cannot be negative."]})
        if e["kind"] == ExpenseKind.MILEAGE and e.get("miles") is None:
            raise ValidationError({"expenses": ["Give the miles travelled for mileage."]})


def blockers_to_claiming(participation: Participation, day: date, basis: str, quantity, expenses, today) -> list[str]:
    """Why a claim for this participation and day cannot be made, whatever its value."""
    reasons = []
    if day > today:
        reasons.append("A claim is for a day that has come: the day cannot be in the future.")
    if day < participation.starts_on:
        reasons.append(
            f"{participation.person} started taking part on {ukday(participation.starts_on)}: claim for that day or later."
        )
    elif participation.ends_on is not None and day > participation.ends_on:
        reasons.append(
            f"{participation.person} stopped taking part on {ukday(participation.ends_on)}: claim for that day or earlier."
        )
    if basis == Basis.NONE and not expenses:
        reasons.append("Claim for your time or for an expense: this claim has neither.")
    if basis != Basis.NONE and not quantity:
        reasons.append("Say how many hours, half days or days you are claiming for.")
    taken = Claim.objects.filter(participation=participation, day=day).exclude(status=Claim.Status.REFUSED)
    if taken.exists():
        reasons.append(f"There is already a claim for this participation on {ukday(day)}.")
    return reasons


def _advice_blockers(person: Person, involvement: Decimal, declined: bool, acknowledged: bool) -> list[str]:
    if (
        involvement > 0
        and not declined
        and not acknowledged
        and not BenefitsAdvice.objects.filter(person=person).exists()
    ):
        return [
            f"Before the first involvement payment, {person} must confirm they were offered advice about how "
            "payments can affect benefits. Tick the box to confirm it, or decline the payment."
        ]
    return []


def submit_claim(
    participation: Participation,
    *,
    by,
    day: date,
    basis: str = Basis.HOURS,
    quantity: Decimal = Decimal(0),
    declined_payment: bool = False,
    expenses=(),
    benefits_advice_acknowledged: bool = False,
) -> Claim:
    """A claim for one day of a participation, valued from the rate card in force on that day:
    the involvement payment (unless declined) and expenses (`expenses`: dicts of kind, amount or
    miles, description, receipt). Refused, with nothing saved, for a day before any rate card, a
    payment above the card's cap, a second claim for the same participation and day, a day in the
    future or outside the participation, or a first payment without the benefits-advice
    acknowledgement."""
    expenses = list(expenses)
    _check_expenses(expenses)
    quantity = Decimal(quantity or 0) if basis != Basis.NONE else Decimal(0)
    with locked(participation, related=("person", "activity__stage_run")) as current:
        person = current.person
        refuse(blockers_to_claiming(current, day, basis, quantity, expenses, timezone.localdate()))
        valuation = value_claim(
            person.organisation_id, day, current.role_level, basis, quantity, declined_payment, _expense_rows(expenses)
        )
        refuse(list(valuation.reasons))
        refuse(_advice_blockers(person, valuation.involvement, declined_payment, benefits_advice_acknowledged))
        if benefits_advice_acknowledged and not declined_payment:
            acknowledge_benefits_advice(person, by=by)
        programme_id = current.activity.stage_run.programme_id if current.activity is not None else None
        claim = create_record(
            Claim(
                organisation_id=person.organisation_id,
                person=person,
                participation=current,
                programme_id=programme_id,
                day=day,
                role_level=current.role_level,
                basis=basis,
                quantity=quantity,
                declined_payment=declined_payment,
                rate_card=valuation.card,
                involvement_amount=valuation.involvement,
                expenses_amount=valuation.expenses,
                total_amount=valuation.total,
                submitted_by=by,
            ),
            by=by,
            action="submit_claim",
        )
        for e in expenses:
            amount = e.get("amount") or Decimal(0)
            if e["kind"] == ExpenseKind.MILEAGE:
                amount = value_claim(
                    0, day, 0, Basis.NONE, Decimal(0), True, [(e["kind"], None, e.get("miles"))], card=valuation.card
                ).expenses
            create_record(
                ExpenseLine(
                    claim=claim,
                    kind=e["kind"],
                    miles=e.get("miles") if e["kind"] == ExpenseKind.MILEAGE else None,
                    amount=amount,
                    description=e.get("description") or "",
                    receipt=e.get("receipt") or "",
                ),
                by=by,
                action="submit_claim",
            )
        return claim


def _revalue(claim: Claim):
    expenses = [(e.kind, e.amount, e.miles) for e in claim.expenses.all()]
    return value_claim(
        claim.organisation_id,
        claim.day,
        claim.role_level,
        claim.basis,
        claim.quantity,
        claim.declined_payment,
        expenses,
    )


def _decide(claim: Claim, by, expected_version, extra_blockers=()) -> Claim:
    """The row re-read under a lock, the deciding rules asked first (so the one who lost a race
    is told who won), then the version."""
    with locked(claim, related=("person", "decided_by")) as current:
        refuse(current.blockers_to_deciding(by) + list(extra_blockers))
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit("this claim")
        return current


def approve_claim(claim: Claim, *, by, expected_version: int | None = None) -> Claim:
    """Approve a claim waiting for approval. The value is worked out again from the rate card in
    force on the day (the cap and the benefits-advice acknowledgement re-checked); two approvers
    at once: the first wins, the second is told who approved it."""
    with transaction.atomic():
        current = _decide(claim, by, expected_version)
        valuation = _revalue(current)
        refuse(list(valuation.reasons))
        refuse(_advice_blockers(current.person, valuation.involvement, current.declined_payment, False))
        return change_record(
            current,
            {
                "status": Claim.Status.APPROVED,
                "decided_by": by,
                "decided_at": timezone.now(),
                "rate_card": valuation.card,
                "involvement_amount": valuation.involvement,
                "expenses_amount": valuation.expenses,
                "total_amount": valuation.total,
            },
            by=by,
            action="approve_claim",
        )


def query_claim(claim: Claim, *, by, question: str, expected_version: int | None = None) -> Claim:
    """Ask the person (or whoever made the claim) a question; the claim waits for the answer."""
    if not question.strip():
        raise ValidationError({"question": ["Enter your question about the claim"]})
    with transaction.atomic():
        current = _decide(claim, by, expected_version)
        return change_record(
            current,
            {
                "status": Claim.Status.QUERIED,
                "question": question.strip(),
                "answer": "",
                "decided_by": by,
                "decided_at": timezone.now(),
            },
            by=by,
            action="query_claim",
        )


def answer_claim(claim: Claim, *, by, answer: str, expected_version: int | None = None) -> Claim:
    """Answer the question on a queried claim; it waits for approval again."""
    if not answer.strip():
        raise ValidationError({"answer": ["Enter your answer"]})
    with locked(claim, expected_version=expected_version) as current:
        refuse(current.blockers_to_answering())
        return change_record(
            current,
            {"status": Claim.Status.SUBMITTED, "answer": answer.strip(), "decided_by": None, "decided_at": None},
            by=by,
            action="answer_claim_query",
        )


def refuse_claim(claim: Claim, *, by, reason: str, expected_version: int | None = None) -> Claim:
    """Refuse a claim, with the reason the person will read. The participation and day may then
    be claimed again."""
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the claim is refused"]})
    with transaction.atomic():
        current = _decide(claim, by, expected_version)
        return change_record(
            current,
            {
                "status": Claim.Status.REFUSED,
                "refusal_reason": reason.strip(),
                "decided_by": by,
                "decided_at": timezone.now(),
            },
            by=by,
            action="refuse_claim",
        )


# Payment exports ---------------------------------------------------------------------------------


# An XLSX file is written whole before its first byte is sent (about 1,300 rows a second on this
# machine), so a request may write one of at most this many claims; CSV streams, of any size.
XLSX_MOST = 10_000


def _xlsx_refusal(format: str, count: int) -> list[str]:
    if format == PaymentExport.Format.XLSX and count > XLSX_MOST:
        return [
            f"An XLSX file holds at most {XLSX_MOST:,} claims and this export has {count:,}: "
            "choose CSV, which streams any number and opens in any spreadsheet."
        ]
    return []


NOTHING_WAITING = "No approved claims are waiting to be exported."


def export_payments(organisation, *, by, format: str = PaymentExport.Format.CSV) -> PaymentExport:
    """Export every approved claim not exported yet: one export record (who, when, how many, the
    total), and each claim marked paid on the day, pointing at it. Each claim is exported once;
    two exports at once cannot both take a claim (the claims are locked; the second finds none)."""
    with transaction.atomic():
        waiting = Claim.objects.filter(organisation=organisation, status=Claim.Status.APPROVED, export__isnull=True)
        ids = list(waiting.select_for_update().order_by("pk").values_list("pk", flat=True))
        if not ids:
            raise RuleBroken(NOTHING_WAITING)
        refuse(_xlsx_refusal(format, len(ids)))
        total = sum(
            Claim.objects.filter(pk__in=ids).values_list("total_amount", flat=True).iterator(chunk_size=5000),
            Decimal(0),
        )
        export = create_record(
            PaymentExport(organisation=organisation, made_by=by, format=format, claim_count=len(ids), total=total),
            by=by,
            action="export_payments",
        )
        today = timezone.localdate()
        for start in range(0, len(ids), 5000):
            Claim.objects.filter(pk__in=ids[start : start + 5000], status=Claim.Status.APPROVED).update(
                status=Claim.Status.PAID, export=export, paid_on=today, version=F("version") + 1
            )
        return export


def repeat_export(export: PaymentExport, *, by, format: str | None = None) -> PaymentExport:
    """Export a past export's claims again (a lost file, payroll asking twice): recorded as its own
    export, a repeat of the first, with the same rows. Nothing is paid twice."""
    original = export.original
    refuse(_xlsx_refusal(format or original.format, original.claim_count))
    return create_record(
        PaymentExport(
            organisation_id=original.organisation_id,
            made_by=by,
            format=format or original.format,
            repeat_of=original,
            claim_count=original.claim_count,
            total=original.total,
        ),
        by=by,
        action="repeat_payment_export",
    )
