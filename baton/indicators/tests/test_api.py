"""The indicators API: every indicator with its definition and its reading for a period (this
financial year by default), the dates checked (422 with the reason), a programme's readings (404
for another organisation's), and one indicator with its monthly series (404 for an unknown key)."""

from datetime import date

import pytest
from django.utils import timezone

from baton.core import registry
from baton.cycle.testing import make_activity, make_programme, make_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway")
    run = make_run(programme, "needs", owner=p.ellie)
    make_activity(run, by=p.ellie, ladder_level="involve", start_date=date(2026, 3, 10))
    make_activity(run, by=p.ellie, ladder_level="inform", start_date=date(2026, 4, 10))
    return p, programme


def test_every_indicator_with_its_definition_and_this_financial_years_reading(data, api):
    p, _ = data
    response = api(p.bea).get("/indicators")
    assert response.status_code == 200
    body = response.json()
    assert [i["key"] for i in body] == [i.key for i in registry.indicators(p.bea)]
    # spend against budget is money: only for those who see budgets (resources' own rule)
    assert "resources.spend_against_budget" not in [i["key"] for i in body]
    assert "resources.spend_against_budget" in [i["key"] for i in api(p.ellie).get("/indicators").json()]
    assert api(p.bea).get("/indicators/resources.spend_against_budget").status_code == 403
    assert api(p.fiona).get("/indicators/resources.spend_against_budget").status_code == 200
    ladder = next(i for i in body if i["key"] == "cycle.ladder_profile")
    year = registry.Period.financial_year(timezone.localdate())
    assert ladder["period"] == {"start": str(year.start), "end": str(year.end), "label": year.label}
    assert ladder["definition"].startswith("Numerator: engagement activities starting in the period")
    assert "\n" not in ladder["definition"]
    assert (ladder["unit"], ladder["better"], ladder["element"], ladder["per_programme"]) == (
        "percent",
        "higher",
        "data",
        True,
    )


def test_a_period_from_and_to(data, api):
    p, _ = data
    body = api(p.ellie).get("/indicators", **{"from": "2026-03-01", "to": "2026-03-31"}).json()
    ladder = next(i for i in body if i["key"] == "cycle.ladder_profile")
    assert ladder["reading"]["numerator"] == 1 and ladder["reading"]["value"] == 100.0
    assert ladder["period"]["label"] == "Mar 2026"
    both = api(p.ellie).get("/indicators", **{"from": "2026-03-01", "to": "2026-04-30"}).json()
    assert next(i for i in both if i["key"] == "cycle.ladder_profile")["reading"]["denominator"] == 2
    only_from = api(p.ellie).get("/indicators", **{"from": "2025-06-01"}).json()[0]["period"]
    assert only_from["end"] == "2026-03-31"  # the end of that financial year


@pytest.mark.parametrize(
    "params, message",
    [
        ({"from": "2026-04-01", "to": "2026-03-31"}, "'to' must be on or after 'from'"),
        ({"from": "2020-04-01", "to": "2025-04-01"}, "at most 5 years"),
        ({"from": "2024-02-29", "to": "2029-03-01"}, "at most 5 years"),
        ({"from": "1 April"}, "date"),
        ({"programme": "0"}, "greater than or equal to 1"),
    ],
)
def test_bad_dates_and_ids_are_422_with_the_reason(data, api, params, message):
    p, _ = data
    response = api(p.ellie).get("/indicators", **params)
    assert response.status_code == 422
    assert message in str(response.json()["detail"])


def test_five_years_exactly_is_allowed(data, api):
    p, _ = data
    assert api(p.ellie).get("/indicators", **{"from": "2021-04-01", "to": "2026-03-31"}).status_code == 200
    assert api(p.ellie).get("/indicators", **{"from": "2024-02-29", "to": "2029-02-28"}).status_code == 200


def test_a_programmes_readings_of_the_per_programme_indicators(data, api, personas):
    p, programme = data
    body = api(p.ellie).get("/indicators", programme=programme.pk).json()
    assert {i["key"] for i in body} == {i.key for i in registry.indicators(p.ellie) if i.per_programme}
    theirs = make_programme(p.other_org, by=p.oscar, name="Theirs")
    assert api(p.ellie).get("/indicators", programme=theirs.pk).status_code == 404


def test_one_indicator_with_24_months_of_readings(data, api):
    p, programme = data
    response = api(p.larry).get("/indicators/cycle.ladder_profile")
    assert response.status_code == 200
    body = response.json()
    assert len(body["series"]) == 24 and body["series"][-1]["end"] < str(timezone.localdate().replace(day=1))
    march = next(m for m in body["series"] if m["label"] == "Mar 2026")
    assert march["reading"]["value"] == 100.0 and march["start"] == "2026-03-01"
    xmr = body["xmr"]
    assert len(xmr["points"]) == 24 and xmr["points"][-1]["label"] == body["series"][-1]["label"]
    assert xmr["variation"] == "common" and xmr["mean"] == 50.0 and xmr["provisional"]  # Mar 100%, Apr 0%: two values
    mine = api(p.larry).get("/indicators/cycle.ladder_profile", programme=programme.pk)
    assert mine.status_code == 200
    assert api(p.larry).get("/indicators/loop.completion", programme=programme.pk).status_code == 422
    assert api(p.larry).get("/indicators/nothing.here").status_code == 404
    assert api(p.larry).get("/indicators/NOT A KEY").status_code == 422


def test_a_patient_partner_and_the_signed_out_are_refused(data, api):
    p, _ = data
    assert api(p.pat).get("/indicators").status_code == 403
    assert api(p.pat).get("/indicators/loop.completion").status_code == 403
    assert api().get("/indicators").status_code == 401
