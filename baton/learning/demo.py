"""Learning's share of the demo organisation: offers for staff (the engagement assurance induction,
the Engagement Cycle basics, coaching, shadowing a board) and for people who take part (the
procurement induction, a patient leadership programme, mentoring, buddying); what lay members,
programme leads and tender panel members need; records (Larry's induction expiring soon, Priya's
basics missing); a community services tender panel with a member who lacks the procurement
induction; and support requests open and met. Built through the actions, as an engagement lead
would. Run by `baton demo` after the people's share."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def load(organisation, users) -> None:
    """Build the demo's learning once (nothing if the organisation has offers already)."""
    from baton.people.actions import record_participation
    from baton.people.models import Person
    from baton.structures.actions import create_structure
    from baton.structures.models import Structure, StructureType

    from . import actions
    from .models import LearningOffer, add_months

    if LearningOffer.objects.for_org(organisation).exists():
        return
    ellie, priya, larry = users["ellie"], users["priya"], users["larry"]
    today = timezone.localdate()
    ago = lambda days: today - timedelta(days=days)  # noqa: E731

    def offer(title, kind, audience, provider, **fields):
        return actions.create_offer(
            organisation, by=ellie, title=title, kind=kind, audience=audience, provider=provider, **fields
        )

    assurance = offer(
        "Engagement assurance induction",
        "induction",
        "staff",
        "North Riverside ICB engagement team",
        description="How the board is assured that engagement was done well: the Engagement Cycle, the "
        "legal duties, what good evidence looks like. Half a day, in person.",
    )
    basics = offer(
        "The Engagement Cycle basics",
        "elearning",
        "staff",
        "NHS England",
        link="https://www.england.nhs.uk/get-involved/",
        description="Forty minutes online: the five stages of the Cycle and the hand-overs between them.",
    )
    offer("Coaching for engagement leads", "coaching", "staff", "NHS Leadership Academy")
    offer("Shadowing a board meeting", "shadowing", "both", "Corporate governance team")
    procurement = offer(
        "Procurement induction",
        "induction",
        "public",
        "North Riverside ICB procurement team",
        description="What a tender panel does, how bids are scored, conflicts of interest and confidentiality. "
        "Two hours, online or in person; travel and time paid.",
    )
    leadership = offer(
        "Patient leadership programme",
        "development",
        "public",
        "North Riverside Patient Leaders Network",
        description="Six sessions over three months for people who want to sit on programme boards.",
    )
    offer("Mentoring by an experienced patient leader", "mentoring", "public", "Patient Leaders Network")
    offer("Buddying for new panel members", "buddying", "public", "Engagement team")

    panel_kind = actions.create_role_kind(
        organisation, by=ellie, name="Tender panel member", role_contains="tender panel"
    )
    leader_kind = actions.create_role_kind(organisation, by=ellie, name="Patient leader", min_level=4)
    actions.set_requirement(organisation, by=ellie, offer=assurance, staff_role="lay_member", renew_months=24)
    actions.set_requirement(organisation, by=ellie, offer=basics, staff_role="programme_lead", renew_months=None)
    actions.set_requirement(organisation, by=ellie, offer=procurement, participation_role=panel_kind, renew_months=36)
    actions.set_requirement(organisation, by=ellie, offer=leadership, participation_role=leader_kind, renew_months=None)

    actions.record_learning(
        organisation,
        by=ellie,
        user=larry,
        offer=assurance,
        completed_on=add_months(today, -24) + timedelta(days=40),
        evidence="Attended the induction in person.",
    )
    actions.record_learning(organisation, by=ellie, user=ellie, offer=basics, completed_on=ago(300))

    panel_type = StructureType.objects.filter(active=True).order_by("position").first()
    panel = Structure.objects.for_org(organisation).filter(name="Community services tender panel").first()
    if panel is None and panel_type is not None:
        panel = create_structure(
            organisation,
            by=ellie,
            name="Community services tender panel",
            type=panel_type,
            purpose="Scores bids for the community services contract with patients and carers on the panel.",
        )
    pat = Person.objects.for_org(organisation).filter(account=users["pat"]).first()
    # Two of the people register's own (the people area's demo): one without the induction, one with.
    newcomer, ready = Person.objects.for_org(organisation).filter(account__isnull=True).order_by("pk")[:2]
    if panel is not None:
        for person in (p for p in (pat, newcomer, ready) if p is not None):
            record_participation(person, by=ellie, structure=panel, role="Tender panel member", starts_on=ago(10))
    actions.record_learning(
        organisation,
        by=ellie,
        person=ready,
        offer=procurement,
        completed_on=ago(90),
        evidence_link="https://example.org/certificates/panel-induction",
    )
    if pat is not None:
        actions.record_learning(organisation, by=ellie, person=pat, offer=leadership, completed_on=ago(400))
        actions.raise_need(
            organisation,
            by=users["pat"],
            person=pat,
            offer=procurement,
            what="I would like to do the procurement induction before the panel meets.",
        )
    actions.raise_need(organisation, by=priya, user=priya, what="Coaching on running a citizens' panel.")
    met = actions.raise_need(organisation, by=ellie, user=larry, what="Shadow a board meeting before my first one.")
    actions.close_need(met, by=ellie, status="met", outcome="Larry shadowed the March board.")
