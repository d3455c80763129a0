"""The roll-up maths, the hub's measure of element 5's part "assessments" (with its attention
when closed stage runs have activities not assessed), "Activities to assess" in my work (for the
people who may assess them), and the queries the measure runs not growing with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from baton.core import registry
from baton.cycle.models import EngagementActivity

from ..hub import assessment_work, assessments_status
from ..rollup import Rollup, rollup, rollups_by_run, summary
from ..testing import make_assessment

pytestmark = pytest.mark.django_db


def _ctx(p, user=None):
    now = timezone.now()
    return registry.HubContext(p.org, user, timezone.localdate(), now)


def test_the_roll_up_counts_assessed_activities_and_ratings(lab):
    p = lab.p
    make_assessment(lab.survey, by=p.priya, outcomes_rating=4)
    make_assessment(lab.group, by=p.priya, outcomes_rating=2, processes_rating=4)
    r = rollup(EngagementActivity.objects.filter(stage_run__programme=lab.diabetes))
    assert (r.activities, r.assessed, r.unassessed, r.percent, r.complete) == (3, 2, 1, 66, False)
    assert r.counts["outcomes"] == {1: 0, 2: 1, 3: 0, 4: 1}
    assert r.counts["processes"] == {1: 0, 2: 1, 3: 0, 4: 1}
    assert r.met_or_exceeded("outcomes") == 1
    assert r.table()[0] == ["Outcomes", "0", "1", "0", "1"]
    assert summary(r) == "2 of 3 activities assessed; outcomes met or exceeded in 1."
    by_run = rollups_by_run(EngagementActivity.objects.filter(stage_run__programme=lab.diabetes))
    assert by_run[lab.needs.pk].complete and not by_run[lab.plan.pk].complete
    assert by_run[lab.plan.pk].assessed == 0


def test_an_empty_roll_up_says_so():
    assert summary(Rollup()) == "No activities to assess."
    assert (Rollup().percent, Rollup().complete) == (0, False)


def test_the_hub_counts_activities_of_closed_runs_and_asks_for_attention_while_some_are_unassessed(lab):
    p = lab.p
    status = assessments_status(_ctx(p))
    assert status.headline == "0 of 3 activities in closed stage runs assessed"
    assert status.attention
    assert status.details == ("2 closed stage runs have activities not assessed.",)
    make_assessment(lab.survey, by=p.priya, outcomes_rating=3, with_patient_partners=True)
    make_assessment(lab.group, by=p.priya, outcomes_rating=1)
    make_assessment(lab.stroke_activity, by=p.ellie, outcomes_rating=4)
    status = assessments_status(_ctx(p))
    assert status.headline == "3 of 3 activities in closed stage runs assessed; outcomes met or exceeded in 2"
    assert not status.attention
    assert status.details == ("Patient partners or people who took part helped assess 1 of 3.",)


def test_the_hub_with_no_closed_runs_says_so(personas):
    status = assessments_status(_ctx(personas))
    assert status.headline == "No activities in closed stage runs to assess yet"
    assert not status.attention


def test_the_hub_measure_is_registered_for_its_part():
    assert any(m.element == "data" and m.part == "assessments" and m.app == "evaluation" for m in registry.measures())


def test_my_work_lists_the_activities_each_person_may_assess(lab):
    p = lab.p
    (priya,) = assessment_work(_ctx(p, p.priya))
    assert priya.count == 2  # her closed needs run's two; not Stroke (Ellie's), not the workshop (not ready)
    assert {i.text for i in priya.items} == {"Carers' survey", "Young people's focus group"}
    (ellie,) = assessment_work(_ctx(p, p.ellie))
    assert ellie.count == 3
    assert assessment_work(_ctx(p, p.bea)) == []
    make_assessment(lab.survey, by=p.priya)
    (priya,) = assessment_work(_ctx(p, p.priya))
    assert priya.count == 1


def test_the_hub_measure_runs_the_same_queries_whatever_the_size(lab):
    p = lab.p
    with CaptureQueriesContext(connection) as few:
        assessments_status(_ctx(p))
    make_assessment(lab.survey, by=p.priya)
    make_assessment(lab.stroke_activity, by=p.ellie)
    with CaptureQueriesContext(connection) as more:
        assessments_status(_ctx(p))
    assert len(few) == len(more) == 2
