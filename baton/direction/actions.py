"""The one door for changes to the vision, the principles adopted, the plans and the strategy.

Every action follows `core.actions`' contract: lock and re-read, ask the model for its blockers,
refuse with them, change through the audited door. The rules: the board approves what the
organisation publishes about engagement (NHS England, *Working in partnership with people and
communities*, 2022: "provide clear, accessible public information about vision, plans and
progress"); what was approved stays on record as approved; a draft is never public."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from baton.core.actions import change_record, create_record, delete_record, locked, refuse
from baton.core.models import AuditEvent, Organisation
from baton.cycle.models import Programme

from .models import DocumentVersion, Objective, Plan, Principle, PrincipleAdoption, StrategyVersion, VisionVersion

VISION_COPIED = (
    "statement",
    "principles",
    *VisionVersion.PURPOSE_FIELDS,
    "business_benefits",
    "health_benefits",
    "social_benefits",
)
STRATEGY_COPIED = ("title", "summary", "review_date")


def _own(items, organisation_id, model, field: str) -> list:
    """Plans or programmes chosen for an objective: the organisation's own, or refused by field."""
    items = list(items or ())
    ids = {getattr(i, "pk", i) for i in items}
    found = list(model.objects.for_org(organisation_id).filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({field: [f"Choose {model._meta.verbose_name_plural} of your organisation."]})
    return found


# Drafts, approval, supersession -----------------------------------------------------------------------


def _start_draft(model: type[DocumentVersion], organisation: Organisation, copied: tuple[str, ...], *, by, defaults):
    """A new draft, numbered after the newest version and starting from the version in force (or
    the newest). The organisation is locked, so two people starting a draft at once start one."""
    with locked(organisation) as org:
        existing = model.objects.for_org(org).drafts().first()
        if existing is not None:
            refuse([f"{existing} is already a draft: change it, or delete it before starting another."])
        versions = model.objects.for_org(org)
        source = versions.approved().first() or versions.order_by("-number").first()
        number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
        fields = {name: getattr(source, name) for name in copied} if source else dict(defaults)
        draft = model(organisation=org, number=number, drafted_by=by, changed_by=by, **fields)
        create_record(draft, by=by, action=f"start_{model.kind}_draft")
        return draft, source


def start_vision_draft(organisation: Organisation, *, by) -> VisionVersion:
    """Start the next version of the vision, as a copy of the one in force (an approved version is
    never changed: its successor is)."""
    draft, _ = _start_draft(VisionVersion, organisation, VISION_COPIED, by=by, defaults={})
    return draft


def start_strategy_draft(organisation: Organisation, *, by) -> StrategyVersion:
    """Start the next version of the strategy, with copies of its objectives, their plans and
    their programmes."""
    with transaction.atomic():
        draft, source = _start_draft(
            StrategyVersion, organisation, STRATEGY_COPIED, by=by, defaults={"title": "Engagement strategy"}
        )
        if source is not None:
            for objective in source.objectives.with_links():
                copy = Objective(strategy=draft, title=objective.title, description=objective.description)
                create_record(
                    copy,
                    by=by,
                    action="copy_objective",
                    m2m={"plans": list(objective.plans.all()), "programmes": list(objective.programmes.all())},
                )
        return draft


def update_version(version: DocumentVersion, changes: dict, *, by, expected_version: int | None = None):
    """Change a draft of the vision or the strategy; an approved version is refused."""
    with locked(version, expected_version=expected_version) as current:
        refuse(current.blockers_to_editing())
        return change_record(version, {**changes, "changed_by": by}, by=by, action=f"update_{version.kind}_draft")


def approve_version(version: DocumentVersion, *, by, expected_version: int | None = None):
    """A board member approves a draft: it is published, and the version in force until now is
    superseded (and stays readable, with who approved it and when). Never one's own draft. Two
    board members approving at once: the draft is locked, so one wins and the other is told."""
    model = type(version)
    with locked(version, expected_version=expected_version) as current:
        refuse(current.blockers_to_approving(by))
        now = timezone.now()
        for previous in model.objects.select_for_update().for_org(current.organisation_id).approved():
            change_record(
                previous,
                {"status": model.Status.SUPERSEDED, "superseded_at": now},
                by=by,
                action=f"supersede_{model.kind}",
            )
        return change_record(
            version,
            {"status": model.Status.APPROVED, "approved_by": by, "approved_at": now},
            by=by,
            action=f"approve_{model.kind}",
        )


def delete_draft(version: DocumentVersion, *, by) -> AuditEvent:
    """Delete a draft (with its objectives); undoable from the audit trail. Approved versions stay."""
    with locked(version) as current:
        refuse(current.blockers_to_deleting())
        return delete_record(current, by=by, action=f"delete_{version.kind}_draft")


# Objectives ---------------------------------------------------------------------------------------------


def add_objective(strategy: StrategyVersion, *, by, plans=(), programmes=(), **fields) -> Objective:
    """An objective of a draft strategy, linked to the organisation's plans and programmes."""
    with locked(strategy) as current:
        refuse(current.blockers_to_editing())
        plans = _own(plans, current.organisation_id, Plan, "plans")
        programmes = _own(programmes, current.organisation_id, Programme, "programmes")
        return create_record(
            Objective(strategy=current, **fields),
            by=by,
            action="add_objective",
            m2m={"plans": plans, "programmes": programmes},
        )


def update_objective(objective: Objective, changes: dict, *, by, expected_version: int | None = None) -> Objective:
    """Change an objective's wording and plans (draft strategies only) and its programmes (any
    version: which programmes deliver an objective is kept up to date as programmes start)."""
    with locked(objective.strategy) as strategy:
        wording = set(changes) - {"programmes"}
        if wording:
            objective.strategy = strategy
            refuse(objective.blockers_to_editing())
        changes = dict(changes)
        for field, model in (("plans", Plan), ("programmes", Programme)):
            if field in changes:
                changes[field] = _own(changes[field], strategy.organisation_id, model, field)
        return change_record(objective, changes, by=by, action="update_objective", expected_version=expected_version)


def link_programmes(objective: Objective, programmes, *, by, expected_version: int | None = None) -> Objective:
    """Say which programmes deliver the objective."""
    return update_objective(objective, {"programmes": programmes}, by=by, expected_version=expected_version)


def delete_objective(objective: Objective, *, by) -> AuditEvent:
    """Delete an objective of a draft strategy; undoable from the audit trail."""
    with locked(objective.strategy) as strategy:
        objective.strategy = strategy
        refuse(objective.blockers_to_editing())
        return delete_record(objective, by=by, action="delete_objective")


# Plans --------------------------------------------------------------------------------------------------


def create_plan(organisation, *, by, **fields) -> Plan:
    return create_record(Plan(organisation=organisation, **fields), by=by, action="create_plan")


def update_plan(plan: Plan, changes: dict, *, by, expected_version: int | None = None) -> Plan:
    return change_record(plan, changes, by=by, action="update_plan", expected_version=expected_version)


def delete_plan(plan: Plan, *, by) -> AuditEvent:
    """Take a plan off the list, unless an approved strategy's objectives serve it."""
    with locked(plan) as current:
        refuse(current.blockers_to_deleting())
        return delete_record(current, by=by, action="delete_plan")


# Principles ---------------------------------------------------------------------------------------------


def adopt_principle(organisation, principle: Principle, *, by, **fields) -> PrincipleAdoption:
    """Adopt one of the ten principles, saying how, with links to the evidence. Adopting one twice
    (two tabs, two people) is refused by the constraint with its sentence."""
    adoption = PrincipleAdoption(organisation=organisation, principle=principle, adopted_by=by, **fields)
    return create_record(adoption, by=by, action="adopt_principle")


def update_adoption(adoption: PrincipleAdoption, changes: dict, *, by, expected_version: int | None = None):
    return change_record(adoption, changes, by=by, action="update_adoption", expected_version=expected_version)


def withdraw_adoption(adoption: PrincipleAdoption, *, by) -> AuditEvent:
    """No longer claim the principle; undoable from the audit trail."""
    return delete_record(adoption, by=by, action="withdraw_adoption")
