"""Sign-in with an organisation account (OIDC), without a provider: the settings built from the
environment, who BatonOIDCBackend lets in, the provider's answer turned into a session or a
refusal on the sign-in page, and sign-out at the provider. tests/browser/test_oidc.py signs in
through a real provider."""

import time
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model

from baton.core import oidc
from baton.core.oidc import BatonOIDCBackend
from baton.core.testing import PASSWORD, make_user
from baton.settings import oidc_settings

DISCOVERY_URL = "https://login.example/.well-known/openid-configuration"
DISCOVERY = {
    "issuer": "https://login.example",
    "authorization_endpoint": "https://login.example/auth",
    "token_endpoint": "https://login.example/token",
    "userinfo_endpoint": "https://login.example/me",
    "jwks_uri": "https://login.example/jwks",
    "end_session_endpoint": "https://login.example/session/end",
}


def answers(document):
    response = mock.Mock(status_code=200)
    response.json.return_value = document
    return response


unreachable = mock.patch.object(oidc.requests, "get", side_effect=requests.ConnectionError("no route to host"))


# Settings from the environment


def test_without_a_client_id_oidc_is_off():
    assert oidc_settings({}, backends=["local"]) == {"OIDC_ENABLED": False, "OIDC_RP_CLIENT_ID": ""}


def test_entra_id_endpoints_come_from_the_tenant_as_before():
    built = oidc_settings({"OIDC_RP_CLIENT_ID": "baton", "OIDC_TENANT_ID": "nhs"}, backends=["local"])

    assert built["OIDC_ENABLED"] is True
    assert built["OIDC_OP_AUTHORIZATION_ENDPOINT"] == "https://login.microsoftonline.com/nhs/oauth2/v2.0/authorize"
    assert built["OIDC_OP_TOKEN_ENDPOINT"] == "https://login.microsoftonline.com/nhs/oauth2/v2.0/token"
    assert built["OIDC_OP_USER_ENDPOINT"] == "https://graph.microsoft.com/oidc/userinfo"
    assert built["OIDC_OP_JWKS_ENDPOINT"] == "https://login.microsoftonline.com/nhs/discovery/v2.0/keys"
    assert built["OIDC_OP_LOGOUT_ENDPOINT"] == "https://login.microsoftonline.com/nhs/oauth2/v2.0/logout"
    assert built["AUTHENTICATION_BACKENDS"] == ["baton.core.oidc.BatonOIDCBackend", "local"]
    assert built["OIDC_CREATE_USER"] is False


def test_an_authority_and_single_endpoints_override_entra_ids_public_cloud():
    built = oidc_settings(
        {
            "OIDC_RP_CLIENT_ID": "baton",
            "OIDC_AUTHORITY": "https://login.microsoftonline.us/nhs/v2.0",
            "OIDC_OP_USER_ENDPOINT": "https://graph.microsoft.us/oidc/userinfo",
            "OIDC_OP_LOGOUT_ENDPOINT": "",
        },
        backends=[],
    )

    assert built["OIDC_OP_TOKEN_ENDPOINT"] == "https://login.microsoftonline.us/nhs/oauth2/v2.0/token"
    assert built["OIDC_OP_USER_ENDPOINT"] == "https://graph.microsoft.us/oidc/userinfo"
    assert built["OIDC_OP_LOGOUT_ENDPOINT"] == ""


def test_with_a_discovery_url_the_endpoints_are_left_to_the_discovery_document_unless_set():
    built = oidc_settings(
        {
            "OIDC_RP_CLIENT_ID": "baton",
            "OIDC_OP_DISCOVERY_URL": DISCOVERY_URL,
            "OIDC_OP_TOKEN_ENDPOINT": "https://internal.example/token",
        },
        backends=[],
    )

    assert built["OIDC_OP_DISCOVERY_URL"] == DISCOVERY_URL
    assert built["OIDC_OP_AUTHORIZATION_ENDPOINT"] is None
    assert built["OIDC_OP_TOKEN_ENDPOINT"] == "https://internal.example/token"
    assert built["OIDC_OP_LOGOUT_ENDPOINT"] is None


