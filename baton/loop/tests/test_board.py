"""The loop's section of the board pack: commitments made, responses and what was published in the
period, what is overdue, and insight resolved with no commitment (the loop's dropped batons)."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from baton.core.registry import Period
from baton.loop.board import loop_section
from baton.loop.testing import make_commitment, make_overdue, publish, respond

pytestmark = pytest.mark.django_db


def _period():
    today = timezone.localdate()
    return Period(today - timedelta(days=30), today)


def test_nothing_to_report_without_commitments_or_resolved_insight(personas):
    assert loop_section(personas.org, _period()) is None


def test_the_section_counts_responses_lists_what_was_published_and_the_dropped_insight(setup):
    s, p = setup, setup.p
    shown = publish(
        respond(make_commitment(s.programme, by=p.ellie, insight_items=[s.open_item]), by=p.ellie, response="partly"),
        by=p.ellie,
    )
    make_overdue(make_commitment(s.programme, by=p.ellie, insight_items=[s.open_item]))
    found = loop_section(p.org, _period())
    assert found["counts"]["made"] == 2 and found["counts"]["responded"] == 1 and found["counts"]["overdue"] == 1
    assert dict(found["responses"].rows)["Partly adopted"] == 1
    assert found["said_did"].rows[0][:4] == ("Diabetes pathway", shown.public_said, shown.public_did, "Partly adopted")
    assert [r[0] for r in found["dropped_table"].rows] == ["Parking is hard"]  # answered, no commitment
    html = render_to_string("loop/_board.jinja", found)
    assert shown.public_did in html and "Parking is hard" in html and "<h2" not in html
