"""Reach's pages: the import (upload, columns, preview, all or nothing), who may see what, and the
query counts of the reach page and the hub."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baton.reach.models import PopulationGroup, PopulationProfile
from baton.reach.population_data import csv_text
from baton.reach.testing import add_participants


def _upload(client, data: bytes, name="population.csv"):
    return client.post(
        "/reach/population/import/",
        {
            "file": SimpleUploadedFile(name, data),
            "source": "ONS Census 2021",
            "as_of_0": "",
            "as_of_1": "",
            "as_of_2": "",
        },
    )


def _columns(client, **extra):
    page = client.get("/reach/population/import/columns/").content.decode()
    token = page.split('name="submission" value="')[1].split('"')[0] if 'name="submission"' in page else ""
    body = {"category": "0", "code": "1", "count": "2", "submission": token, **extra}
    return client.post("/reach/population/import/columns/", body)


@pytest.mark.django_db
def test_ellie_imports_a_profile_as_a_new_version(setup, signed_in):
    client = signed_in(setup.p.ellie)
    assert _upload(client, csv_text().encode()).status_code == 302
    preview = _columns(client, preview="1")
    assert "groups are ready to import" in preview.content.decode()
    answer = _columns(client, **{"import": "1"})
    assert answer.status_code == 302
    assert PopulationProfile.objects.for_org(setup.p.org).count() == 2
    assert "version 2" in client.get("/reach/population/").content.decode().lower()


@pytest.mark.django_db
def test_a_file_with_problems_shows_them_and_saves_nothing(setup, signed_in):
    client = signed_in(setup.p.ellie)
    _upload(client, b"Category,Code,Count\nSex,1,10\nSex,Q,-1\nSex,1,5\n")
    before = PopulationGroup.objects.count()
    page = _columns(client, **{"import": "1"})
    text = page.content.decode()
    assert page.status_code == 409
    assert (
        "Row 3" in text and "not a group of sex" in text and "cannot be negative" in text and "already on row 2" in text
    )
    assert PopulationGroup.objects.count() == before


@pytest.mark.django_db
def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_message(setup, signed_in):
    page = _upload(signed_in(setup.p.ellie), b"%PDF-1.4", name="population.pdf")
    assert page.status_code == 200
    assert "not a file type Baton imports" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who, status", [("priya", 403), ("larry", 403), ("pat", 403), ("adam", 200), ("ellie", 200)])
def test_only_engagement_leads_and_admins_import(setup, signed_in, who, status):
    assert signed_in(getattr(setup.p, who)).get("/reach/population/import/").status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("who, status", [("priya", 200), ("larry", 200), ("bea", 200), ("pat", 403)])
def test_staff_read_reach_and_patient_partners_do_not(setup, signed_in, who, status):
    client = signed_in(getattr(setup.p, who))
    for path in ("/reach/", "/reach/population/", f"/reach/activities/{setup.activity.pk}/", "/reach/export.csv"):
        assert client.get(path).status_code == status, path


@pytest.mark.django_db
def test_another_organisations_activity_is_not_found(setup, signed_in):
    assert signed_in(setup.p.oscar).get(f"/reach/activities/{setup.activity.pk}/").status_code == 404
    assert signed_in(setup.p.oscar).get(f"/reach/population/{setup.profile.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_export_suppresses_like_the_page(setup, signed_in):
    s = setup
    add_participants(s.p.org, by=s.p.ellie, n=2, activity=s.activity, sex="2")
    add_participants(s.p.org, by=s.p.ellie, n=20, activity=s.activity, sex="1")
    text = signed_in(s.p.ellie).get("/reach/export.csv").content.decode()
    import csv

    rows = list(csv.reader(text.splitlines()))
    sex = {r[1]: r[2] for r in rows if r[0] == "Sex"}
    assert sex, text
    assert sex["Female"] == "suppressed"
    assert not sex["Male"].isdigit()  # 22 - 20 would give the two away


@pytest.mark.django_db
def test_the_reach_page_and_the_hub_run_the_same_queries_however_many_take_part(
    setup, signed_in, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    s = setup
    client = signed_in(s.p.ellie)
    add_participants(s.p.org, by=s.p.ellie, n=6, activity=s.activity, sex="1")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/reach/").status_code == 200
    add_participants(s.p.org, by=s.p.ellie, n=15, activity=s.activity, sex="2", age_band="16-24")
    with django_assert_max_num_queries(len(few)):
        assert client.get("/reach/").status_code == 200
    with CaptureQueriesContext(connection) as hub_few:
        client.get("/")
    add_participants(s.p.org, by=s.p.ellie, n=7, activity=s.activity, sex="2", carer="Y")
    with django_assert_max_num_queries(len(hub_few)):
        client.get("/")


@pytest.mark.django_db
def test_the_board_section_and_its_template(setup):
    from django.template.loader import render_to_string

    from baton.core.registry import Period
    from baton.reach.hub import board

    s = setup
    add_participants(s.p.org, by=s.p.ellie, n=3, activity=s.activity, sex="2")
    add_participants(s.p.org, by=s.p.ellie, n=12, activity=s.activity, sex="1")
    from django.utils import timezone

    context = board(s.p.org, Period.financial_year(timezone.localdate()))
    assert context["people"] == 15
    sex = next(t for t in context["tables"] if t.title == "Sex")
    cells = {row[0]: row[1] for row in sex.rows}
    assert cells["Female"] == "suppressed" and cells["Male"] == "suppressed"
    html = render_to_string("reach/_board.jinja", context)
    assert "suppressed" in html and "12" not in html and "<h3>" in html


@pytest.mark.django_db
def test_the_xlsx_export_suppresses_like_the_csv(setup, signed_in):
    import io

    from openpyxl import load_workbook

    s = setup
    add_participants(s.p.org, by=s.p.ellie, n=2, activity=s.activity, sex="2")
    add_participants(s.p.org, by=s.p.ellie, n=20, activity=s.activity, sex="1")
    answer = signed_in(s.p.ellie).get("/reach/export.csv?format=xlsx")
    rows = list(load_workbook(io.BytesIO(answer.content)).worksheets[0].iter_rows(values_only=True))
    sex = {r[1]: r[2] for r in rows if r[0] == "Sex"}
    assert sex["Female"] == "suppressed" and sex["Male"] == "suppressed"
    assert ("Everyone", "People who took part", 22) == rows[1][:3]


@pytest.mark.django_db
def test_importing_twice_with_the_same_form_makes_one_version(setup, signed_in):
    client = signed_in(setup.p.ellie)
    _upload(client, csv_text().encode())
    page = client.get("/reach/population/import/columns/").content.decode()
    token = page.split('name="submission" value="')[1].split('"')[0]
    body = {"category": "0", "code": "1", "count": "2", "submission": token, "import": "1"}
    assert client.post("/reach/population/import/columns/", body).status_code == 302
    _upload(client, csv_text().encode())  # the file again, but the same form sent twice
    client.post("/reach/population/import/columns/", body)
    assert PopulationProfile.objects.for_org(setup.p.org).count() == 2  # the world's first, and this one
