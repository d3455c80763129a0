import pytest


@pytest.fixture(autouse=True)
def reference_data(request):
    """The principles and plan types, even after a live-server test's flush emptied the tables."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from ..testing import ensure_reference_data

    ensure_reference_data()
