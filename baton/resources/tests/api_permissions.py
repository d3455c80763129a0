"""The resources area's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py
gathers every area's `OPS` and runs `prepare(world)` first). Payments data is for finance and
engagement roles (and each person's own claims: Pat here has no linked record, so he is refused);
a programme lead reads her own programme's spend."""

from datetime import date, timedelta

from django.utils import timezone

from baton.core.models import Role
from baton.core.testing import add_role
from baton.cycle.testing import make_activity, make_programme, make_run
from baton.cycle.tests.test_api_permissions import Op
from baton.people.testing import make_participation, make_person

from ..actions import approve_claim, export_payments, query_claim
from ..testing import make_budget, make_claim, make_rate_card

R = "/api/resources"
NOT_PAYMENTS = ("bea", "larry", "pat", "priya", "nora")
NOT_FINANCE = (*NOT_PAYMENTS, "ellie")
NOT_APPROVERS = (*NOT_PAYMENTS, "adam")
TODAY = timezone.localdate()


def prepare(w) -> None:
    """A rate card, a budget for the world's programme, Sam at level 4 in its activity with a claim
    waiting, one queried and one approved (waiting for export) and one exported; Oscar's
    organisation with an approved claim of its own, so he can export in his own organisation."""
    p = w.p
    make_rate_card(p.org, by=p.fiona, effective_from=date(2020, 4, 1))
    w.budget = make_budget(w.programme, by=p.ellie)
    sam = make_person(p.org, by=p.ellie, name="Sam Patel")
    w.participation = make_participation(
        sam, by=p.ellie, activity=w.activity, role_level=4, starts_on=TODAY - timedelta(days=60)
    )
    w.claim = make_claim(w.participation, by=p.ellie, day=TODAY - timedelta(days=1))
    w.queried = query_claim(
        make_claim(w.participation, by=p.ellie, day=TODAY - timedelta(days=2)), by=p.fiona, question="Which meeting?"
    )
    approve_claim(make_claim(w.participation, by=p.ellie, day=TODAY - timedelta(days=3)), by=p.fiona)
    paid = make_claim(w.participation, by=p.ellie, day=TODAY - timedelta(days=4))
    approve_claim(paid, by=p.fiona)
    w.export = export_payments(p.org, by=p.fiona)
    approve_claim(make_claim(w.participation, by=p.ellie, day=TODAY - timedelta(days=5)), by=p.fiona)

    add_role(p.oscar, p.other_org, Role.FINANCE)  # so he may export and keep rate cards at home
    other = make_programme(p.other_org, by=p.oscar, lead=p.oscar, name="Other shire programme")
    other_activity = make_activity(make_run(other, "needs", owner=p.oscar, by=p.oscar), by=p.oscar)
    make_rate_card(p.other_org, by=p.oscar, effective_from=date(2020, 4, 1))
    them = make_participation(
        make_person(p.other_org, by=p.oscar, name="Other person"),
        by=p.oscar,
        activity=other_activity,
        role_level=4,
        starts_on=TODAY - timedelta(days=60),
    )
    approve_claim(make_claim(them, by=p.oscar, day=TODAY - timedelta(days=1)), by=p.oscar)


def _claim_body(w, **overrides):
    body = {
        "participation_id": w.participation.pk,
        "day": str(TODAY - timedelta(days=10)),
        "basis": "half_days",
        "quantity": "1",
        "expenses": [{"kind": "mileage", "miles": "10"}, {"kind": "fare", "amount": "4.50"}],
        "benefits_advice_acknowledged": True,
    }
    return {**body, **overrides}


