"""The resources area's share of the demo organisation (North Riverside ICB): two rate cards (the
rates of NHS England's PPV partner policy as DOMAIN.md recalls them, level 4 £150 a day and £75 a
half day; a change from the start of this financial year), a budget for each programme this year
and last, accessibility and training spend, and claims in every state (waiting, queried, approved,
refused, paid by an export), Pat's among them. Built through the actions, as finance and the
engagement team would. Run by `baton demo` after the people area's share."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

D = Decimal


def _rates(day: str, half: str, hour: str, level3: tuple[str, str, str]) -> dict[int, dict[str, Decimal]]:
    zero = {"hourly": D(0), "half_day": D(0), "day": D(0), "cap": D(0)}
    return {
        1: zero,
        2: zero,
        3: {"hourly": D(level3[2]), "half_day": D(level3[1]), "day": D(level3[0]), "cap": D(level3[0])},
        4: {"hourly": D(hour), "half_day": D(half), "day": D(day), "cap": D(day)},
    }


def load(organisation, users) -> None:
    """Build the demo's budgets, rate cards, spend and claims once (nothing if there is a rate card)."""
    from baton.cycle.models import Programme
    from baton.people.models import Participation

    from . import actions
    from .models import Claim, RateCard, financial_year_dates, financial_year_of

    if RateCard.objects.for_org(organisation).exists():
        return
    ellie, fiona = users["ellie"], users["fiona"]
    today = timezone.localdate()
    year = financial_year_of(today)
    start, _ = financial_year_dates(year)
    actions.add_rate_card(
        organisation,
        by=fiona,
        effective_from=date(2021, 10, 20),
        mileage_rate=D("0.45"),
        notes="NHS England PPV partner policy, version 3 (20 October 2021)",
        rates=_rates("150.00", "75.00", "20.00", ("75.00", "40.00", "13.85")),
    )
    actions.add_rate_card(
        organisation,
        by=fiona,
        effective_from=start,
        mileage_rate=D("0.45"),
        notes=f"Reviewed for {year}/{(year + 1) % 100:02d}: level 3 at the Real Living Wage",
        rates=_rates("150.00", "75.00", "20.00", ("80.00", "42.00", "13.45")),
    )
    programmes = list(Programme.objects.for_org(organisation).order_by("name", "pk"))
    for n, programme in enumerate(programmes):
        for y, amount in ((year - 1, 6000 + 1500 * n), (year, 8000 + 2000 * n)):
            actions.set_budget(programme, by=fiona, financial_year=y, amount=D(amount), notes="Engagement budget line")
    first = programmes[0] if programmes else None
    spend = [
        ("bsl", "British Sign Language interpreters for the carers' workshop", "360.00", first),
        ("easy_read", "Easy read version of the engagement summary", "450.00", first),
        ("venue", "Step-free community venue hire", "220.00", programmes[1] if len(programmes) > 1 else None),
        ("interpreter", "Urdu and Bengali interpreters", "280.00", None),
        ("training", "Patient leader development course (six places)", "1200.00", None),
    ]
    for n, (category, description, spent, programme) in enumerate(spend):
        actions.record_spend(
            organisation,
            by=ellie,
            category=category,
            description=description,
            amount=D(spent),
            programme=programme,
            spent_on=today - timedelta(days=7 + 9 * n),
        )

    # Claims for the people taking part in activities and groups, over the last weeks.
    taking_part = list(
        Participation.objects.filter(person__organisation=organisation, role_level__gte=2, ends_on__isnull=True)
        .select_related("person")
        .order_by("pk")[:8]
    )
    for n, participation in enumerate(taking_part):
        day = max(participation.starts_on, today - timedelta(days=3 + 4 * n))
        if day > today:
            continue
        by = participation.person.account or ellie
        level4 = participation.role_level == 4
        claim = actions.submit_claim(
            participation,
            by=by,
            day=day,
            basis="half_days" if level4 else "hours",
            quantity=D(1) if level4 else D("2.5"),
            declined_payment=n == 5,
            expenses=[{"kind": "mileage", "miles": D(6 + n)}, {"kind": "fare", "amount": D("3.40")}][: 1 + n % 2],
            benefits_advice_acknowledged=True,
        )
        if n in (2, 3, 4, 7):
            actions.approve_claim(claim, by=fiona)
        elif n == 1:
            actions.query_claim(claim, by=fiona, question="Was this the full meeting or the morning only?")
        elif n == 6:
            actions.refuse_claim(claim, by=fiona, reason="This meeting was held online; travel is not paid for it.")
        # Claims are sent the day after the involvement, as people do (the demo is made in a moment).
        sent = timezone.make_aware(datetime.combine(min(day + timedelta(days=1), today), time(10)))
        Claim.objects.filter(pk=claim.pk).update(submitted_at=sent)
    if Claim.objects.filter(organisation=organisation, status=Claim.Status.APPROVED).exists():
        actions.export_payments(organisation, by=fiona)
