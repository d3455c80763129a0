"""The API's docs page works offline and under the Content-Security-Policy: Swagger UI comes from
Baton's own static files (the browser may reach nothing else, see conftest), draws the
operations, and breaks no CSP rule (a violation is a console error)."""

from playwright.sync_api import expect


def test_the_api_docs_render_from_batons_own_files(page, personas):
    page.goto("/api/docs")

    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    expect(page.get_by_text("Baton API").first).to_be_visible()
    assert page.watch.take() == []


def test_api_root_takes_a_browser_to_the_docs(page, personas):
    page.goto("/api/")
    assert page.url.endswith("/api/docs")
