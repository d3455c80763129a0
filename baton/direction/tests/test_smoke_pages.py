"""Every direction page renders for each persona who may read it, with one <h1>."""

import pytest
from django.urls import reverse

from baton.core.routes import all_routes
from baton.core.testing import build_world

pytestmark = pytest.mark.django_db


def test_every_direction_page_renders_for_ellie_and_bea(client):
    world = build_world()
    routes = [r for r in all_routes() if r.namespace == "direction"]
    assert len(routes) >= 20
    for person in (world.personas.ellie, world.personas.bea):
        client.force_login(person)
        for route in routes:
            for kwargs in world.routes.get(route.name, [{}]) if route.params else [{}]:
                response = client.get(reverse(route.name, kwargs=kwargs))
                assert response.status_code in (200, 403), (person, route.name, response.status_code)
                if response.status_code == 200:
                    assert response.content.decode().count("<h1") == 1, route.name
