"""The board pack's "Learning" section: coverage and readiness on the period's last day, uptake in
the period, the monthly series, counts of people under 5 hidden so that no hidden cell can be
worked out from the others, its template, nothing to report, and a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from baton.core import registry
from baton.core.testing import make_user

from ..board import HIDDEN, SERIES_MONTHS, grouped, learning_section
from ..testing import make_offer, make_record, make_requirement

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LAST_MONTH = registry.Period.month(*((TODAY.year, TODAY.month - 1) if TODAY.month > 1 else (TODAY.year - 1, 12)))


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()


def _staff(p, members=6, done=5, other_done=0):
    """`members` lay members held to an induction renewed every 24 months; `done` of them did it
    in the last month; `other_done` completions of a second offer."""
    induction = make_offer(p.org, by=p.ellie, title="Assurance induction", audience="staff")
    make_requirement(p.org, induction, by=p.ellie, staff_role="lay_member", renew_months=24)
    users = [p.larry] + [make_user(p.org, "lay_member", username=f"lay{n}") for n in range(members - 1)]
    day = LAST_MONTH.start + timedelta(days=3)
    for user in users[:done]:
        make_record(p.org, induction, by=p.ellie, user=user, completed_on=day)
    if other_done:
        other = make_offer(p.org, by=p.ellie, title="Chairing skills", audience="staff")
        for user in users[:other_done]:
            make_record(p.org, other, by=p.ellie, user=user, completed_on=day)
    return users


def test_the_section_gives_coverage_readiness_and_uptake(personas):
    _staff(personas)
    found = learning_section(personas.org, LAST_MONTH)
    assert found is not None
    assert found["coverage"][0] == ("Staff", "83% of required learning in date (5 of 6)")
    assert found["coverage"][1] == ("People who take part", "No learning is required of people who take part")
    # 6 lay members, 5 ready, 1 not: the 1 is hidden, and so the 5 (6 - 5 = 1).
    assert found["readiness_rows"] == [["Lay member for involvement", "Staff", "6", HIDDEN, HIDDEN]]
    assert found["uptake_rows"] == [["Assurance induction", "5"]]
    assert len(found["uptake_xmr"].points) == SERIES_MONTHS
    assert found["uptake_xmr"].points[-1].label == LAST_MONTH.label and found["uptake_xmr"].points[-1].value == 5


def test_readiness_of_large_enough_groups_is_shown(personas):
    _staff(personas, members=10, done=5)
    found = learning_section(personas.org, LAST_MONTH)
    assert found is not None and found["readiness_rows"] == [["Lay member for involvement", "Staff", "10", "5", "5"]]


def test_a_small_count_cannot_be_worked_out_from_the_rows_or_the_months(personas):
    _staff(personas, members=8, done=6, other_done=2)
    found = learning_section(personas.org, LAST_MONTH)
    assert found is not None
    # 2 completions of "Chairing skills" would be 8 - 6 from the month's total: both go together.
    assert found["uptake_rows"] == [["Other learning (2 offers)", "8"]]
    table = next(t for t in found["tables"] if t.title.startswith("Learning completed,"))
    assert table.rows == (("Other learning (2 offers)", 8),)


def test_grouping_keeps_every_hidden_cell_out_of_reach():
    assert grouped([("A", 10), ("B", 3)]) == (("Other learning (2 offers)", 13),)
    # C and D make 4, which the month's total would give away: B joins them.
    assert grouped([("A", 10), ("B", 7), ("C", 3), ("D", 1)]) == (("A", 10), ("Other learning (3 offers)", 11))
    assert grouped([("A", 10), ("B", 6), ("C", 5)]) == (("A", 10), ("B", 6), ("C", 5))
    assert grouped([("A", 2), ("B", 1)]) == (("Other learning (2 offers)", HIDDEN),)


def test_a_month_of_the_period_under_5_hides_every_month_of_the_period(personas):
    p = personas
    induction = make_offer(p.org, by=p.ellie, title="Assurance induction", audience="staff")
    make_requirement(p.org, induction, by=p.ellie, staff_role="lay_member")
    quarter_end = LAST_MONTH.end
    quarter = registry.Period(
        date(quarter_end.year - (quarter_end.month < 3), (quarter_end.month - 3) % 12 + 1, 1), quarter_end
    )
    months = quarter.months()
    users = [make_user(p.org, "lay_member", username=f"q{n}") for n in range(9)]
    for user in users[:6]:
        make_record(p.org, induction, by=p.ellie, user=user, completed_on=months[0].start)
    for user in users[6:]:
        make_record(p.org, induction, by=p.ellie, user=user, completed_on=months[1].start)  # 3: hidden
    found = learning_section(p.org, quarter)
    assert found is not None and found["uptake_rows"] == [["Assurance induction", "9"]]
    values = {pt.label: pt.value for pt in found["uptake_xmr"].points}
    assert values[months[0].label] is None and values[months[1].label] is None  # 6 would give 9 - 6 = 3
    assert values[months[2].label] == 0


def test_the_template_renders(personas):
    _staff(personas)
    html = render_to_string("learning/_board.jinja", learning_section(personas.org, LAST_MONTH))
    assert html.lstrip().startswith("<h3>") and "<h1" not in html and "<h2" not in html
    assert "Staff: 83% of required learning in date (5 of 6)." in html and "<svg" in html
    assert "<a " not in html and "<form" not in html


def test_nothing_required_and_nothing_done_is_none(personas):
    assert learning_section(personas.org, LAST_MONTH) is None


def test_the_section_is_registered():
    found = [s for s in registry.board_sections() if s.key == "learning"]
    assert found and found[0].context is learning_section


def test_a_fixed_number_of_queries_whatever_the_number_of_people(personas, django_assert_num_queries):
    _staff(personas)
    with CaptureQueriesContext(connection) as first:
        learning_section(personas.org, LAST_MONTH)
    for n in range(5):
        user = make_user(personas.org, "lay_member", username=f"more{n}")
        make_record(
            personas.org, make_offer(personas.org, by=personas.ellie, title=f"Offer {n}"), by=personas.ellie, user=user
        )
    cache.clear()
    with django_assert_num_queries(len(first.captured_queries)):
        learning_section(personas.org, LAST_MONTH)
