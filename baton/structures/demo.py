"""The register's share of the demo organisation: a patient participation group network feeding
the ICB board, healthy, with minutes, actions, and a decision and a hand-over it informed; a citizens' panel with
no stated purpose or decision body (flagged); a maternity voices partnership whose terms of
reference are out of date and that has not met for eight months; a youth forum recruiting. Built
through the actions, as an engagement lead would. Run by `baton demo` after the areas below it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def load(organisation, users) -> None:
    """Build the demo register once (nothing if the organisation's register has structures)."""
    from baton.cycle.models import Handover
    from baton.governance.models import Board, Decision

    from . import actions
    from .models import Structure
    from .testing import ensure_structure_types, structure_type

    if Structure.objects.for_org(organisation).exists():
        return
    ensure_structure_types()
    ellie = users["ellie"]
    today = timezone.localdate()
    board = Board.objects.for_org(organisation).order_by("pk").first()

    network = actions.create_structure(
        organisation,
        by=ellie,
        name="North Riverside PPG Network",
        type=structure_type("supra_ppg"),
        purpose="Brings together the patient participation groups of the 32 practices in North Riverside, so "
        "that patients' experience of primary care reaches the ICB's decisions.",
        function="Reviews primary care access plans; advises the primary care committee; names patients for "
        "tender panels.",
        feeds_board=board,
        feeds_named_body="" if board else "Primary care committee",
        terms_of_reference="Meets every two months. Chair elected yearly from the members. Quorate with six "
        "practices represented.",
        terms_reviewed_on=today - timedelta(days=90),
        review_due_on=today + timedelta(days=270),
        recruiting=True,
        vacancies=3,
    )
    meeting = actions.record_meeting(
        network,
        by=ellie,
        held_on=today - timedelta(days=40),
        title="Network meeting",
        location="Riverside Community Centre and online",
        minutes="Members described how hard it is to get an appointment in the evening. The ICB agreed to "
        "test evening clinics in two practices and report back.",
        decisions=list(Decision.objects.for_org(organisation).order_by("pk")[:1]),
        handovers=list(Handover.objects.for_org(organisation).order_by("pk")[:1]),
    )
    actions.agree_action(
        meeting,
        by=ellie,
        text="Report back to the network on the evening clinic pilot.",
        owner=users["priya"],
        commitment=True,
        due_on=today + timedelta(days=30),
    )
    actions.agree_action(
        meeting,
        by=ellie,
        text="Share the access survey results with members.",
        owner=ellie,
        due_on=today - timedelta(days=7),
    )
    done = actions.agree_action(
        meeting, by=ellie, text="Publish the minutes on the ICB website.", owner_name="Network chair"
    )
    actions.complete_action(done, done_on=today - timedelta(days=30), by=ellie)
    actions.record_meeting(network, by=ellie, held_on=today + timedelta(days=20), title="Network meeting")

    actions.create_structure(
        organisation,
        by=ellie,
        name="North Riverside Citizens' Panel",
        type=structure_type("citizens_panel"),
        function="Surveyed three times a year.",
    )
    mvp = actions.create_structure(
        organisation,
        by=ellie,
        name="Maternity and Neonatal Voices Partnership",
        type=structure_type("reference_group"),
        purpose="Families who use maternity and neonatal services working with the ICB and the trust.",
        feeds_named_body="Local Maternity and Neonatal System board",
        terms_reviewed_on=today - timedelta(days=500),
        review_due_on=today - timedelta(days=135),
    )
    actions.record_meeting(mvp, by=ellie, held_on=today - timedelta(days=240), title="Quarterly meeting")
    youth = actions.create_structure(
        organisation,
        by=ellie,
        name="Youth Health Forum",
        type=structure_type("youth_forum"),
        purpose="Young people aged 13 to 25 advising on services for them, including mental health.",
        feeds_named_body="Children and young people's board",
        terms_reviewed_on=today - timedelta(days=30),
        review_due_on=today + timedelta(days=330),
        recruiting=True,
        vacancies=8,
    )
    actions.record_meeting(youth, by=ellie, held_on=today - timedelta(days=14), title="Forum meeting")
