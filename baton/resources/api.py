"""The resources REST API: budgets, other spend, the spend summary, rate cards, claims (made for
one's own participation or on someone's behalf; approved, queried, refused, answered) and payment
exports. Each operation takes the pages' steps through the same permission helpers and actions:
404 when not yours, 403 when not allowed, 422 for bad input, 409 when a rule refuses (two
approvers at once: the second is told who won). Lists paginate; creates take an optional
`Idempotency-Key`."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Header, Path, Query, Router
from ninja.pagination import paginate

from baton.core.api_helpers import changes_of, created_once
from baton.core.permissions import require, require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Pages, responses
from baton.cycle.models import Programme
from baton.people.models import Participation

from . import actions
from .models import Budget, Claim, PaymentExport, RateCard, SpendItem, financial_year_label, financial_year_of
from .permissions import (
    can_approve,
    can_export,
    can_keep_budgets,
    can_keep_rate_cards,
    can_see_payments,
    get_budget_for_user,
    get_card_for_user,
    get_claim_for_user,
    get_export_for_user,
    get_participation_to_claim,
    get_programme_for_user,
    own_person,
    require_payments,
)
from .schemas import (
    ResourcesAnswer,
    ResourcesBudgetIn,
    ResourcesBudgetOut,
    ResourcesBudgetPatch,
    ResourcesClaimFilter,
    ResourcesClaimIn,
    ResourcesClaimOut,
    ResourcesExportIn,
    ResourcesExportOut,
    ResourcesProgrammeMoneyOut,
    ResourcesQuestion,
    ResourcesRateCardIn,
    ResourcesRateCardOut,
    ResourcesReason,
    ResourcesSpendItemIn,
    ResourcesSpendItemOut,
    ResourcesSpendOut,
    ResourcesVersion,
    ResourcesYearFilter,
)
from .spend import spend_report

router = Router(tags=["resources"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)
R = "/resources"


def _payments(request):
    member = require_member(request.auth)
    require_payments(request.auth)
    return member


def _programme(member, pk, field="programme_id"):
    if pk is None:
        return None
    found = Programme.objects.for_org(member.organisation_id).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: ["Choose one of your organisation's programmes."]})
    return found


def _year(filters) -> int:
    return filters.year or financial_year_of(timezone.localdate())


def _spend_out(report) -> dict:
    lines = [*report.lines, report.organisation_line]
    return {
        "year": report.year,
        "label": financial_year_label(report.year),
        "budget": report.budget,
        "spent": report.spent,
        "lines": [
            {
                "programme_id": line.programme.pk if line.programme else None,
                "programme": line.programme.name if line.programme else "The organisation",
                "budget": line.budget,
                "spent": line.spent,
                "heads": line.heads,
            }
            for line in lines
        ],
    }


# Budgets and spend --------------------------------------------------------------------------------


@router.get(f"{R}/budgets", response=responses({200: list[ResourcesBudgetOut]}), summary="List budgets")
@paginate(Pages)
def list_budgets(request, filters: Query[ResourcesYearFilter]):
    member = _payments(request)
    found = Budget.objects.for_org(member.organisation_id).order_by("-financial_year", "programme_id", "pk")
    if filters.year:
        found = found.filter(financial_year=filters.year)
    return found


@router.post(
    f"{R}/budgets",
    response=responses({201: ResourcesBudgetOut, 200: ResourcesBudgetOut}, WRITE_ERRORS),
    summary="Set a programme's budget for a financial year",
)
def create_budget(request, payload: ResourcesBudgetIn, idempotency_key: str | None = IDEMPOTENCY):
    member = _payments(request)
    require(can_keep_budgets(request.auth))
    fields = payload.dict()
    programme = _programme(member, fields.pop("programme_id"))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.set_budget(programme, by=request.auth, **fields),
        lambda pk: Budget.objects.get(pk=pk),
    )


@router.patch(
    f"{R}/budgets/{{budget_id}}", response=responses({200: ResourcesBudgetOut}, WRITE_ERRORS), summary="Change a budget"
)
def update_budget(request, payload: ResourcesBudgetPatch, budget_id: int = PK):
    budget = get_budget_for_user(request.auth, budget_id)
    require(can_keep_budgets(request.auth))
    actions.update_budget(budget, changes_of(payload), by=request.auth, expected_version=payload.version)
    return Budget.objects.get(pk=budget.pk)


@router.get(f"{R}/spend-items", response=responses({200: list[ResourcesSpendItemOut]}), summary="List other spend")
@paginate(Pages)
def list_spend_items(request):
    member = _payments(request)
    return SpendItem.objects.for_org(member.organisation_id).order_by("-spent_on", "-pk")


@router.post(
    f"{R}/spend-items",
    response=responses({201: ResourcesSpendItemOut, 200: ResourcesSpendItemOut}, WRITE_ERRORS),
    summary="Record accessibility, training or other spend",
)
def create_spend_item(request, payload: ResourcesSpendItemIn, idempotency_key: str | None = IDEMPOTENCY):
    member = _payments(request)
    require(can_keep_budgets(request.auth))
    fields = payload.dict()
    fields["programme"] = _programme(member, fields.pop("programme_id"))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.record_spend(member.organisation, by=request.auth, **fields),
        lambda pk: SpendItem.objects.get(pk=pk),
    )


@router.get(f"{R}/spend", response=responses({200: ResourcesSpendOut}), summary="Spend against budget in a year")
def get_spend(request, filters: Query[ResourcesYearFilter]):
    """Each programme's budget and spend, and the organisation's own spend (`spend.spend_report`)."""
    member = _payments(request)
    return _spend_out(spend_report(member.organisation, _year(filters)))


@router.get(
    f"{R}/programmes",
    response=responses({200: list[ResourcesProgrammeMoneyOut]}),
    summary="Each programme's budget and spend in a year",
)
@paginate(Pages)
def list_programme_money(request, filters: Query[ResourcesYearFilter]):
    member = _payments(request)
    report = spend_report(member.organisation, _year(filters))
    return [
        {"id": line.programme.pk, "name": line.programme.name, "budget": line.budget, "spent": line.spent}
        for line in report.lines
        if line.programme is not None
    ]


@router.get(
    f"{R}/programmes/{{programme_id}}/spend",
    response=responses({200: ResourcesSpendOut}),
    summary="A programme's budget and spend in a year",
)
def get_programme_spend(request, filters: Query[ResourcesYearFilter], programme_id: int = PK):
    """For those who see payments, and the programme's own lead."""
    programme = get_programme_for_user(request.auth, programme_id)
    report = spend_report(programme.organisation, _year(filters), Programme.objects.filter(pk=programme.pk))
    out = _spend_out(report)
    out["lines"] = out["lines"][:1]
    out["spent"] = report.lines[0].spent
    return out


