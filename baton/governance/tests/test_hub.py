"""Element 4's parts, measured from the data with the reason in words."""

from datetime import date

import pytest
from django.utils import timezone

from baton.core import registry
from baton.cycle.testing import make_programme
from baton.governance.hub import boards, decisions, gate
from baton.governance.testing import assure, make_board, make_case, make_decision, make_meeting, ready_case

pytestmark = pytest.mark.django_db


def _ctx(p, today=date(2026, 6, 1)):
    return registry.HubContext(organisation=p.org, user=None, today=today, now=timezone.now())


def test_each_part_of_element_4_is_measured_from_the_data(personas):
    p = personas
    assert boards(_ctx(p)).attention and boards(_ctx(p)).headline.startswith("0 boards and committees")
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    board = make_board(p.org, by=p.ellie, name="ICB Board")
    make_meeting(board, by=p.ellie, held_on=date(2026, 5, 1))
    status = boards(_ctx(p))
    assert status.headline == "1 board or committee; 1 meeting since 1 April 2026"
    assert status.details == ("1 board or committee has no members recorded.",) and status.attention

    for k in range(3):
        make_case(programme, by=p.priya, title=f"Waiting {k}")
    assure(make_case(programme, by=p.priya, title="Not assured"), by=p.larry, outcome="not_assured")
    ready_case(programme, lead=p.priya, lay=p.larry, title="Ready")
    status = gate(_ctx(p))
    assert status.headline == "4 business cases waiting for assurance" and status.attention
    assert "1 business case is assured and waiting for a board to sign off." in status.details

    make_decision(p.org, board, by=p.ellie, decided_on=date(2026, 5, 2), duty_applied=True)
    make_decision(p.org, board, by=p.ellie, decided_on=date(2026, 5, 2), engagement_influence="People said X.")
    status = decisions(_ctx(p))
    assert status.headline == "2 decisions recorded since 1 April 2026"
    assert status.details == ("1 decision cites no engagement where the duty applied.",) and status.attention
