"""An administrator unlocks a locked-out account in the admin, in a real browser, under the
Content-Security-Policy (the admin's own scripts and styles must keep working)."""

from urllib.parse import urlsplit

from django.conf import settings

from baton.core.testing import PASSWORD, make_user

from .helpers import sign_in


def test_an_administrator_unlocks_an_account_in_the_admin(new_page, personas):
    locked = new_page()
    locked.goto("/sign-in/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked.get_by_label("Username").fill("priya")
        locked.get_by_label("Password").fill("not the password")
        with locked.expect_navigation():
            locked.get_by_role("button", name="Sign in").click()
    assert "Wait 15 minutes" in locked.inner_text(".nhsuk-error-summary")
    locked.watch.take()  # the 429 itself is the point, not a fault

    make_user(None, username="root", is_staff=True, is_superuser=True)
    admin = new_page()
    admin.goto("/admin/login/")
    admin.get_by_label("Username").fill("root")
    admin.get_by_label("Password").fill(PASSWORD)
    with admin.expect_navigation():
        admin.get_by_role("button", name="Log in").click()
    admin.goto("/admin/axes/accessattempt/")
    admin.locator("input.action-select").first.check()
    admin.select_option("select[name=action]", "delete_selected")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Go").click()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Yes, I’m sure").click()
    assert "Successfully deleted" in admin.inner_text("body")
    assert admin.watch.take() == []

    sign_in(locked, "priya")
    assert urlsplit(locked.url).path == "/"
