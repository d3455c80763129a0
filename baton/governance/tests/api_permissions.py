"""Governance's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py
gathers every area's `OPS` and runs `prepare(world)` first).

Who may do what (governance/permissions.py): everyone in the organisation reads. Engagement leads
and the lead of the case's programme change a business case, its screening, assessment and plan;
a board member alone cannot. Only the lay member (Larry) records an assurance; only a board member
(Bea) signs off. A condition is closed by the case's editors or by the member who assures.
Engagement leads keep the boards, members, meetings, papers and the decision register. Another
organisation's records are 404."""

from django.core.files.uploadedfile import SimpleUploadedFile

from baton.cycle.testing import make_programme
from baton.cycle.tests.test_api_permissions import WRITERS_ONLY, Op

from ..actions import add_member
from ..models import AssuranceCriterion
from ..testing import assure, make_board, make_case, make_decision, make_meeting, make_paper, pdf, ready_case

G = "/api/governance"
# Engagement leads (and Adam, the admin) only: the governance team's records.
LEADS_ONLY = ("priya", *WRITERS_ONLY)
# Only the lay member assures; only a board member signs off.
NOT_LAY = ("ellie", "priya", "adam", "bea", "pat", "nora")
NOT_BOARD = ("ellie", "priya", "adam", "larry", "pat", "nora")

# Two things the matrix (baton/cycle/tests/test_api_permissions.py) cannot say yet, so three rows
# fail until it can:
# NOT_A_CHOICE: writing a business case or a decision, Oscar passes the role check (he is an
#   engagement lead at home) and names our programme or board, which is 'not a choice' for him:
#   422 on that field, never 404. The matrix knows this answer only for lead_id (oscar="own", whose
#   tail then makes a programme); these rows say oscar="choice:<field>".
# MULTIPART: adding a paper is a multipart upload (title, document); the matrix sends JSON, which
#   the API refuses with 422 before anything else (even to a user of no organisation). Its body
#   here holds the document, to be posted as multipart.


def prepare(w) -> None:
    """On the diabetes programme (lead Priya): a draft business case, a case ready for sign-off and
    a case assured with an open condition; a draft case on a programme Priya does not lead; a board
    with Bea as a member, a meeting with a paper and a decision (at no meeting, so the meeting may
    go); an empty committee."""
    p = w.p
    w.case = make_case(w.programme, by=p.priya, title="Move the diabetes clinic")
    w.ready = ready_case(w.programme, lead=p.ellie, lay=p.larry, title="Evening diabetes clinics")
    conditional = make_case(w.programme, by=p.ellie, title="Foot care pathway")
    assurance = assure(conditional, by=p.larry, outcome="conditions", conditions=["Publish an easy read summary."])
    w.condition = assurance.conditions.get()
    elsewhere = make_programme(p.org, by=p.ellie, lead=p.ellie, name="Community mental health")
    w.others_case = make_case(elsewhere, by=p.ellie, title="Crisis café")
    w.board = make_board(p.org, by=p.ellie, name="North Riverside ICB Board")
    w.committee = make_board(p.org, by=p.ellie, name="Quality Committee", kind="committee")
    w.seat = add_member(w.board, person=p.bea, role="Non-executive member", by=p.ellie)
    w.meeting = make_meeting(w.board, by=p.ellie)
    w.paper = make_paper(w.meeting, by=p.ellie, title="Evening clinics: business case", business_case=w.ready)
    w.decision = make_decision(p.org, w.board, by=p.ellie, title="Close a satellite clinic")
    for obj in (w.case, w.ready, w.condition, w.others_case, w.board, w.decision):
        obj.refresh_from_db()


