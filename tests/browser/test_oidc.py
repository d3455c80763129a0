"""Signing in with an organisation account through a real OpenID Connect provider (panva's
oidc-provider, OpenID Certified, run by tests/browser/oidc_provider.py on a free port): Baton is
configured from the provider's discovery document, as a deployment would be, and the browser goes
through the provider's own sign-in and sign-out pages."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from .helpers import page_problems
from .oidc_provider import running_provider

CLIENT_ID = "baton"
CLIENT_SECRET = "a-secret-only-this-test-knows"
ACCOUNTS = {  # login at the provider -> the email address it vouches for
    "ellie": "ellie@example.nhs.uk",  # Ellie's Baton account (personas)
    "stranger": "stranger@example.nhs.uk",  # known to the provider, not to Baton
}


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    """The provider's issuer, http://127.0.0.1:<port> (Baton runs at http://localhost:<port>, so
    the two are different sites and their cookies stay apart, as in real life)."""
    with running_provider(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uris=[f"{live_server.url}/oidc/callback/"],
        post_logout_redirect_uris=[f"{live_server.url}/public/"],
        accounts=ACCOUNTS,
        log=tmp_path_factory.mktemp("oidc") / "provider.log",
    ) as issuer:
        yield issuer


@pytest.fixture
def oidc_page(new_page, provider, oidc_enabled, personas):
    oidc_enabled(
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_OP_DISCOVERY_URL=f"{provider}/.well-known/openid-configuration",
    )
    return new_page(allow_origins=[provider])


def sign_in_at_the_provider(page, provider, login):
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in with your organisation account").click()
    page.wait_for_url(f"{provider}/**")
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password will do")
    page.get_by_role("button", name="Sign-in").click()


def path(page) -> str:
    return urlsplit(page.url).path


def test_the_sign_in_page_offers_an_organisation_account_beside_the_form(oidc_page):
    oidc_page.goto("/sign-in/")

    expect(oidc_page.get_by_role("button", name="Sign in with your organisation account")).to_be_visible()
    expect(oidc_page.get_by_label("Username")).to_be_visible()
    assert page_problems(oidc_page) == []


def test_a_person_with_a_baton_account_signs_in_through_the_provider_and_lands_on_the_hub(
    oidc_page, provider, live_server, personas
):
    sign_in_at_the_provider(oidc_page, provider, "ellie")

    oidc_page.wait_for_url(f"{live_server.url}/")
    expect(oidc_page.locator("header")).to_contain_text("Ellie Evans")
    assert page_problems(oidc_page) == []


def test_a_person_baton_does_not_know_is_refused_on_the_sign_in_page_and_nothing_is_created(
    oidc_page, provider, live_server, personas
):
    users_before = get_user_model().objects.count()

    sign_in_at_the_provider(oidc_page, provider, "stranger")

    oidc_page.wait_for_url(f"{live_server.url}/sign-in/")
    summary = oidc_page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text(
        "Your organisation account (stranger@example.nhs.uk) does not match a Baton account"
    )
    assert page_problems(oidc_page) == []
    assert get_user_model().objects.count() == users_before
    oidc_page.goto("/")
    assert path(oidc_page) == "/sign-in/"


def test_sign_out_ends_the_baton_session_and_the_providers_and_lands_on_the_public_pages(
    oidc_page, provider, live_server, personas
):
    sign_in_at_the_provider(oidc_page, provider, "ellie")
    oidc_page.wait_for_url(f"{live_server.url}/")

    oidc_page.get_by_role("button", name="Sign out").click()
    oidc_page.wait_for_url(f"{provider}/session/end**")
    oidc_page.get_by_role("button", name="Yes, sign me out").click()

    oidc_page.wait_for_url(f"{live_server.url}/public/")
    assert page_problems(oidc_page) == []
    oidc_page.goto("/")
    assert path(oidc_page) == "/sign-in/"
    # Signed out at the provider too: it asks who is signing in instead of vouching for Ellie again.
    oidc_page.get_by_role("button", name="Sign in with your organisation account").click()
    oidc_page.wait_for_url(f"{provider}/**")
    expect(oidc_page.locator("input[name=login]")).to_be_visible()
