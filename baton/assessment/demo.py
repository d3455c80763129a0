"""The self-assessment's share of the demo organisation: two completed periods that show a trend
(the CCG domains from 9 to 12 of 15; "who does what" and equalities improving), each rating with
evidence and the low ones with actions, and the current period in draft. Built through the actions,
as an engagement lead would. Run by `baton demo`."""

from __future__ import annotations

from datetime import date, timedelta

# (framework key, code) -> (score last year, score this half-year); anything not named scores 2.
SCORES = {
    ("ccg", "A"): (2, 3),
    ("ccg", "B"): (2, 2),
    ("ccg", "C"): (2, 3),
    ("ccg", "D"): (2, 2),
    ("ccg", "E"): (1, 2),
    ("elements", "3"): (1, 2),
    ("elements", "4"): (2, 3),
    ("elements", "5"): (1, 2),
    ("elements", "8"): (1, 1),
    ("principles", "4"): (1, 2),
    ("principles", "5"): (2, 3),
}
EVIDENCE = "https://www.north-riverside.example/get-involved/annual-report#engagement\nBoard minutes, engagement assurance item"


def load(organisation, users) -> None:
    """Build the demo assessments once (nothing if the organisation has some)."""
    from . import actions
    from .models import Assessment, Item
    from .testing import ensure_frameworks

    if Assessment.objects.for_org(organisation).exists():
        return
    ensure_frameworks()
    ellie = users["ellie"]
    owners = [users["priya"], users["sam"], ellie]
    items = list(Item.objects.select_related("framework"))
    periods = [("2025/26", date(2026, 3, 31)), ("2026/27 Q2", date(2026, 9, 30))]
    for index, (period, end) in enumerate(periods):
        assessment = actions.create_assessment(
            organisation,
            by=ellie,
            period=period,
            period_end=end,
            summary="Rated by the engagement team with the lay member for involvement, from the evidence below.",
        )
        for n, item in enumerate(items):
            score = SCORES.get((item.framework.key, item.code), (2, 2))[index]
            rating = actions.rate(assessment, item, score=score, evidence=EVIDENCE, by=ellie)
            if score < 2:
                actions.add_action(
                    rating,
                    by=ellie,
                    text=f"Improve '{item.title}': agree a plan with the people and partners concerned.",
                    owner=owners[n % len(owners)],
                    due_on=end + timedelta(days=180),
                )
        actions.complete_assessment(assessment, by=ellie)
    draft = actions.create_assessment(organisation, by=ellie, period="2026/27 Q3", period_end=date(2026, 12, 31))
    ccg_a = next(i for i in items if i.framework.key == "ccg" and i.code == "A")
    actions.rate(draft, ccg_a, score=3, evidence=EVIDENCE, by=ellie)
