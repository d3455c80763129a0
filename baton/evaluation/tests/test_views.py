"""The pages: assessing an activity (happy path, bad input, not ready, twice, double submit),
reading an assessment (staff read, a patient partner 403, another organisation 404), changing
and deleting it, the list's filters, the programme and run pages' sections, the warning when a
run closes with activities unassessed, and query counts that do not grow with the data."""

import pytest
from django.urls import reverse

from baton.core.testing import queries_for
from baton.cycle.actions import accept_handover
from baton.cycle.models import StageRun
from baton.cycle.testing import make_activity, make_handover, make_programme, make_run

from ..models import ActivityAssessment
from ..testing import ANSWERS, make_assessment

pytestmark = pytest.mark.django_db


def _form(**overrides):
    return {**ANSWERS, "with_patient_partners": "on", "assessors": "two patient partners", **overrides}


def test_priya_assesses_an_activity_of_her_closed_stage_run(lab, signed_in):
    client = signed_in(lab.p.priya)
    url = reverse("evaluation:assess", args=[lab.survey.pk])
    page = client.get(url).content.decode()
    assert "Assess Carers&#39; survey" in page and "Exceeded" in page
    response = client.post(url, _form(submission="s1"), follow=True)
    a = ActivityAssessment.objects.get()
    assert response.redirect_chain[-1][0] == reverse("evaluation:assessment_detail", args=[a.pk])
    assert (a.assessed_by, a.with_patient_partners, a.outcomes_rating) == (lab.p.priya, True, 3)
    assert "Assessed Carers&#39; survey." in response.content.decode()


def test_missing_answers_are_said_in_plain_english_and_nothing_is_saved(lab, signed_in):
    client = signed_in(lab.p.priya)
    response = client.post(reverse("evaluation:assess", args=[lab.survey.pk]), {"submission": "s1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page
    for message in (
        "Choose how well the outcomes were met",
        "Enter the evidence of outcomes: what changed, and how you know",
        "Choose whether it was run on time",
        "Choose whether the method suited the people and the purpose",
    ):
        assert message in page
    assert not ActivityAssessment.objects.exists()


def test_an_activity_not_ready_says_why_and_refuses_with_409(lab, signed_in):
    client = signed_in(lab.p.priya)
    url = reverse("evaluation:assess", args=[lab.workshop.pk])
    assert "cannot be assessed yet: it has no end date" in client.get(url).content.decode()
    response = client.post(url, _form(submission="s1"))
    assert response.status_code == 409
    assert "cannot be assessed yet" in response.content.decode()
    assert not ActivityAssessment.objects.exists()


def test_a_form_sent_twice_saves_one_assessment_and_a_second_assessment_is_refused(lab, signed_in):
    client = signed_in(lab.p.priya)
    url = reverse("evaluation:assess", args=[lab.survey.pk])
    client.post(url, _form(submission="same"))
    again = client.post(url, _form(submission="same"), follow=True)
    assert again.status_code == 200
    assert ActivityAssessment.objects.count() == 1
    other = client.post(url, _form(submission="another"))
    assert other.status_code == 409
    assert "already been assessed" in other.content.decode()
    assert ActivityAssessment.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [("ellie", 200), ("priya", 200), ("adam", 200), ("bea", 403), ("larry", 403), ("pat", 403), ("fiona", 403)],
)
def test_who_may_assess(lab, signed_in, who, status):
    assert signed_in(getattr(lab.p, who)).get(reverse("evaluation:assess", args=[lab.survey.pk])).status_code == status


def test_a_programme_lead_assesses_only_her_own_programmes_activities(lab, signed_in):
    client = signed_in(lab.p.priya)
    response = client.post(reverse("evaluation:assess", args=[lab.stroke_activity.pk]), _form(submission="s1"))
    assert response.status_code == 403
    assert not ActivityAssessment.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("ellie", 200), ("bea", 200), ("larry", 200), ("fiona", 200), ("nora", 200), ("pat", 403), ("oscar", 404)],
)
def test_who_reads_an_assessment(lab, signed_in, who, status):
    a = make_assessment(lab.survey, by=lab.p.priya)
    client = signed_in(getattr(lab.p, who))
    for url in (
        reverse("evaluation:assessment_detail", args=[a.pk]),
        reverse("evaluation:programme_rollup", args=[lab.diabetes.pk]),
    ):
        assert client.get(url).status_code == status, url
    if status == 200:
        assert client.get(reverse("evaluation:index")).status_code == 200


def test_signed_out_people_are_sent_to_sign_in(lab, client):
    a = make_assessment(lab.survey, by=lab.p.priya)
    response = client.get(reverse("evaluation:assessment_detail", args=[a.pk]))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_changing_an_assessment_with_a_stale_version_is_refused(lab, signed_in):
    a = make_assessment(lab.survey, by=lab.p.priya)
    client = signed_in(lab.p.priya)
    url = reverse("evaluation:assessment_edit", args=[a.pk])
    ok = client.post(url, _form(version=1, outcomes_rating=4), follow=True)
    assert ok.status_code == 200
    stale = client.post(url, _form(version=1, outcomes_rating=1))
    assert stale.status_code == 409
    a.refresh_from_db()
    assert (a.outcomes_rating, a.version) == (4, 2)
    assert signed_in(lab.p.bea).post(url, _form(version=2)).status_code == 403


