"""Taking part's factories, made through the actions as a user (or a member of the public) would,
and its share of the test world (called from `people/testing.py`'s `contribute`)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

_seq = itertools.count(1)

ALL_CONSENTS = {
    "contact_activity": True,
    "future_opportunities": True,
    "equality_monitoring": True,
    "named_publicly": False,
}


def make_activity_for(organisation, *, by):
    """An activity of the organisation to link an opportunity to."""
    from baton.cycle.testing import make_activity, make_programme, make_run

    programme = make_programme(organisation, by=by, name=f"Programme for taking part {next(_seq)}")
    return make_activity(make_run(programme, owner=by), by=by, title=f"Listening event {next(_seq)}")


def make_opportunity(organisation, *, by, published: bool = True, **overrides):
    from .actions import create_opportunity, publish_opportunity

    fields = {
        "title": f"Opportunity {next(_seq)}",
        "summary": "Help us shape the service, in plain English.",
        "where": "Riverside Community Centre, step-free",
        "when": "Tuesday 12 January, 2pm to 4pm",
        "access": "Hearing loop; BSL interpreter on request.",
        "payment_offered": "Travel expenses refunded.",
        "role_level": 2,
        "closes_on": timezone.localdate() + timedelta(days=30),
    }
    fields.update(overrides)
    opportunity = create_opportunity(organisation, by=by, **fields)
    if published:
        publish_opportunity(opportunity, by=by)
        opportunity.refresh_from_db()
    return opportunity


def register(opportunity, **overrides):
    """A registration of interest, as the public form makes it."""
    from .actions import register_interest

    n = next(_seq)
    fields = {
        "name": f"Member {n}",
        "email": f"member{n}@example.org",
        "phone": "",
        "needs": ["step_free"],
        "message": "I use the service.",
        "consents": dict(ALL_CONSENTS),
    }
    fields.update(overrides)
    interest, _created = register_interest(opportunity, **fields)
    return interest


@dataclass
class TakingPartWorld:
    activity: object
    opportunity: object  # published, linked to the activity, with registrations
    draft: object
    interests: dict  # status -> Interest
    person: object  # a person with a registration, a participation and consents
    own: object  # Pat's own record


def contribute(world) -> None:
    """A published opportunity linked to an activity, with registrations in each state; a draft;
    a deleted opportunity in the audit trail; Pat's own record; Oscar's organisation has its own
    opportunity. An instance of each parameterised route."""
    from .actions import (
        delete_opportunity,
        invite_person,
        mark_not_selected,
        record_participation_from_interest,
    )
    from .models import Person

    p = world.personas
    activity = make_activity_for(p.org, by=p.ellie)
    opportunity = make_opportunity(p.org, by=p.ellie, title="Diabetes listening event", activity=activity)
    draft = make_opportunity(p.org, by=p.ellie, title="Maternity voices panel (draft)", published=False)
    interests = {
        "registered": register(opportunity, name="Rita Registered"),
        "invited": register(opportunity, name="Ivan Invited"),
        "not_selected": register(opportunity, name="Nina Notselected"),
        "taking_part": register(opportunity, name="Tom Takingpart"),
    }
    invite_person(interests["invited"], by=p.ellie)
    mark_not_selected(interests["not_selected"], by=p.ellie)
    record_participation_from_interest(interests["taking_part"], by=p.ellie)
    for interest in interests.values():
        interest.refresh_from_db()
    gone = make_opportunity(p.org, by=p.ellie, title="Withdrawn event")
    register(gone, name="Gary Gone")
    delete_opportunity(gone, by=p.ellie)
    own = Person.objects.filter(account=p.pat).first() or Person.objects.create(
        organisation=p.org, name="Pat Price", email="pat@example.org", account=p.pat
    )
    make_opportunity(p.other_org, by=p.oscar, title="Other shire forum")

    world.of["taking_part"] = TakingPartWorld(
        activity, opportunity, draft, interests, interests["taking_part"].person, own
    )
    org_slug = p.org.public_slug
    for name in (
        "opportunity_detail",
        "opportunity_edit",
        "opportunity_publish",
        "opportunity_unpublish",
        "opportunity_delete",
    ):
        world.route(f"people:{name}", pk=opportunity.pk)
    world.route("people:opportunity_detail", pk=draft.pk)
    world.route("people:opportunity_publish", pk=draft.pk)
    for name in ("interest_invite", "interest_not_selected", "interest_participation"):
        world.route(f"people:{name}", pk=interests["registered"].pk)
    world.route("people:interest_participation", pk=interests["invited"].pk)
    for name in ("person_rights", "person_export", "person_erase"):
        world.route(f"people:{name}", person_id=interests["taking_part"].person_id)
    world.route("people:person_rights", person_id=own.pk)
    world.route("public:take_part", slug=org_slug)
    world.route("public:opportunity", slug=org_slug, pk=opportunity.pk)
    world.route("public:opportunity_thanks", slug=org_slug, pk=opportunity.pk)
