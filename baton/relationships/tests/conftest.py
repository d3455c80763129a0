import pytest

from baton.cycle.testing import make_programme, make_run
from baton.cycle.tests.api_helpers import api  # noqa: F401  the API client fixture

from ..testing import ensure_partner_types


@pytest.fixture(autouse=True)
def partner_types(db):
    ensure_partner_types()


@pytest.fixture
def programme(personas):
    """Diabetes pathway (lead Priya) with an open needs run."""
    programme = make_programme(personas.org, by=personas.ellie, lead=personas.priya, name="Diabetes pathway")
    make_run(programme, "needs", owner=personas.priya, by=personas.ellie)
    return programme
