"""The indicators pages: who may read them (staff, lay and board members; not a patient partner;
nothing of another organisation), the index grouped by hub element with every definition, an
indicator's page with its monthly table, a programme's readings, and queries that do not grow
with the data."""

import pytest
from django.urls import reverse
from django.utils import timezone
from markupsafe import escape

from baton.core import registry
from baton.core.testing import make_user, queries_for
from baton.cycle.testing import make_activity, make_handover, make_insight, make_programme, make_run
from baton.governance.testing import make_board, make_decision
from baton.indicators.series import last_months

pytestmark = pytest.mark.django_db
INDEX = reverse("indicators:index")


def _detail(key="cycle.ladder_profile", **params):
    url = reverse("indicators:detail", args=[key])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _some_data(p, n=1):
    board = make_board(p.org, by=p.ellie, name=f"Board {make_programme(p.org, by=p.ellie).pk}")
    for _ in range(n):
        programme = make_programme(p.org, by=p.ellie, lead=p.priya)
        run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
        make_activity(run, by=p.priya, ladder_level="involve", start_date=timezone.localdate())
        make_insight(run, by=p.priya)
        make_handover(run, by=p.priya, next_owner=p.ellie)
        make_decision(
            p.org,
            board,
            by=p.ellie,
            duty_applied=True,
            engagement_influence="Hours changed.",
            decided_on=timezone.localdate(),
        )


def test_staff_lay_and_board_members_read_the_indicators_a_patient_partner_does_not(personas, signed_in):
    p = personas
    _some_data(p)
    for person in (p.ellie, p.priya, p.larry, p.bea, p.adam, p.fiona, p.nora):
        client = signed_in(person)
        for url in (INDEX, _detail()):
            response = client.get(url)
            assert response.status_code == 200, (person.username, url)
            assert response.content.decode().count("<h1") == 1
    client = signed_in(p.pat)
    assert client.get(INDEX).status_code == 403 and client.get(_detail()).status_code == 403
    client = signed_in(make_user(None, username="nobody"))
    assert client.get(INDEX).status_code == 404
    client.logout()
    assert client.get(INDEX).status_code == 302  # to sign in
    assert signed_in(p.ellie).post(INDEX).status_code == 405


def test_the_index_groups_every_indicator_by_hub_element_with_its_reading_and_definition(personas, signed_in):
    p = personas
    _some_data(p)
    page = signed_in(p.ellie).get(INDEX).content.decode()
    for found in registry.indicators():
        assert reverse("indicators:detail", args=[found.key]) in page
        assert str(escape(found.definition.split("\n")[0])) in page
    assert "<h2>Data and insight</h2>" in page and "<h2>Engagement in governance</h2>" in page
    assert page.index("<h2>Strategy linked to other work</h2>") < page.index("<h2>Engagement in governance</h2>")
    assert "1 of 1 (100%) decisions say how engagement influenced them" in page


def test_an_indicators_page_shows_its_definition_reading_and_24_months(personas, signed_in):
    p = personas
    _some_data(p)
    page = signed_in(p.ellie).get(_detail()).content.decode()
    assert "<h1>Ladder profile</h1>" in page and "1 of 1 (100%) activities at involve or higher" in page
    assert "Involve: 1 of 1 (100%)" in page
    assert "<svg" in page and "Moving range" in page  # the XmR chart and its data table
    for month in last_months(24, timezone.localdate()):
        assert f"{month.label}</" in page, month.label
    assert signed_in(p.ellie).get(_detail("nothing.here")).status_code == 404


def test_a_programmes_readings_only_of_ours_and_only_per_programme(personas, signed_in):
    p = personas
    ours = make_programme(p.org, by=p.ellie, name="Diabetes pathway")
    make_activity(make_run(ours, "needs", owner=p.ellie), by=p.ellie, ladder_level="consult")
    theirs = make_programme(p.other_org, by=p.oscar, name="Their programme")
    client = signed_in(p.ellie)
    page = client.get(_detail(programme=ours.pk))
    assert page.status_code == 200 and "Diabetes pathway" in page.content.decode()
    assert client.get(_detail(programme=theirs.pk)).status_code == 404
    assert client.get(_detail("loop.completion", programme=ours.pk)).status_code == 404  # not per programme
    assert client.get(_detail(programme="abc")).status_code == 404
    assert client.get(_detail(programme=10**12)).status_code == 404


def test_oscar_reads_his_own_organisations_indicators_never_ours(personas, signed_in):
    p = personas
    _some_data(p)
    page = signed_in(p.oscar).get(INDEX).content.decode()
    assert "decisions say how engagement influenced them" not in page  # ours had one; his none


def test_the_programme_page_shows_its_per_programme_indicators(personas, signed_in):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway")
    page = signed_in(p.ellie).get(reverse("cycle:programme_detail", args=[programme.pk])).content.decode()
    assert "Indicators of Diabetes pathway" in page
    for found in registry.indicators():
        assert (found.title in page) == found.per_programme, found.key


def test_the_pages_run_the_same_queries_with_more_data(personas, signed_in):
    p = personas
    _some_data(p, 1)
    client = signed_in(p.ellie)
    urls = [INDEX, _detail(), _detail("loop.median_days")]
    few = [queries_for(client, url) for url in urls]
    _some_data(p, 4)
    assert [queries_for(client, url) for url in urls] == few
