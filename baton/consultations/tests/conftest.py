import pytest


@pytest.fixture(autouse=True)
def _documents_in_a_temporary_folder(settings, tmp_path):
    """Uploaded documents go to a folder of the test's own, never the working copy's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    from baton.core.testing import build_world

    return build_world()
