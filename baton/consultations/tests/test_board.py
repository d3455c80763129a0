"""Consultations' section of the board pack: consultations running in the period and their
Gunning checks."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from baton.consultations.board import consultations_section
from baton.consultations.testing import assess_all, make_consultation
from baton.core.registry import Period

pytestmark = pytest.mark.django_db


def test_consultations_of_the_period_with_their_gunning_checks(personas):
    p = personas
    today = timezone.localdate()
    period = Period(today - timedelta(days=30), today)
    assert consultations_section(p.org, period) is None
    running = make_consultation(p.org, by=p.ellie, title="Minor injuries unit", opens_on=today - timedelta(days=5))
    assess_all(running, by=p.ellie, outcome="met")
    make_consultation(p.org, by=p.ellie, title="Later", opens_on=today + timedelta(days=5))
    found = consultations_section(p.org, period)
    assert [r[0] for r in found["table"].rows] == ["Minor injuries unit"]
    assert found["table"].rows[0][5:] == (4, 0, 0)
    html = render_to_string("consultations/_board.jinja", found)
    assert "Minor injuries unit" in html and "Gunning" in html
