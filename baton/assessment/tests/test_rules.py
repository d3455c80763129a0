"""The self-assessment's rules as people meet them: the exact sentence of every refusal (singular
and plural), who made each change and which action in the audit trail, a stale edit refused with
nothing saved, who may own an action (and in what order the pages offer them), who may assess, and
the evidence and score limits at their boundaries."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from baton.core.audit import CannotRestore, restore_deleted
from baton.core.errors import RuleBroken, StaleEdit
from baton.core.models import AuditEvent, Role
from baton.core.testing import make_user

from .. import actions, permissions
from ..models import Action, Assessment, Framework, Item, Rating
from ..testing import make_assessment, rate_everything

pytestmark = pytest.mark.django_db

OWNER = {"owner": ["Choose someone in your organisation to own the action."]}
READ_ONLY = (
    "This assessment was completed on 5 November 2026, so it is read-only. Start a new period's assessment instead."
)


def _item(key, code):
    return Item.objects.select_related("framework").get(framework__key=key, code=code)


def _refused(attempt):
    with pytest.raises(RuleBroken) as refused:
        attempt()
    return refused.value.reasons


def _invalid(attempt):
    with pytest.raises(ValidationError) as invalid:
        attempt()
    return invalid.value.message_dict


def _saved():
    """Everything the self-assessment and the audit trail hold, to show a refusal saved nothing."""
    return (
        list(Assessment.objects.values()),
        list(Rating.objects.values()),
        list(Action.objects.values()),
        AuditEvent.objects.count(),
    )


# Completing: each reason in words ------------------------------------------------------------------------


def test_a_new_draft_cannot_complete_until_all_25_items_are_scored(personas):
    p = personas
    a = make_assessment(p.org, by=p.ellie)
    assert a.blockers_to_completing() == ["25 items have no score yet. Rate every item first."]
    assert _refused(lambda: actions.complete_assessment(a, by=p.ellie)) == [
        "25 items have no score yet. Rate every item first."
    ]


def test_completing_says_how_many_items_lack_a_score_evidence_or_an_action_in_the_singular_and_plural(personas):
    p = personas
    a = make_assessment(p.org, by=p.ellie)
    rate_everything(a, by=p.ellie, scores={("ccg", "A"): 1, ("ccg", "E"): 0, ("elements", "3"): 1})
    assert a.blockers_to_completing() == []
    # A rating without a score is no score (and is not also counted as wanting evidence).
    actions.rate(a, _item("principles", "7"), score=None, evidence="", by=p.ellie)
    actions.rate(a, _item("elements", "1"), score=3, evidence="", by=p.ellie)
    Action.objects.filter(rating__assessment=a, rating__item=_item("ccg", "E")).delete()
    assert a.blockers_to_completing() == [
        "1 item has no score yet. Rate every item first.",
        "1 rating has no evidence. Give a link or say what shows it.",
        "1 low rating has no action. Say what will be done, by whom and by when.",
    ]
    Rating.objects.filter(assessment=a, item=_item("principles", "8")).delete()
    actions.rate(a, _item("elements", "2"), score=2, evidence="", by=p.ellie)
    Action.objects.filter(rating__assessment=a, rating__item=_item("ccg", "A")).delete()
    assert _refused(lambda: actions.complete_assessment(a, by=p.ellie)) == [
        "2 items have no score yet. Rate every item first.",
        "2 ratings have no evidence. Give a link or say what shows it.",
        "2 low ratings have no action. Say what will be done, by whom and by when.",
    ]
    # Scores 0 and 1 need an action; 2 and 3 do not; an action of a rating at 2 does not count.
    actions.add_action(
        Rating.objects.get(assessment=a, item=_item("elements", "2")),
        by=p.ellie,
        text="Not needed here.",
        owner=p.priya,
        due_on=date(2027, 1, 31),
    )
    assert a.blockers_to_completing()[2] == "2 low ratings have no action. Say what will be done, by whom and by when."


# A completed assessment: read-only, in words -------------------------------------------------------------


def test_a_completed_assessment_refuses_every_change_with_the_sentence_and_saves_nothing(personas):
    p = personas
    a = make_assessment(p.org, by=p.ellie)
    rating = rate_everything(a, by=p.ellie, scores={("ccg", "A"): 0})[0]
    spare = Rating.objects.get(assessment=a, item=_item("ccg", "B"))
    gone = actions.add_action(spare, by=p.ellie, text="Dropped.", owner=p.priya, due_on=date(2027, 1, 31))
    deleted = actions.delete_action(gone, by=p.ellie)
    action = Action.objects.get(rating__assessment=a)
    with time_machine.travel(datetime(2026, 11, 5, 10, 0, tzinfo=UTC), tick=False):
        actions.complete_assessment(a, by=p.ellie)
    a.refresh_from_db()
    before = _saved()
    attempts = {
        "update_assessment": lambda: actions.update_assessment(a, {"summary": "Changed"}, by=p.ellie),
        "rate": lambda: actions.rate(a, rating.item, score=3, evidence="x", by=p.ellie),
        "add_action": lambda: actions.add_action(
            rating, by=p.ellie, text="More", owner=p.ellie, due_on=date(2027, 1, 1)
        ),
        "update_action": lambda: actions.update_action(action, {"text": "Changed"}, by=p.ellie),
        "delete_action": lambda: actions.delete_action(action, by=p.ellie),
        "delete_assessment": lambda: actions.delete_assessment(a, by=p.ellie),
        "complete_assessment": lambda: actions.complete_assessment(a, by=p.ellie),
    }
    assert {name: _refused(attempt) for name, attempt in attempts.items()} == {
        "update_assessment": [READ_ONLY],
        "rate": [READ_ONLY],
        "add_action": [READ_ONLY],
        "update_action": [READ_ONLY],
        "delete_action": [READ_ONLY],
        "delete_assessment": ["A completed assessment is kept: the trend compares it with later periods."],
        "complete_assessment": ["This assessment is already completed."],
    }
    with pytest.raises(CannotRestore) as cannot:
        restore_deleted(deleted, by=p.ellie)
    assert str(cannot.value) == f"{READ_ONLY} Nothing was restored."
    assert _saved() == before


def test_a_draft_can_be_changed_deleted_and_its_deleted_action_restored(personas):
    p = personas
    a = make_assessment(p.org, by=p.ellie)
    assert (a.blockers_to_changing(), a.blockers_to_deleting()) == ([], [])
    rating = actions.rate(a, _item("ccg", "A"), score=1, evidence="Board minutes", by=p.ellie)
    action = actions.add_action(rating, by=p.ellie, text="Fix it.", owner=p.priya, due_on=date(2027, 1, 31))
    event = actions.delete_action(action, by=p.ellie)
    assert restore_deleted(event, by=p.ellie).pk == action.pk
    actions.update_assessment(a, {"summary": "Rated with the lay member."}, by=p.ellie)
    assert Assessment.objects.get(pk=a.pk).summary == "Rated with the lay member."


# The audit trail ---------------------------------------------------------------------------------------------


def test_the_audit_trail_names_who_made_each_change_and_the_action_that_made_it(personas):
    """The audit pages show each event's person and action ("Changed (rate item)")."""
    p = personas
    ready = make_assessment(p.org, by=p.ellie)
    rate_everything(ready, by=p.ellie)
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    a = actions.create_assessment(p.org, by=p.ellie, period="2026/27 Q4", period_end=date(2027, 3, 31))
    actions.update_assessment(a, {"summary": "With the lay member."}, by=p.adam)
    rating = actions.rate(a, _item("ccg", "A"), score=1, evidence="Board minutes", by=p.ellie)
    actions.rate(a, _item("ccg", "A"), score=0, evidence="Board minutes\nAnnual report", by=p.adam)
    action = actions.add_action(rating, by=p.ellie, text="Fix it.", owner=p.priya, due_on=date(2027, 1, 31))
    actions.update_action(action, {"text": "Fix it by March."}, by=p.adam)
    actions.delete_action(action, by=p.ellie)
    actions.delete_assessment(a, by=p.adam)
    actions.complete_assessment(ready, by=p.ellie)
    events = AuditEvent.objects.filter(pk__gt=start).order_by("pk")
    assert [(e.verb, e.action, e.model, e.actor.username) for e in events] == [
        ("create", "create_assessment", "assessment.assessment", "ellie"),
        ("update", "update_assessment", "assessment.assessment", "adam"),
        ("create", "rate_item", "assessment.rating", "ellie"),
        ("update", "rate_item", "assessment.rating", "adam"),
        ("create", "add_assessment_action", "assessment.action", "ellie"),
        ("update", "update_assessment_action", "assessment.action", "adam"),
        ("delete", "delete_assessment_action", "assessment.action", "ellie"),
        ("delete", "delete_assessment", "assessment.assessment", "adam"),
        ("update", "complete_assessment", "assessment.assessment", "ellie"),
    ]
    rerated = events.get(verb="update", action="rate_item")
    assert [c for c in rerated.changes() if c[0] in ("score", "evidence")] == [
        ("evidence", "Board minutes", "Board minutes\nAnnual report"),
        ("score", 1, 0),
    ]
    edited = events.get(action="update_assessment_action")
    assert [c for c in edited.changes() if c[0] in ("text", "owner_id")] == [("text", "Fix it.", "Fix it by March.")]
    completed = events.get(action="complete_assessment")
    assert (completed.before["status"], completed.after["status"]) == ("draft", "completed")
    assert completed.after["completed_by_id"] == p.ellie.pk and completed.after["completed_at"]


