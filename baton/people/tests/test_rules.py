"""The rules of the people register, on the models and in equality.py: consent now is the latest
event per purpose; needs in words; taking part is in one activity or one structure; suppression of
small counts, with secondary suppression."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..equality import SUPPRESSED, Cell, suppress
from ..models import Participation, Person, Purpose
from ..testing import give_consent, make_person

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def test_counts_from_1_to_4_are_suppressed_and_zero_and_5_are_shown():
    assert suppress([0, 5, 7, 12]) == [0, 5, 7, 12]
    assert suppress([4, 3, 10]) == [None, None, 10]  # two hidden: neither can be worked out
    assert suppress([1, 5, 6]) == [None, None, 6]


def test_a_single_suppressed_cell_hides_the_next_smallest_so_the_total_gives_nothing_away():
    assert suppress([3, 9, 6, 20]) == [None, 9, None, 20]
    assert suppress([0, 2, 5, 5]) == [0, None, None, 5]  # the first of equal next-smallest
    assert suppress([0, 0, 0]) == [0, 0, 0]
    assert Cell("Yes", None).shown == SUPPRESSED == "fewer than 5"
    assert Cell("Yes", 1234).shown == "1,234"


def test_consent_now_is_the_latest_event_for_each_purpose(personas):
    p = personas
    person = make_person(p.org, by=p.ellie)
    assert not person.consent_now(Purpose.CONTACT_ACTIVITY)
    give_consent(person, Purpose.CONTACT_ACTIVITY, by=p.ellie, at=NOW - timedelta(days=10))
    give_consent(person, Purpose.CONTACT_ACTIVITY, by=p.ellie, given=False, at=NOW - timedelta(days=5))
    give_consent(person, Purpose.FUTURE_OPPORTUNITIES, by=p.ellie, at=NOW - timedelta(days=1))
    # An event recorded late, about an earlier day, does not override a later one.
    give_consent(person, Purpose.CONTACT_ACTIVITY, by=p.ellie, at=NOW - timedelta(days=20))
    fresh = Person.objects.get(pk=person.pk)
    assert not fresh.consent_now(Purpose.CONTACT_ACTIVITY)
    assert fresh.consent_now(Purpose.FUTURE_OPPORTUNITIES)
    annotated = Person.objects.with_consent().get(pk=person.pk)
    assert (annotated.consent_contact_activity, annotated.consent_future_opportunities) == (False, True)
    assert annotated.consent_equality_monitoring is None
    assert list(Person.objects.consenting(Purpose.FUTURE_OPPORTUNITIES)) == [person]
    assert list(Person.objects.consenting(Purpose.CONTACT_ACTIVITY)) == []
    assert list(Person.objects.consenting(Purpose.CONTACT_ACTIVITY, given=False)) == [person]


def test_needs_are_said_in_words_and_found_by_the_register(personas):
    p = personas
    person = make_person(p.org, by=p.ellie, bsl=True, step_free=True, language="Urdu", other_needs="A carer attends")
    plain = make_person(p.org, by=p.ellie)
    assert person.needs == ["British Sign Language", "Step-free access", "Language: Urdu", "A carer attends"]
    assert plain.needs == []
    assert list(Person.objects.with_needs()) == [person]


def test_equality_needs_current_consent(personas):
    p = personas
    person = make_person(p.org, by=p.ellie, name="Dev")
    assert person.blockers_to_recording_equality() == [
        "Equality monitoring cannot be recorded for Dev: they have not given consent for equality monitoring. "
        "Record their consent first."
    ]
    give_consent(person, Purpose.EQUALITY_MONITORING, by=p.ellie)
    assert Person.objects.get(pk=person.pk).blockers_to_recording_equality() == []


def test_taking_part_is_in_one_activity_or_one_structure_ending_after_it_starts(personas):
    p = personas
    person = make_person(p.org, by=p.ellie)
    today = timezone.localdate()
    neither = Participation(person=person, starts_on=today)
    with pytest.raises(ValidationError) as error:
        neither.full_clean()
    assert "Choose either an activity or a structure." in str(error.value)
    backwards = Participation(person=person, starts_on=today)
    assert backwards.blockers_to_ending(today - timedelta(days=1), today) == [
        "The end date must be on or after the start date."
    ]
    ended = Participation(person=person, starts_on=today - timedelta(days=9), ends_on=today - timedelta(days=2))
    day = today - timedelta(days=2)
    assert ended.blockers_to_ending(today, today) == [f"This participation already ended on {day.day} {day:%B %Y}."]
    assert not ended.is_current(today) and ended.is_current(today - timedelta(days=3))
