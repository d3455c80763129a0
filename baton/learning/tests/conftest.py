import pytest

from baton.cycle.tests.api_helpers import api  # noqa: F401  the API client fixture
from baton.structures.testing import make_structure

from ..testing import make_offer, make_person, make_requirement, make_role_kind


@pytest.fixture
def panel(personas):
    """A tender panel (a structure), the participation role 'Tender panel member', and the
    procurement induction required of it every 36 months; Sam Jones, in the people register."""
    p = personas
    structure = make_structure(p.org, by=p.ellie, name="Community services tender panel")
    offer = make_offer(p.org, by=p.ellie, title="Procurement induction", kind="induction", audience="public")
    kind = make_role_kind(p.org, by=p.ellie, name="Tender panel member", role_contains="tender panel")
    requirement = make_requirement(p.org, offer, by=p.ellie, participation_role=kind, renew_months=36)
    sam = make_person(p.org, "Sam Jones")
    return type(
        "Panel", (), {"structure": structure, "offer": offer, "kind": kind, "requirement": requirement, "sam": sam}
    )
