"""The rules of assessing: when an activity can be assessed (its end date has come, or its
stage run has handed over or closed), once only, changes refused when stale, deletions
restorable; each refusal saves nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.core.audit import restore_deleted
from baton.core.errors import StaleEdit
from baton.core.testing import refused
from baton.cycle.models import EngagementActivity, StageRun

from ..actions import assess_activity, delete_assessment, update_assessment
from ..models import ALREADY, ActivityAssessment
from ..testing import ANSWERS, make_assessment

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _set(activity, **fields):
    EngagementActivity.objects.filter(pk=activity.pk).update(**fields)
    activity.refresh_from_db()


@pytest.mark.parametrize(
    ("end_date", "run_state", "allowed"),
    [
        (None, "open", False),
        (TODAY + timedelta(days=1), "open", False),
        (TODAY, "open", True),
        (TODAY - timedelta(days=5), "open", True),
        (None, "handed_over", True),
        (None, "closed", True),
        (TODAY + timedelta(days=30), "closed", True),
    ],
)
def test_an_activity_is_assessed_once_it_has_ended_or_its_run_hands_over_or_closes(lab, end_date, run_state, allowed):
    p = lab.p
    activity = lab.workshop  # the open plan run, not handed over
    if run_state == "closed":
        activity = lab.survey
    elif run_state == "handed_over":
        from baton.cycle.testing import make_handover

        make_handover(lab.plan, by=p.priya, next_owner=p.priya)
    _set(activity, end_date=end_date, start_date=min(TODAY - timedelta(days=40), end_date or TODAY))
    if allowed:
        assert make_assessment(activity, by=p.priya).pk
    else:
        reasons = refused(make_assessment, activity, by=p.priya, apps=("evaluation",))
        assert len(reasons) == 1
        assert reasons[0].startswith("This activity cannot be assessed yet:")
        assert "once it has ended, or once its stage run has handed over or closed" in reasons[0]
        assert ("it has no end date" if end_date is None else "it ends on") in reasons[0]


def test_an_activity_is_assessed_once_only(lab):
    p = lab.p
    make_assessment(lab.survey, by=p.priya)
    assert refused(make_assessment, lab.survey, by=p.ellie, apps=("evaluation",)) == [ALREADY]
    assert ActivityAssessment.objects.filter(activity=lab.survey).count() == 1


def test_a_duplicate_that_slips_past_the_check_is_the_constraints_plain_sentence(lab):
    p = lab.p
    make_assessment(lab.survey, by=p.priya)
    twin = ActivityAssessment(activity=lab.survey, assessed_by=p.ellie, **ANSWERS)
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert error.value.message_dict["activity"] == [ALREADY]


def test_evidence_is_required_for_each_dimension(lab):
    for name in ("outcomes_evidence", "processes_evidence", "mechanisms_evidence"):
        with pytest.raises(ValidationError) as error:
            assess_activity(lab.survey, by=lab.p.priya, **{**ANSWERS, name: ""})
        assert name in error.value.message_dict
    assert not ActivityAssessment.objects.exists()


def test_a_rating_outside_the_scale_is_refused(lab):
    with pytest.raises(ValidationError):
        assess_activity(lab.survey, by=lab.p.priya, **{**ANSWERS, "outcomes_rating": 5})
    assert not ActivityAssessment.objects.exists()


def test_a_stale_change_is_refused_and_saves_nothing(lab):
    p = lab.p
    a = make_assessment(lab.survey, by=p.priya)
    update_assessment(a, {"outcomes_rating": 4}, by=p.ellie, expected_version=1)
    with pytest.raises(StaleEdit):
        update_assessment(a, {"outcomes_rating": 1}, by=p.priya, expected_version=1)
    a.refresh_from_db()
    assert (a.outcomes_rating, a.version) == (4, 2)


def test_a_deleted_assessment_is_restored_whole(lab):
    p = lab.p
    a = make_assessment(lab.survey, by=p.priya, assessors="two patient partners")
    event = delete_assessment(a, by=p.ellie)
    assert not ActivityAssessment.objects.exists()
    restore_deleted(event, by=p.ellie)
    back = ActivityAssessment.objects.get()
    assert (back.activity_id, back.assessors, back.outcomes_rating) == (lab.survey.pk, "two patient partners", 3)


def test_the_assessment_records_who_and_when(lab):
    a = make_assessment(lab.survey, by=lab.p.priya)
    assert (a.assessed_by, a.assessed_on) == (lab.p.priya, TODAY)


def test_a_closed_run_stays_assessable_though_its_activities_cannot_change(lab):
    assert lab.needs.status == StageRun.Status.CLOSED
    assert make_assessment(lab.group, by=lab.p.priya).pk
