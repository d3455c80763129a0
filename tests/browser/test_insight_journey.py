"""Feedback in a real browser: Ellie uploads an FFT export (CSV), checks the columns Baton
guessed and the first rows, imports it, watches it finish and reads the comments with their
themes, the charts, and the hub's "feedback" part. Axe-clean at every step."""

from playwright.sync_api import expect

from baton.insight.testing import fft_csv

from .helpers import go_by_header, page_problems, settle, sign_in


def test_upload_an_fft_export_map_its_columns_watch_it_import_see_the_themes(new_page, personas):
    page = new_page()
    sign_in(page, "ellie")
    go_by_header(page, "Feedback")
    expect(page.locator("h1")).to_have_text("Feedback")
    settle(page)
    assert not page_problems(page)
    page.get_by_role("link", name="Import feedback").first.click()
    expect(page.locator("h1")).to_have_text("Import feedback")
    settle(page)
    assert not page_problems(page)
    page.locator("input[type=file][name=file]").set_input_files(
        files=[{"name": "fft-export-march.csv", "mimeType": "text/csv", "buffer": fft_csv().read()}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("h1")).to_have_text("fft-export-march.csv")
    expect(page.get_by_label("Comment column")).to_have_value("Comment")
    expect(page.get_by_label("Date column (optional)")).to_have_value("Date of response")
    expect(page.locator("main")).to_contain_text("Waited six hours to be seen")
    settle(page)
    assert not page_problems(page)
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-progress")).to_contain_text("Imported.")
    expect(page.locator("#import-progress")).to_contain_text("5 comments added")
    settle(page)
    assert not page_problems(page)
    page.get_by_role("link", name="See the comments and their themes").click()
    expect(page.locator("main")).to_contain_text("Comments (5)")
    expect(page.locator("main")).to_contain_text("Timeliness of care")
    settle(page)
    assert not page_problems(page)
    page.get_by_role("link", name="Charts").first.click()
    expect(page.locator("h2", has_text="Comments by theme")).to_be_visible()
    settle(page)
    assert not page_problems(page)
    page.goto(page.url.split("/insight/")[0] + "/")
    expect(page.locator("main")).to_contain_text("5 comments received in the last 12 months")