# Rate cards ---------------------------------------------------------------------------------------


@router.get(f"{R}/rate-cards", response=responses({200: list[ResourcesRateCardOut]}), summary="List rate cards")
@paginate(Pages)
def list_rate_cards(request):
    member = _payments(request)
    return RateCard.objects.for_org(member.organisation_id).prefetch_related("rates").order_by("-effective_from")


@router.post(
    f"{R}/rate-cards",
    response=responses({201: ResourcesRateCardOut, 200: ResourcesRateCardOut}, WRITE_ERRORS),
    summary="Add a rate card",
)
def create_rate_card(request, payload: ResourcesRateCardIn, idempotency_key: str | None = IDEMPOTENCY):
    member = _payments(request)
    require(can_keep_rate_cards(request.auth))
    fields = payload.dict()
    rates = {r["level"]: {k: v for k, v in r.items() if k != "level"} for r in fields.pop("rates")}
    return created_once(
        request,
        idempotency_key,
        lambda: actions.add_rate_card(member.organisation, by=request.auth, rates=rates, **fields),
        lambda pk: RateCard.objects.prefetch_related("rates").get(pk=pk),
    )


@router.get(f"{R}/rate-cards/{{card_id}}", response=responses({200: ResourcesRateCardOut}), summary="Get a rate card")
def get_rate_card(request, card_id: int = PK):
    return get_card_for_user(request.auth, card_id)


# Claims -------------------------------------------------------------------------------------------


def _claims():
    return Claim.objects.prefetch_related("expenses")


@router.get(
    f"{R}/claims", response=responses({200: list[ResourcesClaimOut]}), summary="List claims (one's own, or everyone's)"
)
@paginate(Pages)
def list_claims(request, filters: Query[ResourcesClaimFilter]):
    member = require_member(request.auth)
    found = _claims().filter(organisation_id=member.organisation_id).order_by("-submitted_at", "-pk")
    if not can_see_payments(request.auth):
        person = own_person(request.auth)
        require(person is not None, "Payments are for finance and engagement staff, and each person's own claims.")
        found = found.filter(person=person)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.person_id:
        found = found.filter(person_id=filters.person_id)
    return found


