"""The board pack's "Structure health" section: its figures from the worked example of the
indicator's tests (the register on the period's last day), the meetings and decisions of the
period, its table for the XLSX, its template, nothing to report, and two queries."""

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string

from baton.core import registry
from baton.governance.testing import make_board, make_decision

from ..board import structure_health_section
from ..models import Structure
from ..testing import make_meeting
from .test_indicators import END, PERIOD, _world

pytestmark = pytest.mark.django_db


def test_the_section_gives_the_register_on_the_periods_last_day(personas):
    _world(personas)
    found = structure_health_section(personas.org, PERIOD)
    assert found is not None
    assert (found["healthy"], found["total"], found["share"]) == (3, 5, 60)
    # The pack lists those needing attention; the spreadsheet's table has every one (not "After").
    assert [row[0] for row in found["rows"]] == ["Late", "Stale"] and found["more"] == 0
    late = found["rows"][0]
    assert late[4] == "Never" and late[-1] == "No meeting recorded."
    (table,) = found["tables"]
    assert [row[0] for row in table.rows] == ["Edge", "Entered late", "Late", "Panel", "Stale"]
    assert table.rows[0][-1] == "Healthy"
    assert table.rows[0][3] == END - timedelta(days=365) and isinstance(table.rows[0][3], date)
    # Meetings in the period (its 30 days up to END): Entered late's, Stale's and Panel's.
    assert (found["meetings"], found["decisions"]) == (3, 0)


def test_decisions_informed_by_meetings_in_the_period_are_counted(personas):
    p = personas
    _world(p)
    board = make_board(p.org, by=p.ellie)
    decision = make_decision(p.org, board, by=p.ellie)
    make_meeting(Structure.objects.get(name="Panel"), by=p.ellie, held_on=END - timedelta(days=2), decisions=[decision])
    make_meeting(
        Structure.objects.get(name="Stale"), by=p.ellie, held_on=END - timedelta(days=40), decisions=[decision]
    )
    found = structure_health_section(p.org, PERIOD)
    assert found is not None and (found["meetings"], found["decisions"]) == (4, 1)
    (table,) = found["tables"]
    assert table.rows[3][5:7] == (2, 1)


def test_the_template_renders_the_figures_in_words_and_the_table(personas):
    _world(personas)
    html = render_to_string("structures/_board.jinja", structure_health_section(personas.org, PERIOD))
    assert html.lstrip().startswith("<h3>") and "<h1" not in html and "<h2" not in html
    assert "3 of 5 engagement structures (60%)" in html
    assert "1 structure has never met." in html and "Late" in html and "Edge" not in html
    assert "<a " not in html and "<form" not in html


def test_an_empty_register_has_nothing_to_report(personas):
    assert structure_health_section(personas.org, PERIOD) is None


def test_the_section_is_registered():
    found = [s for s in registry.board_sections() if s.key == "structure_health"]
    assert found and found[0].context is structure_health_section


def test_two_queries_whatever_the_size_of_the_register(personas, django_assert_num_queries):
    _world(personas)
    with django_assert_num_queries(2):
        structure_health_section(personas.org, PERIOD)
    s = Structure.objects.get(name="Panel")
    for n in range(3):
        make_meeting(s, by=personas.ellie, held_on=END - timedelta(days=n + 3))
    with django_assert_num_queries(2):
        structure_health_section(personas.org, PERIOD)


def test_the_pack_lists_the_structures_needing_attention_most_and_says_how_many_more(personas, monkeypatch):
    p = personas
    _world(p)
    stale = Structure.objects.get(name="Stale")
    stale.purpose = ""  # a second flag: Stale now needs attention most
    stale.save()
    monkeypatch.setattr("baton.structures.board.SHOWN", 1)
    found = structure_health_section(p.org, PERIOD)
    assert found is not None and [row[0] for row in found["rows"]] == ["Stale"] and found["more"] == 1
    html = render_to_string("structures/_board.jinja", found)
    assert "needing attention most on" in html
    assert "1 more structure needs attention" in html and "Late" not in html.split("<table")[1]
    monkeypatch.setattr("baton.structures.board.SHOWN", 20)
    found = structure_health_section(p.org, PERIOD)
    assert found is not None and [row[0] for row in found["rows"]] == ["Stale", "Late"] and found["more"] == 0
    assert "more structure" not in render_to_string("structures/_board.jinja", found)
