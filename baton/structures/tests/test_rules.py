"""Function before form (DESIGN.md rule 5) and the register's other rules, each as a matrix: every
missing piece alone flags or refuses, all present allows; the sentences are what a person reads."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.governance.testing import make_board, make_decision

from ..models import QUIET_AFTER_DAYS, TERMS_VALID_FOR_DAYS, MeetingAction, Structure
from ..testing import make_action, make_meeting, make_structure

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _flags(structure):
    return Structure.objects.with_health().get(pk=structure.pk).flags(TODAY)


def test_a_structure_that_states_its_function_and_meets_has_no_flag(personas):
    p = personas
    s = make_structure(p.org, by=p.ellie)
    make_meeting(s, by=p.ellie, held_on=TODAY - timedelta(days=10))
    assert _flags(s) == [] and s.flags(TODAY) == []
    assert not Structure.objects.for_org(p.org).flagged(TODAY).exists()


@pytest.mark.parametrize(
    ("overrides", "meeting_days_ago", "flag"),
    [
        ({"purpose": "  "}, 10, "No stated purpose."),
        ({"feeds_named_body": ""}, 10, "Not linked to a decision body."),
        ({"terms_reviewed_on": None}, 10, "No date of review for its terms of reference."),
        (
            {"terms_reviewed_on": TODAY - timedelta(days=TERMS_VALID_FOR_DAYS + 1)},
            10,
            "Terms of reference out of date (last reviewed more than a year ago).",
        ),
        ({}, None, "No meeting recorded."),
        ({}, QUIET_AFTER_DAYS + 1, "No meeting in the last six months."),
        ({"review_due_on": TODAY - timedelta(days=1)}, 10, "Review overdue."),
    ],
)
def test_each_missing_piece_alone_flags_the_structure(personas, overrides, meeting_days_ago, flag):
    p = personas
    s = make_structure(p.org, by=p.ellie, **overrides)
    if meeting_days_ago is not None:
        make_meeting(s, by=p.ellie, held_on=TODAY - timedelta(days=meeting_days_ago))
    assert _flags(s) == [flag]
    assert Structure.objects.get(pk=s.pk).flags(TODAY) == [flag]  # counted without the annotation, too
    assert list(Structure.objects.for_org(p.org).flagged(TODAY)) == [s]


def test_the_boundaries_of_the_flags_are_exact(personas):
    p = personas
    s = make_structure(
        p.org, by=p.ellie, terms_reviewed_on=TODAY - timedelta(days=TERMS_VALID_FOR_DAYS), review_due_on=TODAY
    )
    make_meeting(s, by=p.ellie, held_on=TODAY - timedelta(days=QUIET_AFTER_DAYS))
    assert _flags(s) == []
    assert not Structure.objects.for_org(p.org).flagged(TODAY).exists()


def test_a_meeting_planned_for_later_does_not_count_as_having_met(personas):
    p = personas
    s = make_structure(p.org, by=p.ellie)
    make_meeting(s, by=p.ellie, held_on=TODAY + timedelta(days=5))
    assert _flags(s) == ["No meeting recorded."]


def test_a_decision_body_in_baton_counts_and_both_at_once_is_refused(personas):
    p = personas
    board = make_board(p.org, by=p.ellie, name="Primary care committee")
    s = make_structure(p.org, by=p.ellie, feeds_board=board, feeds_named_body="")
    assert s.decision_body == "Primary care committee"
    with pytest.raises(ValidationError, match="not both"):
        make_structure(p.org, by=p.ellie, feeds_board=board, feeds_named_body="Also this")


@pytest.mark.parametrize(
    ("overrides", "reviewed", "next_due", "reason"),
    [
        ({"purpose": ""}, 0, 300, "State the structure's purpose before recording a review"),
        ({"feeds_named_body": ""}, 0, 300, "Name the decision body the structure feeds"),
        ({}, -1, 300, "A review is recorded on or after the day it took place"),
        ({}, 0, 0, "The next review must be after this one."),
        ({}, 0, TERMS_VALID_FOR_DAYS + 1, "Review each structure at least yearly"),
    ],
)
def test_each_gap_alone_refuses_a_review(personas, overrides, reviewed, next_due, reason):
    p = personas
    s = make_structure(p.org, by=p.ellie, **overrides)
    reviewed_on = TODAY - timedelta(days=reviewed)
    found = s.blockers_to_reviewing(reviewed_on, reviewed_on + timedelta(days=next_due), TODAY)
    assert len(found) == 1 and found[0].startswith(reason)


def test_a_review_within_a_year_of_a_stated_structure_is_allowed():
    s = Structure(purpose="Why", feeds_named_body="Board")
    assert s.blockers_to_reviewing(TODAY, TODAY + timedelta(days=TERMS_VALID_FOR_DAYS), TODAY) == []


def test_a_structure_whose_meetings_informed_a_decision_cannot_be_deleted(personas):
    p = personas
    board = make_board(p.org, by=p.ellie)
    s = make_structure(p.org, by=p.ellie)
    assert s.blockers_to_deleting() == []
    decisions = [make_decision(p.org, board, by=p.ellie, title=f"Decision {n}") for n in range(2)]
    make_meeting(s, by=p.ellie, decisions=decisions)
    make_meeting(s, by=p.ellie, decisions=decisions[:1])
    assert s.blockers_to_deleting() == [
        "Its meetings informed 2 decisions in the decision register. Remove those links from the meetings first, "
        "so the register keeps the evidence of influence."
    ]


def test_an_actions_state_and_the_rules_for_marking_it_done(personas):
    p = personas
    meeting = make_meeting(make_structure(p.org, by=p.ellie), by=p.ellie, held_on=date(2026, 1, 10))
    action = make_action(meeting, by=p.ellie, due_on=TODAY - timedelta(days=1))
    assert action.state(TODAY) == "overdue"
    assert make_action(meeting, by=p.ellie, due_on=TODAY).state(TODAY) == "open"
    assert make_action(meeting, by=p.ellie, due_on=None).state(TODAY) == "open"
    assert action.blockers_to_completing(date(2026, 1, 9), meeting.held_on, TODAY) == [
        "An action cannot be done before the meeting that agreed it (10 January 2026)."
    ]
    assert action.blockers_to_completing(TODAY + timedelta(days=1), meeting.held_on, TODAY) == [
        "An action is marked done on or before today."
    ]
    assert action.blockers_to_completing(meeting.held_on, meeting.held_on, TODAY) == []
    action.done_on = date(2026, 2, 1)
    assert action.state(TODAY) == "done"
    assert action.blockers_to_completing(TODAY, meeting.held_on, TODAY) == [
        "This action was already marked done on 1 February 2026."
    ]
    assert MeetingAction.objects.overdue(TODAY).count() == 1
