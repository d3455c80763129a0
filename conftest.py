import json
import os
from pathlib import Path

import pytest


def pytest_collection_modifyitems(config, items):
    """Under scripts/mutation only: run a mutant's tests quickest first (after the database-
    flushing ones, as pytest-django keeps them), so that a mutant is killed by the first test that
    can: mutmut stops at the first failure. The durations are mutmut's, from its first run."""
    if not os.environ.get("MUTANT_UNDER_TEST", "").startswith("baton."):
        return
    try:
        durations = json.loads(Path("mutmut-stats.json").read_text())["duration_by_test"]
    except (OSError, ValueError, KeyError):
        return
    items.sort(
        key=lambda item: (
            "transactional_db" in item.fixturenames or "live_server" in item.fixturenames,
            durations.get(item.nodeid, 0.0),
        )
    )


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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """A test database built without migrations (`--nomigrations`, as scripts/mutation runs it)
    still gets every area's reference data, as the migrations would have loaded it."""
    if request.config.getoption("nomigrations", default=False):
        from baton.core.testing import load_reference_data

        with django_db_blocker.unblock():
            load_reference_data()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: what one test's data left there (reach's open
    activities with gaps, kept for five minutes per organisation and day) never answers another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _no_midnight_during_the_run(request):
    """Many tests read today's date when they are imported (`TODAY = timezone.localdate()`) and
    again when they run, so a run that crossed midnight failed 34 of them ("6 December" against
    "7 December"). A run that starts after 8 pm has its clock set back to 10 am the same day,
    still ticking: the date stays the one the tests were imported on. Not the browser tests' run:
    the browser and the OIDC test's identity provider keep the real clock, and Baton's must agree
    with theirs."""
    import time_machine
    from django.utils import timezone

    now = timezone.localtime()
    browser = request.config.getoption("markexpr", "").strip() == "browser"
    if now.hour < 20 or browser:
        yield
        return
    with time_machine.travel(now.replace(hour=10), tick=True):
        yield
