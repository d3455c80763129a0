"""Factories for rate cards, budgets, spend, claims and exports, made through the actions as a user
would, and the area's share of the test world (core.testing.build_world). No amount is written in
the app's code: the rates here are the factories' own (the £150 day and £75 half day of level 4
are those DOMAIN.md recalls for NHS England's PPV policy)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

_seq = itertools.count(1)

# Rates per level: hourly, half day, day, cap.
RATES = {
    1: {"hourly": Decimal("0"), "half_day": Decimal("0"), "day": Decimal("0"), "cap": Decimal("0")},
    2: {"hourly": Decimal("0"), "half_day": Decimal("0"), "day": Decimal("0"), "cap": Decimal("0")},
    3: {"hourly": Decimal("12.50"), "half_day": Decimal("40.00"), "day": Decimal("80.00"), "cap": Decimal("80.00")},
    4: {"hourly": Decimal("20.00"), "half_day": Decimal("75.00"), "day": Decimal("150.00"), "cap": Decimal("150.00")},
}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def receipt_file(name: str = "receipt.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_rate_card(organisation, *, by, effective_from: date | None = None, rates=None, **overrides):
    from .actions import add_rate_card

    fields = {
        "effective_from": effective_from or date(2020, 4, 1),
        "mileage_rate": Decimal("0.45"),
        "notes": "NHS England PPV partner policy",
    }
    fields.update(overrides)
    return add_rate_card(organisation, by=by, rates=rates or RATES, **fields)


def make_budget(programme, *, by, year: int | None = None, amount=Decimal("5000.00"), **overrides):
    from .actions import set_budget
    from .models import financial_year_of

    year = year if year is not None else financial_year_of(timezone.localdate())
    return set_budget(programme, by=by, financial_year=year, amount=Decimal(amount), **overrides)


def make_spend(organisation, *, by, **overrides):
    from .actions import record_spend

    fields = {
        "category": "bsl",
        "spent_on": timezone.localdate() - timedelta(days=3),
        "amount": Decimal("180.00"),
        "description": f"BSL interpreters {next(_seq)}",
    }
    fields.update(overrides)
    return record_spend(organisation, by=by, **fields)


def make_claim(participation, *, by, **overrides):
    from .actions import submit_claim

    fields = {
        "day": timezone.localdate() - timedelta(days=next(_seq) % 20 + 1),
        "basis": "hours",
        "quantity": Decimal("2"),
        "declined_payment": False,
        "expenses": [],
        "benefits_advice_acknowledged": True,
    }
    fields.update(overrides)
    return submit_claim(participation, by=by, **fields)


@dataclass
class ResourcesWorld:
    cards: dict
    claims: dict
    budget: object
    spend: object
    export: object
    repeat: object
    pat_participation: object
    expense: object


def contribute(world) -> None:
    """Two rate cards (a change 30 days ago); a budget for the world's programme this year and
    other spend; Pat at level 4 in the world's activity, with a claim waiting and a receipt;
    claims queried, approved, refused and paid (exported, and exported again); Oscar's
    organisation with a rate card of its own. An instance of every parameterised route."""
    from .actions import approve_claim, export_payments, query_claim, refuse_claim, repeat_export

    p = world.personas
    org = p.org
    today = timezone.localdate()
    cycle = world.of["cycle"]
    people = world.of["people"]
    from baton.people.testing import make_participation

    old = make_rate_card(org, by=p.fiona, effective_from=date(2020, 4, 1))
    new_rates = {**RATES, 4: {**RATES[4], "day": Decimal("160.00"), "cap": Decimal("160.00")}}
    new = make_rate_card(org, by=p.fiona, effective_from=today - timedelta(days=30), rates=new_rates)
    spare = make_rate_card(org, by=p.fiona, effective_from=today + timedelta(days=60), notes="Next year's rates")
    budget = make_budget(cycle.programme, by=p.ellie, amount=Decimal("12000.00"))
    spend = make_spend(org, by=p.ellie, programme=cycle.programme)

    pat_in = make_participation(
        people.people["pat"],
        by=p.ellie,
        activity=cycle.activity,
        role="Co-design member",
        role_level=4,
        starts_on=today - timedelta(days=90),
    )
    amira = people.participations["member"]
    claims = {
        "waiting": make_claim(
            pat_in,
            by=p.pat,
            day=today - timedelta(days=2),
            expenses=[
                {"kind": "fare", "amount": Decimal("6.40"), "receipt": receipt_file()},
                {"kind": "mileage", "miles": Decimal("12")},
            ],
        ),
        "queried": make_claim(amira, by=p.ellie, day=today - timedelta(days=3)),
        "approved": make_claim(amira, by=p.ellie, day=today - timedelta(days=4)),
        "refused": make_claim(amira, by=p.ellie, day=today - timedelta(days=5)),
        "paid": make_claim(amira, by=p.ellie, day=today - timedelta(days=6), basis="days", quantity=Decimal(1)),
    }
    claims["queried"] = query_claim(claims["queried"], by=p.fiona, question="Was this a full meeting?")
    claims["refused"] = refuse_claim(claims["refused"], by=p.fiona, reason="This meeting was cancelled.")
    claims["paid"] = approve_claim(claims["paid"], by=p.fiona)
    export = export_payments(org, by=p.fiona)
    repeat = repeat_export(export, by=p.fiona, format="xlsx")
    claims["approved"] = approve_claim(claims["approved"], by=p.fiona)
    for claim in claims.values():
        claim.refresh_from_db()
    expense = claims["waiting"].expenses.exclude(receipt="").first()

    make_rate_card(p.other_org, by=p.oscar, effective_from=date(2020, 4, 1))

    world.of["resources"] = ResourcesWorld(
        {"old": old, "new": new, "spare": spare}, claims, budget, spend, export, repeat, pat_in, expense
    )
    # Pat claims for himself and answers questions on his own claims.
    world.powers.setdefault("pat", set()).update({"resources:claim_create", "resources:claim_answer"})
    world.route("resources:programme_money", pk=cycle.programme.pk)
    for name in ("budget_edit", "budget_delete"):
        world.route(f"resources:{name}", pk=budget.pk)
    for name in ("spend_edit", "spend_delete"):
        world.route(f"resources:{name}", pk=spend.pk)
    for card in (old, spare):
        world.route("resources:card_detail", pk=card.pk)
        world.route("resources:card_edit", pk=card.pk)
    world.route("resources:claim_create", pk=pat_in.pk)
    world.route("resources:claim_create", pk=amira.pk)
    for claim in claims.values():
        world.route("resources:claim_detail", pk=claim.pk)
    for name in ("claim_approve", "claim_query", "claim_refuse"):
        world.route(f"resources:{name}", pk=claims["waiting"].pk)
    world.route("resources:claim_answer", pk=claims["queried"].pk)
    assert expense is not None
    world.route("resources:receipt", pk=expense.pk)
    for x in (export, repeat):
        world.route("resources:export_detail", pk=x.pk)
        world.route("resources:export_file", pk=x.pk)
        world.route("resources:export_repeat", pk=x.pk)
