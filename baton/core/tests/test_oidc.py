import pytest
from django.test import override_settings

from baton.core.oidc import BatonOIDCBackend
from baton.core.testing import make_user

OIDC = {
    "OIDC_RP_CLIENT_ID": "client",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example/user",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example/keys",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example/auth",
}


@pytest.mark.django_db
@override_settings(**OIDC)
def test_oidc_signs_in_only_people_baton_already_knows_with_a_membership(personas):
    backend = BatonOIDCBackend()
    assert list(backend.filter_users_by_claims({"email": personas.ellie.email.upper()})) == [personas.ellie]
    assert not backend.filter_users_by_claims({"email": "stranger@example.nhs.uk"}).exists()
    no_membership = make_user(None, username="nomember")
    assert not backend.filter_users_by_claims({"email": no_membership.email}).exists()
    assert not backend.filter_users_by_claims({}).exists()


@pytest.mark.django_db
@override_settings(OIDC_ENABLED=True, **OIDC)
def test_the_sign_in_page_offers_nhs_sign_in_when_oidc_is_configured(client):
    from django.urls import clear_url_caches, include, path

    import baton.urls

    original = list(baton.urls.urlpatterns)
    baton.urls.urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
    clear_url_caches()
    try:
        body = client.get("/sign-in/").content.decode()
        assert "Sign in with your NHS account" in body and "/oidc/authenticate/" in body
    finally:
        baton.urls.urlpatterns[:] = original
        clear_url_caches()
