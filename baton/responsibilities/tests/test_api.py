"""The register's API: the same rules and permissions as the pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from baton.core.models import AuditEvent

from ..models import HubRole, RoleHolder
from ..testing import make_holder, make_role

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_roles_list_with_flags_and_paginates(personas, register, api):
    p = personas
    make_holder(register["healthwatch"], by=p.ellie, name="Hana Hussain")
    body = api(p.bea).get("/responsibilities/roles", page_size=100).json()
    assert body["count"] == 9
    by_key = {r["key"]: r for r in body["items"]}
    assert by_key["healthwatch"]["flags"] == [] and by_key["healthwatch"]["current_count"] == 1
    assert by_key["scrutiny_committee"]["flags"][0].startswith("Never filled")
    flagged = api(p.bea).get("/responsibilities/flagged").json()
    assert flagged["count"] == 7  # 8 required roles, Healthwatch held
    assert api(p.bea).get("/responsibilities/roles", kind="partner").json()["count"] == 3


def test_create_role_once_per_idempotency_key_and_bad_input_is_422(personas, api, client):
    p = personas
    client_api = api(p.ellie)
    client_api.headers["HTTP_IDEMPOTENCY_KEY"] = "abc"
    body = {"name": "Equality lead", "kind": "hub", "responsibilities": "Equality analysis."}
    first = client_api.post("/responsibilities/roles", body)
    second = client_api.post("/responsibilities/roles", body)
    assert (first.status_code, second.status_code) == (201, 200) and first.json()["id"] == second.json()["id"]
    assert HubRole.objects.for_org(p.org).count() == 1
    bad = api(p.ellie).post("/responsibilities/roles", {"name": "", "kind": "boss", "responsibilities": "x"})
    assert bad.status_code == 422
    duplicate = api(p.ellie).post("/responsibilities/roles", body)
    assert duplicate.status_code == 422 and "already has a role" in duplicate.content.decode()


def test_appoint_end_and_delete_a_term(personas, register, api):
    p = personas
    lead = api(p.ellie)
    role = register["executive_lead"]
    made = lead.post(f"/responsibilities/roles/{role.pk}/holders", {"person_id": p.bea.pk, "starts_on": "2025-04-01"})
    assert made.status_code == 201 and made.json()["name"] == "Bea Brown" and made.json()["state"] == "current"
    holder_id = made.json()["id"]
    clash = lead.post(f"/responsibilities/roles/{role.pk}/holders", {"person_id": p.bea.pk, "starts_on": "2025-05-01"})
    assert clash.status_code == 409 and "already holds this role" in clash.json()["detail"][0]
    both = lead.post(
        f"/responsibilities/roles/{role.pk}/holders", {"person_id": p.priya.pk, "name": "X", "starts_on": "2025-05-01"}
    )
    assert both.status_code == 422
    outsider = lead.post(
        f"/responsibilities/roles/{role.pk}/holders", {"person_id": p.oscar.pk, "starts_on": "2025-05-01"}
    )
    assert outsider.status_code == 422 and outsider.json()["detail"][0]["loc"] == ["body", "person_id"]
    ended = lead.post(f"/responsibilities/holders/{holder_id}/end", {"ends_on": str(TODAY - timedelta(days=1))})
    assert ended.status_code == 200 and ended.json()["state"] == "ended"
    again = lead.post(f"/responsibilities/holders/{holder_id}/end", {})
    assert again.status_code == 409
    assert lead.get(f"/responsibilities/roles/{role.pk}").json()["flags"][0].startswith("Vacant")
    deleted = lead.delete(f"/responsibilities/holders/{holder_id}")
    assert deleted.status_code == 200
    assert AuditEvent.objects.get(pk=deleted.json()["audit_event_id"]).action == "delete_role_holder"
    restored = lead.post(f"/audit/events/{deleted.json()['audit_event_id']}/restore")
    assert restored.status_code == 200 and RoleHolder.objects.filter(pk=holder_id).exists()


def test_deleting_a_role_held_today_is_409(personas, api):
    p = personas
    role = make_role(p.org, by=p.ellie)
    make_holder(role, by=p.ellie, person=p.priya)
    response = api(p.ellie).delete(f"/responsibilities/roles/{role.pk}")
    assert response.status_code == 409 and "End their term first" in response.json()["detail"][0]


def test_permission_matrix(personas, register, api):
    """Readers read and are refused every change (403); Oscar gets 404 for our records and sees
    none of them in his lists; nobody signed out gets in (401)."""
    p = personas
    role = register["healthwatch"]
    holder = make_holder(role, by=p.ellie, name="Hana Hussain")
    writes = [
        ("post", "/responsibilities/roles", {"name": "X", "kind": "hub", "responsibilities": "Y"}),
        ("post", "/responsibilities/standard-roles", None),
        ("patch", f"/responsibilities/roles/{role.pk}", {"version": 1, "name": "Z"}),
        ("delete", f"/responsibilities/roles/{role.pk}", None),
        ("post", f"/responsibilities/roles/{role.pk}/holders", {"name": "N", "starts_on": "2025-01-01"}),
        ("patch", f"/responsibilities/holders/{holder.pk}", {"version": 1, "contact": "c"}),
        ("post", f"/responsibilities/holders/{holder.pk}/end", {}),
        ("delete", f"/responsibilities/holders/{holder.pk}", None),
    ]
    reads = [
        f"/responsibilities/roles/{role.pk}",
        f"/responsibilities/roles/{role.pk}/holders",
        f"/responsibilities/holders/{holder.pk}",
    ]
    before = AuditEvent.objects.count()
    for person in (p.priya, p.larry, p.bea, p.pat, p.nora):
        client = api(person)
        for method, path, body in writes:
            response = client.call(method, path, body)
            assert response.status_code == 403, (person, method, path, response.status_code)
        for path in reads:
            assert client.get(path).status_code == 200, (person, path)
    oscar = api(p.oscar)
    for path in reads:
        assert oscar.get(path).status_code == 404, path
    for method, path, body in writes:
        if "{" not in path and path.count("/") > 2:
            assert oscar.call(method, path, body).status_code == 404, path
    assert "Hana" not in oscar.get("/responsibilities/roles").content.decode()
    assert api().get("/responsibilities/roles").status_code == 401
    assert AuditEvent.objects.count() == before


def test_every_term_lists_and_filters_who_holds_what_today(personas, register, api):
    p = personas
    now = make_holder(register["healthwatch"], by=p.ellie, name="Hana Hussain")
    past = make_holder(
        register["lay_member"], by=p.ellie, person=p.larry, starts_on=date(2024, 1, 1), ends_on=date(2024, 3, 1)
    )
    client = api(p.bea)
    assert client.get("/responsibilities/holders").json()["count"] == 2
    assert [h["id"] for h in client.get("/responsibilities/holders", current=True).json()["items"]] == [now.pk]
    assert [h["id"] for h in client.get("/responsibilities/holders", current=False).json()["items"]] == [past.pk]
    by_role = client.get("/responsibilities/holders", role_id=register["lay_member"].pk).json()["items"]
    assert [h["id"] for h in by_role] == [past.pk]
    assert api(p.oscar).get("/responsibilities/holders").json()["count"] == 0
