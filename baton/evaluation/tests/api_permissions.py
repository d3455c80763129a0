"""Evaluation's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py
gathers every area's `OPS` and runs `prepare(world)` first). Staff read (a patient partner: 403);
engagement leads, admins and the programme's lead assess (others: 403)."""

from baton.cycle.testing import make_activity
from baton.cycle.tests.test_api_permissions import Op

from ..testing import ANSWERS, make_assessment

R = "/evaluation"
READERS_NOT = ("pat",)
ASSESSORS_ONLY = ("bea", "larry", "pat", "nora", "fiona")


def prepare(w) -> None:
    """The world's needs run has handed over, so its activities are ready: one assessed (by
    Priya, its programme's lead), one left to assess."""
    p = w.p
    w.eval_assessment = make_assessment(w.activity, by=p.priya)
    w.eval_free = make_activity(w.run, by=p.priya, title="Walkabout")


OPS = {
    ("get", f"/api{R}/assessments"): Op(
        lambda w: (f"{R}/assessments", None),
        oscar="list",
        forbidden=READERS_NOT,
        bad=lambda w: (f"{R}/assessments?programme_id=0", None),
    ),
    ("post", f"/api{R}/assessments"): Op(
        lambda w: (f"{R}/assessments", {"activity_id": w.eval_free.pk, **ANSWERS}),
        ok=201,
        forbidden=ASSESSORS_ONLY,
        oscar="choice:activity_id",
        bad=lambda w: (f"{R}/assessments", {"activity_id": w.eval_free.pk, **ANSWERS, "outcomes_rating": 7}),
    ),
    ("get", f"/api{R}/assessments/{{assessment_id}}"): Op(
        lambda w: (f"{R}/assessments/{w.eval_assessment.pk}", None),
        forbidden=READERS_NOT,
        bad=lambda w: (f"{R}/assessments/0", None),
    ),
    ("patch", f"/api{R}/assessments/{{assessment_id}}"): Op(
        lambda w: (f"{R}/assessments/{w.eval_assessment.pk}", {"version": 1, "outcomes_rating": 4}),
        forbidden=ASSESSORS_ONLY,
        bad=lambda w: (f"{R}/assessments/{w.eval_assessment.pk}", {"version": 1, "outcomes_evidence": "x" * 4001}),
    ),
    ("delete", f"/api{R}/assessments/{{assessment_id}}"): Op(
        lambda w: (f"{R}/assessments/{w.eval_assessment.pk}", None),
        forbidden=ASSESSORS_ONLY,
        bad=lambda w: (f"{R}/assessments/0", None),
    ),
    ("get", f"/api{R}/programmes/{{programme_id}}/rollup"): Op(
        lambda w: (f"{R}/programmes/{w.programme.pk}/rollup", None),
        forbidden=READERS_NOT,
        bad=lambda w: (f"{R}/programmes/0/rollup", None),
    ),
}
