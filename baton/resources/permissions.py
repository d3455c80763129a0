"""Who may do what with budgets, spend, rate cards, claims and payment exports. Pages, the API and
templates all ask here.

Payments data is seen by finance and engagement roles (`see_payments`: engagement leads, finance
officers, admins) and by the person themself: a patient partner sees and makes only his own claims
(anyone else's is 404, as if absent). A programme lead reads her own programme's budget and spend,
nothing of claims. Engagement leads and finance approve, query and refuse claims
(`approve_claims`); finance and admins export payments (`export_payments`) and keep rate cards
(`keep_rate_cards`); engagement leads, finance and admins set budgets and record spend
(`keep_budgets`). Another organisation's records are 404."""

from __future__ import annotations

from django.http import Http404

from baton.core.permissions import get_for_user, has, membership, require, require_member
from baton.cycle.models import Programme
from baton.people.models import Participation, Person

from .models import Budget, Claim, PaymentExport, RateCard, SpendItem

SEE_PAYMENTS = "see_payments"
APPROVE_CLAIMS = "approve_claims"
EXPORT_PAYMENTS = "export_payments"
KEEP_BUDGETS = "keep_budgets"
KEEP_RATE_CARDS = "keep_rate_cards"


def can_see_payments(user) -> bool:
    """Budgets, spend, rate cards, everyone's claims and the exports."""
    return has(user, SEE_PAYMENTS)


def can_approve(user) -> bool:
    return has(user, APPROVE_CLAIMS)


def can_export(user) -> bool:
    return has(user, EXPORT_PAYMENTS)


def can_keep_budgets(user) -> bool:
    return has(user, KEEP_BUDGETS)


def can_keep_rate_cards(user) -> bool:
    return has(user, KEEP_RATE_CARDS)


def can_read_programme_money(user, programme) -> bool:
    """A programme's budget and spend: those who see payments, and the programme's own lead."""
    return can_see_payments(user) or (programme.lead_id is not None and programme.lead_id == user.pk)


def own_person(user) -> Person | None:
    """The person record linked to the user's account in the organisation this request acts for."""
    m = membership(user)
    if m is None:
        return None
    return Person.objects.active().filter(organisation_id=m.organisation_id, account=user).first()


def may_claim(user) -> bool:
    """Someone who may make a claim: for himself (a linked person record), or on another's behalf."""
    return can_see_payments(user) or own_person(user) is not None


def require_payments(user) -> None:
    """404 for no organisation, 403 for anyone who does not see payments."""
    require_member(user)
    require(can_see_payments(user), "Payments are for finance and engagement staff, and each person's own claims.")


CLAIM_JOINS = (
    "organisation",
    "person",
    "participation__activity",
    "participation__structure",
    "rate_card",
    "programme",
)


def get_claim_for_user(user, pk) -> Claim:
    """A claim the user may see: anyone's for those who see payments; his own for a person with a
    linked record (another person's is 404, as if absent); 403 for other staff."""
    claim = get_for_user(Claim, user, pk, select_related=CLAIM_JOINS)
    if can_see_payments(user):
        return claim
    if claim.person.account_id == user.pk:
        return claim
    if own_person(user) is not None:
        raise Http404("Not found")
    require(False, "Payments are for finance and engagement staff, and each person's own claims.")
    return claim


def get_participation_to_claim(user, pk) -> Participation:
    """A participation the user may claim for: his own, or anyone's for those who see payments."""
    participation = get_for_user(
        Participation, user, pk, select_related=("person", "activity__stage_run__programme", "structure")
    )
    if can_see_payments(user):
        return participation
    if participation.person.account_id == user.pk:
        return participation
    if own_person(user) is not None:
        raise Http404("Not found")  # someone else's: as if absent
    require(False, "Claims on someone's behalf are for finance and engagement staff.")
    return participation


def _get(model, user, pk, related=()):
    found = get_for_user(model, user, pk, select_related=related)
    require_payments(user)
    return found


def get_budget_for_user(user, pk) -> Budget:
    return _get(Budget, user, pk, ("programme", "programme__organisation"))


def get_spend_for_user(user, pk) -> SpendItem:
    return _get(SpendItem, user, pk, ("organisation", "programme"))


def get_card_for_user(user, pk) -> RateCard:
    return _get(RateCard, user, pk, ("organisation",))


def get_export_for_user(user, pk) -> PaymentExport:
    return _get(PaymentExport, user, pk, ("organisation", "made_by", "repeat_of"))


def get_programme_for_user(user, pk) -> Programme:
    """A programme whose budget and spend the user may read (403 otherwise)."""
    programme = get_for_user(Programme, user, pk, select_related=("organisation", "lead"))
    require(can_read_programme_money(user, programme), "A programme's budget is for its lead and finance staff.")
    return programme