# Stale edits ---------------------------------------------------------------------------------------------------


def test_a_stale_version_is_refused_and_nothing_saved_and_the_current_one_is_accepted(personas):
    p = personas
    a = make_assessment(p.org, by=p.ellie)
    rate_everything(a, by=p.ellie, scores={("ccg", "A"): 1})
    action = Action.objects.get(rating__assessment=a)
    actions.update_assessment(a, {"summary": "First."}, by=p.ellie, expected_version=a.version)
    actions.update_action(action, {"text": "First."}, by=p.ellie, expected_version=action.version)
    a.refresh_from_db()
    action.refresh_from_db()
    before = _saved()
    stale = [
        lambda: actions.update_assessment(a, {"summary": "Second."}, by=p.ellie, expected_version=a.version - 1),
        lambda: actions.update_action(action, {"text": "Second."}, by=p.ellie, expected_version=action.version - 1),
        lambda: actions.complete_assessment(a, by=p.ellie, expected_version=a.version - 1),
    ]
    for attempt in stale:
        with pytest.raises(StaleEdit):
            attempt()
    assert _saved() == before
    assert actions.complete_assessment(a, by=p.ellie, expected_version=a.version).is_completed


# Who owns an action ---------------------------------------------------------------------------------------------


def test_an_action_is_owned_by_an_active_member_of_the_organisation_when_added_or_changed(personas):
    p = personas
    left = make_user(p.org, Role.PROGRAMME_LEAD, username="left", is_active=False)
    a = make_assessment(p.org, by=p.ellie)
    rating = actions.rate(a, _item("ccg", "A"), score=1, evidence="Board minutes", by=p.ellie)
    action = actions.add_action(rating, by=p.ellie, text="Fix it.", owner=p.priya, due_on=date(2027, 1, 31))
    before = _saved()

    def add(**owner):
        return lambda: actions.add_action(rating, by=p.ellie, text="More.", due_on=date(2027, 1, 31), **owner)

    def change(owner):
        return lambda: actions.update_action(action, {"owner": owner}, by=p.ellie)

    refusals = [add(), add(owner=None), add(owner=p.oscar), add(owner=left)]
    refusals += [change(None), change(p.oscar), change(left)]
    assert [_invalid(attempt) for attempt in refusals] == [OWNER] * 7
    assert _saved() == before
    # Changing something else keeps the owner; a member with no current role may own it.
    assert actions.update_action(action, {"text": "Fix it by March."}, by=p.ellie).owner == p.priya
    assert actions.update_action(action, {"owner": p.nora}, by=p.ellie).owner == p.nora
    assert Action.objects.get(pk=action.pk).text == "Fix it by March."
    assert add(owner=p.larry)().owner == p.larry


