"""The consultations API's permission matrix: every operation tagged "consultations" in the
OpenAPI schema, asked by nobody (401), by Oscar of another organisation (404, or nothing of ours in
a list), by a reader who may not change anything (403, for writes) and by someone who may (its
success status). Refusals save nothing. An operation without a row here fails the first test."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baton.consultations.testing import PDF, make_closed, make_consultation, make_material, make_open, make_reported
from baton.core.models import ApiToken, AuditEvent

pytestmark = pytest.mark.django_db


def _world(p):
    planned = make_consultation(p.org, by=p.ellie, title="Planned one")
    doc = make_material(planned, by=p.ellie)
    return {
        "planned": planned,
        "doc": doc,
        "open": make_open(p.org, by=p.ellie),
        "closed": make_closed(p.org, by=p.ellie),
        "reported": make_reported(p.org, by=p.ellie),
    }


def _new():
    return {"title": "New", "proposal": "P", "opens_on": "2026-12-20", "closes_on": "2027-03-20"}


# (method, path): (lambda w -> (path, body or files), success status, multipart)
OPS = {
    ("get", "/api/consultations"): (lambda w: ("/consultations", None), 200, False),
    ("post", "/api/consultations"): (lambda w: ("/consultations", _new()), 201, False),
    ("get", "/api/consultations/{consultation_id}"): (lambda w: (f"/consultations/{w['open'].pk}", None), 200, False),
    ("patch", "/api/consultations/{consultation_id}"): (
        lambda w: (f"/consultations/{w['planned'].pk}", {"version": 1, "title": "Renamed"}),
        200,
        False,
    ),
    ("delete", "/api/consultations/{consultation_id}"): (
        lambda w: (f"/consultations/{w['planned'].pk}", None),
        200,
        False,
    ),
    ("get", "/api/consultations/{consultation_id}/blockers"): (
        lambda w: (f"/consultations/{w['open'].pk}/blockers", None),
        200,
        False,
    ),
    ("post", "/api/consultations/{consultation_id}/open"): (
        lambda w: (f"/consultations/{w['planned'].pk}/open", {}),
        200,
        False,
    ),
    ("post", "/api/consultations/{consultation_id}/close"): (
        lambda w: (f"/consultations/{w['open'].pk}/close", {"early_reason": "Withdrawn"}),
        200,
        False,
    ),
    ("post", "/api/consultations/{consultation_id}/report"): (
        lambda w: (f"/consultations/{w['closed'].pk}/report", {"report_summary": "We listened."}),
        200,
        True,
    ),
    ("post", "/api/consultations/{consultation_id}/publish-report"): (
        lambda w: (f"/consultations/{w['reported'].pk}/publish-report", {}),
        409,  # already published: the rule answers, after the permission check
        False,
    ),
    ("get", "/api/consultations/{consultation_id}/documents"): (
        lambda w: (f"/consultations/{w['planned'].pk}/documents", None),
        200,
        False,
    ),
    ("post", "/api/consultations/{consultation_id}/documents"): (
        lambda w: (f"/consultations/{w['planned'].pk}/documents", {"title": "Easy read"}),
        201,
        True,
    ),
    ("get", "/api/consultation-documents"): (lambda w: ("/consultation-documents", None), 200, False),
    ("get", "/api/consultation-documents/{document_id}/file"): (
        lambda w: (f"/consultation-documents/{w['doc'].pk}/file", None),
        200,
        False,
    ),
    ("delete", "/api/consultation-documents/{document_id}"): (
        lambda w: (f"/consultation-documents/{w['doc'].pk}", None),
        200,
        False,
    ),
    ("get", "/api/consultation-reports"): (lambda w: ("/consultation-reports", None), 200, False),
    ("get", "/api/consultation-reports/{consultation_id}/file"): (
        lambda w: (f"/consultation-reports/{w['reported'].pk}/file", None),
        200,
        False,
    ),
    ("get", "/api/gunning-checks"): (lambda w: ("/gunning-checks", None), 200, False),
    ("patch", "/api/gunning-assessments/{assessment_id}"): (
        lambda w: (
            f"/gunning-assessments/{w['closed'].assessments.first().pk}",
            {"outcome": "met", "evidence": "Shown."},
        ),
        200,
        False,
    ),
    ("get", "/api/consultation-settings"): (lambda w: ("/consultation-settings", None), 200, False),
    ("put", "/api/consultation-settings"): (lambda w: ("/consultation-settings", {"minimum_weeks": 10}), 200, False),
}
LISTS = {"/api/consultations", "/api/consultation-documents", "/api/consultation-reports"}
# Oscar acts in his own organisation: he plans his own consultations and sets his own minimum.
OWN = {("post", "/api/consultations"), ("get", "/api/consultation-settings"), ("put", "/api/consultation-settings")}


def test_every_operation_has_a_permission_case(client):
    schema = client.get("/api/openapi.json").json()
    operations = {
        (method, path)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if "consultations" in op.get("tags", ())
    }
    assert operations == set(OPS)


def _call(client, user, method, path, body, multipart):
    headers = {}
    if user is not None:
        _token, raw = ApiToken.issue(user, "test")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    if multipart:
        data = dict(body or {})
        if path.endswith("/documents"):
            data["file"] = SimpleUploadedFile("doc.pdf", PDF)
        return getattr(client, method)("/api" + path, data=data, **headers)
    if method == "get":
        return client.get("/api" + path, **headers)
    payload = json.dumps(body) if body is not None else ""
    return getattr(client, method)("/api" + path, data=payload, content_type="application/json", **headers)


@pytest.mark.parametrize("key", list(OPS), ids=lambda k: f"{k[0].upper()} {k[1]}")
def test_operation_follows_the_permission_matrix(client, personas, key):
    p = personas
    w = _world(p)
    method, template = key
    make, ok, multipart = OPS[key]
    path, body = make(w)
    ours = AuditEvent.objects.filter(organisation=p.org)
    before = ours.count()

    assert _call(client, None, method, path, body, multipart).status_code == 401
    oscar = _call(client, p.oscar, method, path, body, multipart)
    if (method, template) in OWN:
        assert oscar.status_code in (200, 201)
    elif template in LISTS and method == "get":
        assert oscar.status_code == 200 and oscar.json()["count"] == 0
    elif template == "/api/gunning-checks":
        assert oscar.status_code == 200 and len(oscar.json()) == 4  # reference data, the same for all
    else:
        assert oscar.status_code == 404, oscar.content
    assert ours.count() == before
    if method != "get":
        for reader in (p.bea, p.pat):
            assert _call(client, reader, method, path, body, multipart).status_code == 403
        assert ours.count() == before
    response = _call(client, p.ellie, method, path, body, multipart)
    assert response.status_code == ok, response.content if not response.streaming else response
