"""Reach's registry contributions: my work (the stage run's owner and engagement leads see open
activities with gaps; others do not), the hub panel, the stage run page's section, and the
indicators (their values and their suppression)."""

import pytest
from django.utils import timezone

from baton.core import registry
from baton.reach.hub import core20, reach_panel, reach_work
from baton.reach.testing import add_participants


def _ctx(s, user):
    now = timezone.now()
    return registry.HubContext(s.p.org, user, timezone.localdate(), now)


@pytest.mark.django_db
@pytest.mark.parametrize("who, sees", [("priya", True), ("ellie", True), ("larry", False), ("pat", False)])
def test_my_work_lists_open_activities_with_gaps_for_their_owner_and_leads(setup, who, sees):
    s = setup
    add_participants(s.p.org, by=s.p.ellie, n=6, activity=s.activity, sex="1", carer="N")
    lists = reach_work(_ctx(s, getattr(s.p, who)))
    assert bool(lists) == sees
    if sees:
        assert lists[0].items[0].text == s.activity.title
        assert "carers" in lists[0].items[0].detail


@pytest.mark.django_db
def test_an_activity_that_reached_its_target_groups_in_proportion_is_not_a_gap(setup):
    s = setup
    s.activity.target_groups = "carers"
    s.activity.save()
    add_participants(s.p.org, by=s.p.ellie, n=6, activity=s.activity, carer="Y")
    assert reach_work(_ctx(s, s.p.ellie)) == []
    assert reach_panel(None, _ctx(s, s.p.ellie))["gaps"] == []


@pytest.mark.django_db
def test_the_stage_run_page_shows_its_open_activities_with_gaps(setup, signed_in):
    s = setup
    add_participants(s.p.org, by=s.p.ellie, n=6, activity=s.activity, sex="1")
    page = signed_in(s.p.priya).get(f"/runs/{s.run.pk}/").content.decode()
    assert "Reach against the population" in page and "Nobody from the target group" in page
    assert "Reach against the population" not in signed_in(s.p.pat).get(f"/runs/{s.run.pk}/").content.decode()


@pytest.mark.django_db
def test_the_core20_indicator_and_its_suppression(setup):
    s = setup
    period = registry.Period.financial_year(timezone.localdate())
    assert core20(s.p.org, period).value is None  # nobody yet
    add_participants(s.p.org, by=s.p.ellie, n=12, activity=s.activity, imd_decile=1)
    add_participants(s.p.org, by=s.p.ellie, n=12, activity=s.activity, imd_decile=9)
    reading = core20(s.p.org, period)
    assert reading.value == pytest.approx(0.5 / 0.24, rel=1e-3)
    add_participants(s.p.org, by=s.p.ellie, n=30, activity=s.activity, imd_decile=7)
    from baton.people.models import EqualityRecord

    EqualityRecord.objects.filter(imd_decile=1).exclude(
        pk__in=EqualityRecord.objects.filter(imd_decile=1).values("pk")[:2]
    ).update(imd_decile=10)
    hidden = core20(s.p.org, period)
    assert hidden.value is None and hidden.suppressed
    assert registry.indicator_by_key("reach.core20").definition.startswith("Representation ratio of Core20")
