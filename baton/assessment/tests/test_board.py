"""The board pack's "Self-assessment" section: the trend domain by domain from the worked example
of the indicator's tests (assessments completed for periods ending by the period's end), its
tables for the XLSX, its template, nothing to report, and ten queries."""

from datetime import date

import pytest
from django.template.loader import render_to_string

from baton.core import registry

from ..board import SHOWN, self_assessment_section
from .test_indicators import PERIOD, _completed, _world

pytestmark = pytest.mark.django_db


def test_the_section_gives_each_frameworks_scores_and_changes(personas):
    _world(personas)
    found = self_assessment_section(personas.org, PERIOD)
    assert found is not None
    assert found["headline"] == "12 of 15 in 2026/27 Q2, up 3 from 9 in 2025/26"
    ccg = found["frameworks"][-1]
    assert ccg["columns"] == ("Item", "2025/26", "2026/27 Q2", "Change")
    assert ccg["rows"][0][2:] == ["3 (Outstanding)", "+1"]  # domain A: 2 then 3
    assert ccg["rows"][-1] == ["Total (out of 15)", "9", "12", "+3"]
    assert len(ccg["moved"]) == 3 and ccg["moved"][0].endswith(": up 1")
    table = found["tables"][-1]
    assert table.rows[-1] == ("Total (out of 15)", 9, 12, 3)
    assert table.rows[0][1:] == (2, 3, 1)


def test_only_the_latest_assessments_are_shown(personas):
    for year in range(2019, 2026):
        _completed(personas, f"{year}/{(year + 1) % 100:02d}", date(year + 1, 3, 31))
    found = self_assessment_section(personas.org, PERIOD)
    assert found is not None
    assert found["frameworks"][0]["columns"][1:-1] == ("2022/23", "2023/24", "2024/25", "2025/26")
    assert len(found["frameworks"][0]["columns"]) == SHOWN + 2


def test_the_template_renders(personas):
    _world(personas)
    html = render_to_string("assessment/_board.jinja", self_assessment_section(personas.org, PERIOD))
    assert html.lstrip().startswith("<h3>") and "<h1" not in html and "<h2" not in html
    assert "12 of 15 in 2026/27 Q2, up 3 from 9 in 2025/26" in html and "Total (out of 15)" in html
    assert "<a " not in html and "<form" not in html


def test_no_completed_assessment_has_nothing_to_report(personas):
    assert self_assessment_section(personas.org, PERIOD) is None


def test_the_section_is_registered():
    found = [s for s in registry.board_sections() if s.key == "self_assessment"]
    assert found and found[0].context is self_assessment_section


def test_a_fixed_number_of_queries_whatever_the_number_of_assessments(personas, django_assert_num_queries):
    _world(personas)
    with django_assert_num_queries(10):
        self_assessment_section(personas.org, PERIOD)
    _completed(personas, "2024/25", date(2025, 3, 31))
    _completed(personas, "2023/24", date(2024, 3, 31))
    with django_assert_num_queries(10):
        self_assessment_section(personas.org, PERIOD)
