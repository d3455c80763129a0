"""Every learning page, for every persona, in the test world: who reads what (staff read the
registers, a patient partner only his own learning, Oscar nothing of ours), and no page fails."""

import pytest
from django.urls import reverse

from baton.core.routes import all_routes
from baton.core.testing import build_world

pytestmark = pytest.mark.django_db

ROUTES = [r for r in all_routes() if r.namespace == "learning"]
OWN = {"learning:me", "learning:me_need"}


@pytest.fixture
def world(db):
    return build_world()


def _paths(world):
    for route in ROUTES:
        for kwargs in world.routes.get(route.name, [{}]) if route.params else [{}]:
            yield route, reverse(route.name, kwargs=kwargs)


def test_staff_read_every_page_and_keepers_open_every_form(world, client):
    p = world.personas
    for user in (p.ellie, p.adam):
        client.force_login(user)
        for _route, path in _paths(world):
            response = client.get(path)
            assert response.status_code == 200, (user.username, path, response.status_code)


def test_readers_read_the_registers_but_not_the_forms(world, client):
    p = world.personas
    forms = {"_create", "_edit", "_delete", "_close"}
    for user in (p.bea, p.larry, p.fiona, p.nora):
        client.force_login(user)
        for route, path in _paths(world):
            got = client.get(path).status_code
            if route.name == "learning:me_need":
                assert got == (403 if user == p.nora else 200), (user.username, path, got)
            elif any(route.name.endswith(s) for s in forms):
                assert got == 403, (user.username, path, got)
            else:
                assert got == 200, (user.username, path, got)


def test_a_patient_partner_sees_only_his_own_learning(world, client):
    p = world.personas
    client.force_login(p.pat)
    for route, path in _paths(world):
        got = client.get(path).status_code
        if route.name in OWN:
            assert got == 200, path
        elif route.name == "learning:record_certificate":
            assert got == 200, "his own certificate"
        else:
            assert got in (403, 404), (path, got)


def test_oscar_sees_nothing_of_ours(world, client):
    client.force_login(world.personas.oscar)
    for route, path in _paths(world):
        got = client.get(path)
        if route.params:
            assert got.status_code == 404, path
        elif got.status_code == 200:
            assert "North Riverside" not in got.content.decode() and "Sam Jones" not in got.content.decode()
