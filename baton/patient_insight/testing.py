"""Factories for labelled feedback comments (made directly, as the insight app's import would leave
them), review samples, reviews and patient partners' reports, the last three through the actions as
a user would; and the area's share of the test world (core.testing.build_world)."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

_seq = itertools.count(1)

THEMES = [
    ["Staff manner & personal attributes"],
    ["Timeliness of care"],
    ["Staff manner & personal attributes", "Positive experience & gratitude"],
    ["Appointment arrangements", "Contacting services"],
    ["Food & drink provision & facilities"],
    ["Parking"],
    ["Cleanliness, tidiness & infection control"],
    ["Information provision & guidance"],
]
TEXTS = [
    "The nurses were kind and took time to explain everything.",
    "Waited four hours in A&E before anyone saw my son.",
    "Lovely staff, thank you for looking after my mum.",
    "Could never get through on the phone to book an appointment.",
    "The food on the ward was cold every day.",
    "Parking was impossible and expensive.",
    "The toilets were not clean.",
    "Nobody told us what the medicine was for.",
]


def make_comment(organisation, text: str | None = None, *, themes=None, **fields):
    """One labelled comment with its themes (FeedbackTheme rows), made directly with the ORM."""
    from baton.insight.models import FeedbackComment, FeedbackTheme

    n = next(_seq)
    text = text or f"{TEXTS[n % len(TEXTS)]} ({n})"
    values = {
        "sentiment": 2 if n % 3 else 4,
        "confidence": round(0.3 + (n % 7) / 10, 2),
        "service": "Outpatients",
        "received_on": date(2026, 3, 1 + n % 28),
        "question": "could_improve",
    }
    values.update(fields)
    comment = FeedbackComment.objects.create(
        organisation=organisation,
        row_key=hashlib.sha256(f"{organisation.pk}:{n}:{text}".encode()).hexdigest(),
        text=text,
        **values,
    )
    for code in THEMES[n % len(THEMES)] if themes is None else themes:
        FeedbackTheme.objects.create(comment=comment, organisation=organisation, code=code, probability=0.8)
    return comment


def make_comments(organisation, n: int, **fields) -> list:
    return [make_comment(organisation, **fields) for _ in range(n)]


def make_sample(organisation, *, by, reviewer, **overrides):
    from .actions import make_sample as make

    fields = {"title": f"Sample {next(_seq)}", "size": 10, "seed": 12345}
    fields.update(overrides)
    return make(organisation, by=by, reviewer=reviewer, **fields)


def review(sample, position: int, *, by, agreed: bool = True, themes=(), sentiment=None, note: str = ""):
    """The reviewer's answer for the comment at `position` of `sample`, through the action."""
    from .actions import save_review
    from .models import Review

    item = Review.objects.select_related("sample").get(sample=sample, position=position)
    return save_review(item, by=by, agreed=agreed, themes=list(themes), sentiment=sentiment, note=note)


def make_report(organisation, *, by, **overrides):
    from .actions import submit_report

    fields = {
        "kind": "monitoring_visit",
        "happened_on": timezone.localdate() - timedelta(days=3),
        "place": f"Ward {next(_seq)}, Riverside Hospital",
        "heard_from": "Four patients and two visitors on the ward",
        "heard": "Call bells were left ringing for a long time at night.",
        "suggestions": "Check call bell response times at night.",
    }
    fields.update(overrides)
    return submit_report(organisation, by=by, **fields)


@dataclass
class PatientInsightWorld:
    sample: object
    closed_sample: object
    reports: dict


def contribute(world) -> None:
    """Twelve labelled comments; a sample given to Pat, partly reviewed (one agreed, one corrected),
    and a closed one; Pat's reports waiting, returned and accepted as insight.
    An instance of every parameterised route."""
    from .actions import accept_report, close_sample, return_report

    p = world.personas
    org = p.org
    make_comments(org, 12)
    sample = make_sample(org, by=p.ellie, reviewer=p.pat, title="Outpatients, March", size=8)
    review(sample, 1, by=p.pat)
    review(sample, 2, by=p.pat, agreed=False, themes=["Timeliness of care", "Parking"], sentiment=5)
    closed = make_sample(org, by=p.ellie, reviewer=p.pat, title="A&E, February", size=5, seed=7)
    review(closed, 1, by=p.pat)
    close_sample(closed, by=p.ellie)

    run = world.of["cycle"].run
    waiting = make_report(org, by=p.pat, place="Ward 7, Riverside Hospital")
    returned = return_report(make_report(org, by=p.pat), by=p.ellie, note="Say which ward, please.")
    accepted = accept_report(
        make_report(org, by=p.pat, kind="community_conversation", place="Riverside Mosque"),
        by=p.ellie,
        stage_run=run,
        title="Call bells go unanswered at night",
    )

    world.of["patient_insight"] = PatientInsightWorld(
        sample, closed, {"waiting": waiting, "returned": returned, "accepted": accepted}
    )
    world.powers.setdefault("pat", set()).update(
        {"patient_insight:review", "patient_insight:report_create", "patient_insight:report_edit"}
    )
    for s in (sample, closed):
        world.route("patient_insight:sample_detail", pk=s.pk)
        world.route("patient_insight:sample_close", pk=s.pk)
    for s, position in ((sample, 1), (sample, 3), (closed, 1)):
        world.route("patient_insight:review", pk=s.pk, position=position)
    for report in (waiting, returned, accepted):
        for name in ("report_detail", "report_edit", "report_accept", "report_return"):
            world.route(f"patient_insight:{name}", pk=report.pk)
