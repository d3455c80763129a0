"""Patient insight's share of the demo organisation: Friends and Family Test comments labelled as the
engine would (some of them wrongly, as it sometimes is), a sample of twenty given to Pat with eight
reviewed (two corrected), Pat's report from a monitoring visit waiting for Ellie, and his report
from a community conversation accepted as insight. Built through the actions. Run by `baton demo`
after the insight app's share; if that made labelled comments already, they are sampled too."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.utils import timezone

COMMENTS = [
    ("The nurses were kind and explained everything to my dad.", ["Staff manner & personal attributes"], 1),
    ("Waited four hours in A&E with a broken wrist.", ["Timeliness of care"], 5),
    ("Could not get through on the phone for three days.", ["Contacting services"], 4),
    ("Parking is a nightmare and it costs a fortune.", ["Parking"], 4),
    ("Lovely staff, thank you for everything.", ["Positive experience & gratitude"], 1),
    ("The food was cold and there was no choice for my diet.", ["Food & drink provision & facilities"], 4),
    ("Nobody told me what the new tablets were for.", ["Information directly from staff during care"], 4),
    ("Toilets on the ward were dirty all weekend.", ["Cleanliness, tidiness & infection control"], 5),
    ("My appointment was cancelled twice by text with no reason.", ["Appointment arrangements"], 4),
    (
        "The doctor listened and involved me in every decision.",
        ["Staff listening, understanding & involving patients"],
        1,
    ),
    ("It was so noisy at night I could not sleep.", ["Sensory experience"], 4),
    ("Discharge took all day waiting for medicines.", ["Discharge", "Supplying & understanding medication"], 4),
    ("The bus from our village does not go to the new hospital.", ["Parking"], 3),  # the machine is wrong
    ("Reception were rude when I asked about my results.", ["Staff manner & personal attributes"], 4),
    ("Not enough staff on the ward, buzzers ringing for ages.", ["Staffing levels & responsiveness"], 5),
    ("Clear letter explaining the scan, thank you.", ["Information provision & guidance"], 2),
    ("Saw a different doctor every time and had to repeat my story.", ["Continuity of care"], 4),
    ("My wife was not told I had been moved to another ward.", ["Positive experience & gratitude"], 2),  # wrong
    ("Video appointment worked well and saved me a trip.", ["Appointment method"], 2),
    ("The pain relief came late and I was in agony.", ["Pain management", "Timeliness of care"], 5),
    ("Excellent care from the midwives.", ["Staff manner & personal attributes", "Competence & training"], 1),
    ("Signs in the hospital were confusing, I got lost.", ["Environment, facilities & equipment"], 3),
    ("Felt safe and well looked after.", ["Feeling safe"], 1),
    ("Booking online was easy.", ["Appointment arrangements"], 2),
]


def load(organisation, users) -> None:
    """Build the demo's patient insight once (nothing if the organisation has a sample already)."""
    from baton.cycle.models import StageRun
    from baton.insight.models import FeedbackComment, FeedbackTheme

    from . import actions
    from .models import ReviewSample
    from .testing import review

    if ReviewSample.objects.for_org(organisation).exists():
        return
    ellie, pat = users["ellie"], users["pat"]
    start = date(2026, 3, 2)
    for i, (text, themes, sentiment) in enumerate(COMMENTS):
        comment, made = FeedbackComment.objects.get_or_create(
            organisation=organisation,
            row_key=hashlib.sha256(f"demo-patient-insight:{i}".encode()).hexdigest(),
            defaults={
                "text": text,
                "sentiment": sentiment,
                "confidence": round(0.35 + (i * 37 % 60) / 100, 2),
                "service": "Riverside Hospital outpatients" if i % 2 else "Riverside Hospital wards",
                "received_on": start + timedelta(days=i),
                "question": "could_improve" if sentiment >= 3 else "what_good",
                "source": "fft",
                "language": "en",
            },
        )
        if made:
            FeedbackTheme.objects.bulk_create(
                FeedbackTheme(comment=comment, organisation=organisation, code=code, probability=0.7) for code in themes
            )
    sample = actions.make_sample(
        organisation, by=ellie, reviewer=pat, title="Outpatients and wards, March", size=20, seed=2026
    )
    for position in range(1, 9):
        item = sample.reviews.select_related("comment").get(position=position)
        if item.comment.text.startswith("The bus"):
            review(sample, position, by=pat, agreed=False, themes=["Transport to/ from services"], sentiment=4)
        elif item.comment.text.startswith("My wife"):
            review(sample, position, by=pat, agreed=False, themes=["Interaction with family/ carers"], sentiment=4)
        else:
            review(sample, position, by=pat)

    today = timezone.localdate()
    actions.submit_report(
        organisation,
        by=pat,
        kind="monitoring_visit",
        happened_on=today - timedelta(days=4),
        place="Ward 7, Riverside Hospital",
        heard_from="Five patients and three visitors on the ward",
        heard="Call bells were left ringing for a long time at night. Two patients said they had stopped using them.",
        suggestions="Check call bell response times at night and tell patients what to expect.",
    )
    run = StageRun.objects.for_org(organisation).live().filter(status=StageRun.Status.OPEN).order_by("pk").first()
    report = actions.submit_report(
        organisation,
        by=pat,
        kind="community_conversation",
        happened_on=today - timedelta(days=20),
        place="Riverside Mosque community room",
        heard_from="About a dozen older men after Friday prayers",
        heard="Nobody knew the walk-in centre had moved to the new health hub.",
        suggestions="Letters and posters in Urdu and Bengali, and a word at the mosque.",
        stage_run=run,
    )
    if run is not None:
        actions.accept_report(report, by=ellie, stage_run=run, title="People did not know the walk-in centre moved")
