"""The Cycle's sections of the board pack: foresight (insight coming through the first two stages,
by stage and theme) and the dropped batons (hand-overs overdue, runs closed without a hand-over,
insight never carried forward)."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from baton.core.registry import Period
from baton.cycle.board import dropped_batons_section, foresight_section
from baton.cycle.models import Handover, StageRun
from baton.cycle.testing import make_handover, make_insight, make_programme, make_run

pytestmark = pytest.mark.django_db


def _period():
    today = timezone.localdate()
    return Period(today - timedelta(days=30), today)


def test_foresight_counts_the_first_two_stages_insight_by_stage_and_theme(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya, name="Diabetes")
    needs = make_run(programme, "needs", owner=p.priya)
    make_insight(needs, by=p.priya, title="Carers cannot park", themes="access, Parking")
    make_insight(needs, by=p.priya, title="Evening clinics", themes="Access")
    other = make_programme(p.org, by=p.ellie, lead=p.priya, name="Stroke")
    make_insight(make_run(other, "improve", owner=p.priya), by=p.priya, title="Not foresight", themes="access")
    theirs = make_programme(p.other_org, by=p.oscar, lead=p.oscar)
    make_insight(make_run(theirs, "needs", owner=p.oscar), by=p.oscar, title="Theirs")
    found = foresight_section(p.org, _period())
    assert found["total"] == 2
    assert dict(found["stage_table"].rows) == {
        "Identify needs and aspirations": 2,
        "Develop priorities, strategies and plans": 0,
    }
    assert dict(found["theme_table"].rows) == {"Access": 2, "Parking": 1}
    assert [r[0] for r in found["item_table"].rows] == ["Evening clinics", "Carers cannot park"]
    assert found["runs"]["live"] == 1
    html = render_to_string("cycle/_board_foresight.jinja", found)
    assert "Evening clinics" in html and "<h3>" in html and "<h2" not in html


def test_foresight_has_nothing_to_report_without_those_stages(personas):
    assert foresight_section(personas.org, _period()) is None


def test_dropped_batons_lists_overdue_hand_overs_runs_closed_without_one_and_insight_left(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya, name="Diabetes")
    needs = make_run(programme, "needs", owner=p.priya)
    make_insight(needs, by=p.priya)
    handover = make_handover(needs, by=p.priya, next_owner=p.ellie)
    Handover.objects.filter(pk=handover.pk).update(
        created_at=timezone.now() - timedelta(days=p.org.handover_limit_days + 3)
    )
    bare = make_run(make_programme(p.org, by=p.ellie, lead=p.priya, name="Stroke"), "needs", owner=p.priya)
    make_insight(bare, by=p.priya, title="Left behind")
    StageRun.objects.filter(pk=bare.pk).update(status=StageRun.Status.CLOSED, closed_on=timezone.localdate())
    found = dropped_batons_section(p.org, _period())
    assert found["overdue_total"] == 1 and found["overdue_table"].rows[0][0] == "Diabetes"
    assert found["overdue_table"].rows[0][4] == 3  # days overdue
    assert found["closed_total"] == 1 and found["closed_table"].rows[0][:2] == (
        "Stroke",
        "Identify needs and aspirations",
    )
    assert found["dropped_total"] == 1 and found["dropped_table"].rows == (("Stroke", 1),)
    html = render_to_string("cycle/_board_dropped.jinja", found)
    assert "not accepted within 30 days" in html or f"within {p.org.handover_limit_days} days" in html


def test_no_dropped_batons_is_said_in_words(personas):
    found = dropped_batons_section(personas.org, _period())
    assert found["tables"] == []
    html = render_to_string("cycle/_board_dropped.jinja", found)
    assert "None: every hand-over was accepted in time." in html


def test_the_sections_run_the_same_queries_whatever_the_size(personas, django_assert_num_queries):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya)
    run = make_run(programme, "needs", owner=p.priya)
    make_insight(run, by=p.priya)
    period = _period()
    with django_assert_num_queries(4):
        foresight_section(p.org, period)
    with django_assert_num_queries(5):
        dropped_batons_section(p.org, period)
    for n in range(6):
        make_insight(run, by=p.priya, themes=f"theme {n}")
    with django_assert_num_queries(4):
        foresight_section(p.org, period)
    with django_assert_num_queries(5):
        dropped_batons_section(p.org, period)
