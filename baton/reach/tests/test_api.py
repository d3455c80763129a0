"""The reach API: the same figures and suppression as the pages, 422 for bad input, 404 across
organisations, 403 for a patient partner, and a fixed number of queries for the activities list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baton.cycle.testing import make_activity
from baton.reach.testing import add_participants


@pytest.mark.django_db
def test_the_population_and_a_past_version(setup, api):
    s = setup
    from baton.reach.testing import import_population

    import_population(s.p.org, by=s.p.ellie, table=[["Sex", "1", "10"], ["Sex", "2", "12"]], source="GP list")
    client = api(s.p.larry)
    newest = client.get("/reach/population").json()
    assert newest["version"] == 2 and newest["source"] == "GP list" and len(newest["groups"]) == 2
    first = client.get("/reach/population?version=1").json()
    assert first["version"] == 1 and len(first["groups"]) > 2
    assert client.get("/reach/population?version=9").status_code == 404
    assert client.get("/reach/population?version=0").status_code == 422


@pytest.mark.django_db
def test_the_organisations_reach_and_bad_years(setup, api):
    s = setup
    add_participants(s.p.org, by=s.p.ellie, n=12, activity=s.activity, sex="1")
    client = api(s.p.bea)
    body = client.get("/reach").json()
    assert body["people"] == 12
    assert client.get("/reach?year=1999").status_code == 422
    assert client.get("/reach?year=soon").status_code == 422
    assert api(s.p.pat).get("/reach").status_code == 403


@pytest.mark.django_db
def test_another_organisations_activity_and_programme_are_not_found(setup, api):
    client = api(setup.p.oscar)
    assert client.get(f"/reach/activities/{setup.activity.pk}").status_code == 404
    assert client.get(f"/reach/programmes/{setup.programme.pk}").status_code == 404


@pytest.mark.django_db
def test_the_activities_list_shows_gaps_in_a_fixed_number_of_queries(setup, api):
    s = setup
    client = api(s.p.ellie)
    add_participants(s.p.org, by=s.p.ellie, n=6, activity=s.activity, sex="1", carer="N")
    client.get("/reach/activities")  # the token's first use is written down once
    with CaptureQueriesContext(connection) as few:
        body = client.get("/reach/activities?open=true").json()
    assert body["count"] == 1
    assert any("carers" in line for line in body["items"][0]["gaps"])
    other = make_activity(
        s.run, by=s.p.priya, title="Young people's forum", target_groups="young people", end_date=None
    )
    add_participants(s.p.org, by=s.p.ellie, n=9, activity=other, sex="2", age_band="16-24")
    with CaptureQueriesContext(connection) as more:
        body = client.get("/reach/activities?open=true").json()
    assert body["count"] == 2
    assert len(more) == len(few)
