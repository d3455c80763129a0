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
    import copy

    from baton.core import oidc
    from baton.settings import SELF, oidc_settings, provider_origins

    def _enable(**environ):
        environ = {"OIDC_RP_CLIENT_ID": "baton", **environ}
        values = oidc_settings(environ, backends=settings.AUTHENTICATION_BACKENDS)
        for name, value in values.items():
            setattr(settings, name, value)
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"] = [SELF, *provider_origins(values)]
        settings.CONTENT_SECURITY_POLICY = policy

    oidc.forget_discovery_documents()
    yield _enable
    oidc.forget_discovery_documents()
