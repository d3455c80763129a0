"""The partner register's share of the demo organisation: Healthwatch, a carers' centre, a mosque's
health project, a patient leader network and the council's public health team, with contacts;
dialogue over the demo programmes' stages (the Healthwatch relationship lively, the mosque's gone
quiet); a promise overdue and one kept; each programme's communication plan items; and requests
for alternative formats, one for easy read. Built through the actions, as an engagement lead
would. Run by `baton demo` after the cycle's share has made the programmes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def load(organisation, users) -> None:
    """Build the demo register once (nothing if the organisation already has partners)."""
    from baton.cycle.models import Programme
    from baton.people.models import Person

    from . import actions
    from .models import Partner
    from .testing import partner_type

    if Partner.objects.for_org(organisation).exists():
        return
    ellie, priya = users["ellie"], users["priya"]
    today = timezone.localdate()
    ago = lambda days: today - timedelta(days=days)  # noqa: E731

    def partner(name, type_key, owner, **fields):
        return actions.create_partner(
            organisation, by=ellie, name=name, type=partner_type(type_key), owner=owner, **fields
        )

    healthwatch = partner(
        "Healthwatch North Riverside",
        "healthwatch",
        ellie,
        about="The independent champion for people who use health and care services in North Riverside.",
        email="info@healthwatch-north-riverside.example",
    )
    carers = partner(
        "Riverside Carers' Centre",
        "carers",
        priya,
        about="Support, breaks and advice for unpaid carers; runs a carers' forum every month.",
        phone="01632 960 123",
    )
    mosque = partner(
        "Masjid Al-Noor health project",
        "faith",
        priya,
        about="Health checks, diabetes awareness and a women's walking group, in English, Urdu and Bengali.",
    )
    leaders = partner(
        "North Riverside Patient Leaders Network",
        "patient_leaders",
        ellie,
        about="Patient leaders who sit on programme boards and co-design groups across the ICB.",
    )
    council = partner(
        "North Riverside Council public health team",
        "local_authority",
        None,
        about="Joint strategic needs assessment and the Health and Wellbeing Board's engagement.",
    )

    hana = actions.add_contact(healthwatch, by=ellie, name="Hana Hussain", role="Chief executive")
    actions.add_contact(carers, by=ellie, name="Margaret Doyle", role="Carers' forum coordinator")
    imam = actions.add_contact(mosque, by=ellie, name="Aisha Rahman", role="Health project lead")
    leader_person = Person.objects.filter(organisation=organisation, kind=Person.Kind.PATIENT_LEADER).first()
    leader = actions.add_contact(
        leaders,
        by=ellie,
        name=leader_person.name if leader_person else "Daniel Okafor",
        role="Network chair",
        patient_leader=True,
        person=leader_person,
    )
    actions.add_contact(council, by=ellie, name="Dr Sarah Lin", role="Consultant in public health")

    programmes = {p.name: p for p in Programme.objects.for_org(organisation)}
    diabetes = programmes.get("Diabetes prevention and care")
    mental = programmes.get("Community mental health transformation")
    stroke = programmes.get("Stroke rehabilitation")
    if not (diabetes and mental and stroke):
        return

    def log(p, programme, stage, days, summary, kind="meeting", contacts=(), **extra):
        return actions.log_dialogue(
            p,
            by=ellie,
            programme=programme,
            stage=stage,
            kind=kind,
            happened_on=ago(days),
            summary=summary,
            staff=[ellie],
            contacts=list(contacts),
            **extra,
        )

    log(healthwatch, diabetes, "needs", 300, "Shared their report on diabetes foot care waits.", contacts=[hana])
    log(healthwatch, diabetes, "plan", 160, "Reviewed the draft priorities with their volunteers.", contacts=[hana])
    kept = log(
        healthwatch,
        stroke,
        "monitor",
        12,
        "Agreed a joint enter-and-view visit to the early supported discharge service.",
        kind="call",
        contacts=[hana],
        promise="Send Healthwatch the service's patient experience data",
        promise_due_on=ago(2),
    )
    actions.update_promise(kept.promises.get(), {"outcome": "kept", "outcome_on": ago(4)}, by=ellie)
    log(
        carers,
        mental,
        "improve",
        40,
        "Carers' forum asked for evening sessions in the co-design of community mental health teams.",
        kind="event",
        promise="Come back to the forum with the evening session dates",
        promise_due_on=ago(10),  # overdue: the forum is still waiting
    )
    log(
        mosque,
        diabetes,
        "needs",
        140,
        "Diabetes awareness session after Friday prayers; 60 people came.",
        kind="event",
        contacts=[imam],
    )
    log(leaders, mental, "plan", 25, "Two patient leaders joined the programme board.", contacts=[leader])
    log(council, stroke, "procure", 70, "Aligned the specification's outcomes with the JSNA.", kind="email")

    for programme, audience, channel, days, formats, languages in [
        (diabetes, "People living with type 2 diabetes", "letter", 14, "Easy read, large print", "Urdu, Bengali"),
        (diabetes, "Faith and community groups", "partners", 30, "Easy read", "Urdu"),
        (mental, "Carers of people with severe mental illness", "newsletter", 7, "Large print", ""),
        (stroke, "Stroke survivors and their families", "event", 45, "BSL video, audio", "Polish"),
    ]:
        actions.add_comms_item(
            programme,
            by=ellie,
            audience=audience,
            channel=channel,
            planned_on=today + timedelta(days=days),
            message="What we are changing, and how to have your say.",
            accessible_formats=formats,
            languages=languages,
        )

    actions.request_format(
        organisation,
        by=ellie,
        programme=diabetes,
        format="easy_read",
        material="The diabetes engagement summary",
        requester_name="Margaret Doyle (Riverside Carers' Centre)",
        requested_on=ago(20),
        due_on=ago(6),  # overdue: in Ellie's work on the hub
        owner=ellie,
    )
    actions.request_format(
        organisation,
        by=ellie,
        programme=mental,
        format="language",
        language="Urdu",
        material="The community mental health survey",
        requester_name="Aisha Rahman",
        requested_on=ago(3),
        due_on=today + timedelta(days=11),
        owner=priya,
    )
    sent = actions.request_format(
        organisation,
        by=ellie,
        programme=stroke,
        format="large_print",
        material="The stroke rehabilitation leaflet",
        requester_name="A stroke survivor at the Riverside group",
        requested_on=ago(30),
        due_on=ago(16),
        owner=ellie,
    )
    actions.fulfil_format_request(sent, by=ellie, on=ago(18))
