"""The governance API: the gate answered with 409 and every reason, the same permission rules as
the pages (a permission matrix), another organisation's records 404, idempotent creates."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baton.core.models import ApiToken
from baton.cycle.testing import make_programme
from baton.cycle.tests.api_helpers import Api
from baton.governance.models import AssuranceCriterion, BusinessCase, Decision, EngagementAssurance, Paper
from baton.governance.testing import (
    PDF,
    assure,
    make_board,
    make_case,
    make_decision,
    make_meeting,
    ready_case,
    screen,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gov(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    board = make_board(p.org, by=p.ellie, name="ICB Board")
    meeting = make_meeting(board, by=p.ellie)
    return p, programme, board, meeting


def test_a_sign_off_that_fails_the_gate_is_409_with_every_reason_and_saves_nothing(client, gov):
    p, programme, _board, meeting = gov
    case = make_case(programme, by=p.priya)
    response = Api(client, p.bea).post(f"/governance/cases/{case.pk}/sign-off", {"meeting_id": meeting.pk})
    assert response.status_code == 409
    assert response.json()["detail"] == case.blockers_to_signing_off()
    assert len(response.json()["detail"]) == 3
    assert BusinessCase.objects.get(pk=case.pk).signed_off_at is None


def test_the_whole_gate_through_the_api(client, gov):
    p, programme, _board, meeting = gov
    lead, lay, bea = Api(client, p.priya), Api(client, p.larry), Api(client, p.bea)
    made = lead.post(
        "/governance/cases", {"programme_id": programme.pk, "title": "Evening clinics", "kind": "proposal"}
    )
    assert made.status_code == 201, made.json()
    case_id = made.json()["id"]
    questions = lead.get("/governance/screening-questions").json()["items"]
    screened = lead.call(
        "post",
        f"/governance/cases/{case_id}/screening",
        {
            "duty_applies": True,
            "involvement": "engage",
            "substantial_variation": False,
            "groups_affected": "Working people",
            "reason": "It changes opening hours.",
            "answers": [{"question_id": q["id"], "answer": "Yes"} for q in questions],
        },
    )
    assert screened.status_code == 200, screened.json()
    assessed = lead.patch(
        f"/governance/cases/{case_id}",
        {
            "version": screened.json()["version"],
            "ehia_done": True,
            "ehia_summary": "Fine.",
            "ehia_link": "https://x.nhs.uk/e",
        },
    )
    assert assessed.status_code == 200, assessed.json()
    planned = lead.call("post", f"/governance/cases/{case_id}/plan", {"summary": "Two workshops.", "budget_line": "E1"})
    assert planned.status_code == 200, planned.json()
    checks = [{"criterion_id": c.pk, "met": "met"} for c in AssuranceCriterion.objects.filter(active=True)]
    assured = lay.post(
        f"/governance/cases/{case_id}/assurances",
        {"outcome": "conditions", "commentary": "Good.", "checks": checks, "conditions": ["Publish easy read."]},
    )
    assert assured.status_code == 201, assured.json()
    refused = bea.post(f"/governance/cases/{case_id}/sign-off", {"meeting_id": meeting.pk})
    assert refused.status_code == 409
    assert any("Publish easy read." in r for r in refused.json()["detail"])
    condition = assured.json()["conditions"][0]
    closed = lead.post(f"/governance/conditions/{condition['id']}/close", {"evidence": "Published 2 March."})
    assert closed.status_code == 200, closed.json()
    assert lead.get(f"/governance/cases/{case_id}/blockers").json() == {"blockers": []}
    signed = bea.post(f"/governance/cases/{case_id}/sign-off", {"meeting_id": meeting.pk})
    assert signed.status_code == 200, signed.json()
    assert signed.json()["signed_off_meeting_id"] == meeting.pk


def test_a_second_assurance_against_a_stale_current_one_is_409(client, gov):
    p, programme, _b, _m = gov
    case = make_case(programme, by=p.priya)
    assure(case, by=p.larry)
    checks = [{"criterion_id": c.pk, "met": "met"} for c in AssuranceCriterion.objects.filter(active=True)]
    response = Api(client, p.larry).post(
        f"/governance/cases/{case.pk}/assurances", {"outcome": "assured", "commentary": "Fine.", "checks": checks}
    )
    assert response.status_code == 409
    assert EngagementAssurance.objects.filter(case=case).count() == 1


def test_bad_input_is_422_in_words(client, gov):
    p, programme, _b, _m = gov
    case = make_case(programme, by=p.priya)
    response = Api(client, p.larry).post(
        f"/governance/cases/{case.pk}/assurances", {"outcome": "conditions", "commentary": "Fine.", "checks": []}
    )
    assert response.status_code == 422
    fields = {tuple(e["loc"]) for e in response.json()["detail"]}
    assert ("body", "conditions") in fields and ("body", "checks") in fields


def test_creates_take_an_idempotency_key(client, gov):
    p, programme, _b, _m = gov
    api = Api(client, p.priya)
    api.headers["HTTP_IDEMPOTENCY_KEY"] = "case-1"
    first = api.post("/governance/cases", {"programme_id": programme.pk, "title": "Once", "kind": "plan"})
    second = api.post("/governance/cases", {"programme_id": programme.pk, "title": "Once", "kind": "plan"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert BusinessCase.objects.filter(title="Once").count() == 1


def test_papers_upload_and_download_only_within_the_organisation(client, gov):
    p, _programme, _b, meeting = gov
    _t, raw = ApiToken.issue(p.ellie, "t")
    response = client.post(
        f"/api/governance/meetings/{meeting.pk}/papers",
        {"title": "Board paper", "document": SimpleUploadedFile("paper.pdf", PDF, content_type="application/pdf")},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content
    paper = Paper.objects.get()
    got = client.get(response.json()["document_url"], HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    bad = client.post(
        f"/api/governance/meetings/{meeting.pk}/papers",
        {"title": "Bad", "document": SimpleUploadedFile("paper.pdf", b"MZ not a pdf", content_type="application/pdf")},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert bad.status_code == 422
    assert Api(client, p.oscar).get(f"/governance/papers/{paper.pk}/document").status_code == 404


def test_decisions_are_flagged_when_the_duty_applied_and_no_engagement_is_cited(client, gov):
    p, programme, board, _m = gov
    case = make_case(programme, by=p.priya)
    screen(case, by=p.priya, duty_applies=True)
    api = Api(client, p.ellie)
    made = api.post(
        "/governance/decisions",
        {
            "board_id": board.pk,
            "decided_on": "2026-03-05",
            "title": "Close the clinic",
            "outcome": "Agreed.",
            "business_case_id": case.pk,
        },
    )
    assert made.status_code == 201, made.json()
    assert made.json()["duty_applied"] is True and made.json()["flagged"] is True
    fixed = api.patch(
        f"/governance/decisions/{made.json()['id']}",
        {
            "version": made.json()["version"],
            "engagement_influence": "People asked to keep a Saturday clinic; it stays.",
        },
    )
    assert fixed.status_code == 200 and fixed.json()["flagged"] is False
    assert api.get("/governance/decisions", flagged=True).json()["count"] == 0


# The permission matrix ----------------------------------------------------------------------------

WHO = ("ellie", "priya", "larry", "bea", "pat", "oscar")


def _operations(p, programme, board, meeting):
    case = make_case(programme, by=p.priya)
    ready = ready_case(programme, lead=p.ellie, lay=p.larry)
    decision = make_decision(p.org, board, by=p.ellie)
    checks = [{"criterion_id": c.pk, "met": "met"} for c in AssuranceCriterion.objects.filter(active=True)]
    return {
        "read case": ("get", f"/governance/cases/{case.pk}", None),
        "change case": ("patch", f"/governance/cases/{case.pk}", {"version": case.version, "title": "Changed"}),
        "screen": ("post", f"/governance/cases/{case.pk}/screening", {"duty_applies": False}),
        "assure": (
            "post",
            f"/governance/cases/{case.pk}/assurances",
            {"outcome": "assured", "commentary": "Fine.", "checks": checks},
        ),
        "sign off": ("post", f"/governance/cases/{ready.pk}/sign-off", {"meeting_id": meeting.pk}),
        "add board": ("post", "/governance/boards", {"name": "New committee", "kind": "committee"}),
        "record decision": (
            "post",
            "/governance/decisions",
            {"board_id": board.pk, "decided_on": "2026-03-05", "title": "T", "outcome": "O"},
        ),
        "read decision": ("get", f"/governance/decisions/{decision.pk}", None),
    }


ALLOWED = {
    # operation: who succeeds (everyone else in the organisation: 403; Oscar: 404)
    "read case": {"ellie", "priya", "larry", "bea", "pat"},
    "change case": {"ellie", "priya"},
    "screen": {"ellie", "priya"},
    "assure": {"larry"},
    "sign off": {"bea"},
    "add board": {"ellie"},
    "record decision": {"ellie"},
    "read decision": {"ellie", "priya", "larry", "bea", "pat"},
}


@pytest.mark.parametrize("operation", list(ALLOWED))
def test_permission_matrix(client, gov, operation):
    p, programme, board, meeting = gov
    people = p.all()
    for who in WHO:
        method, path, body = _operations(p, programme, board, meeting)[operation]
        response = Api(client, people[who]).call(method, path, body)
        if who in ALLOWED[operation]:
            assert response.status_code in (200, 201), (operation, who, response.status_code, response.content)
        elif who == "oscar":
            # Another organisation's records do not exist for him; a board of his own he may add, and
            # our board is no choice for his decision.
            expected = {"add board": 201, "record decision": 422}.get(operation, 404)
            assert response.status_code == expected, (operation, who, response.status_code)
        else:
            assert response.status_code == 403, (operation, who, response.status_code, response.content)
    assert Decision.objects.filter(organisation=p.other_org).count() == 0