def test_the_discovery_document_is_read_on_first_use_and_kept(oidc_enabled):
    oidc_enabled(OIDC_OP_DISCOVERY_URL=DISCOVERY_URL, OIDC_OP_TOKEN_ENDPOINT="https://internal.example/token")

    with mock.patch.object(oidc.requests, "get", return_value=answers(DISCOVERY)) as get:
        assert oidc.provider_setting("OIDC_OP_AUTHORIZATION_ENDPOINT") == "https://login.example/auth"
        assert oidc.provider_setting("OIDC_OP_JWKS_ENDPOINT", None) == "https://login.example/jwks"
        assert oidc.provider_setting("OIDC_OP_LOGOUT_ENDPOINT", None) == "https://login.example/session/end"
        assert oidc.provider_setting("OIDC_OP_TOKEN_ENDPOINT") == "https://internal.example/token"
        assert oidc.provider_setting("OIDC_RP_CLIENT_ID") == "baton"

    assert get.call_count == 1
    assert get.call_args.args == (DISCOVERY_URL,)


# Who may come in: BatonOIDCBackend's rules


@pytest.mark.django_db
def test_oidc_lets_in_only_an_active_baton_account_with_a_membership_matched_by_email(personas, oidc_enabled, rf):
    oidc_enabled()
    inactive = make_user(personas.org, username="gone", is_active=False)
    no_membership = make_user(None, username="nomember")
    User = get_user_model()
    cases = [  # (what the provider vouches for, who gets in)
        ({"email": personas.ellie.email}, personas.ellie),
        ({"email": personas.ellie.email.upper()}, personas.ellie),
        ({"email": f"  {personas.priya.email}  "}, personas.priya),
        ({"email": "", "preferred_username": personas.bea.email}, personas.bea),
        ({"email": inactive.email}, None),
        ({"email": no_membership.email}, None),
        ({"email": "stranger@example.nhs.uk"}, None),
        ({"email": ""}, None),
        ({"sub": "no-email-at-all"}, None),
    ]
    users_before = User.objects.count()

    for claims, expected in cases:
        backend = BatonOIDCBackend()
        backend.request = rf.get("/oidc/callback/")
        with mock.patch.object(backend, "get_userinfo", return_value=claims):
            assert backend.get_or_create_user("access", "id", {}) == expected, claims

    assert User.objects.count() == users_before


@pytest.mark.django_db
def test_a_refused_person_is_told_which_email_address_baton_did_not_find(personas, oidc_enabled, rf):
    oidc_enabled()
    backend = BatonOIDCBackend()
    backend.request = rf.get("/oidc/callback/")

    with mock.patch.object(backend, "get_userinfo", return_value={"email": "stranger@example.nhs.uk"}):
        assert backend.get_or_create_user("access", "id", {}) is None

    assert "(stranger@example.nhs.uk) does not match a Baton account" in backend.request.oidc_refusal


@pytest.mark.django_db
def test_two_accounts_with_one_email_let_nobody_in(personas, oidc_enabled, rf):
    oidc_enabled()
    make_user(personas.org, username="ellie2", email=personas.ellie.email.upper())
    backend = BatonOIDCBackend()
    backend.request = rf.get("/oidc/callback/")

    with mock.patch.object(backend, "get_userinfo", return_value={"email": personas.ellie.email}):
        assert backend.get_or_create_user("access", "id", {}) is None


@pytest.mark.django_db
def test_an_unreachable_provider_stops_neither_local_sign_in_nor_people_signed_in_through_it(
    client, personas, oidc_enabled
):
    oidc_enabled(OIDC_OP_DISCOVERY_URL=DISCOVERY_URL)

    with unreachable:
        response = client.post("/sign-in/", {"username": "priya", "password": PASSWORD})
        assert response.status_code == 302 and response["Location"] == "/"
        client.logout()
        client.force_login(personas.ellie, backend="baton.core.oidc.BatonOIDCBackend")
        assert client.get("/").status_code == 200


# The sign-in page and the provider's answer


@pytest.mark.django_db
def test_the_sign_in_page_offers_an_organisation_account_beside_the_form_only_when_oidc_is_set_up(client, oidc_enabled):
    body = client.get("/sign-in/").content.decode()
    assert "Sign in with your organisation account" not in body
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/").status_code == 404

    oidc_enabled()
    body = client.get("/sign-in/?next=/programmes/").content.decode()
    assert "Sign in with your organisation account" in body
    assert "/oidc/authenticate/?next=/programmes/" in body
    assert 'name="password"' in body


@pytest.mark.django_db
def test_sign_in_with_an_organisation_account_starts_at_the_provider(client, oidc_enabled):
    oidc_enabled(OIDC_OP_DISCOVERY_URL=DISCOVERY_URL)

    with mock.patch.object(oidc.requests, "get", return_value=answers(DISCOVERY)):
        response = client.get("/oidc/authenticate/?next=/programmes/")

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == "https://login.example/auth"
    query = parse_qs(location.query)
    assert query["client_id"] == ["baton"]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert query["scope"] == ["openid email profile"]