def test_the_owners_offered_are_the_active_members_by_first_name_last_name_then_username(personas):
    p = personas
    make_user(p.org, Role.LAY_MEMBER, username="zed", first_name="Ellie", last_name="Adams")
    make_user(p.org, Role.LAY_MEMBER, username="abby", first_name="Bea", last_name="Brown")
    make_user(p.org, Role.LAY_MEMBER, username="gone", first_name="Aaron", is_active=False)
    make_user(p.other_org, Role.LAY_MEMBER, username="elsewhere", first_name="Aaron")
    assert [u.username for u in permissions.eligible_owners(p.org.pk)] == [
        "adam",
        "abby",
        "bea",
        "zed",
        "ellie",
        "fiona",
        "larry",
        "nora",
        "pat",
        "priya",
    ]


# Who may assess, and what they can reach ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "may"),
    [
        ("ellie", True),
        ("adam", True),
        ("priya", False),
        ("larry", False),
        ("bea", False),
        ("pat", False),
        ("nora", False),
    ],
)
def test_only_engagement_leads_and_admins_edit_assessments(personas, persona, may):
    assert permissions.can_edit_assessments(getattr(personas, persona)) is may


def test_an_assessment_its_ratings_and_actions_are_found_only_in_their_own_organisation(personas):
    p = personas
    a = make_assessment(p.org, by=p.ellie)
    rating = actions.rate(a, _item("ccg", "A"), score=1, evidence="Board minutes", by=p.ellie)
    action = actions.add_action(rating, by=p.ellie, text="Fix it.", owner=p.priya, due_on=date(2027, 1, 31))
    found = permissions.get_action_for_user(p.bea, action.pk)
    assert (found, found.rating.assessment, found.rating.item.framework.key) == (action, a, "ccg")
    found = permissions.get_rating_for_user(p.bea, rating.pk)
    assert (found, found.assessment, found.item.framework.key) == (rating, a, "ccg")
    assert permissions.get_assessment_for_user(p.bea, a.pk) == a
    for get, pk in [
        (permissions.get_assessment_for_user, a.pk),
        (permissions.get_rating_for_user, rating.pk),
        (permissions.get_action_for_user, action.pk),
    ]:
        with pytest.raises(Http404):
            get(p.oscar, pk)
        with pytest.raises(Http404):
            get(p.bea, "x")


