import pytest

from baton.cycle.tests.api_helpers import api  # noqa: F401  the API client fixture


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what actions leave for the commit (the generating task), as a committed request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
