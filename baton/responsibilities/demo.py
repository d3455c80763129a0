"""The register's share of the demo organisation: the standard roles, most held; the clinical lead's
term ended a month ago with nobody after (a vacancy, and a term ended with no successor); the
scrutiny committee never filled; Healthwatch held by a named person outside Baton; commissioning
support starting next month. Built through the actions, as an engagement lead would. Run by
`baton demo` after core's share has made the people."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def load(organisation, users) -> None:
    """Build the demo register once (nothing if the organisation's register has roles)."""
    from . import actions
    from .models import HubRole
    from .testing import ensure_standard_roles

    if HubRole.objects.for_org(organisation).exists():
        return
    ensure_standard_roles()
    ellie = users["ellie"]
    today = timezone.localdate()
    roles = {r.key: r for r in actions.adopt_standard_roles(organisation, by=ellie)}
    two_years = today - timedelta(days=730)

    def hold(key, **fields):
        fields.setdefault("starts_on", two_years)
        return actions.appoint_holder(roles[key], by=ellie, **fields)

    hold("executive_lead", person=users["bea"])
    hold("lay_member", person=users["larry"])
    hold("programme_lead", person=users["priya"])
    hold("programme_lead", person=users["sam"], starts_on=today - timedelta(days=300))
    hold("practitioner", person=ellie)
    hold(
        "clinical_lead",
        name="Dr Chidi Obi",
        holder_organisation="North Riverside ICB",
        contact="chidi.obi@north-riverside.example",
        ends_on=today - timedelta(days=30),
    )
    hold(
        "healthwatch",
        name="Hana Hussain",
        holder_organisation="Healthwatch North Riverside",
        contact="hana.hussain@healthwatch-north-riverside.example",
    )
    hold(
        "health_wellbeing_board",
        name="Cllr Ben Carter",
        holder_organisation="North Riverside Council (chair, Health and Wellbeing Board)",
    )
    hold(
        "commissioning_support",
        name="Engagement team",
        holder_organisation="Midlands and Lancashire CSU",
        starts_on=today + timedelta(days=30),
    )
    actions.create_role(
        organisation,
        by=ellie,
        name="Maternity and Neonatal Voices Partnership chair",
        kind="partner",
        required=False,
        responsibilities="Brings the voices of families who use maternity and neonatal services to the ICB's "
        "maternity programme, and co-chairs its engagement with service users.",
    )
    # The overview and scrutiny committee stays never filled: a flag the demo shows.
