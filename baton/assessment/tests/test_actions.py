"""Self-assessment rules, each as a matrix: every missing piece alone blocks completing; a
completed assessment refuses every change; the CCG evidence limit; scores from the scale."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from baton.core.audit import restore_deleted
from baton.core.errors import RuleBroken
from baton.core.models import AuditEvent

from .. import actions
from ..models import Action, Assessment, Framework, Item, Rating
from ..testing import make_assessment, rate_everything

pytestmark = pytest.mark.django_db


def _item(key, code):
    return Item.objects.select_related("framework").get(framework__key=key, code=code)


def test_the_frameworks_are_reference_data_loaded_by_the_migration():
    counts = {f.key: (f.items.count(), f.levels.count()) for f in Framework.objects.all()}
    assert counts == {"elements": (10, 4), "principles": (10, 4), "ccg": (5, 4)}
    assert list(_item("ccg", "A").framework.levels.values_list("label", flat=True)) == [
        "Inadequate",
        "Requires improvement",
        "Good",
        "Outstanding",
    ]
    assert Framework.objects.get(key="ccg").max_evidence == 3
    assert _item("ccg", "E").title == "Equalities and health inequalities"


def test_completing_matrix_each_missing_piece_alone_blocks(personas):
    p = personas
    low = _item("ccg", "E")

    def ready():
        a = make_assessment(p.org, by=p.ellie)
        rate_everything(a, by=p.ellie, scores={("ccg", "E"): 1})
        return Assessment.objects.get(pk=a.pk)

    # All present: completes, and becomes read-only.
    done = actions.complete_assessment(ready(), by=p.ellie)
    assert done.is_completed and done.completed_by == p.ellie
    # An item unscored.
    a = ready()
    Rating.objects.filter(assessment=a, item=_item("principles", "7")).delete()
    with pytest.raises(RuleBroken, match="1 item has no score yet"):
        actions.complete_assessment(a, by=p.ellie)
    # A rating without evidence.
    a = ready()
    actions.rate(a, _item("elements", "1"), score=3, evidence="", by=p.ellie)
    with pytest.raises(RuleBroken, match="1 rating has no evidence"):
        actions.complete_assessment(a, by=p.ellie)
    # A low score without an action.
    a = ready()
    Action.objects.filter(rating__assessment=a, rating__item=low).delete()
    with pytest.raises(RuleBroken, match="1 low rating has no action"):
        actions.complete_assessment(a, by=p.ellie)
    assert Assessment.objects.completed().count() == 1


def test_a_completed_assessment_refuses_every_change(personas):
    p = personas
    a = make_assessment(p.org, by=p.ellie)
    rating = rate_everything(a, by=p.ellie, scores={("ccg", "A"): 0})[0]
    action = Action.objects.filter(rating__assessment=a).first()
    actions.complete_assessment(a, by=p.ellie)
    a.refresh_from_db()
    before = AuditEvent.objects.count()
    attempts = [
        lambda: actions.update_assessment(a, {"summary": "Changed"}, by=p.ellie),
        lambda: actions.rate(a, rating.item, score=3, evidence="x", by=p.ellie),
        lambda: actions.add_action(rating, by=p.ellie, text="More", owner=p.ellie, due_on=date(2027, 1, 1)),
        lambda: actions.update_action(action, {"text": "Changed"}, by=p.ellie),
        lambda: actions.delete_action(action, by=p.ellie),
        lambda: actions.delete_assessment(a, by=p.ellie),
        lambda: actions.complete_assessment(a, by=p.ellie),
    ]
    for attempt in attempts:
        with pytest.raises(RuleBroken):
            attempt()
    assert AuditEvent.objects.count() == before


def test_rating_twice_changes_the_one_rating_and_the_scale_and_evidence_limits_hold(personas):
    p = personas
    a = make_assessment(p.org, by=p.ellie)
    item = _item("ccg", "B")
    actions.rate(a, item, score=1, evidence="Annual report 2025/26", by=p.ellie)
    actions.rate(a, item, score=2, evidence="Annual report 2025/26\nhttps://example.nhs.uk/ar", by=p.ellie)
    assert Rating.objects.get(assessment=a, item=item).score == 2
    assert Rating.objects.filter(assessment=a).count() == 1
    with pytest.raises(ValidationError, match="at most 3 pieces of evidence"):
        actions.rate(a, item, score=2, evidence="a\nb\nc\nd", by=p.ellie)
    actions.rate(a, _item("principles", "1"), score=2, evidence="a\nb\nc\nd", by=p.ellie)  # no limit there
    with pytest.raises(ValidationError, match="Choose a score of 0, 1, 2, 3"):
        actions.rate(a, item, score=4, evidence="", by=p.ellie)


def test_an_action_is_owned_by_someone_in_the_organisation(personas):
    p = personas
    a = make_assessment(p.org, by=p.ellie)
    rating = actions.rate(a, _item("ccg", "A"), score=1, evidence="x", by=p.ellie)
    with pytest.raises(ValidationError, match="Choose someone in your organisation"):
        actions.add_action(rating, by=p.ellie, text="Do it", owner=p.oscar, due_on=date(2027, 1, 1))
    made = actions.add_action(rating, by=p.ellie, text="Do it", owner=p.priya, due_on=date(2027, 1, 1))
    assert made.owner == p.priya


def test_one_assessment_a_period_and_deleting_a_draft_is_restorable(personas):
    p = personas
    a = make_assessment(p.org, by=p.ellie, period="2026/27 Q1")
    with pytest.raises(ValidationError, match="already an assessment for this period"):
        make_assessment(p.org, by=p.ellie, period="2026/27 Q1")
    make_assessment(p.other_org, by=p.oscar, period="2026/27 Q1")  # another organisation's own
    rate_everything(a, by=p.ellie)
    event = actions.delete_assessment(a, by=p.ellie)
    assert not Assessment.objects.filter(pk=a.pk).exists()
    restore_deleted(event, by=p.ellie)
    assert Rating.objects.filter(assessment_id=a.pk).count() == Item.objects.count()
