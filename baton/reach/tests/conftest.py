import pytest

from baton.cycle.testing import make_activity, make_programme, make_run
from baton.cycle.tests.api_helpers import api  # noqa: F401  the API client fixture


@pytest.fixture
def setup(personas):
    """Diabetes pathway with an open needs run and an open activity aimed at carers and young
    people; the illustrative population profile."""
    from ..testing import import_population

    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya, name="Diabetes pathway")
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    activity = make_activity(run, by=p.priya, title="Carers' survey", end_date=None)
    profile = import_population(p.org, by=p.ellie)

    class S:
        pass

    s = S()
    s.p, s.programme, s.run, s.activity, s.profile = p, programme, run, activity, profile
    return s
