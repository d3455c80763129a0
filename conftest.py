import pytest


@pytest.fixture
def personas(db):
    from baton.core.testing import make_personas

    return make_personas()


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> the test client, signed in as that user."""

    def _sign_in(user):
        client.force_login(user)
        return client

    return _sign_in


@pytest.fixture
def oidc_enabled(settings):
    """oidc_enabled(**environ): sign-in with an organisation account switched on for one test,
    from environment variables as a deployment sets them (OIDC_RP_CLIENT_ID defaults to "baton"),
    through the settings' own oidc_settings()."""
    from baton.core import oidc
    from baton.settings import oidc_settings

    def _enable(**environ):
        environ = {"OIDC_RP_CLIENT_ID": "baton", **environ}
        for name, value in oidc_settings(environ, backends=settings.AUTHENTICATION_BACKENDS).items():
            setattr(settings, name, value)

    oidc.forget_discovery_documents()
    yield _enable
    oidc.forget_discovery_documents()
