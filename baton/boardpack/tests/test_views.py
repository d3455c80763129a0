"""The board pack's pages: who may read and who may generate and issue, the form's error summary,
the pack's page with its downloads, the progress fragment, a double issue (409) and the queries
a page runs whatever the number of packs."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from baton.boardpack.models import BoardPack
from baton.boardpack.testing import make_pack

pytestmark = pytest.mark.django_db
INDEX = "/board-pack/"


def _form(**overrides):
    today = timezone.localdate()
    start, end = today - timedelta(days=90), today - timedelta(days=1)
    data = {
        "title": "Engagement report, winter",
        "period_start_day": start.day,
        "period_start_month": start.month,
        "period_start_year": start.year,
        "period_end_day": end.day,
        "period_end_month": end.month,
        "period_end_year": end.year,
        "meeting_date_day": today.day,
        "meeting_date_month": today.month,
        "meeting_date_year": today.year,
        "purpose": "assurance",
        "executive_lead": "Director of Nursing",
        "report_author": "Head of Engagement",
        "assurance_level": "limited",
        "assurance_reason": "Two programmes decided before engagement finished.",
        "recommendation": "Note the report.",
        "risks": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", ["ellie", "adam", "priya", "larry", "bea", "fiona", "nora"])
def test_staff_and_board_members_read_the_packs(personas, client, who):
    pack = make_pack(personas.org, by=personas.ellie, title="The autumn pack")
    client.force_login(getattr(personas, who))
    page = client.get(INDEX)
    assert page.status_code == 200 and "The autumn pack" in page.content.decode()
    assert ("Generate a pack" in page.content.decode()) == (who in ("ellie", "adam"))
    detail = client.get(f"/board-pack/{pack.pk}/")
    assert detail.status_code == 200 and 'id="cover"' in detail.content.decode()


def test_a_patient_partner_is_refused_and_another_organisation_gets_404(personas, client):
    pack = make_pack(personas.org, by=personas.ellie)
    client.force_login(personas.pat)
    assert client.get(INDEX).status_code == 403
    assert client.get(f"/board-pack/{pack.pk}/").status_code == 403
    assert client.get(f"/board-pack/{pack.pk}/pack.pdf").status_code == 403
    client.force_login(personas.oscar)
    for suffix in ("", "pack.pdf", "pack.xlsx", "issue/", "generate/"):
        assert client.get(f"/board-pack/{pack.pk}/{suffix}").status_code == 404


@pytest.mark.parametrize("who", ["priya", "bea", "larry"])
def test_only_engagement_leads_and_admins_generate_and_issue(personas, client, who):
    pack = make_pack(personas.org, by=personas.ellie)
    client.force_login(getattr(personas, who))
    assert client.post(INDEX, _form()).status_code == 403
    assert client.get(f"/board-pack/{pack.pk}/issue/").status_code == 403
    assert client.post(f"/board-pack/{pack.pk}/issue/", {"version": pack.version}).status_code == 403
    assert client.post(f"/board-pack/{pack.pk}/generate/", {"version": pack.version}).status_code == 403
    assert BoardPack.objects.count() == 1 and BoardPack.objects.get().status == BoardPack.Status.READY


def test_a_bad_cover_sheet_shows_the_error_summary_and_saves_nothing(personas, client):
    client.force_login(personas.ellie)
    page = client.post(INDEX, _form(title="", assurance_reason="", period_end_year="1999"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "nhsuk-error-summary" in body
    assert "Enter the paper&#39;s title" in body or "Enter the paper's title" in body
    assert "Say why this level of assurance" in body
    assert "End of the period must be on or after 1 January 2000" in body
    assert not BoardPack.objects.exists()
    page = client.post(INDEX, _form(meeting_date_year=str(timezone.localdate().year - 2)))
    assert "cannot be before the period" in page.content.decode()
    assert not BoardPack.objects.exists()


def test_generating_from_the_page_makes_one_pack_even_sent_twice(personas, client, django_capture_on_commit_callbacks):
    client.force_login(personas.ellie)
    form = client.get(INDEX).content.decode()
    token = form.split('name="submission" value="')[1].split('"')[0]
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(INDEX, _form(submission=token))
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(INDEX, _form(submission=token))
    pack = BoardPack.objects.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == f"/board-pack/{pack.pk}/"
    assert pack.status == BoardPack.Status.READY and pack.assurance_level == "limited"
    page = client.get(first.url).content.decode()
    assert "Download the pack as a PDF" in page and "Issue to the board" in page
    pdf = client.get(f"/board-pack/{pack.pk}/pack.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert "attachment;" in pdf["Content-Disposition"]
    xlsx = client.get(f"/board-pack/{pack.pk}/pack.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats") and xlsx.content.startswith(b"PK")


def test_issuing_twice_is_refused_the_second_time_with_409(personas, client):
    pack = make_pack(personas.org, by=personas.ellie)
    client.force_login(personas.ellie)
    assert client.post(f"/board-pack/{pack.pk}/issue/", {"version": pack.version}).status_code == 302
    again = client.post(f"/board-pack/{pack.pk}/issue/", {"version": pack.version})
    assert again.status_code == 409
    assert "nhsuk-error-summary" in again.content.decode()
    page = client.get(f"/board-pack/{pack.pk}/").content.decode()
    assert "Issued" in page and "Issue to the board" not in page and "Generate again" not in page
    regenerate = client.post(f"/board-pack/{pack.pk}/generate/", {"version": BoardPack.objects.get().version})
    assert regenerate.status_code == 409 and "cannot be generated again" in regenerate.content.decode()


def test_the_progress_fragment_polls_while_generating_and_refreshes_when_done(personas, client):
    pack = make_pack(personas.org, by=personas.ellie, run=False)
    client.force_login(personas.bea)
    page = client.get(f"/board-pack/{pack.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and '<noscript><meta http-equiv="refresh"' in page
    assert f'hx-get="/board-pack/{pack.pk}/?part=progress"' in page
    fragment = client.get(f"/board-pack/{pack.pk}/?part=progress", HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "Generating the pack" in body and "<h1" not in body and "HX-Refresh" not in fragment
    assert "<h1" in client.get(f"/board-pack/{pack.pk}/?part=progress").content.decode()  # no HTMX: the page
    assert client.get(f"/board-pack/{pack.pk}/pack.pdf").status_code == 404  # nothing to download yet
    from baton.boardpack.generation import run

    run(pack.pk)
    done = client.get(f"/board-pack/{pack.pk}/?part=progress", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true" and "every 2s" not in done.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_pages_run_the_same_queries_with_one_pack_or_many(personas, client):
    first = make_pack(personas.org, by=personas.ellie)
    client.force_login(personas.ellie)
    few = (_queries(client, INDEX), _queries(client, f"/board-pack/{first.pk}/"))
    for n in range(4):
        make_pack(personas.org, by=personas.adam, title=f"Pack {n}")
    many = (_queries(client, INDEX), _queries(client, f"/board-pack/{first.pk}/"))
    assert few == many


def test_the_strategic_objectives_are_offered_and_linked(personas, client, django_capture_on_commit_callbacks):
    from baton.direction.testing import make_strategy

    client.force_login(personas.ellie)
    assert 'name="objectives"' not in client.get(INDEX).content.decode()  # no strategy yet: not asked
    strategy = make_strategy(personas.org, by=personas.ellie, objectives=[("Hear everyone", [], []), ("Act", [], [])])
    wanted = strategy.objectives.get(title="Hear everyone")
    assert "Hear everyone" in client.get(INDEX).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(INDEX, _form(objectives=[wanted.pk]))
    pack = BoardPack.objects.get()
    assert list(pack.objectives.all()) == [wanted]
    assert "Hear everyone" in pack.content.html
