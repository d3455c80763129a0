from baton.cycle.tests.api_helpers import api  # noqa: F401  the API client fixture