OPS = {
    ("get", f"{R}/budgets"): Op(
        lambda w: ("/resources/budgets", None),
        oscar="list",
        forbidden=NOT_PAYMENTS,
        bad=lambda w: ("/resources/budgets?year=1999", None),
    ),
    ("post", f"{R}/budgets"): Op(
        lambda w: ("/resources/budgets", {"programme_id": w.programme.pk, "financial_year": 2030, "amount": "900.00"}),
        ok=201,
        forbidden=NOT_PAYMENTS,
        oscar="choice:programme_id",
        bad=lambda w: ("/resources/budgets", {"programme_id": w.programme.pk, "financial_year": 2030, "amount": "-1"}),
    ),
    ("patch", f"{R}/budgets/{{budget_id}}"): Op(
        lambda w: (f"/resources/budgets/{w.budget.pk}", {"version": 1, "amount": "6000.00"}),
        forbidden=NOT_PAYMENTS,
        bad=lambda w: (f"/resources/budgets/{w.budget.pk}", {"version": 1, "amount": "abc"}),
    ),
    ("get", f"{R}/spend-items"): Op(
        lambda w: ("/resources/spend-items", None),
        oscar="list",
        forbidden=NOT_PAYMENTS,
        bad=lambda w: ("/resources/spend-items?page=0", None),
    ),
    ("post", f"{R}/spend-items"): Op(
        lambda w: (
            "/resources/spend-items",
            {"category": "bsl", "spent_on": str(TODAY), "amount": "220.00", "description": "BSL interpreters"},
        ),
        ok=201,
        forbidden=NOT_PAYMENTS,
        oscar="elsewhere",
        bad=lambda w: (
            "/resources/spend-items",
            {"category": "bsl", "spent_on": str(TODAY), "amount": "-5", "description": "BSL"},
        ),
    ),
    ("get", f"{R}/spend"): Op(
        lambda w: ("/resources/spend", None),
        oscar="elsewhere",
        forbidden=NOT_PAYMENTS,
        bad=lambda w: ("/resources/spend?year=abc", None),
    ),
    ("get", f"{R}/programmes"): Op(
        lambda w: ("/resources/programmes", None),
        oscar="elsewhere",
        forbidden=NOT_PAYMENTS,
        bad=lambda w: ("/resources/programmes?year=1", None),
    ),
    ("get", f"{R}/programmes/{{programme_id}}/spend"): Op(
        lambda w: (f"/resources/programmes/{w.programme.pk}/spend", None),
        forbidden=("bea", "larry", "pat", "nora"),
        bad=lambda w: (f"/resources/programmes/{w.programme.pk}/spend?year=3000", None),
    ),
    ("get", f"{R}/rate-cards"): Op(
        lambda w: ("/resources/rate-cards", None),
        oscar="elsewhere",
        forbidden=NOT_PAYMENTS,
        bad=lambda w: ("/resources/rate-cards?page=0", None),
    ),
    ("post", f"{R}/rate-cards"): Op(
        lambda w: (
            "/resources/rate-cards",
            {
                "effective_from": str(TODAY),
                "mileage_rate": "0.45",
                "rates": [{"level": 4, "hourly": "20", "half_day": "75", "day": "150", "cap": "150"}],
            },
        ),
        ok=201,
        by="fiona",
        forbidden=NOT_FINANCE,
        oscar="elsewhere",
        bad=lambda w: (
            "/resources/rate-cards",
            {"effective_from": str(TODAY), "mileage_rate": "0.45", "rates": [{"level": 5}]},
        ),
    ),
    ("get", f"{R}/rate-cards/{{card_id}}"): Op(
        lambda w: (f"/resources/rate-cards/{w.p.org.rate_cards.first().pk}", None),
        forbidden=NOT_PAYMENTS,
        bad=lambda w: ("/resources/rate-cards/0", None),
    ),
    ("get", f"{R}/claims"): Op(
        lambda w: ("/resources/claims", None),
        oscar="elsewhere",
        forbidden=NOT_PAYMENTS,
        bad=lambda w: ("/resources/claims?status=lost", None),
    ),
    ("post", f"{R}/claims"): Op(
        lambda w: ("/resources/claims", _claim_body(w)),
        ok=201,
        forbidden=NOT_PAYMENTS,
        oscar="choice:participation_id",
        bad=lambda w: ("/resources/claims", _claim_body(w, expenses=[{"kind": "fare", "amount": "-3"}])),
    ),
    ("get", f"{R}/claims/{{claim_id}}"): Op(
        lambda w: (f"/resources/claims/{w.claim.pk}", None),
        forbidden=NOT_PAYMENTS,
        bad=lambda w: ("/resources/claims/0", None),
    ),
    ("post", f"{R}/claims/{{claim_id}}/approve"): Op(
        lambda w: (f"/resources/claims/{w.claim.pk}/approve", {"version": 1}),
        by="fiona",
        forbidden=NOT_APPROVERS,
        bad=lambda w: (f"/resources/claims/{w.claim.pk}/approve", {"version": 0}),
    ),
    ("post", f"{R}/claims/{{claim_id}}/query"): Op(
        lambda w: (f"/resources/claims/{w.claim.pk}/query", {"version": 1, "question": "Which meeting was this?"}),
        forbidden=NOT_APPROVERS,
        bad=lambda w: (f"/resources/claims/{w.claim.pk}/query", {"version": 1, "question": " "}),
    ),
    ("post", f"{R}/claims/{{claim_id}}/refuse"): Op(
        lambda w: (f"/resources/claims/{w.claim.pk}/refuse", {"version": 1, "reason": "The meeting was cancelled."}),
        forbidden=NOT_APPROVERS,
        bad=lambda w: (f"/resources/claims/{w.claim.pk}/refuse", {"version": 1}),
    ),
    ("post", f"{R}/claims/{{claim_id}}/answer"): Op(
        lambda w: (
            f"/resources/claims/{w.queried.pk}/answer",
            {"version": w.queried.version, "answer": "The May board."},
        ),
        forbidden=NOT_PAYMENTS,
        bad=lambda w: (f"/resources/claims/{w.queried.pk}/answer", {"version": w.queried.version, "answer": ""}),
    ),
    ("get", f"{R}/exports"): Op(
        lambda w: ("/resources/exports", None),
        oscar="list",
        forbidden=NOT_PAYMENTS,
        bad=lambda w: ("/resources/exports?page=-1", None),
    ),
    ("post", f"{R}/exports"): Op(
        lambda w: ("/resources/exports", {"format": "csv"}),
        ok=201,
        by="fiona",
        forbidden=NOT_FINANCE,
        oscar="elsewhere",
        bad=lambda w: ("/resources/exports", {"format": "pdf"}),
    ),
    ("get", f"{R}/exports/{{export_id}}"): Op(
        lambda w: (f"/resources/exports/{w.export.pk}", None),
        forbidden=NOT_PAYMENTS,
        bad=lambda w: ("/resources/exports/0", None),
    ),
    ("post", f"{R}/exports/{{export_id}}/repeat"): Op(
        lambda w: (f"/resources/exports/{w.export.pk}/repeat", {"format": "xlsx"}),
        ok=201,
        by="fiona",
        forbidden=NOT_FINANCE,
        bad=lambda w: (f"/resources/exports/{w.export.pk}/repeat", {"format": "doc"}),
    ),
}
