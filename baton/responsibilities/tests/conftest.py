import pytest

from baton.cycle.tests.api_helpers import api  # noqa: F401  the API client fixture

from ..testing import adopt


@pytest.fixture
def register(personas):
    """The standard roles in North Riverside's register, by key."""
    return {r.key: r for r in adopt(personas.org, by=personas.ellie)}
