"""Factories for learning offers, participation roles, requirements, records and support
requests, made through the actions as a user would, and the area's share of the test world
(core.testing.build_world)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

_seq = itertools.count(1)


def make_offer(organisation, *, by, **overrides):
    from .actions import create_offer

    fields = {"title": f"Offer {next(_seq)}", "kind": "course", "audience": "both", "provider": "NHS England"}
    fields.update(overrides)
    return create_offer(organisation, by=by, **fields)


def make_role_kind(organisation, *, by, **overrides):
    from .actions import create_role_kind

    fields = {"name": f"Tender panel member {next(_seq)}", "role_contains": "tender panel"}
    fields.update(overrides)
    return create_role_kind(organisation, by=by, **fields)


def make_requirement(organisation, offer, *, by, **overrides):
    from .actions import set_requirement

    fields = {"offer": offer, "renew_months": 24}
    fields.update(overrides)
    return set_requirement(organisation, by=by, **fields)


def make_record(organisation, offer, *, by, **overrides):
    from .actions import record_learning

    fields = {"offer": offer, "completed_on": timezone.localdate() - timedelta(days=30), "evidence": "Attended."}
    fields.update(overrides)
    return record_learning(organisation, by=by, **fields)


def make_need(organisation, *, by, **overrides):
    from .actions import raise_need

    fields = {"what": f"Help with chairing a meeting {next(_seq)}"}
    fields.update(overrides)
    return raise_need(organisation, by=by, **fields)


def make_person(organisation, name: str = "Sam Jones", **fields):
    """Someone in the people register (the people area's own record)."""
    from baton.people.models import Person

    return Person.objects.create(organisation=organisation, name=name, **fields)


def make_participation(person, structure=None, *, by, role: str = "Tender panel member", **fields):
    """A participation in a structure (the world's) through the people area's action."""
    from baton.people.actions import record_participation

    return record_participation(
        person, by=by, structure=structure, role=role, starts_on=timezone.localdate() - timedelta(days=1), **fields
    )


def certificate(name: str = "certificate.pdf"):
    from baton.structures.testing import pdf

    return pdf(name)


@dataclass
class LearningWorld:
    offers: dict
    kind: object
    requirements: dict
    records: dict
    needs: dict
    panel_person: object


def contribute(world) -> None:
    """A staff induction required of lay members every two years (Larry's done, expiring soon); the
    Engagement Cycle basics required of programme leads (Priya's missing); a procurement induction
    required of tender panel members, whom Sam Jones is, without it; a patient leadership programme
    Pat did; support requests open and met; a deleted record in the audit trail; Oscar's
    organisation with an offer of its own. An instance of every parameterised route."""
    from baton.people.models import Person
    from baton.structures.models import Structure

    from .actions import close_need, delete_learning_record

    p = world.personas
    org = p.org
    today = timezone.localdate()
    assurance = make_offer(
        org,
        by=p.ellie,
        title="Engagement assurance induction",
        kind="induction",
        audience="staff",
        link="https://example.org/induction",
    )
    basics = make_offer(org, by=p.ellie, title="The Engagement Cycle basics", kind="elearning", audience="staff")
    procurement = make_offer(org, by=p.ellie, title="Procurement induction", kind="induction", audience="public")
    leadership = make_offer(
        org, by=p.ellie, title="Patient leadership programme", kind="development", audience="public"
    )
    retired = make_offer(org, by=p.ellie, title="Old safeguarding module", kind="elearning", active=False)
    kind = make_role_kind(org, by=p.ellie, name="Tender panel member", role_contains="tender panel")
    requirements = {
        "lay": make_requirement(org, assurance, by=p.ellie, staff_role="lay_member", renew_months=24),
        "programme": make_requirement(org, basics, by=p.ellie, staff_role="programme_lead", renew_months=None),
        "panel": make_requirement(org, procurement, by=p.ellie, participation_role=kind, renew_months=36),
    }
    structure = Structure.objects.for_org(org).first()
    sam = make_person(org, "Sam Jones")
    if structure is not None:
        make_participation(sam, structure, by=p.ellie)
    pat_person = Person.objects.for_org(org).filter(account=p.pat).first()
    records = {
        "larry": make_record(org, assurance, by=p.ellie, user=p.larry, completed_on=today - timedelta(days=700)),
        "leader": make_record(
            org,
            leadership,
            by=p.ellie,
            person=pat_person or sam,
            evidence_link="https://example.org/certificate",
            certificate=certificate(),
        ),
    }
    doomed = make_record(org, basics, by=p.ellie, user=p.priya, evidence="Entered in error")
    delete_learning_record(doomed, by=p.ellie)
    needs = {
        "open": make_need(org, by=p.ellie, person=sam, offer=procurement, what="The procurement induction"),
        "mine": make_need(org, by=p.priya, user=p.priya, what="Coaching on running a citizens' panel"),
    }
    met = make_need(org, by=p.ellie, user=p.larry, what="Shadowing a board meeting")
    needs["met"] = close_need(met, by=p.ellie, status="met", outcome="Shadowed the March board.")

    make_offer(p.other_org, by=p.oscar, title="Other Shire induction")

    world.of["learning"] = LearningWorld(
        {
            "assurance": assurance,
            "basics": basics,
            "procurement": procurement,
            "leadership": leadership,
            "retired": retired,
        },
        kind,
        requirements,
        records,
        needs,
        sam,
    )
    world.powers.setdefault("bea", set()).add("learning:me_need")
    world.powers.setdefault("pat", set()).add("learning:me_need")
    for offer in (assurance, retired, procurement):
        for name in ("offer_detail", "offer_edit", "offer_delete"):
            world.route(f"learning:{name}", pk=offer.pk)
    for requirement in requirements.values():
        for name in ("requirement_edit", "requirement_delete"):
            world.route(f"learning:{name}", pk=requirement.pk)
    for name in ("role_kind", "role_kind_edit", "role_kind_delete"):
        world.route(f"learning:{name}", pk=kind.pk)
    for record in records.values():
        world.route("learning:record_delete", pk=record.pk)
    world.route("learning:record_certificate", pk=records["leader"].pk)
    for need in needs.values():
        world.route("learning:need_close", pk=need.pk)
