"""Who may do what in governance. Pages, the API and templates all ask here.

Everyone in the organisation reads (boards hold their business in public). Engagement leads and
the programme's lead change a business case, its screening, assessment and plan; a board member
alone cannot. Only a lay or non-executive member (`governance_assure`) records an assurance; only a
board member (`governance_sign_off`) signs off. Engagement leads keep the boards, meetings, papers
and the decision register. Another organisation's records are 404 (`get_for_user`)."""

from __future__ import annotations

from baton.core.permissions import get_for_user, has
from baton.core.roles import LEAD_ENGAGEMENT, OWN_WORK

from . import capabilities
from .models import AssuranceCondition, Board, BoardMember, BusinessCase, Decision, Meeting, Paper


def get_case_for_user(user, pk) -> BusinessCase:
    """The business case with its programme, screening, plan and sign-off joined; else 404."""
    return get_for_user(
        BusinessCase,
        user,
        pk,
        select_related=("programme", "programme__lead", "signed_off_by", "signed_off_meeting__board"),
    )


def get_board_for_user(user, pk) -> Board:
    return get_for_user(Board, user, pk)


def get_member_for_user(user, pk) -> BoardMember:
    return get_for_user(
        BoardMember,
        user,
        pk,
        select_related=("board", "person"),
    )


def get_meeting_for_user(user, pk) -> Meeting:
    return get_for_user(
        Meeting,
        user,
        pk,
        select_related=("board",),
    )


def get_paper_for_user(user, pk) -> Paper:
    return get_for_user(
        Paper,
        user,
        pk,
        select_related=("meeting", "meeting__board", "business_case"),
    )


def get_condition_for_user(user, pk) -> AssuranceCondition:
    return get_for_user(
        AssuranceCondition,
        user,
        pk,
        select_related=("assurance", "assurance__case", "assurance__case__programme"),
    )


def get_decision_for_user(user, pk) -> Decision:
    return get_for_user(
        Decision,
        user,
        pk,
        select_related=("board", "meeting", "paper", "business_case", "consultation"),
    )


def can_create_case(user) -> bool:
    """People who may own work write business cases on programmes."""
    return has(user, OWN_WORK)


def can_change_case(user, case: BusinessCase) -> bool:
    """Engagement leads, and the lead of the case's programme. Not a board member alone."""
    if has(user, LEAD_ENGAGEMENT):
        return True
    return has(user, OWN_WORK) and case.programme.lead_id == user.pk


def can_assure(user, case: BusinessCase | None = None) -> bool:
    """Only the lay or non-executive member records an engagement assurance."""
    return has(user, capabilities.ASSURE)


def can_close_condition(user, condition: AssuranceCondition) -> bool:
    """The case's editors close a condition with evidence; so may the member who assures."""
    return can_change_case(user, condition.assurance.case) or has(user, capabilities.ASSURE)


def can_sign_off(user, case: BusinessCase | None = None) -> bool:
    """Only a board member signs off for a board."""
    return has(user, capabilities.SIGN_OFF)


def can_manage_boards(user) -> bool:
    """Boards, members, meetings and papers: engagement leads (the governance team)."""
    return has(user, LEAD_ENGAGEMENT)


def can_record_decisions(user) -> bool:
    """The decision register: engagement leads."""
    return has(user, LEAD_ENGAGEMENT)
