"""Feedback pages: permissions, the upload-map-import flow, filters, charts, exports, the check of
one comment, queries per page, the hub's part and my work."""

import csv
import io

import pytest
from django.test import TestCase
from django.urls import reverse

from baton.core import registry
from baton.core.models import AuditEvent
from baton.core.testing import make_personas, queries_for
from baton.insight import reports
from baton.insight.models import FeedbackComment, FeedbackImport
from baton.insight.testing import FFT_ROWS, fft_csv, make_import, make_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return make_personas()


def _in(client, user):
    client.force_login(user)
    return client


def test_who_may_see_import_and_check(p, client):
    imp = make_import(p.org, by=p.ellie)
    comment = imp.comments.first()
    pages = [
        reverse("insight:comment_list"),
        reverse("insight:charts"),
        reverse("insight:import_list"),
        reverse("insight:comment_detail", args=[comment.pk]),
    ]
    for user in (p.ellie, p.priya, p.adam, p.bea, p.larry):
        for url in pages:
            assert _in(client, user).get(url).status_code == 200, (user, url)
    for user in (p.pat, p.fiona):
        for url in pages:
            assert _in(client, user).get(url).status_code == 403, (user, url)
    for user in (p.bea, p.larry):
        assert _in(client, user).get(reverse("insight:import_new")).status_code == 403
        assert _in(client, user).post(reverse("insight:comment_check", args=[comment.pk]), {}).status_code == 403
    assert _in(client, p.oscar).get(reverse("insight:comment_detail", args=[comment.pk])).status_code == 404
    assert _in(client, p.oscar).get(reverse("insight:import_detail", args=[imp.pk])).status_code == 404


