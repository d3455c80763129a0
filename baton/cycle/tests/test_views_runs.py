"""Stage run pages: the run with its activities and insight, recording and changing them, and
closing the run (refused, with the reasons, until its hand-over is accepted)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from baton.cycle.actions import accept_handover, update_activity
from baton.cycle.models import EngagementActivity, InsightItem, StageRun
from baton.cycle.testing import make_activity, make_handover, make_insight, make_programme, make_run

pytestmark = pytest.mark.django_db

ACTIVITY = {
    "title": "Carers' survey",
    "method": "survey",
    "ladder_level": "consult",
    "target_groups": "carers",
    "start_date": "2026-03-01",
    "end_date": "2026-03-31",
    "reach": "120",
    "cost": "250.50",
    "accessibility_measures": "Easy read",
    "partners": "Healthwatch",
}


def _run(p, owner=None):
    programme = make_programme(p.org, by=p.ellie, lead=p.priya)
    return make_run(programme, "needs", owner=owner or p.priya, by=p.ellie)


def test_run_page_shows_activities_and_insight_each_paginated(personas, signed_in, settings):
    settings.BATON_PAGE_SIZE = 2
    run = _run(personas)
    for n in range(3):
        make_activity(run, by=personas.priya, title=f"Activity {n}", start_date=date(2026, 1, n + 1))
        make_insight(run, by=personas.priya, title=f"Insight {n}")
    client = signed_in(personas.bea)
    html = client.get(reverse("cycle:run_detail", args=[run.pk])).content.decode()
    html = re.sub(r'<h2 id="reach">.*?(?=<h2|$)', "", html, flags=re.S)  # the run's lists, not reach's section
    assert "Activity 2" in html and "Activity 0" not in html and "Insight 2" in html and "Insight 0" not in html
    html = client.get(reverse("cycle:run_detail", args=[run.pk]) + "?activities_page=2").content.decode()
    assert "Activity 0" in html and "Insight 2" in html and "Insight 0" not in html
    assert "Record an activity" not in html and "Close this stage run" not in html  # Bea reads only


def test_anonymous_visitor_is_sent_to_sign_in_from_run_pages(personas, client):
    run = _run(personas)
    for url in [reverse("cycle:run_detail", args=[run.pk]), reverse("cycle:activity_create", args=[run.pk])]:
        assert reverse("core:login") in client.get(url)["Location"]
    assert reverse("core:login") in client.post(reverse("cycle:run_close", args=[run.pk]))["Location"]


def test_oscar_gets_not_found_for_another_organisations_run_and_its_records(personas, signed_in):
    run = _run(personas)
    activity = make_activity(run, by=personas.priya)
    item = make_insight(run, by=personas.priya)
    client = signed_in(personas.oscar)
    for url in [
        reverse("cycle:run_detail", args=[run.pk]),
        reverse("cycle:activity_create", args=[run.pk]),
        reverse("cycle:insight_create", args=[run.pk]),
        reverse("cycle:handover_create", args=[run.pk]),
        reverse("cycle:activity_edit", args=[activity.pk]),
        reverse("cycle:activity_delete", args=[activity.pk]),
        reverse("cycle:insight_edit", args=[item.pk]),
        reverse("cycle:insight_delete", args=[item.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("cycle:run_close", args=[run.pk])).status_code == 404


def test_readers_cannot_record_change_delete_or_close(personas, signed_in):
    p = personas
    run = _run(p)
    activity = make_activity(run, by=p.priya)
    item = make_insight(run, by=p.priya)
    for reader in [p.bea, p.larry, p.pat]:
        client = signed_in(reader)
        assert client.post(reverse("cycle:activity_create", args=[run.pk]), ACTIVITY).status_code == 403
        assert (
            client.post(reverse("cycle:insight_create", args=[run.pk]), {"title": "x", "source": "pals"}).status_code
            == 403
        )
        assert client.post(reverse("cycle:activity_edit", args=[activity.pk]), ACTIVITY).status_code == 403
        assert client.post(reverse("cycle:activity_delete", args=[activity.pk])).status_code == 403
        assert client.post(reverse("cycle:insight_delete", args=[item.pk])).status_code == 403
        assert client.post(reverse("cycle:run_close", args=[run.pk])).status_code == 403
    assert EngagementActivity.objects.count() == 1 and InsightItem.objects.count() == 1


def test_programme_lead_of_another_programme_cannot_record_on_this_run(personas, signed_in):
    run = _run(personas, owner=personas.ellie)
    run.programme.lead = None
    run.programme.save()
    assert signed_in(personas.priya).post(reverse("cycle:activity_create", args=[run.pk]), ACTIVITY).status_code == 403


def test_owner_records_an_activity(personas, signed_in):
    run = _run(personas)
    response = signed_in(personas.priya).post(reverse("cycle:activity_create", args=[run.pk]), ACTIVITY, follow=True)
    activity = EngagementActivity.objects.get()
    assert activity.stage_run == run and activity.reach == 120 and str(activity.cost) == "250.50"
    assert activity.end_date == date(2026, 3, 31) and activity.partners == "Healthwatch"
    assert "Recorded the activity Carers&#39; survey." in response.content.decode()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": ""}, "Enter the title"),
        ({"reach": "-1"}, "Reach must be 0 or more"),
        ({"cost": "-5"}, "Cost must be £0 or more"),
        ({"cost": "99999999.99"}, "Cost must be £2,000,000 or less"),
        ({"reach": "1000000000000"}, "Reach must be 5,000,000 or less"),
        ({"start_date": "0001-01-01"}, "Start date must have a year of 4 numbers, like 2026"),
        ({"start_date": "1999-12-31"}, "Start date must be on or after 1 January 2000"),
        ({"title": "Carers\r\nsurvey"}, "Title must be on one line, without line breaks or tabs"),
        ({"title": "x" * 201}, "Title must be 200 characters or fewer"),
        ({"accessibility_measures": "x" * 2001}, "Accessibility measures must be 2,000 characters or fewer"),
        ({"start_date": ""}, "Enter the start date"),
        ({"end_date": "2026-02-01"}, "The end date must be on or after the start date"),
        ({"method": ""}, "Choose the method"),
        ({"ladder_level": "shout"}, "Choose the ladder of engagement level from the list"),
    ],
)
def test_recording_an_activity_with_bad_input_shows_the_error_and_saves_nothing(personas, signed_in, changes, message):
    run = _run(personas)
    response = signed_in(personas.priya).post(reverse("cycle:activity_create", args=[run.pk]), {**ACTIVITY, **changes})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and message in html
    assert "Healthwatch" in html  # what was typed is kept
    assert "None" not in html  # no Python None leaks into a hint or a value
    assert not EngagementActivity.objects.exists()


def test_recording_on_a_closed_run_is_refused_with_the_reason(personas, signed_in):
    run = _run(personas)
    StageRun.objects.filter(pk=run.pk).update(status=StageRun.Status.CLOSED)
    html = signed_in(personas.priya).post(reverse("cycle:activity_create", args=[run.pk]), ACTIVITY).content.decode()
    assert "This stage run is closed, so its activities cannot change." in html
    assert not EngagementActivity.objects.exists()


def test_changing_an_activity_and_a_stale_change_is_refused(personas, signed_in):
    run = _run(personas)
    activity = make_activity(run, by=personas.priya, title="Before")
    client = signed_in(personas.priya)
    form = client.get(reverse("cycle:activity_edit", args=[activity.pk])).content.decode()
    assert 'name="version" value="1"' in form and 'value="Before"' in form
    update_activity(activity, {"reach": 99}, by=personas.ellie)  # someone else saves first
    response = client.post(
        reverse("cycle:activity_edit", args=[activity.pk]), {**ACTIVITY, "title": "After", "version": "1"}
    )
    assert "Someone else changed this engagement activity" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Before"
    response = client.post(
        reverse("cycle:activity_edit", args=[activity.pk]), {**ACTIVITY, "title": "After", "version": "2"}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "After"


def test_deleting_an_activity_asks_first(personas, signed_in):
    run = _run(personas)
    activity = make_activity(run, by=personas.priya, title="Drop-in")
    client = signed_in(personas.priya)
    assert (
        "Are you sure you want to delete the activity Drop-in?"
        in client.get(reverse("cycle:activity_delete", args=[activity.pk])).content.decode()
    )
    assert client.post(reverse("cycle:activity_delete", args=[activity.pk])).status_code == 302
    assert not EngagementActivity.objects.exists()


def test_owner_records_insight_linked_to_an_activity(personas, signed_in):
    run = _run(personas)
    activity = make_activity(run, by=personas.priya)
    form = signed_in(personas.priya).get(reverse("cycle:insight_create", args=[run.pk])).content.decode()
    assert activity.title in form and 'value="needs" checked' in form and 'value="plan" checked' not in form
    response = signed_in(personas.priya).post(
        reverse("cycle:insight_create", args=[run.pk]),
        {
            "title": "Evening appointments",
            "detail": "Carers work days.",
            "source": "activity",
            "themes": "access",
            "sentiment": "4",
            "population_segment": "carers",
            "stage_relevance": ["needs", "improve"],
            "activity": activity.pk,
            "status": "open",
        },
    )
    assert response.status_code == 302
    item = InsightItem.objects.get()
    assert item.activity == activity and item.stage_relevance == ["needs", "improve"] and item.sentiment == 4


def test_insight_cannot_come_from_another_runs_activity(personas, signed_in):
    run = _run(personas)
    other = make_run(make_programme(personas.org, by=personas.ellie), "needs", owner=personas.priya, by=personas.ellie)
    foreign = make_activity(other, by=personas.priya)
    html = (
        signed_in(personas.priya)
        .post(
            reverse("cycle:insight_create", args=[run.pk]),
            {
                "title": "x",
                "source": "pals",
                "activity": foreign.pk,
                "status": "open",
            },
        )
        .content.decode()
    )
    assert "Choose one of this stage run&#39;s activities" in html and not InsightItem.objects.exists()


def test_recording_insight_without_a_title_shows_the_error(personas, signed_in):
    run = _run(personas)
    html = (
        signed_in(personas.priya)
        .post(reverse("cycle:insight_create", args=[run.pk]), {"title": "", "source": "", "status": "open"})
        .content.decode()
    )
    assert (
        "Enter the title" in html and "Choose where this insight came from" in html and not InsightItem.objects.exists()
    )


def test_changing_and_deleting_insight(personas, signed_in):
    run = _run(personas)
    item = make_insight(run, by=personas.priya, title="Old")
    client = signed_in(personas.priya)
    unanswered = client.post(
        reverse("cycle:insight_edit", args=[item.pk]),
        {"title": "New", "source": "pals", "status": "answered", "version": item.version},
    )
    assert "Say what the answer is" in unanswered.content.decode()
    item.refresh_from_db()
    assert item.status == "open"
    response = client.post(
        reverse("cycle:insight_edit", args=[item.pk]),
        {
            "title": "New",
            "source": "pals",
            "status": "answered",
            "resolution": "Bus route changed.",
            "version": item.version,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "New" and item.status == "answered" and item.resolution == "Bus route changed."
    assert item.resolved_by == personas.priya and item.resolved_at is not None
    stale = client.post(
        reverse("cycle:insight_edit", args=[item.pk]),
        {"title": "Stale", "source": "pals", "status": "open", "version": 1},
    )
    assert "Someone else changed this insight item" in stale.content.decode()
    assert client.post(reverse("cycle:insight_delete", args=[item.pk])).status_code == 302
    assert not InsightItem.objects.exists()


def test_closing_without_a_hand_over_is_refused_with_the_reason(personas, signed_in):
    run = _run(personas)
    response = signed_in(personas.priya).post(reverse("cycle:run_close", args=[run.pk]), {"version": run.version})
    html = response.content.decode()
    assert response.status_code == 409
    assert (
        "There is a problem" in html
        and "There is no hand-over to the next stage (Develop priorities, strategies and plans)" in html
    )
    assert "<h1>" in html  # the whole run page
    run.refresh_from_db()
    assert run.status == StageRun.Status.OPEN


def test_closing_with_htmx_swaps_in_the_reasons(personas, signed_in):
    run = _run(personas)
    make_handover(run, by=personas.priya, next_owner=personas.ellie)
    response = signed_in(personas.priya).post(
        reverse("cycle:run_close", args=[run.pk]), {"version": run.version}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and '<div id="close-run">' in html and "<h1>" not in html and "<html" not in html
    assert "The hand-over to Develop priorities, strategies and plans has not been accepted yet" in html


def test_closing_after_the_hand_over_is_accepted(personas, signed_in):
    run = _run(personas)
    accept_handover(make_handover(run, by=personas.priya, next_owner=personas.ellie), by=personas.ellie)
    run.refresh_from_db()
    client = signed_in(personas.priya)
    response = client.post(reverse("cycle:run_close", args=[run.pk]), {"version": run.version}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"] == reverse("cycle:run_detail", args=[run.pk])
    run.refresh_from_db()
    assert run.status == StageRun.Status.CLOSED


def test_closing_from_a_stale_page_is_refused(personas, signed_in):
    run = _run(personas)
    accept_handover(make_handover(run, by=personas.priya, next_owner=personas.ellie), by=personas.ellie)
    response = signed_in(personas.priya).post(
        reverse("cycle:run_close", args=[run.pk]), {"version": run.version - 1 or 99}
    )
    assert "Someone else changed this stage run" in response.content.decode()
    run.refresh_from_db()
    assert run.status == StageRun.Status.OPEN
