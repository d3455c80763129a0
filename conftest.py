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
