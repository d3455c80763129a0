from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from baton.cycle.tests.api_helpers import api, make_world  # noqa: F401  the API client fixture
from baton.people.testing import make_participation, make_person

from ..testing import make_rate_card

TODAY = timezone.localdate()


@dataclass
class Money:
    p: object
    programme: object
    activity: object
    card: object
    sam: object  # a person at level 4 in the programme's activity, not a Baton user
    pats: object  # Pat's own record (linked to his account), level 4 in the same activity
    sam_in: object
    pat_in: object


@pytest.fixture
def money(personas):
    """The Diabetes pathway (lead Priya) with an activity; a rate card from 1 April 2020 (level 4:
    £20 an hour, £75 a half day, £150 a day, cap £150; 45p a mile); Sam and Pat at level 4 in the
    activity from 60 days ago."""
    p = personas
    cycle = make_world(p)
    card = make_rate_card(p.org, by=p.fiona, effective_from=date(2020, 4, 1))
    sam = make_person(p.org, by=p.ellie, name="Sam Patel")
    pats = make_person(p.org, by=p.ellie, name="Pat Price", kind="patient_leader", account=p.pat)
    start = TODAY - timedelta(days=60)
    sam_in = make_participation(sam, by=p.ellie, activity=cycle.activity, role_level=4, starts_on=start)
    pat_in = make_participation(pats, by=p.ellie, activity=cycle.activity, role_level=4, starts_on=start)
    return Money(p, cycle.programme, cycle.activity, card, sam, pats, sam_in, pat_in)