@pytest.mark.django_db
def test_a_provider_that_cannot_be_reached_is_explained_on_the_sign_in_page(client, oidc_enabled):
    oidc_enabled(OIDC_OP_DISCOVERY_URL=DISCOVERY_URL)

    with unreachable:
        response = client.get("/oidc/authenticate/", follow=True)

    assert response.redirect_chain == [("/sign-in/", 302)]
    assert "Signing in with your organisation account did not work" in response.content.decode()


def provider_answers(client, claims, discovery=DISCOVERY):
    """The browser comes back from the provider with a code; the provider vouches for `claims`."""
    session = client.session
    session["oidc_states"] = {"the-state": {"nonce": "the-nonce", "code_verifier": None, "added_on": time.time()}}
    session.save()
    with (
        mock.patch.object(
            BatonOIDCBackend, "get_token", return_value={"id_token": "the-id-token", "access_token": "a"}
        ),
        mock.patch.object(BatonOIDCBackend, "verify_token", return_value={"nonce": "the-nonce"}),
        mock.patch.object(BatonOIDCBackend, "get_userinfo", return_value=claims),
        mock.patch.object(oidc.requests, "get", return_value=answers(discovery)),
    ):
        return client.get("/oidc/callback/?code=the-code&state=the-state")


@pytest.mark.django_db
def test_a_person_baton_knows_is_signed_in_and_sent_to_the_hub(client, personas, oidc_enabled):
    oidc_enabled()

    response = provider_answers(client, {"email": personas.ellie.email.upper()})

    assert response.status_code == 302 and response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == personas.ellie.pk
    assert client.session["oidc_id_token"] == "the-id-token"


@pytest.mark.django_db
def test_a_person_baton_does_not_know_is_refused_on_the_sign_in_page_and_nothing_is_created(
    client, personas, oidc_enabled
):
    oidc_enabled()
    users_before = get_user_model().objects.count()

    response = provider_answers(client, {"email": "stranger@example.nhs.uk"})

    assert response.status_code == 302 and response["Location"] == "/sign-in/"
    assert "_auth_user_id" not in client.session
    page = client.get("/sign-in/").content.decode()
    assert "nhsuk-error-summary" in page
    assert "Your organisation account (stranger@example.nhs.uk) does not match a Baton account" in page
    assert "does not match" not in client.get("/sign-in/").content.decode()  # said once
    assert get_user_model().objects.count() == users_before


@pytest.mark.django_db
def test_a_sign_in_the_person_cancelled_at_the_provider_is_explained_on_the_sign_in_page(client, oidc_enabled):
    oidc_enabled()

    response = client.get("/oidc/callback/?error=access_denied&state=x", follow=True)

    assert response.redirect_chain == [("/sign-in/", 302)]
    assert "Signing in with your organisation account did not work" in response.content.decode()


# Signing out


@pytest.mark.django_db
def test_sign_out_after_oidc_ends_the_providers_session_too_and_comes_back_to_the_public_pages(
    client, personas, oidc_enabled
):
    oidc_enabled(OIDC_OP_DISCOVERY_URL=DISCOVERY_URL)
    provider_answers(client, {"email": personas.ellie.email})

    with mock.patch.object(oidc.requests, "get", return_value=answers(DISCOVERY)):
        response = client.post("/sign-out/")

    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == "https://login.example/session/end"
    assert parse_qs(location.query) == {
        "id_token_hint": ["the-id-token"],
        "client_id": ["baton"],
        "post_logout_redirect_uri": ["http://testserver/public/"],
    }
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    "how", ["with a password", "through a provider without end_session_endpoint", "while the provider is down"]
)
def test_sign_out_otherwise_ends_the_baton_session_and_shows_the_public_pages(client, personas, oidc_enabled, how):
    oidc_enabled(OIDC_OP_DISCOVERY_URL=DISCOVERY_URL)
    without_logout = {key: value for key, value in DISCOVERY.items() if key != "end_session_endpoint"}
    if how == "with a password":
        client.force_login(personas.ellie)
    elif how == "through a provider without end_session_endpoint":
        provider_answers(client, {"email": personas.ellie.email}, discovery=without_logout)
    else:
        provider_answers(client, {"email": personas.ellie.email})
        oidc.forget_discovery_documents()

    with unreachable:
        response = client.post("/sign-out/")

    assert response.status_code == 302 and response["Location"] == "/public/"
    assert "_auth_user_id" not in client.session