def pdf_named(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _checks():
    return [{"criterion_id": c.pk, "met": "met"} for c in AssuranceCriterion.objects.filter(active=True)]


def _case(w, tail=""):
    return f"/governance/cases/{w.case.pk}{tail}"


OPS = {
    # Reference data every organisation shares
    ("get", f"{G}/screening-questions"): Op(
        lambda w: ("/governance/screening-questions", None),
        oscar="elsewhere",
        bad=lambda w: ("/governance/screening-questions?page=0", None),
    ),
    ("get", f"{G}/assurance-criteria"): Op(
        lambda w: ("/governance/assurance-criteria", None),
        oscar="elsewhere",
        bad=lambda w: ("/governance/assurance-criteria?page=0", None),
    ),
    # Business cases
    ("get", f"{G}/cases"): Op(
        lambda w: ("/governance/cases", None), oscar="list", bad=lambda w: ("/governance/cases?show=lost", None)
    ),
    ("post", f"{G}/cases"): Op(
        lambda w: ("/governance/cases", {"programme_id": w.programme.pk, "title": "Evening clinics", "kind": "plan"}),
        ok=201,
        by="priya",  # the programme's lead
        forbidden=WRITERS_ONLY,
        # Oscar may write business cases, but our programme is no choice of his: 422 on programme_id
        # (not 404). The matrix's "own" checks lead_id only; see NOT_A_CHOICE above.
        oscar="choice:programme_id",
        bad=lambda w: ("/governance/cases", {"programme_id": w.programme.pk, "title": "Clinics", "kind": "wish"}),
    ),
    ("get", f"{G}/cases/{{case_id}}"): Op(lambda w: (_case(w), None), bad=lambda w: ("/governance/cases/0", None)),
    ("patch", f"{G}/cases/{{case_id}}"): Op(
        lambda w: (_case(w), {"version": w.case.version, "title": "Move the diabetes clinic to the high street"}),
        by="priya",
        forbidden=WRITERS_ONLY,
        bad=lambda w: (_case(w), {"version": w.case.version, "title": "x" * 201}),
    ),
    ("delete", f"{G}/cases/{{case_id}}"): Op(
        # A case on a programme Priya does not lead: a programme lead changes her own programme's cases only.
        lambda w: (f"/governance/cases/{w.others_case.pk}", None),
        forbidden=("priya", *WRITERS_ONLY),
        bad=lambda w: ("/governance/cases/-1", None),
    ),
    ("post", f"{G}/cases/{{case_id}}/screening"): Op(
        lambda w: (
            _case(w, "/screening"),
            {
                "duty_applies": True,
                "involvement": "engage",
                "substantial_variation": False,
                "groups_affected": "Older people; carers",
                "reason": "It changes where people are seen.",
            },
        ),
        by="priya",
        forbidden=WRITERS_ONLY,
        bad=lambda w: (_case(w, "/screening"), {"involvement": "shout"}),
    ),
    ("post", f"{G}/cases/{{case_id}}/plan"): Op(
        lambda w: (
            _case(w, "/plan"),
            {
                "summary": "Three workshops and a survey.",
                "budget_line": "ENG-002",
                "budget": 4000,
                "stage_run_ids": [w.run.pk],
                "activity_ids": [w.activity.pk],
            },
        ),
        forbidden=WRITERS_ONLY,
        bad=lambda w: (_case(w, "/plan"), {"summary": "Workshops.", "budget": "lots"}),
    ),
    ("get", f"{G}/cases/{{case_id}}/blockers"): Op(
        lambda w: (_case(w, "/blockers"), None), bad=lambda w: ("/governance/cases/0/blockers", None)
    ),
    ("get", f"{G}/cases/{{case_id}}/assurances"): Op(
        lambda w: (_case(w, "/assurances"), None), bad=lambda w: ("/governance/cases/0/assurances", None)
    ),
    ("post", f"{G}/cases/{{case_id}}/assurances"): Op(
        lambda w: (
            _case(w, "/assurances"),
            {"outcome": "assured", "commentary": "Engagement was early and wide.", "checks": _checks()},
        ),
        ok=201,
        by="larry",
        # Not even an engagement lead or the programme's lead: the lay member alone.
        forbidden=NOT_LAY,
        bad=lambda w: (_case(w, "/assurances"), {"outcome": "maybe", "commentary": "Fine.", "checks": _checks()}),
    ),
    ("post", f"{G}/conditions/{{condition_id}}/close"): Op(
        lambda w: (
            f"/governance/conditions/{w.condition.pk}/close",
            {"evidence": "https://example.nhs.uk/easy-read", "version": w.condition.version},
        ),
        # The case's editors close it, and so may Larry, who assures; a board member alone may not.
        forbidden=("bea", "pat", "nora"),
        bad=lambda w: (f"/governance/conditions/{w.condition.pk}/close", {"evidence": "  "}),
    ),
    ("post", f"{G}/cases/{{case_id}}/sign-off"): Op(
        lambda w: (
            f"/governance/cases/{w.ready.pk}/sign-off",
            {"meeting_id": w.meeting.pk, "version": w.ready.version},
        ),
        by="bea",
        forbidden=NOT_BOARD,
        bad=lambda w: (f"/governance/cases/{w.ready.pk}/sign-off", {"meeting_id": 0}),
    ),
    # Boards and their members
    ("get", f"{G}/boards"): Op(
        lambda w: ("/governance/boards", None), oscar="list", bad=lambda w: ("/governance/boards?page=0", None)
    ),
    ("post", f"{G}/boards"): Op(
        lambda w: ("/governance/boards", {"name": "Primary Care Committee", "kind": "committee"}),
        ok=201,
        forbidden=LEADS_ONLY,
        oscar="elsewhere",  # Oscar adds a board of his own organisation
        bad=lambda w: ("/governance/boards", {"name": "Primary Care Committee", "kind": "club"}),
    ),
    ("get", f"{G}/boards/{{board_id}}"): Op(
        lambda w: (f"/governance/boards/{w.board.pk}", None), bad=lambda w: ("/governance/boards/0", None)
    ),
    ("patch", f"{G}/boards/{{board_id}}"): Op(
        lambda w: (f"/governance/boards/{w.board.pk}", {"version": w.board.version, "purpose": "The ICB's board."}),
        forbidden=LEADS_ONLY,
        bad=lambda w: (f"/governance/boards/{w.board.pk}", {"version": w.board.version, "name": "x" * 201}),
    ),
    ("delete", f"{G}/boards/{{board_id}}"): Op(
        lambda w: (f"/governance/boards/{w.committee.pk}", None),
        forbidden=LEADS_ONLY,
        bad=lambda w: ("/governance/boards/-1", None),
    ),
    ("post", f"{G}/boards/{{board_id}}/members"): Op(
        lambda w: (
            f"/governance/boards/{w.board.pk}/members",
            {"person_id": w.p.larry.pk, "role": "Lay member for involvement"},
        ),
        ok=201,
        forbidden=LEADS_ONLY,
        bad=lambda w: (f"/governance/boards/{w.board.pk}/members", {"person_id": w.p.larry.pk, "role": "  "}),
    ),
    ("delete", f"{G}/members/{{member_id}}"): Op(
        lambda w: (f"/governance/members/{w.seat.pk}", None),
        forbidden=LEADS_ONLY,
        bad=lambda w: ("/governance/members/-1", None),
    ),
    # Meetings and papers
    ("get", f"{G}/meetings"): Op(
        lambda w: ("/governance/meetings", None), oscar="list", bad=lambda w: ("/governance/meetings?board=0", None)
    ),
    ("post", f"{G}/boards/{{board_id}}/meetings"): Op(
        lambda w: (f"/governance/boards/{w.board.pk}/meetings", {"held_on": "2026-04-02", "title": "Board in public"}),
        ok=201,
        forbidden=LEADS_ONLY,
        bad=lambda w: (f"/governance/boards/{w.board.pk}/meetings", {"held_on": "next Thursday"}),
    ),
    ("get", f"{G}/meetings/{{meeting_id}}"): Op(
        lambda w: (f"/governance/meetings/{w.meeting.pk}", None), bad=lambda w: ("/governance/meetings/0", None)
    ),
    ("delete", f"{G}/meetings/{{meeting_id}}"): Op(
        lambda w: (f"/governance/meetings/{w.meeting.pk}", None),
        forbidden=LEADS_ONLY,
        bad=lambda w: ("/governance/meetings/-1", None),
    ),
    ("get", f"{G}/papers"): Op(
        lambda w: ("/governance/papers", None), oscar="list", bad=lambda w: ("/governance/papers?meeting=0", None)
    ),
    ("post", f"{G}/meetings/{{meeting_id}}/papers"): Op(
        # Multipart (title, document, optional business_case_id): see MULTIPART above.
        lambda w: (
            f"/governance/meetings/{w.meeting.pk}/papers",
            {"title": "Evening clinics: engagement report", "document": pdf()},
        ),
        ok=201,
        forbidden=LEADS_ONLY,
        bad=lambda w: (
            f"/governance/meetings/{w.meeting.pk}/papers",
            {"title": "Not a paper", "document": pdf_named("paper.pdf", b"MZ not a pdf")},
        ),
    ),
    ("get", f"{G}/papers/{{paper_id}}/document"): Op(
        lambda w: (f"/governance/papers/{w.paper.pk}/document", None),
        bad=lambda w: ("/governance/papers/0/document", None),
    ),
    ("delete", f"{G}/papers/{{paper_id}}"): Op(
        lambda w: (f"/governance/papers/{w.paper.pk}", None),
        forbidden=LEADS_ONLY,
        bad=lambda w: ("/governance/papers/-1", None),
    ),
    # The decision register
    ("get", f"{G}/decisions"): Op(
        lambda w: ("/governance/decisions", None),
        oscar="list",
        bad=lambda w: ("/governance/decisions?flagged=perhaps", None),
    ),
    ("post", f"{G}/decisions"): Op(
        lambda w: (
            "/governance/decisions",
            {
                "board_id": w.board.pk,
                "meeting_id": w.meeting.pk,
                "decided_on": "2026-03-05",
                "title": "Approve evening clinics",
                "outcome": "Agreed.",
                "engagement_influence": "People asked for evening sessions.",
                "insight_ids": [w.insight.pk],
            },
        ),
        ok=201,
        forbidden=LEADS_ONLY,
        # Oscar keeps a register of his own, but our board is no choice of his: 422 on board_id.
        oscar="choice:board_id",
        bad=lambda w: (
            "/governance/decisions",
            {"board_id": w.board.pk, "decided_on": "2026-03-05", "title": "", "outcome": "Agreed."},
        ),
    ),
    ("get", f"{G}/decisions/{{decision_id}}"): Op(
        lambda w: (f"/governance/decisions/{w.decision.pk}", None), bad=lambda w: ("/governance/decisions/0", None)
    ),
    ("patch", f"{G}/decisions/{{decision_id}}"): Op(
        lambda w: (
            f"/governance/decisions/{w.decision.pk}",
            {"version": w.decision.version, "engagement_influence": "People asked to keep a Saturday clinic."},
        ),
        forbidden=LEADS_ONLY,
        bad=lambda w: (f"/governance/decisions/{w.decision.pk}", {"version": w.decision.version, "title": "x" * 201}),
    ),
    ("delete", f"{G}/decisions/{{decision_id}}"): Op(
        lambda w: (f"/governance/decisions/{w.decision.pk}", None),
        forbidden=LEADS_ONLY,
        bad=lambda w: ("/governance/decisions/-1", None),
    ),
}
