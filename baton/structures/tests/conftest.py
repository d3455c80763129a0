import pytest

from baton.cycle.tests.api_helpers import api  # noqa: F401  the API client fixture

from ..testing import ensure_structure_types


@pytest.fixture(autouse=True)
def _types(db):
    ensure_structure_types()