def test_upload_map_preview_and_import_through_the_pages(p, client):
    c = _in(client, p.ellie)
    form = c.get(reverse("insight:import_new")).content.decode()
    submission = form.split('name="submission"')[1].split('value="')[1].split('"')[0]
    r = c.post(reverse("insight:import_new"), {"file": fft_csv(), "source": "fft", "submission": submission})
    imp = FeedbackImport.objects.get()
    assert r.status_code == 302 and r.url == reverse("insight:import_detail", args=[imp.pk])
    page = c.get(r.url).content.decode()
    assert "Which column holds what" in page and "The first 5 rows" in page
    assert "Waited six hours" in page
    data = {**imp.mapping, "version": imp.version}
    with TestCase.captureOnCommitCallbacks(execute=True):
        r = c.post(r.url, data)
    assert r.status_code == 302
    imp.refresh_from_db()
    assert imp.status == "done" and imp.rows_added == 5
    page = c.get(r.url).content.decode()
    assert "5 comments added" in page
    assert c.get(reverse("insight:import_progress", args=[imp.pk])).url == reverse(
        "insight:import_detail", args=[imp.pk]
    )
    progress = c.get(reverse("insight:import_progress", args=[imp.pk]), headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in progress  # done: no more polling


def test_a_bad_upload_says_why_on_the_page_and_keeps_nothing(p, client):
    c = _in(client, p.ellie)
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = c.post(reverse("insight:import_new"), {"file": SimpleUploadedFile("x.csv", b"%PDF-1.4 rest"), "source": "fft"})
    assert r.status_code == 200
    assert "not a CSV or Excel (.xlsx) file" in r.content.decode()
    assert not FeedbackImport.objects.exists()


def test_a_running_import_polls_its_progress_and_works_without_javascript(p, client):
    from django.utils import timezone

    imp = make_upload(p.org, by=p.ellie)
    FeedbackImport.objects.filter(pk=imp.pk).update(status="running", started_at=timezone.now(), rows_done=5000)
    page = _in(client, p.ellie).get(reverse("insight:import_detail", args=[imp.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert "5,000 checked so far" in page


def test_filters_narrow_the_list_and_a_bad_month_is_said(p, client):
    make_import(p.org, by=p.ellie)
    c = _in(client, p.ellie)
    page = c.get(reverse("insight:comment_list") + "?service=Ward+7").content.decode()
    assert "Comments (2)" in page
    page = c.get(reverse("insight:comment_list") + "?month_from=2026-04&month_to=2026-04").content.decode()
    assert "Comments (3)" in page
    page = c.get(reverse("insight:comment_list") + "?theme=Timeliness+of+care").content.decode()
    assert "Comments (1)" in page
    page = c.get(reverse("insight:comment_list") + "?month_from=April").content.decode()
    assert "From month must be a year and month, like 2026-03" in page


def test_charts_are_svg_with_a_summary_and_a_table(p, client):
    make_import(p.org, by=p.ellie)
    page = _in(client, p.ellie).get(reverse("insight:charts")).content.decode()
    assert page.count('class="baton-chart" role="img"') == 3
    assert "Comments by month (figures)" in page and "Comments by service (figures)" in page
    assert "5 comments over 2 months, from Mar 2026 to Apr 2026; the most in Apr 2026 (3)." in page


def test_exports_neutralise_formulas_and_xlsx_is_capped(p, client, monkeypatch):
    make_import(p.org, by=p.ellie, upload=fft_csv([*FFT_ROWS, ["=1+1", "", "", "", "", '=HYPERLINK("x")']]))
    c = _in(client, p.ellie)
    r = c.get(reverse("insight:export_csv"))
    text = b"".join(r.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:6] == ["id", "received_on", "service", "question", "score", "comment"]
    assert len(rows) == 7
    assert any(row[5] == '\'=HYPERLINK("x")' for row in rows)
    r = c.get(reverse("insight:export_xlsx"))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    monkeypatch.setattr(reports, "XLSX_MOST", 3)
    r = c.get(reverse("insight:export_xlsx"))
    assert r.status_code == 302
    assert "download CSV instead" in c.get(r.url).content.decode()


def test_checking_a_comment_corrects_its_labels_and_is_audited(p, client):
    imp = make_import(p.org, by=p.ellie)
    comment = imp.comments.get(external_id="R5")
    c = _in(client, p.priya)
    r = c.post(
        reverse("insight:comment_check", args=[comment.pk]),
        {"sentiment": "4", "themes": ["Parking"], "version": comment.version},
    )
    assert r.status_code == 302
    comment.refresh_from_db()
    assert (comment.sentiment, comment.needs_check, comment.checked_by) == (4, False, p.priya)
    assert list(comment.themes.values_list("code", flat=True)) == ["Parking"]
    event = AuditEvent.objects.get(action="check_feedback_themes")
    assert event.before == {"themes": ["Transport to/ from services"]} and event.after == {"themes": ["Parking"]}
    stale = c.post(reverse("insight:comment_check", args=[comment.pk]), {"sentiment": "5", "themes": [], "version": 1})
    assert stale.status_code == 409
    comment.refresh_from_db()
    assert comment.sentiment == 4


def test_queries_per_page_do_not_grow_with_the_comments(p, client):
    make_import(p.org, by=p.ellie, upload=fft_csv(FFT_ROWS[:2]))
    FeedbackComment.objects.update(needs_check=True)
    c = _in(client, p.ellie)
    urls = [
        reverse("insight:comment_list"),
        reverse("insight:to_check"),
        reverse("insight:charts"),
        reverse("insight:import_list"),
        "/api/insight/feedback/comments",
        "/api/insight/feedback/imports",
    ]
    few = {url: queries_for(c, url) for url in urls}
    make_import(
        p.org,
        by=p.ellie,
        upload=fft_csv(
            [[f"M{i}", "01/06/2026", f"Ward {i % 4}", "", "Good", f"Kind staff number {i}"] for i in range(40)]
        ),
    )
    make_import(p.org, by=p.ellie, upload=fft_csv(FFT_ROWS[2:], name="more.csv"))
    FeedbackComment.objects.update(needs_check=True)
    assert {url: queries_for(c, url) for url in urls} == few


def test_the_hub_part_says_what_the_data_shows_and_my_work_lists_failed_imports(p):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    ctx = registry.HubContext(p.org, p.ellie, today, timezone.now())
    measure = next(m for m in registry.measures() if (m.element, m.part) == ("data", "feedback"))
    assert measure.compute(ctx).headline == "No patient feedback imported for the last 12 months"
    day = (today - timedelta(days=10)).strftime("%d/%m/%Y")
    make_import(p.org, by=p.ellie, upload=fft_csv([[r[0], day, *r[2:]] for r in FFT_ROWS]))
    status = measure.compute(ctx)
    assert status.headline == "5 comments received in the last 12 months"
    assert "(20%) are waiting for a person to check" in status.details[0]
    assert status.details[1].startswith("Mentioned most: ")
    make_import(p.org, by=p.ellie, upload=fft_csv([["B", "99/99/2026", "", "", "", "x"]], name="broken.csv"))
    lists = [w for w in registry.work_lists(ctx) if w.key == "feedback_imports"]
    assert lists and lists[0].items[0].text == "broken.csv: not imported"
    assert not [
        w
        for w in registry.work_lists(registry.HubContext(p.org, p.bea, today, timezone.now()))
        if w.key == "feedback_imports"
    ]
