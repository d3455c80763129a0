"""Taking part's share of the demo: published opportunities (a listening event linked to an
activity, a place on a patient panel, a survey), with registrations in several states, one person
taking part, and one retention run. Built through the actions; registrations as the public form
makes them. `load_taking_part(organisation, users)` is called from `people/demo.py`'s `load`."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def load_taking_part(organisation, users) -> None:
    from baton.cycle.models import EngagementActivity

    from . import actions
    from .models import Opportunity, Person
    from .testing_taking_part import ALL_CONSENTS

    if Opportunity.objects.for_org(organisation).exists():
        return
    ellie = users["ellie"]
    today = timezone.localdate()
    activity = EngagementActivity.objects.for_org(organisation).order_by("pk").first()
    listening = actions.create_opportunity(
        organisation,
        by=ellie,
        title="Diabetes care: listening event",
        summary="Tell us what works and what does not in diabetes care in North Riverside. We will use what you "
        "say to redesign the service.",
        activity=activity,
        where="Riverside Community Centre, 12 High Street (step-free, 5 minutes from the bus station)",
        when="Tuesday afternoons in March, 2pm to 4pm",
        access="Hearing loop. BSL interpreter and easy read materials on request. Quiet room available.",
        payment_offered="Travel expenses refunded; a £25 voucher for each session.",
        role_level=2,
        closes_on=today + timedelta(days=21),
    )
    panel = actions.create_opportunity(
        organisation,
        by=ellie,
        title="Join our patient panel",
        summary="The patient panel meets every two months to advise the ICB on its plans. We welcome carers and "
        "people who have not done this before.",
        where="Online (Microsoft Teams) or at ICB headquarters",
        when="Every two months, 6pm to 8pm",
        access="Papers in large print or easy read on request.",
        payment_offered="Paid at level 3 rates, with expenses.",
        role_level=3,
        closes_on=today + timedelta(days=45),
    )
    survey = actions.create_opportunity(
        organisation,
        by=ellie,
        title="Help us test a new appointments letter",
        summary="Read a new letter and tell us, in 20 minutes, whether it is clear.",
        where="At home, by post or online",
        when="Any time this month",
        role_level=1,
    )
    for opportunity in (listening, panel, survey):
        actions.publish_opportunity(opportunity, by=ellie)
    people = [
        ("Amira", "amira@example.org", "", ["bsl"]),
        ("Ben", "", "07700 900123", ["step_free"]),
        ("Chloe", "chloe@example.org", "", []),
        ("D. (prefers an alias)", "d.alias@example.org", "", ["easy_read", "large_print"]),
    ]
    made = []
    for name, email, phone, needs in people:
        interest, _ = actions.register_interest(
            listening, name=name, email=email, phone=phone, needs=needs, consents=dict(ALL_CONSENTS)
        )
        made.append(interest)
    actions.register_interest(panel, name="Chloe", email="chloe@example.org", consents=dict(ALL_CONSENTS))
    actions.register_interest(panel, name="Errol", email="errol@example.org", consents=dict(ALL_CONSENTS))
    actions.invite_person(made[1], by=ellie)
    if activity is not None:
        actions.record_participation_from_interest(made[0], by=ellie)
    if "pat" in users:
        Person.objects.get_or_create(
            organisation=organisation, account=users["pat"], defaults={"name": "Pat Price", "email": "pat@example.org"}
        )
    actions.apply_retention(organisation, days=1095)
