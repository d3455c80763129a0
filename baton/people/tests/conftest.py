from dataclasses import dataclass

import pytest

from baton.cycle.tests.api_helpers import (
    api,  # noqa: F401  the API client fixture
    make_world,
)

from ..testing import a_meeting, a_structure, ensure_equality_codes, make_person


@dataclass
class PeopleSetup:
    p: object
    activity: object
    structure: object
    meeting: object
    person: object


@pytest.fixture
def setup(personas):
    """North Riverside with an activity (cycle), a structure with a meeting, and one person (Amira)."""
    ensure_equality_codes()
    cycle = make_world(personas)
    structure = a_structure(personas.org, by=personas.ellie, name="Riverside voices panel")
    meeting = a_meeting(structure, by=personas.ellie)
    person = make_person(personas.org, by=personas.ellie, name="Amira K", kind="carer")
    return PeopleSetup(personas, cycle.activity, structure, meeting, person)
