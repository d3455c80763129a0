"""The self-assessment trend, the area's board indicator, against a worked example: the latest
completed assessment for a period ending by the period's end (that very day included; drafts and
later periods left out), its CCG total out of 15 and its change from the one before, every
framework in the details, and five queries."""

from datetime import date

import pytest

from baton.assessment.actions import complete_assessment
from baton.core import registry

from ..indicators import self_assessment_trend
from ..testing import make_assessment, rate_everything

pytestmark = pytest.mark.django_db
PERIOD = registry.Period(date(2026, 4, 1), date(2026, 9, 30))


def _completed(p, period, end, scores=None):
    a = make_assessment(p.org, by=p.ellie, period=period, period_end=end)
    rate_everything(a, by=p.ellie, scores=scores)
    return complete_assessment(a, by=p.ellie)


def _world(p):
    # 2025/26: every item 2 (CCG 10 of 15), one domain 1 (9 of 15); the principles all 2.
    _completed(p, "2025/26", date(2026, 3, 31), {("ccg", "E"): 1})
    # Q2 ends on the period's last day: the latest. CCG 12 of 15; one principle down a point.
    _completed(p, "2026/27 Q2", date(2026, 9, 30), {("ccg", "A"): 3, ("ccg", "C"): 3, ("principles", "1"): 1})
    # Q3 ends after the period: left out. A draft for Q1 too.
    _completed(p, "2026/27 Q3", date(2026, 10, 31), {("ccg", "A"): 0})
    make_assessment(p.org, by=p.ellie, period="2026/27 Q1", period_end=date(2026, 6, 30))


def test_the_trend_is_the_latest_overall_score_and_its_change(personas):
    _world(personas)
    reading = self_assessment_trend(personas.org, PERIOD)
    assert (reading.value, reading.numerator, reading.denominator) == (12.0, 12, 15)
    assert reading.text == "12 of 15 in 2026/27 Q2, up 3 from 9 in 2025/26"
    assert len(reading.details) == 3
    assert reading.details[-1].endswith(": 12 of 15, up 3 from 9.")
    assert any(d.endswith(": 19 of 30, down 1 from 20.") for d in reading.details)  # the principles


def test_the_first_assessment_has_no_change(personas):
    _completed(personas, "2025/26", date(2026, 3, 31))
    reading = self_assessment_trend(personas.org, PERIOD)
    assert reading.text == "10 of 15 in 2025/26 (the first completed self-assessment)"
    assert reading.details[-1].endswith(": 10 of 15.")


def test_an_unchanged_score_says_so(personas):
    _completed(personas, "2025/26", date(2026, 3, 31))
    _completed(personas, "2026/27 Q1", date(2026, 6, 30))
    assert self_assessment_trend(personas.org, PERIOD).text == "10 of 15 in 2026/27 Q1, no change from 10 in 2025/26"


def test_no_completed_assessment_has_no_value(personas):
    make_assessment(personas.org, by=personas.ellie, period="2026/27 Q1", period_end=date(2026, 6, 30))
    reading = self_assessment_trend(personas.org, PERIOD)
    assert reading.value is None and reading.text == "No self-assessment completed yet"
    assert self_assessment_trend(personas.other_org, PERIOD).value is None


def test_the_indicator_is_registered_with_its_definition():
    found = registry.indicator_by_key("assessment.trend")
    assert found is not None and found.compute is self_assessment_trend
    assert (found.unit, found.better, found.monthly) == ("score", "higher", False)
    assert "Numerator" in found.definition and "Exclusions" in found.definition


def test_five_queries_whatever_the_number_of_assessments(personas, django_assert_num_queries):
    _world(personas)
    with django_assert_num_queries(5):
        self_assessment_trend(personas.org, PERIOD)
    _completed(personas, "2024/25", date(2025, 3, 31))
    _completed(personas, "2023/24", date(2024, 3, 31))
    with django_assert_num_queries(5):
        assert self_assessment_trend(personas.org, PERIOD).numerator == 12
