"""The actions: each writes its audit event with its actor; stale edits and races are refused
with a reason (two approvers at once: one wins); a form or request sent twice does it once;
exports take each claim once, a repeat gives the same rows and pays nothing twice; turnaround
and spend are worked out as their docstrings say."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from baton.core.actions import once
from baton.core.errors import RuleBroken, StaleEdit
from baton.core.models import AuditEvent

from ..actions import (
    NOTHING_WAITING,
    answer_claim,
    approve_claim,
    delete_budget,
    export_payments,
    query_claim,
    refuse_claim,
    repeat_export,
    update_budget,
)
from ..exports import export_rows
from ..models import Budget, Claim, PaymentExport
from ..spend import median_turnaround, spend_report
from ..testing import make_budget, make_claim, make_spend
from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _event(action):
    return AuditEvent.objects.filter(action=action).order_by("-pk").first()


def test_each_change_of_a_claim_is_audited_with_its_actor(money):
    p = money.p
    claim = make_claim(money.sam_in, by=p.ellie)
    assert _event("submit_claim").actor == p.ellie
    claim = query_claim(claim, by=p.fiona, question="Which meeting?")
    assert (_event("query_claim").actor, claim.status, claim.question) == (p.fiona, "queried", "Which meeting?")
    claim = answer_claim(claim, by=p.ellie, answer="The May board.")
    assert (_event("answer_claim_query").actor, claim.status, claim.answer) == (p.ellie, "submitted", "The May board.")
    claim = approve_claim(claim, by=p.fiona)
    event = _event("approve_claim")
    assert (event.actor, event.before["status"], event.after["status"]) == (p.fiona, "submitted", "approved")
    assert claim.decided_by == p.fiona


def test_two_approvers_at_once_one_wins_and_the_other_is_told_who(money):
    p = money.p
    claim = make_claim(money.sam_in, by=p.ellie)
    seen_by_ellie = Claim.objects.get(pk=claim.pk)
    approve_claim(claim, by=p.fiona, expected_version=claim.version)
    with pytest.raises(RuleBroken) as refused:
        refuse_claim(seen_by_ellie, by=p.ellie, reason="Duplicate", expected_version=seen_by_ellie.version)
    assert refused.value.reasons == ["This claim is no longer waiting for approval: it was approved by Fiona Fisher."]
    assert Claim.objects.get(pk=claim.pk).status == "approved"
    assert AuditEvent.objects.filter(action__in=("approve_claim", "refuse_claim")).count() == 1


def test_a_stale_version_is_refused(money):
    p = money.p
    claim = make_claim(money.sam_in, by=p.ellie)
    with pytest.raises(StaleEdit):
        approve_claim(claim, by=p.fiona, expected_version=claim.version + 1)
    assert Claim.objects.get(pk=claim.pk).status == "submitted"


def test_nobody_decides_their_own_claim(money):
    p = money.p
    from ..models import BenefitsAdvice  # noqa: F401

    claim = make_claim(money.pat_in, by=p.pat)
    with pytest.raises(RuleBroken) as refused:
        approve_claim(claim, by=p.pat)
    assert refused.value.reasons == ["You cannot decide your own claim: another approver must."]


def test_a_refusal_and_a_query_need_their_words(money):
    from django.core.exceptions import ValidationError

    p = money.p
    claim = make_claim(money.sam_in, by=p.ellie)
    with pytest.raises(ValidationError):
        refuse_claim(claim, by=p.fiona, reason="  ")
    with pytest.raises(ValidationError):
        query_claim(claim, by=p.fiona, question="")
    with pytest.raises(RuleBroken) as refused:
        answer_claim(claim, by=p.ellie, answer="Nothing was asked")
    assert refused.value.reasons == ["Only a queried claim is answered: this one has no question waiting."]
    assert Claim.objects.get(pk=claim.pk).status == "submitted"


def test_approval_values_the_claim_again(money):
    from ..testing import RATES, make_rate_card

    p = money.p
    day = TODAY - timedelta(days=1)
    claim = make_claim(money.sam_in, by=p.ellie, day=day, basis="days", quantity=Decimal(1))
    assert claim.total_amount == Decimal("150.00")
    # A card added later from an earlier day than the claim's day is now the one in force.
    newer = {**RATES, 4: {**RATES[4], "day": Decimal("140.00")}}
    make_rate_card(p.org, by=p.fiona, effective_from=day - timedelta(days=3), rates=newer)
    approved = approve_claim(claim, by=p.fiona)
    assert (approved.involvement_amount, approved.total_amount) == (Decimal("140.00"), Decimal("140.00"))


def _approved(money, n, start=1):
    p = money.p
    for i in range(n):
        approve_claim(make_claim(money.sam_in, by=p.ellie, day=TODAY - timedelta(days=start + i)), by=p.fiona)


def test_an_export_takes_each_approved_claim_once_and_marks_it_paid(money):
    p = money.p
    _approved(money, 3)
    make_claim(money.sam_in, by=p.ellie, day=TODAY - timedelta(days=10))  # waiting: not exported
    export = export_payments(p.org, by=p.fiona)
    assert (export.claim_count, export.total) == (3, Decimal("120.00"))
    assert _event("export_payments").actor == p.fiona
    paid = Claim.objects.filter(export=export)
    assert paid.count() == 3 and set(paid.values_list("status", "paid_on")) == {("paid", TODAY)}
    with pytest.raises(RuleBroken) as refused:
        export_payments(p.org, by=p.fiona)
    assert refused.value.reasons == [NOTHING_WAITING]
    _approved(money, 1, start=20)
    second = export_payments(p.org, by=p.fiona)
    assert second.claim_count == 1
    assert not set(Claim.objects.filter(export=second)) & set(paid)


def test_a_repeat_export_is_recorded_and_gives_the_same_rows(money):
    p = money.p
    _approved(money, 2)
    export = export_payments(p.org, by=p.fiona)
    first_rows = list(export_rows(export))
    repeat = repeat_export(export, by=p.adam, format="xlsx")
    assert (repeat.repeat_of, repeat.claim_count, repeat.total, repeat.format) == (export, 2, export.total, "xlsx")
    assert _event("repeat_payment_export").actor == p.adam
    assert list(export_rows(repeat)) == first_rows
    assert first_rows[-1][-4] == export.total  # the total row reconciles with the record
    assert repeat_export(repeat, by=p.fiona).repeat_of == export, "a repeat of a repeat repeats the first"
    assert Claim.objects.filter(status="paid").count() == 2


def test_an_export_sent_twice_exports_once(money):
    p = money.p
    _approved(money, 2)
    with once("export-key", by=p.fiona, scope="form:ExportForm") as keep:
        keep(export_payments(p.org, by=p.fiona))
    from baton.core.actions import AlreadyDone

    with pytest.raises(AlreadyDone), once("export-key", by=p.fiona, scope="form:ExportForm"):
        export_payments(p.org, by=p.fiona)
    assert PaymentExport.objects.count() == 1


def test_the_csv_file_streams_every_claim_and_its_total(money, signed_in):
    p = money.p
    _approved(money, 3)
    export = export_payments(p.org, by=p.fiona)
    response = signed_in(p.fiona).get(f"/resources/exports/{export.pk}/file/")
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "Claim" and len(rows) == 5
    assert rows[-1][0] == "Total" and Decimal(rows[-1][9]) == export.total


def test_turnaround_is_the_median_days_from_claim_to_payment_over_90_days(money):
    p = money.p
    _approved(money, 3)
    now = timezone.now()
    for days, claim in zip((2, 5, 30), Claim.objects.order_by("pk"), strict=True):
        Claim.objects.filter(pk=claim.pk).update(submitted_at=now - timedelta(days=days))
    export_payments(p.org, by=p.fiona)
    assert median_turnaround(p.org, TODAY) == 5
    assert median_turnaround(p.org, TODAY + timedelta(days=90)) is None, "paid 90 days ago no longer counts"
    assert median_turnaround(p.org, TODAY + timedelta(days=89)) == 5


def test_spend_counts_activities_claims_and_other_spend_to_the_right_place(money):
    p = money.p
    year = TODAY.year if TODAY.month >= 4 else TODAY.year - 1
    money.activity.__class__.objects.filter(pk=money.activity.pk).update(
        cost=Decimal("120.00"), start_date=date(year, 5, 1)
    )
    make_budget(money.programme, by=p.ellie, year=year, amount=Decimal("1000.00"))
    _approved(money, 2)
    make_claim(money.sam_in, by=p.ellie, day=TODAY - timedelta(days=9))  # waiting: not spend
    make_spend(p.org, by=p.ellie, programme=money.programme, category="bsl", amount=Decimal("180.00"), spent_on=TODAY)
    make_spend(p.org, by=p.ellie, category="training", amount=Decimal("99.99"), spent_on=TODAY)
    report = spend_report(p.org, year)
    line = next(x for x in report.lines if x.programme == money.programme)
    assert line.heads == {
        "activities": Decimal("120.00"),
        "involvement": Decimal("80.00"),
        "expenses": Decimal("0.00"),
        "accessibility": Decimal("180.00"),
        "training": Decimal("0.00"),
        "other": Decimal("0.00"),
    }
    assert (line.budget, line.spent, line.left) == (Decimal("1000.00"), Decimal("380.00"), Decimal("620.00"))
    assert report.organisation_line.heads["training"] == Decimal("99.99")
    assert report.spent == Decimal("479.99")


def test_budgets_change_with_their_version_and_delete_restorably(money):
    p = money.p
    budget = make_budget(money.programme, by=p.ellie)
    with pytest.raises(StaleEdit):
        update_budget(budget, {"amount": Decimal(1)}, by=p.ellie, expected_version=budget.version + 1)
    update_budget(budget, {"amount": Decimal("7500.00")}, by=p.fiona, expected_version=budget.version)
    assert Budget.objects.get().amount == Decimal("7500.00")
    event = delete_budget(budget, by=p.ellie)
    assert event.action == "delete_budget" and not Budget.objects.exists()
    from baton.core.audit import restore_deleted

    restore_deleted(event, by=p.ellie)
    assert Budget.objects.get().amount == Decimal("7500.00")


def test_an_xlsx_export_too_large_to_write_in_a_request_is_refused_and_csv_is_offered(money, monkeypatch):
    from .. import actions

    p = money.p
    monkeypatch.setattr(actions, "XLSX_MOST", 2)
    _approved(money, 3)
    with pytest.raises(RuleBroken) as refused:
        export_payments(p.org, by=p.fiona, format="xlsx")
    assert refused.value.reasons == [
        "An XLSX file holds at most 2 claims and this export has 3: "
        "choose CSV, which streams any number and opens in any spreadsheet."
    ]
    assert not PaymentExport.objects.exists() and not Claim.objects.filter(status="paid").exists()
    export = export_payments(p.org, by=p.fiona, format="csv")
    with pytest.raises(RuleBroken):
        repeat_export(export, by=p.fiona, format="xlsx")
    assert repeat_export(export, by=p.fiona).format == "csv"
    monkeypatch.setattr(actions, "XLSX_MOST", 3)
    assert repeat_export(export, by=p.fiona, format="xlsx").claim_count == 3  # at the limit: written
