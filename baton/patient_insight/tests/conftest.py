import pytest

from baton.core.models import Role
from baton.core.testing import make_user
from baton.cycle.testing import make_programme, make_run
from baton.cycle.tests.api_helpers import api  # noqa: F401  the API client fixture

from ..testing import make_comments, make_report, make_sample


@pytest.fixture
def world(personas):
    """Twenty labelled comments; a sample of ten given to Pat and one given to Sam, another patient
    partner; an open stage run; a report of Pat's waiting for review."""
    p = personas
    make_comments(p.org, 20)
    sam = make_user(p.org, Role.PATIENT_PARTNER, username="sam", first_name="Sam", last_name="Stone")
    programme = make_programme(p.org, by=p.ellie, lead=p.priya)
    return type(
        "World",
        (),
        {
            "p": p,
            "sam": sam,
            "sample": make_sample(p.org, by=p.ellie, reviewer=p.pat, title="Pat's sample", size=10),
            "sams": make_sample(p.org, by=p.ellie, reviewer=sam, title="Sam's sample", size=5),
            "run": make_run(programme, "needs", owner=p.priya, by=p.priya),
            "report": make_report(p.org, by=p.pat),
        },
    )
