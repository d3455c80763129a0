"""Governance's section of the board pack: the gate (assured, signed off, waiting), conditions
still open, and decisions with how engagement influenced them."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from baton.core.registry import Period
from baton.cycle.testing import make_programme
from baton.governance.board import assurance_section
from baton.governance.testing import assure, make_board, make_case, make_decision

pytestmark = pytest.mark.django_db


def _period():
    today = timezone.localdate()
    return Period(today - timedelta(days=30), today)


def test_nothing_to_report_without_cases_or_decisions(personas):
    assert assurance_section(personas.org, _period()) is None


def test_the_gate_conditions_and_decisions(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya, name="Diabetes")
    case = make_case(programme, by=p.priya)
    assure(case, by=p.larry, outcome="conditions", conditions=["Publish the easy read summary"])
    make_case(programme, by=p.priya)  # waiting for assurance
    board = make_board(p.org, by=p.ellie)
    today = timezone.localdate()
    make_decision(
        p.org, board, by=p.ellie, decided_on=today, title="Move the clinic", engagement_influence="Evening hours added."
    )
    make_decision(p.org, board, by=p.ellie, decided_on=today, title="Close the ward", duty_applied=True)
    make_decision(p.org, board, by=p.ellie, decided_on=today - timedelta(days=60), title="Too old")
    found = assurance_section(p.org, _period())
    gate = dict(found["gate_table"].rows)
    assert gate["Assured with conditions in the period"] == 1 and gate["Waiting for assurance now"] == 1
    assert found["conditions_total"] == 1 and found["conditions_table"].rows[0][2] == "Publish the easy read summary"
    decisions = {r[0]: r[3] for r in found["decisions_table"].rows}
    assert decisions == {
        "Move the clinic": "Evening hours added.",
        "Close the ward": "None cited, though the involvement duty applied.",
    }
    assert found["flagged"] == 1 and found["decisions"]["influenced"] == 1
    html = render_to_string("governance/_board.jinja", found)
    assert "Publish the easy read summary" in html and "Close the ward" in html
