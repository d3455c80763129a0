"""The consultations API: the same rules and permissions as the pages (409 with the reasons, 422
for bad input and refused files, 403, 404 across organisations), creates once per
Idempotency-Key, documents uploaded as multipart form data."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from baton.consultations.models import Consultation, ConsultationMaterial
from baton.consultations.testing import PDF, PROGRAM, make_closed, make_consultation, make_open
from baton.core.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def for_user(user):
        _token, raw = ApiToken.issue(user, "test")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        def call(method, path, body=None, files=None, **extra):
            kwargs = {**headers, **extra}
            if files is not None:
                return getattr(client, method)("/api" + path, data=files, **kwargs)
            if body is not None:
                kwargs.update(data=json.dumps(body), content_type="application/json")
            elif method != "get":
                kwargs.update(data="", content_type="application/json")
            return getattr(client, method)("/api" + path, **kwargs)

        return call

    return for_user


def _new(**overrides):
    today = timezone.localdate()
    body = {
        "title": "Community beds",
        "proposal": "Close ten community beds and fund care at home.",
        "formative_statement": "Nothing is decided.",
        "how_to_take_part": "Online survey.",
        "opens_on": str(today),
        "closes_on": str(today + timedelta(weeks=12)),
    }
    body.update(overrides)
    return body


def test_plan_once_per_idempotency_key_add_a_document_and_open(personas, api):
    call = api(personas.ellie)
    first = call("post", "/consultations", _new(), HTTP_IDEMPOTENCY_KEY="k1")
    again = call("post", "/consultations", _new(), HTTP_IDEMPOTENCY_KEY="k1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert Consultation.objects.count() == 1
    body = first.json()
    assert len(body["checks"]) == 4 and body["checks"][0]["check"]["key"] == "formative_stage"
    assert "has not opened yet" in body["blockers_to_deciding"][0]
    pk = body["id"]
    refused = call("post", f"/consultations/{pk}/open")
    assert refused.status_code == 409 and "no consultation materials" in refused.json()["detail"][0]
    doc = call(
        "post", f"/consultations/{pk}/documents", files={"title": "Document", "file": SimpleUploadedFile("d.pdf", PDF)}
    )
    assert doc.status_code == 201 and doc.json()["file_name"] == "d.pdf"
    download = call("get", doc.json()["file"][len("/api") :])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    opened = call("post", f"/consultations/{pk}/open", {"version": 1})
    assert opened.status_code == 200 and opened.json()["status"] == "open"


@pytest.mark.parametrize(
    "name,content,says", [("run.exe", PROGRAM, "is not a file type"), ("fake.pdf", PROGRAM, "does not look like")]
)
def test_a_document_of_the_wrong_type_is_refused_with_422(personas, api, name, content, says):
    c = make_consultation(personas.org, by=personas.ellie)
    call = api(personas.ellie)
    response = call(
        "post", f"/consultations/{c.pk}/documents", files={"title": "Doc", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 422
    assert says in response.json()["detail"][0]["msg"] and response.json()["detail"][0]["loc"] == ["body", "file"]
    assert not ConsultationMaterial.objects.exists()


def test_a_document_over_the_size_limit_is_refused_with_422(personas, api, monkeypatch):
    from baton.core import files

    monkeypatch.setattr(files, "MAX_BYTES", 100)
    c = make_consultation(personas.org, by=personas.ellie)
    response = api(personas.ellie)(
        "post",
        f"/consultations/{c.pk}/documents",
        files={"title": "Doc", "file": SimpleUploadedFile("big.pdf", PDF + b"\0" * 200)},
    )
    assert (
        response.status_code == 422 and "The largest file Baton accepts is 25 MB" in response.json()["detail"][0]["msg"]
    )


def test_bad_input_is_422_in_plain_english(personas, api):
    call = api(personas.ellie)
    today = timezone.localdate()
    response = call("post", "/consultations", _new(closes_on=str(today)))
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "The closing date must be after the opening date."
    assert call("post", "/consultations", _new(title="")).status_code == 422


def test_close_early_needs_a_reason_and_the_report_needs_its_pieces(personas, api):
    c = make_open(personas.org, by=personas.ellie)
    call = api(personas.ellie)
    assert call("post", f"/consultations/{c.pk}/close").status_code == 409
    closed = call("post", f"/consultations/{c.pk}/close", {"early_reason": "Withdrawn"})
    assert closed.status_code == 200 and closed.json()["early_close_reason"] == "Withdrawn"
    publish = call("post", f"/consultations/{c.pk}/publish-report")
    assert publish.status_code == 409 and len(publish.json()["detail"]) == 3
    report = call(
        "post",
        f"/consultations/{c.pk}/report",
        files={"report_summary": "We listened.", "report": SimpleUploadedFile("r.pdf", PDF)},
    )
    assert report.status_code == 200 and report.json()["report_file"]
    for check in report.json()["checks"]:
        assessed = call("patch", f"/gunning-assessments/{check['id']}", {"outcome": "met", "evidence": "Shown."})
        assert assessed.status_code == 200
    done = call("post", f"/consultations/{c.pk}/publish-report")
    assert done.status_code == 200 and done.json()["blockers_to_deciding"] == []


def test_a_check_without_evidence_is_422(personas, api):
    c = make_closed(personas.org, by=personas.ellie)
    pk = c.assessments.first().pk
    response = api(personas.ellie)("patch", f"/gunning-assessments/{pk}", {"outcome": "met", "evidence": ""})
    assert response.status_code == 422


def test_permissions_are_the_pages(personas, api):
    p = personas
    c = make_open(p.org, by=p.ellie)
    assert api(p.bea)("get", f"/consultations/{c.pk}").status_code == 200
    assert api(p.bea)("post", f"/consultations/{c.pk}/close", {"early_reason": "x"}).status_code == 403
    assert api(p.bea)("post", "/consultations", _new()).status_code == 403
    assert api(p.oscar)("get", f"/consultations/{c.pk}").status_code == 404
    assert api(p.oscar)("get", "/consultations").json()["count"] == 0
    assert api(p.priya)("put", "/consultation-settings", {"minimum_weeks": 4}).status_code == 403
    saved = api(p.ellie)("put", "/consultation-settings", {"minimum_weeks": 10})
    assert saved.status_code == 200 and saved.json()["minimum_weeks"] == 10
    assert api(p.ellie)("put", "/consultation-settings", {"minimum_weeks": 0}).status_code == 422


def test_a_programme_lead_may_not_plan_on_anothers_programme(personas, api):
    from baton.cycle.testing import make_programme

    p = personas
    other = make_programme(p.org, by=p.ellie, name="Ellie's", lead=p.ellie)
    response = api(p.priya)("post", "/consultations", _new(programme_id=other.pk))
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "programme_id"]
    assert not Consultation.objects.exists()


def test_the_list_paginates_and_filters(personas, api):
    for n in range(3):
        make_consultation(personas.org, by=personas.ellie, title=f"C{n}")
    make_open(personas.org, by=personas.ellie)
    listed = api(personas.bea)("get", "/consultations?status=planned&page_size=2").json()
    assert listed["count"] == 3 and len(listed["items"]) == 2