@router.post(
    f"{R}/claims",
    response=responses({201: ResourcesClaimOut, 200: ResourcesClaimOut}, WRITE_ERRORS),
    summary="Make a claim for a participation",
)
def create_claim(request, payload: ResourcesClaimIn, idempotency_key: str | None = IDEMPOTENCY):
    """For one's own participation, or anyone's for those who see payments. Receipts are added on
    the claim's page."""
    member = require_member(request.auth)
    fields = payload.dict()
    pid = fields.pop("participation_id")
    if not Participation.objects.filter(pk=pid, person__organisation_id=member.organisation_id).exists():
        raise ValidationError({"participation_id": ["Choose a participation in your organisation."]})
    participation = get_participation_to_claim(request.auth, pid)
    return created_once(
        request,
        idempotency_key,
        lambda: actions.submit_claim(participation, by=request.auth, **fields),
        lambda pk: _claims().get(pk=pk),
    )


@router.get(f"{R}/claims/{{claim_id}}", response=responses({200: ResourcesClaimOut}), summary="Get a claim")
def get_claim(request, claim_id: int = PK):
    get_claim_for_user(request.auth, claim_id)
    return _claims().get(pk=claim_id)


def _approver(request, claim_id):
    claim = get_claim_for_user(request.auth, claim_id)
    require(can_approve(request.auth))
    return claim


@router.post(
    f"{R}/claims/{{claim_id}}/approve", response=responses({200: ResourcesClaimOut}, WRITE_ERRORS), summary="Approve"
)
def approve_claim(request, payload: ResourcesVersion, claim_id: int = PK):
    claim = _approver(request, claim_id)
    actions.approve_claim(claim, by=request.auth, expected_version=payload.version)
    return _claims().get(pk=claim_id)


@router.post(
    f"{R}/claims/{{claim_id}}/query", response=responses({200: ResourcesClaimOut}, WRITE_ERRORS), summary="Ask"
)
def query_claim(request, payload: ResourcesQuestion, claim_id: int = PK):
    claim = _approver(request, claim_id)
    actions.query_claim(claim, by=request.auth, question=payload.question, expected_version=payload.version)
    return _claims().get(pk=claim_id)


@router.post(
    f"{R}/claims/{{claim_id}}/refuse", response=responses({200: ResourcesClaimOut}, WRITE_ERRORS), summary="Refuse"
)
def refuse_claim(request, payload: ResourcesReason, claim_id: int = PK):
    claim = _approver(request, claim_id)
    actions.refuse_claim(claim, by=request.auth, reason=payload.reason, expected_version=payload.version)
    return _claims().get(pk=claim_id)


@router.post(
    f"{R}/claims/{{claim_id}}/answer",
    response=responses({200: ResourcesClaimOut}, WRITE_ERRORS),
    summary="Answer the question on a claim",
)
def answer_claim(request, payload: ResourcesAnswer, claim_id: int = PK):
    claim = get_claim_for_user(request.auth, claim_id)
    require(claim.person.account_id == request.auth.pk or can_see_payments(request.auth))
    actions.answer_claim(claim, by=request.auth, answer=payload.answer, expected_version=payload.version)
    return _claims().get(pk=claim_id)


# Exports ------------------------------------------------------------------------------------------


@router.get(f"{R}/exports", response=responses({200: list[ResourcesExportOut]}), summary="List payment exports")
@paginate(Pages)
def list_exports(request):
    member = _payments(request)
    return PaymentExport.objects.for_org(member.organisation_id).order_by("-made_at", "-pk")


@router.post(
    f"{R}/exports",
    response=responses({201: ResourcesExportOut, 200: ResourcesExportOut}, WRITE_ERRORS),
    summary="Export approved claims not exported yet",
)
def create_export(request, payload: ResourcesExportIn, idempotency_key: str | None = IDEMPOTENCY):
    """409 when no approved claim is waiting. The file: `file_url`."""
    member = _payments(request)
    require(can_export(request.auth))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.export_payments(member.organisation, by=request.auth, format=payload.format),
        lambda pk: PaymentExport.objects.get(pk=pk),
    )


@router.get(f"{R}/exports/{{export_id}}", response=responses({200: ResourcesExportOut}), summary="Get an export")
def get_export(request, export_id: int = PK):
    return get_export_for_user(request.auth, export_id)


@router.post(
    f"{R}/exports/{{export_id}}/repeat",
    response=responses({201: ResourcesExportOut}, WRITE_ERRORS),
    summary="Export a past export's claims again (recorded)",
)
def repeat_export(request, payload: ResourcesExportIn, export_id: int = PK):
    export = get_export_for_user(request.auth, export_id)
    require(can_export(request.auth))
    return 201, actions.repeat_export(export, by=request.auth, format=payload.format)
