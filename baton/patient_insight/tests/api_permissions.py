"""Patient insight's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py
gathers every area's `OPS` and runs `prepare(world)` first). Staff read every sample, its reviews
and the agreement; engagement leads and admins give and close samples and accept or return reports;
only the patient partner a sample was given to reviews it (he reads only his own samples and
reports); only patient partners record reports, and only the author changes one."""

from datetime import timedelta

from django.utils import timezone

from baton.cycle.tests.test_api_permissions import Op

from ..testing import make_comments, make_report, make_sample

R = "/api/patient-insight"
LEADS_ONLY = ("priya", "bea", "larry", "pat", "nora", "fiona")
STAFF_NOT = ("pat",)
NOT_PAT = ("ellie", "priya", "bea", "larry", "nora", "fiona", "adam")
DAY = str(timezone.localdate() - timedelta(days=3))


def prepare(w) -> None:
    """Twelve labelled comments, a sample of eight given to Pat, and a report of his waiting."""
    p = w.p
    make_comments(p.org, 12)
    w.sample = make_sample(p.org, by=p.ellie, reviewer=p.pat, size=8)
    w.review = w.sample.reviews.get(position=1)
    w.report = make_report(p.org, by=p.pat)


def _report_body(w, **overrides):
    body = {
        "kind": "community_conversation",
        "happened_on": DAY,
        "place": "Riverside community centre",
        "heard_from": "A dozen carers at a support group",
        "heard": "Respite care is hard to find.",
        "stage_run_id": w.run.pk,
    }
    return {**body, **overrides}


OPS = {
    ("get", f"{R}/samples"): Op(
        lambda w: ("/patient-insight/samples", None),
        oscar="list",
        bad=lambda w: ("/patient-insight/samples?page=0", None),
    ),
    ("post", f"{R}/samples"): Op(
        lambda w: ("/patient-insight/samples", {"title": "March", "reviewer_id": w.p.pat.pk, "size": 5, "seed": 3}),
        ok=201,
        forbidden=LEADS_ONLY,
        oscar="choice:reviewer_id",
        bad=lambda w: ("/patient-insight/samples", {"title": "March", "reviewer_id": w.p.pat.pk, "size": 1}),
    ),
    ("get", f"{R}/samples/{{sample_id}}"): Op(
        lambda w: (f"/patient-insight/samples/{w.sample.pk}", None),
        bad=lambda w: ("/patient-insight/samples/0", None),
    ),
    ("post", f"{R}/samples/{{sample_id}}/close"): Op(
        lambda w: (f"/patient-insight/samples/{w.sample.pk}/close", {"version": 1}),
        forbidden=LEADS_ONLY,
        bad=lambda w: (f"/patient-insight/samples/{w.sample.pk}/close", {"version": 0}),
    ),
    ("get", f"{R}/samples/{{sample_id}}/agreement"): Op(
        lambda w: (f"/patient-insight/samples/{w.sample.pk}/agreement", None),
        forbidden=STAFF_NOT,
        bad=lambda w: ("/patient-insight/samples/0/agreement", None),
    ),
    ("get", f"{R}/agreement"): Op(
        lambda w: ("/patient-insight/agreement", None),
        forbidden=STAFF_NOT,
        oscar="elsewhere",
        bad=lambda w: ("/patient-insight/reports?status=nope", None),
    ),
    ("get", f"{R}/samples/{{sample_id}}/reviews"): Op(
        lambda w: (f"/patient-insight/samples/{w.sample.pk}/reviews", None),
        bad=lambda w: (f"/patient-insight/samples/{w.sample.pk}/reviews?page=0", None),
    ),
    ("patch", f"{R}/reviews/{{review_id}}"): Op(
        lambda w: (
            f"/patient-insight/reviews/{w.review.pk}",
            {"version": 1, "agreed": False, "themes": ["Parking"], "sentiment": 4},
        ),
        by="pat",
        forbidden=NOT_PAT,
        bad=lambda w: (f"/patient-insight/reviews/{w.review.pk}", {"version": 1, "agreed": False, "sentiment": 9}),
    ),
    ("get", f"{R}/reports"): Op(
        lambda w: ("/patient-insight/reports", None),
        oscar="list",
        bad=lambda w: ("/patient-insight/reports?status=nope", None),
    ),
    ("post", f"{R}/reports"): Op(
        lambda w: ("/patient-insight/reports", _report_body(w)),
        ok=201,
        by="pat",
        forbidden=NOT_PAT,
        oscar="choice:stage_run_id",
        bad=lambda w: ("/patient-insight/reports", _report_body(w, place="")),
    ),
    ("get", f"{R}/reports/{{report_id}}"): Op(
        lambda w: (f"/patient-insight/reports/{w.report.pk}", None),
        bad=lambda w: ("/patient-insight/reports/0", None),
    ),
    ("patch", f"{R}/reports/{{report_id}}"): Op(
        lambda w: (f"/patient-insight/reports/{w.report.pk}", {"version": 1, "place": "Ward 9"}),
        by="pat",
        forbidden=NOT_PAT,
        bad=lambda w: (f"/patient-insight/reports/{w.report.pk}", {"version": 1, "place": "x" * 201}),
    ),
    ("post", f"{R}/reports/{{report_id}}/accept"): Op(
        lambda w: (
            f"/patient-insight/reports/{w.report.pk}/accept",
            {"version": 1, "stage_run_id": w.run.pk, "title": "Call bells go unanswered at night"},
        ),
        forbidden=LEADS_ONLY,
        bad=lambda w: (
            f"/patient-insight/reports/{w.report.pk}/accept",
            {"version": 1, "stage_run_id": w.run.pk, "title": " "},
        ),
    ),
    ("post", f"{R}/reports/{{report_id}}/return"): Op(
        lambda w: (f"/patient-insight/reports/{w.report.pk}/return", {"version": 1, "note": "Which ward?"}),
        forbidden=LEADS_ONLY,
        bad=lambda w: (f"/patient-insight/reports/{w.report.pk}/return", {"version": 1, "note": ""}),
    ),
}
