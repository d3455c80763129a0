"""The self-assessment's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py
gathers every area's `OPS` and runs `prepare(world)` first)."""

from datetime import date

from baton.cycle.tests.test_api_permissions import WRITERS_ONLY, Op

from ..actions import add_action, rate
from ..models import Item
from ..testing import make_assessment, rate_everything

EDITORS_ONLY = ("priya", *WRITERS_ONLY)
A = "/api/assessments"


def prepare(w) -> None:
    """A draft for 2026/27 Q3 with CCG domain A rated 1 and an action owned by Priya."""
    w.assessment = make_assessment(w.p.org, by=w.p.ellie, period="2026/27 Q3", period_end=date(2026, 12, 31))
    w.item = Item.objects.get(framework__key="ccg", code="A")
    rating = rate(w.assessment, w.item, score=1, evidence="Board minutes", by=w.p.ellie)
    w.action = add_action(rating, by=w.p.ellie, text="Fix it", owner=w.p.priya, due_on=date(2027, 1, 31))


def _ready(w):
    rate_everything(w.assessment, by=w.p.ellie, scores={("ccg", "A"): 1})


def _a(w, tail=""):
    return f"/assessments/{w.assessment.pk}{tail}"


OPS = {
    ("get", "/api/assessment-frameworks"): Op(
        lambda w: ("/assessment-frameworks", None),
        oscar="elsewhere",
        bad=lambda w: ("/assessment-frameworks?page=0", None),
    ),
    ("get", A): Op(lambda w: ("/assessments", None), oscar="list", bad=lambda w: ("/assessments?page=0", None)),
    ("post", A): Op(
        lambda w: ("/assessments", {"period": "2027/28 Q1", "period_end": "2027-06-30"}),
        ok=201,
        forbidden=EDITORS_ONLY,
        oscar="elsewhere",
        bad=lambda w: ("/assessments", {"period": "", "period_end": "2027-06-30"}),
    ),
    ("get", f"{A}/trend"): Op(
        lambda w: ("/assessments/trend", None),
        oscar="elsewhere",
        bad=lambda w: ("/assessments/trend?periods=0", None),
    ),
    ("get", f"{A}/{{assessment_id}}"): Op(lambda w: (_a(w), None), bad=lambda w: ("/assessments/0", None)),
    ("patch", f"{A}/{{assessment_id}}"): Op(
        lambda w: (_a(w), {"version": 1, "summary": "Rated with the lay member."}),
        forbidden=EDITORS_ONLY,
        bad=lambda w: (_a(w), {"version": 1, "period": "x" * 41}),
    ),
    ("delete", f"{A}/{{assessment_id}}"): Op(
        lambda w: (_a(w), None), forbidden=EDITORS_ONLY, bad=lambda w: ("/assessments/-1", None)
    ),
    ("post", f"{A}/{{assessment_id}}/complete"): Op(
        lambda w: (_a(w, "/complete"), {}),
        setup=_ready,
        forbidden=EDITORS_ONLY,
        bad=lambda w: (_a(w, "/complete"), {"version": -1}),
    ),
    ("get", f"{A}/{{assessment_id}}/ratings"): Op(
        lambda w: (_a(w, "/ratings"), None), bad=lambda w: ("/assessments/0/ratings", None)
    ),
    ("post", f"{A}/{{assessment_id}}/items/{{item_id}}"): Op(
        lambda w: (_a(w, f"/items/{w.item.pk}"), {"score": 2, "evidence": "https://example.nhs.uk/board"}),
        forbidden=EDITORS_ONLY,
        bad=lambda w: (_a(w, f"/items/{w.item.pk}"), {"score": 9}),
    ),
    ("post", f"{A}/{{assessment_id}}/items/{{item_id}}/actions"): Op(
        lambda w: (
            _a(w, f"/items/{w.item.pk}/actions"),
            {"text": "Recruit a second lay member.", "owner_id": w.p.priya.pk, "due_on": "2027-03-31"},
        ),
        ok=201,
        forbidden=EDITORS_ONLY,
        bad=lambda w: (
            _a(w, f"/items/{w.item.pk}/actions"),
            {"text": "", "owner_id": w.p.priya.pk, "due_on": "2027-03-31"},
        ),
    ),
    ("delete", "/api/assessment-actions/{action_id}"): Op(
        lambda w: (f"/assessment-actions/{w.action.pk}", None),
        forbidden=EDITORS_ONLY,
        bad=lambda w: ("/assessment-actions/-1", None),
    ),
}
