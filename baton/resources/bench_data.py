"""Budgets, rate cards, spend and claims at large-ICB scale, for benchmarks: 100,000 claims at
full scale (most paid by weekly payment exports, the rest approved, waiting, queried or refused)
over the participations the people area made, with their expense lines; two rate cards (a change
at the start of last financial year); a budget for every programme this year and last; 2,000
other spend items. Valued as `models.value_claim` values them (pence half up), so claims, exports
and spend reconcile. Rows are written in bulk by bench/make_data.py's writer, after the people
area's data (INSTALLED_APPS order)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

FULL = {"claims": 100_000, "spend_items": 2_000}
D = Decimal
# The bench's own rates (no amount is written into the app): level -> hourly, half day, day, cap.
OLD = {3: (D("12.50"), D("40.00"), D("80.00"), D("80.00")), 4: (D("20.00"), D("75.00"), D("150.00"), D("150.00"))}
NEW = {3: (D("13.45"), D("42.00"), D("84.00"), D("84.00")), 4: (D("21.00"), D("80.00"), D("160.00"), D("160.00"))}
MILEAGE = D("0.45")
CATEGORIES = ["interpreter", "bsl", "easy_read", "venue", "training", "other"]


def generate(ctx) -> dict[str, int]:
    from baton.people.models import Participation

    from .models import Budget, Claim, ExpenseLine, PaymentExport, Rate, RateCard, SpendItem, financial_year_of, pence

    rng, today, org, w = ctx.rng, ctx.today, ctx.organisation, ctx.writer
    year = financial_year_of(today)
    change = date(year - 1, 4, 1)
    staff = sorted(uid for ids in ctx.staff.values() for uid in ids) or [None]
    card_id, rate_id = w.next_id(RateCard), w.next_id(Rate)
    cards: list[dict] = []
    rates: list[dict] = []
    for n, (start, table) in enumerate(((date(2020, 4, 1), OLD), (change, NEW))):
        cards.append(
            {
                "id": card_id + n,
                "organisation_id": org.pk,
                "effective_from": start,
                "mileage_rate": MILEAGE,
                "notes": "Bench rates",
                "created_at": ctx.aware(start),
            }
        )
        for level in (1, 2, 3, 4):
            hourly, half, day, cap = table.get(level, (D(0), D(0), D(0), D(0)))
            rates.append(
                {
                    "id": rate_id + len(rates),
                    "card_id": card_id + n,
                    "level": level,
                    "hourly": hourly,
                    "half_day": half,
                    "day": day,
                    "cap": cap,
                }
            )
    budget_id = w.next_id(Budget)
    budgets = [
        {
            "id": budget_id + i,
            "programme_id": pid,
            "financial_year": y,
            "amount": D(rng.randrange(20, 200) * 1000),
            "notes": "",
            "created_at": ctx.aware(date(y, 4, 1)),
        }
        for i, (pid, y) in enumerate((pid, y) for pid in ctx.programme_ids for y in (year - 1, year))
    ]
    spend_id = w.next_id(SpendItem)
    spend = [
        {
            "id": spend_id + n,
            "organisation_id": org.pk,
            "programme_id": rng.choice(ctx.programme_ids) if ctx.programme_ids and rng.random() < 0.8 else None,
            "category": rng.choice(CATEGORIES),
            "spent_on": today - timedelta(days=rng.randint(0, 700)),
            "amount": D(rng.randint(2_000, 150_000)) / 100,
            "description": "Interpreters, easy read, venues and training",
            "created_at": ctx.aware(today - timedelta(days=1)),
        }
        for n in range(max(20, int(FULL["spend_items"] * ctx.scale)))
    ]

    participations = list(
        Participation.objects.filter(person__organisation=org)
        .order_by("pk")
        .values_list("pk", "person_id", "starts_on", "ends_on", "role_level", "activity__stage_run__programme_id")
    )
    n_claims = max(100, int(FULL["claims"] * ctx.scale)) if participations else 0
    claim_id, line_id, export_id = w.next_id(Claim), w.next_id(ExpenseLine), w.next_id(PaymentExport)
    claims: list[dict] = []
    lines: list[dict] = []
    taken: set[tuple[int, date]] = set()
    exports: dict[date, dict] = {}
    finance = staff
    attempts = 0
    while len(claims) < n_claims and attempts < n_claims * 10:  # some draws are skipped: count what is made
        attempts += 1
        pid, person_id, starts, ends, level, programme_id = participations[rng.randrange(len(participations))]
        last = min(ends or today, today)
        first = max(starts, today - timedelta(days=720))
        if last < first:
            continue
        day = first + timedelta(days=rng.randint(0, (last - first).days))
        if (pid, day) in taken:
            continue
        taken.add((pid, day))
        card = card_id + (1 if day >= change else 0)
        table = NEW if day >= change else OLD
        hourly, half, per_day, cap = table.get(level, (D(0), D(0), D(0), D(0)))
        basis = rng.choice(["hours", "hours", "half_days", "days"])
        quantity = D(rng.choice(["1", "1.5", "2", "2.5", "3"])) if basis == "hours" else D(1)
        declined = rng.random() < 0.05
        involvement = (
            D(0) if declined else pence({"hours": hourly, "half_days": half, "days": per_day}[basis] * quantity)
        )
        involvement = min(involvement, cap)
        expenses = D(0)
        cid = claim_id + len(claims)
        if rng.random() < 0.6:
            miles = D(rng.randint(10, 400)) / 10
            amount = pence(MILEAGE * miles)
            lines.append(
                {
                    "id": line_id + len(lines),
                    "claim_id": cid,
                    "kind": "mileage",
                    "miles": miles,
                    "amount": amount,
                    "description": "",
                    "receipt": "",
                }
            )
            expenses += amount
        if rng.random() < 0.3:
            amount = D(rng.randint(150, 3000)) / 100
            lines.append(
                {
                    "id": line_id + len(lines),
                    "claim_id": cid,
                    "kind": "fare",
                    "miles": None,
                    "amount": amount,
                    "description": "",
                    "receipt": "",
                }
            )
            expenses += amount
        submitted = min(today, day + timedelta(days=rng.randint(0, 10)))
        roll = rng.random()
        status = (
            "paid"
            if roll < 0.85
            else "approved"
            if roll < 0.9
            else "submitted"
            if roll < 0.95
            else "queried"
            if roll < 0.97
            else "refused"
        )
        paid_on = None
        export = None
        if status == "paid":
            paid_on = min(today, submitted + timedelta(days=rng.randint(3, 40)))
            week = paid_on - timedelta(days=paid_on.weekday())
            if week not in exports:
                exports[week] = {"id": export_id + len(exports), "day": paid_on, "count": 0, "total": D(0)}
            export = exports[week]
            paid_on = export["day"]  # every claim of an export is paid on the export's day
            if paid_on < submitted:
                status, paid_on, export = "approved", None, None
        total = involvement + expenses
        if export is not None:
            export["count"] += 1
            export["total"] += total
        claims.append(
            {
                "id": cid,
                "organisation_id": org.pk,
                "person_id": person_id,
                "participation_id": pid,
                "programme_id": programme_id,
                "day": day,
                "role_level": level,
                "basis": basis,
                "quantity": quantity,
                "declined_payment": declined,
                "rate_card_id": card,
                "involvement_amount": involvement,
                "expenses_amount": expenses,
                "total_amount": total,
                "status": status,
                "submitted_by_id": rng.choice(finance),
                "submitted_at": ctx.aware(submitted),
                "question": "Which meeting was this?" if status == "queried" else "",
                "answer": "",
                "refusal_reason": "The meeting was cancelled." if status == "refused" else "",
                "decided_by_id": rng.choice(finance) if status in ("paid", "approved", "refused", "queried") else None,
                "decided_at": ctx.aware(submitted) if status != "submitted" else None,
                "export_id": export["id"] if export else None,
                "paid_on": paid_on,
                "version": 1,
            }
        )
    # One receipt on file (the page bench downloads it), stored as an upload would be.
    fare = next((line for line in lines if line["kind"] == "fare"), None)
    if fare is not None:
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        fare["receipt"] = default_storage.save(
            f"documents/{org.pk}/bench/receipt.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n")
        )
    export_rows = [
        {
            "id": e["id"],
            "organisation_id": org.pk,
            "made_by_id": rng.choice(finance),
            "made_at": ctx.aware(e["day"], hour=16),
            "format": "csv",
            "repeat_of_id": None,
            "claim_count": e["count"],
            "total": e["total"],
        }
        for e in sorted(exports.values(), key=lambda e: e["id"])
    ]
    counts: dict[str, int] = defaultdict(int)
    counts["rate_cards"] = w.write(RateCard, cards)
    counts["rates"] = w.write(Rate, rates)
    counts["budgets"] = w.write(Budget, budgets)
    counts["spend_items"] = w.write(SpendItem, spend)
    counts["payment_exports"] = w.write(PaymentExport, export_rows)
    counts["claims"] = w.write(Claim, claims)
    counts["expense_lines"] = w.write(ExpenseLine, lines)
    return dict(counts)
