"""The board pack in a real browser: Bea, a board member, opens the latest pack from the list,
reads a chart's summary and its table of figures by month, and downloads the PDF."""

import io
from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from baton.boardpack.testing import issue, make_pack
from baton.insight.models import FeedbackComment

from .helpers import page_problems, sign_in


def _feedback(org):
    """A year of feedback: 20 comments a month, a quarter of them negative, more in the last month."""
    today = timezone.localdate()
    for back in range(12):
        month = date(today.year, today.month, 1) - timedelta(days=28 * back)
        negative = 5 if back else 12
        for n in range(20):
            FeedbackComment.objects.create(
                organisation=org,
                row_key=f"{month}-{n}",
                text="Comment",
                received_on=month.replace(day=1),  # the 1st: in the pack's period whatever today is
                sentiment=4 if n < negative else 2,
            )


def test_bea_opens_the_latest_pack_reads_a_chart_and_downloads_the_pdf(new_page, personas, tmp_path):
    p = personas
    _feedback(p.org)
    today = timezone.localdate()
    older = issue(make_pack(p.org, by=p.ellie, title="The spring pack"), by=p.ellie)
    latest = issue(
        make_pack(
            p.org,
            by=p.ellie,
            title="The winter pack",
            period_start=today - timedelta(days=60),
            period_end=today,
            meeting_date=today + timedelta(days=7),
        ),
        by=p.ellie,
    )
    assert older.pk < latest.pk

    page = new_page()
    sign_in(page, "bea")
    expect(page.locator("header a[href='/board-pack/']")).to_have_count(1)  # in her navigation
    page.goto("/board-pack/")
    expect(page.locator("h1")).to_have_text("Board packs")
    rows = page.locator("main table tbody tr")
    expect(rows.first).to_contain_text("The winter pack")
    expect(rows.first).to_contain_text("Issued")
    expect(page.get_by_text("Generate a pack")).to_have_count(0)  # board members read; they do not generate
    assert page_problems(page) == []

    rows.first.get_by_role("link", name="The winter pack").click()
    expect(page.locator("h1")).to_have_text("The winter pack")
    section = page.locator("section#insight")
    expect(section.locator("h2")).to_have_text("Insight on current services")
    figure = section.locator("figure").first
    chart = figure.locator("svg[role=img]")
    expect(chart).to_be_visible()
    expect(figure.locator("figcaption")).to_contain_text("Share of feedback that is negative")
    summary = figure.locator("p").nth(1)
    expect(summary).to_contain_text(f"The latest month, {today:%b %Y}, is 60%")
    table = figure.locator("table")
    expect(table.locator("caption")).to_contain_text("figures by month")
    expect(table.locator("tbody tr")).to_have_count(24)
    last_month = today.strftime("%b %Y")
    expect(table.locator("tbody tr").last).to_contain_text(last_month)
    expect(table.locator("tbody tr").last).to_contain_text("60%")
    assert page_problems(page) == []

    with page.expect_download() as caught:
        page.get_by_role("link", name="Download the pack as a PDF").click()
    download = caught.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    reader = PdfReader(io.BytesIO(saved.read_bytes()))
    assert reader.metadata.title == "The winter pack"
    assert "Insight on current services" in "".join(page.extract_text() for page in reader.pages)
