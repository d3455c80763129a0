import pytest

from baton.cycle.models import InsightItem
from baton.cycle.testing import make_insight, make_programme, make_run
from baton.cycle.tests.api_helpers import api  # noqa: F401  the API client fixture


@pytest.fixture
def setup(personas):
    """Diabetes pathway (lead Priya, published) with an open needs run: an open insight item and
    an answered one; Stroke (lead Ellie) with one item of its own."""
    from baton.cycle.actions import publish_programme

    p = personas
    programme = make_programme(
        p.org, by=p.ellie, lead=p.priya, name="Diabetes pathway", public_summary="Diabetes care with patients."
    )
    publish_programme(programme, by=p.ellie)
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    open_item = make_insight(run, by=p.priya, title="Carers cannot reach the clinic by bus")
    answered = make_insight(
        run, by=p.priya, title="Parking is hard", status=InsightItem.Status.ANSWERED, resolution="Travel plan."
    )
    stroke = make_programme(p.org, by=p.ellie, lead=p.ellie, name="Stroke rehabilitation")
    stroke_item = make_insight(make_run(stroke, "needs", owner=p.ellie), by=p.ellie, title="Physio at home")
    programme.refresh_from_db()

    class S:
        pass

    s = S()
    s.p, s.programme, s.run, s.open_item, s.answered, s.stroke, s.stroke_item = (
        p,
        programme,
        run,
        open_item,
        answered,
        stroke,
        stroke_item,
    )
    return s
