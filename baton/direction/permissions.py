"""Who may do what with the vision, the principles, the plans and the strategy. Pages, the API and
templates all ask here.

Everyone in the organisation reads them (the vision is meant to be shared understanding); engagement
leads (and administrators) draft, adopt principles and keep the plans; board members approve a
version for publication, and never one they drafted or last changed themselves (the model's
`blockers_to_approving`): the board's approval is an independent check on what is published in
the organisation's name."""

from __future__ import annotations

from baton.core import roles
from baton.core.models import Role
from baton.core.permissions import get_for_user, has

from .models import Objective, Plan, PrincipleAdoption, StrategyVersion, VisionVersion

APPROVE_DIRECTION = roles.register(
    "direction_approve",
    "Approve the engagement vision and strategy for publication",
    {Role.BOARD_MEMBER},
)


def get_vision_for_user(user, pk) -> VisionVersion:
    """A vision version of the user's organisation, else 404."""
    return get_for_user(VisionVersion, user, pk, select_related=("drafted_by", "changed_by", "approved_by"))


def get_strategy_for_user(user, pk) -> StrategyVersion:
    """A strategy version of the user's organisation, else 404."""
    return get_for_user(StrategyVersion, user, pk, select_related=("drafted_by", "changed_by", "approved_by"))


def get_objective_for_user(user, pk) -> Objective:
    """An objective (with its strategy) of the user's organisation, else 404."""
    return get_for_user(Objective, user, pk, select_related=("strategy",))


def get_plan_for_user(user, pk) -> Plan:
    return get_for_user(Plan, user, pk, select_related=("plan_type",))


def get_adoption_for_user(user, pk) -> PrincipleAdoption:
    return get_for_user(PrincipleAdoption, user, pk, select_related=("principle",))


def can_draft(user) -> bool:
    """Start, change and delete drafts of the vision and the strategy, and their objectives:
    engagement leads and administrators."""
    return has(user, roles.LEAD_ENGAGEMENT)


def can_approve(user) -> bool:
    """Approve a version for publication: board members (not their own draft: see the model)."""
    return has(user, APPROVE_DIRECTION)


def can_adopt_principles(user) -> bool:
    """Adopt the 2022 principles, say how, and keep the evidence: engagement leads and administrators."""
    return has(user, roles.LEAD_ENGAGEMENT)


def can_manage_plans(user) -> bool:
    """Keep the list of the organisation's plans: engagement leads and administrators."""
    return has(user, roles.LEAD_ENGAGEMENT)


def can_link_programmes(user) -> bool:
    """Say which programmes deliver an objective (on any version): engagement leads and administrators."""
    return has(user, roles.LEAD_ENGAGEMENT)
