from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from baton.cycle.testing import make_handover, make_programme, make_run
from baton.hub.digest import send_daily_digest


@pytest.mark.django_db
def test_daily_digest_tells_the_next_owner_and_flags_overdue_handovers_to_leads(personas, mailoutbox):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Stroke rehabilitation")
    run = make_run(programme, "procure", owner=p.ellie)
    make_handover(run, by=p.ellie, next_owner=p.priya)
    mailoutbox.clear()
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        sent = send_daily_digest()
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert sent == 3  # Priya (next owner), Ellie and Adam (leads see every dropped baton)
    assert p.adam.email in by_recipient
    assert "OVERDUE" in by_recipient[p.priya.email].body
    assert "Stroke rehabilitation" in by_recipient[p.priya.email].body
    assert "1 hand-overs not accepted within 30 days" in by_recipient[p.ellie.email].body
    assert p.oscar.email not in by_recipient


@pytest.mark.django_db
def test_daily_digest_sends_nothing_when_nothing_waits(personas, mailoutbox):
    assert send_daily_digest() == 0
    assert mailoutbox == []