def test_an_assessment_rating_or_action_is_read_with_what_its_pages_show_in_one_query(
    personas, django_assert_num_queries
):
    p = personas
    a = make_assessment(p.org, by=p.ellie)
    rating = actions.rate(a, _item("ccg", "A"), score=1, evidence="Board minutes", by=p.ellie)
    action = actions.add_action(rating, by=p.ellie, text="Fix it.", owner=p.priya, due_on=date(2027, 1, 31))
    Assessment.objects.filter(pk=a.pk).update(status="completed", completed_at=timezone.now(), completed_by=p.ellie)
    reads = [
        (permissions.get_assessment_for_user, a.pk, lambda x: (x.organisation.name, x.completed_by.username)),
        (permissions.get_rating_for_user, rating.pk, lambda x: (x.assessment.period, x.item.framework.key)),
        (
            permissions.get_action_for_user,
            action.pk,
            lambda x: (x.rating.assessment.period, x.rating.item.code, x.owner.username),
        ),
    ]
    for get, pk, show in reads:
        get(p.bea, pk)  # who Bea is and where she works: once a request
        with django_assert_num_queries(1):
            show(get(p.bea, pk))


@pytest.mark.parametrize("pk", [0, "x", None, [1]])
def test_an_item_that_does_not_exist_or_a_malformed_id_is_404(pk):
    with pytest.raises(Http404, match="^No such item$"):
        permissions.get_item(pk)


def test_an_item_is_found_with_its_framework(django_assert_num_queries):
    pk = _item("ccg", "E").pk
    with django_assert_num_queries(1):
        item = permissions.get_item(pk)
        assert (item.code, item.framework.key) == ("E", "ccg")


# Scores and evidence at their limits ----------------------------------------------------------------------------


def test_the_ccg_domains_take_at_most_three_pieces_of_evidence_one_a_line_blank_lines_not_counted(personas):
    p = personas
    a = make_assessment(p.org, by=p.ellie)
    item = _item("ccg", "B")
    three = "Board minutes\n\n   \nhttps://example.nhs.uk/ar\nAnnual report\n"
    assert actions.rate(a, item, score=2, evidence=three, by=p.ellie).evidence == three
    before = _saved()
    assert _invalid(lambda: actions.rate(a, item, score=2, evidence="a\nb\nc\nd", by=p.ellie)) == {
        "evidence": [f"Give at most 3 pieces of evidence for {item}, one a line."]
    }
    assert _saved() == before


def test_a_framework_allowing_no_evidence_takes_a_rating_without_any(personas):
    p = personas
    Framework.objects.filter(key="ccg").update(max_evidence=0)
    a = make_assessment(p.org, by=p.ellie)
    item = _item("ccg", "C")
    assert actions.rate(a, item, score=2, evidence="", by=p.ellie).score == 2
    assert _invalid(lambda: actions.rate(a, item, score=2, evidence="Minutes", by=p.ellie)) == {
        "evidence": [f"Give at most 0 pieces of evidence for {item}, one a line."]
    }


def test_a_score_is_one_of_the_scale_or_none_yet(personas):
    p = personas
    a = make_assessment(p.org, by=p.ellie)
    item = _item("ccg", "D")
    assert _invalid(lambda: actions.rate(a, item, score=4, evidence="", by=p.ellie)) == {
        "score": ["Choose a score of 0, 1, 2, 3."]
    }
    assert actions.rate(a, item, score=None, evidence="", by=p.ellie).score is None
    # A score given before its evidence is saved with none (and completing asks for it).
    assert actions.rate(a, item, score=1, by=p.ellie).evidence == ""
    assert actions.rate(a, item, score=0, evidence="x", by=p.ellie).score == 0
    assert Rating.objects.get(assessment=a, item=item).score == 0