def test_deleting_an_assessment_offers_its_undo(lab, signed_in):
    a = make_assessment(lab.survey, by=lab.p.priya)
    client = signed_in(lab.p.ellie)
    assert signed_in(lab.p.larry).post(reverse("evaluation:assessment_delete", args=[a.pk])).status_code == 403
    client = signed_in(lab.p.ellie)
    page = client.post(reverse("evaluation:assessment_delete", args=[a.pk]), {"version": 1}, follow=True)
    assert "Restore it from its audit record" in page.content.decode()
    assert not ActivityAssessment.objects.exists()


def test_the_list_filters_what_to_assess_what_is_assessed_and_what_is_not_ready(lab, signed_in):
    make_assessment(lab.survey, by=lab.p.priya)
    client = signed_in(lab.p.ellie)
    index = reverse("evaluation:index")

    def titles(query):
        page = client.get(index + query).content.decode()
        return {
            t
            for t in ("Carers&#39; survey", "Young people&#39;s focus group", "Options workshop", "Stroke survivors")
            if t in page
        }

    assert titles("") == {"Young people&#39;s focus group", "Stroke survivors"}
    assert titles("?show=assessed") == {"Carers&#39; survey"}
    assert titles("?show=not_yet") == {"Options workshop"}
    assert titles(f"?show=all&programme={lab.diabetes.pk}") == {
        "Carers&#39; survey",
        "Young people&#39;s focus group",
        "Options workshop",
    }
    assert titles("?show=all&stage=plan") == {"Options workshop"}
    assert client.get(index + "?show=nonsense&programme=x&stage=y").status_code == 200


def test_the_programme_page_shows_the_roll_up(lab, signed_in):
    client = signed_in(lab.p.bea)
    url = reverse("cycle:programme_detail", args=[lab.diabetes.pk])
    assert "0 of 3 activities assessed." in client.get(url).content.decode()
    make_assessment(lab.survey, by=lab.p.priya, outcomes_rating=4)
    page = client.get(url).content.decode()
    assert "1 of 3 activities assessed; outcomes met or exceeded in 1." in page
    assert "How its engagement was assessed" in page
    assert "How its engagement was assessed" not in signed_in(lab.p.pat).get(url).content.decode()


def test_the_run_page_says_when_its_assessment_is_complete(lab, signed_in):
    client = signed_in(lab.p.ellie)
    url = reverse("cycle:run_detail", args=[lab.needs.pk])
    assert "Complete: every activity" not in client.get(url).content.decode()
    make_assessment(lab.survey, by=lab.p.priya)
    make_assessment(lab.group, by=lab.p.priya)
    page = client.get(url).content.decode()
    assert "Complete: every activity of this stage run is assessed." in page
    assert "2 of 2 activities assessed" in page


def test_closing_a_run_with_activities_unassessed_warns_but_closes(personas, signed_in):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya)
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    make_activity(run, by=p.priya)
    make_activity(run, by=p.priya)
    accept_handover(make_handover(run, by=p.priya, next_owner=p.priya), by=p.priya)
    run.refresh_from_db()
    client = signed_in(p.priya)
    page = client.post(reverse("cycle:run_close", args=[run.pk]), {"version": run.version}, follow=True)
    run.refresh_from_db()
    assert run.status == StageRun.Status.CLOSED
    assert "2 activities of this stage run are not yet assessed." in page.content.decode()


def test_pages_run_the_same_number_of_queries_whatever_the_number_of_activities(lab, signed_in):
    client = signed_in(lab.p.ellie)
    a = make_assessment(lab.survey, by=lab.p.priya)
    urls = [
        reverse("evaluation:index") + "?show=all",
        reverse("evaluation:index"),
        reverse("evaluation:programme_rollup", args=[lab.diabetes.pk]),
        reverse("evaluation:assessment_detail", args=[a.pk]),
        reverse("cycle:programme_detail", args=[lab.diabetes.pk]),
        reverse("cycle:run_detail", args=[lab.needs.pk]),
        reverse("hub:index"),
    ]
    before = [queries_for(client, url) for url in urls]
    p = lab.p
    more = make_run(make_programme(p.org, by=p.ellie, lead=p.priya), "needs", owner=p.priya, by=p.ellie)
    for i in range(4):
        act = make_activity(lab.plan, by=p.priya, title=f"Walkabout {i}")
        make_activity(more, by=p.priya)
        if i % 2:
            from baton.cycle.models import EngagementActivity

            EngagementActivity.objects.filter(pk=act.pk).update(end_date=act.start_date)
            act.refresh_from_db()
            make_assessment(act, by=p.priya)
    make_assessment(lab.group, by=p.priya)
    assert [queries_for(client, url) for url in urls] == before
