"""Insight's section of the board pack: sentiment by month with the negative share charted, the
themes with what changed, counts under 5 not shown, and nothing at all without feedback."""

from datetime import date

import pytest
from django.template.loader import render_to_string

from baton.core.registry import Period
from baton.insight.board import insight_section
from baton.insight.models import FeedbackComment, FeedbackTheme

pytestmark = pytest.mark.django_db
QUARTER = Period(date(2026, 4, 1), date(2026, 6, 30))


def _comments(org, day, sentiments, themes=()):
    for n, sentiment in enumerate(sentiments):
        c = FeedbackComment.objects.create(
            organisation=org, row_key=f"{day}-{n}-{sentiment}", text="Comment", received_on=day, sentiment=sentiment
        )
        for code in themes:
            FeedbackTheme.objects.create(comment=c, organisation=org, code=code)


def test_nothing_to_report_without_feedback(personas):
    assert insight_section(personas.org, QUARTER) is None


def test_sentiment_by_month_the_negative_share_and_the_themes(personas):
    org = personas.org
    _comments(org, date(2026, 5, 10), [5, 4, 2, 2, 3, 1, 1, 4], themes=["Waiting times"])  # 3 of 8 negative
    _comments(org, date(2026, 6, 2), [4, 4], themes=["Parking"])  # 2: too few for a share
    _comments(org, date(2026, 1, 15), [1, 1, 2, 2, 2, 2], themes=["Waiting times"])  # the period before
    _comments(personas.other_org, date(2026, 5, 10), [5] * 9, themes=["Waiting times"])  # not ours
    found = insight_section(org, QUARTER)
    months = {row[0]: row for row in found["months"].rows}
    assert len(found["months"].rows) == 24 and found["months"].rows[-1][0] == "Jun 2026"
    # 8 comments: 4 positive, 1 mixed, 3 negative: each under 5, so none shown, nor the share (3 of 8).
    assert months["May 2026"] == ("May 2026", 8, "fewer than 5", "fewer than 5", "fewer than 5", "")
    assert months["Jun 2026"] == ("Jun 2026", "fewer than 5", 0, 0, "fewer than 5", "")
    assert months["Jan 2026"] == ("Jan 2026", 6, 6, 0, 0, 0.0)
    values = {p.label: p.value for p in found["chart"].points}
    assert values["Jan 2026"] == 0.0 and values["May 2026"] is None and values["Apr 2026"] is None
    assert found["summary"].startswith("10 comments were received")
    assert "5 of 10" not in found["summary"] and "50% of those" in found["summary"]  # 5 negative, 5 not
    themes = {row[0]: row for row in found["themes"].rows}
    assert themes["Waiting times"] == ("Waiting times", 8, 6, "up 33%")  # 8 now, 6 before
    assert themes["Parking"] == ("Parking", "fewer than 5", 0, "too few to compare")
    assert [t.title for t in found["tables"]] == ["Feedback sentiment by month", "Feedback themes mentioned most"]


def test_a_hidden_count_cannot_be_worked_out_from_the_total_less_the_others(personas):
    from baton.insight.board import shown_parts

    # 10 comments: 6 positive, 0 mixed, 4 negative, 0 unlabelled. Hiding only the 4 would leave
    # 10 - 6 - 0 - 0 = 4: the next smallest (a 0) is hidden too.
    parts = shown_parts(10, [6, 0, 4, 0])
    assert parts[2] == "fewer than 5" and sum(1 for p in parts if p == "fewer than 5") == 2
    assert shown_parts(12, [6, 6, 0, 0]) == [6, 6, 0, 0]
    assert shown_parts(9, [3, 3, 3, 0]) == ["fewer than 5"] * 3 + [0]
    _comments(personas.org, date(2026, 5, 10), [1] * 6 + [4] * 4)
    row = {r[0]: r for r in insight_section(personas.org, QUARTER)["months"].rows}["May 2026"]
    assert row[1] == 10 and row[4] == "fewer than 5" and "fewer than 5" in row[2:4]


def test_the_section_renders_its_chart_and_tables(personas):
    _comments(personas.org, date(2026, 5, 10), [5, 4, 2, 2, 3, 1], themes=["Staff attitude"])
    found = insight_section(personas.org, QUARTER)
    html = render_to_string("insight/_board.jinja", {**found, "period": QUARTER})
    assert "<h3>Sentiment over time</h3>" in html and "<h2" not in html
    assert "<svg" in html and found["chart"].summary in html
    assert "Feedback themes mentioned most" in html and "Staff attitude" in html


def test_the_section_runs_the_same_queries_with_little_feedback_or_much(personas, django_assert_num_queries):
    _comments(personas.org, date(2026, 5, 10), [5, 4], themes=["A"])
    with django_assert_num_queries(4):
        insight_section(personas.org, QUARTER)
    _comments(personas.org, date(2026, 4, 3), [5, 4, 1, 2, 3] * 8, themes=["A", "B", "C"])
    with django_assert_num_queries(4):
        insight_section(personas.org, QUARTER)
