"""The evaluation API beyond the permission matrix: a second assessment of an activity is a 409
with a plain sentence (never two rows), an activity not ready is a 409 saying why, missing
evidence is a 422 on its field, an Idempotency-Key creates once, a stale change is a 409, and the
programme roll-up counts."""

import pytest

from ..models import ActivityAssessment
from ..testing import ANSWERS, make_assessment

pytestmark = pytest.mark.django_db


def test_a_second_assessment_of_an_activity_is_refused_in_plain_words(lab, api):
    client = api(lab.p.priya)
    first = client.post("/evaluation/assessments", {"activity_id": lab.survey.pk, **ANSWERS})
    assert first.status_code == 201, first.content
    assert first.json()["stage_run_id"] == lab.needs.pk
    second = client.post("/evaluation/assessments", {"activity_id": lab.survey.pk, **ANSWERS})
    assert second.status_code == 409
    assert "already been assessed" in str(second.json())
    assert ActivityAssessment.objects.count() == 1


def test_an_activity_not_ready_is_refused_saying_why(lab, api):
    response = api(lab.p.priya).post("/evaluation/assessments", {"activity_id": lab.workshop.pk, **ANSWERS})
    assert response.status_code == 409
    assert "cannot be assessed yet" in str(response.json())
    assert not ActivityAssessment.objects.exists()


def test_missing_evidence_is_a_field_error(lab, api):
    response = api(lab.p.priya).post(
        "/evaluation/assessments", {"activity_id": lab.survey.pk, **ANSWERS, "processes_evidence": ""}
    )
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "processes_evidence"]]
    assert not ActivityAssessment.objects.exists()


def test_the_same_idempotency_key_creates_once(lab, api):
    client = api(lab.p.priya)
    client.headers["HTTP_IDEMPOTENCY_KEY"] = "k-1"
    body = {"activity_id": lab.survey.pk, **ANSWERS}
    assert client.post("/evaluation/assessments", body).status_code == 201
    assert client.post("/evaluation/assessments", body).status_code == 200
    assert ActivityAssessment.objects.count() == 1


def test_a_stale_change_is_refused(lab, api):
    a = make_assessment(lab.survey, by=lab.p.priya)
    client = api(lab.p.ellie)
    assert client.patch(f"/evaluation/assessments/{a.pk}", {"version": 1, "timely": "no"}).status_code == 200
    assert client.patch(f"/evaluation/assessments/{a.pk}", {"version": 1, "timely": "yes"}).status_code == 409
    a.refresh_from_db()
    assert (a.timely, a.version) == ("no", 2)


def test_the_programme_roll_up_counts_each_rating_per_dimension(lab, api):
    make_assessment(lab.survey, by=lab.p.priya, outcomes_rating=4, with_patient_partners=True)
    make_assessment(lab.group, by=lab.p.priya, outcomes_rating=1, mechanisms_rating=1)
    body = api(lab.p.bea).get(f"/evaluation/programmes/{lab.diabetes.pk}/rollup").json()
    assert body["overall"]["activities"] == 3
    assert body["overall"]["assessed"] == 2
    assert body["overall"]["percent_assessed"] == 66
    assert body["overall"]["with_patient_partners"] == 1
    outcomes, processes, mechanisms = body["overall"]["dimensions"]
    assert outcomes == {"dimension": "outcomes", "not_met": 1, "partly_met": 0, "met": 0, "exceeded": 1}
    assert processes == {"dimension": "processes", "not_met": 0, "partly_met": 2, "met": 0, "exceeded": 0}
    assert mechanisms == {"dimension": "mechanisms", "not_met": 1, "partly_met": 0, "met": 1, "exceeded": 0}
    runs = {r["stage"]: r for r in body["stage_runs"]}
    assert runs["needs"]["complete"] is True and runs["needs"]["assessed"] == 2
    assert runs["plan"]["complete"] is False and runs["plan"]["activities"] == 1
