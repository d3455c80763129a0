"""The rules of learning: when learning expires (the day itself counts as expired), the SQL twin
agreeing with the one Python rule day by day, which participations a participation role matches,
who is held to what, coverage and readiness, and the database constraints."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from baton.core.testing import add_role
from baton.people.models import Participation

from .. import status
from ..models import (
    LearningRecord,
    LearningRequirement,
    ParticipationRole,
    State,
    add_months,
    cutoffs,
    expires_on,
    state,
)
from ..testing import make_offer, make_participation, make_person, make_record, make_requirement, make_role_kind

TODAY = date(2026, 12, 6)


def test_learning_renewed_every_24_months_expires_on_the_day_itself():
    assert expires_on(date(2024, 12, 1), 24) == date(2026, 12, 1)
    assert state(date(2024, 12, 1), 24, date(2026, 11, 30)) == State.SOON
    assert state(date(2024, 12, 1), 24, date(2026, 12, 1)) == State.EXPIRED
    assert state(date(2024, 12, 1), None, date(2040, 1, 1)) == State.MET
    assert state(None, 24, TODAY) == State.MISSING


def test_expiring_soon_is_the_60_days_before_expiry():
    done = date(2025, 1, 1)
    ends = expires_on(done, 12)
    assert state(done, 12, ends - timedelta(days=60)) == State.SOON
    assert state(done, 12, ends - timedelta(days=61)) == State.MET


def test_a_month_without_the_day_ends_on_its_last_day():
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


@pytest.mark.parametrize("months", [1, 6, 12, 24, 36])
def test_the_database_cutoffs_agree_with_the_rule_day_by_day(months):
    for today in (TODAY, date(2026, 2, 28), date(2026, 3, 1), date(2024, 2, 29), date(2026, 8, 31)):
        expired_by, soon_by = cutoffs(months, today)
        for back in range(0, months * 31 + 100, 3):
            done = today - timedelta(days=back)
            by_sql = State.EXPIRED if done <= expired_by else State.SOON if done <= soon_by else State.MET
            assert by_sql == state(done, months, today), (months, today, done)


def test_learning_that_never_expires_has_no_cutoffs():
    assert cutoffs(None, TODAY) == (None, None)


pytestmark = pytest.mark.django_db


def test_a_participation_role_matches_by_its_data(personas, panel):
    p = personas
    inside = make_participation(panel.sam, panel.structure, by=p.ellie, role="Tender Panel member")
    outside = make_participation(make_person(p.org, "Ann"), panel.structure, by=p.ellie, role="Observer")
    matched = set(Participation.objects.filter(panel.kind.matching()).values_list("pk", flat=True))
    assert inside.pk in matched and outside.pk not in matched
    level = make_role_kind(p.org, by=p.ellie, name="Leaders", role_contains="", min_level=4)
    assert not Participation.objects.filter(level.matching()).exists()
    assert "a role containing 'tender panel'" in panel.kind.conditions()


def test_a_participation_role_needs_a_condition(personas):
    with pytest.raises(ValidationError) as refused:
        ParticipationRole(organisation=personas.org, name="Anyone").full_clean()
    assert "Say at least one thing a participation in this role has" in str(refused.value)


def test_a_requirement_names_exactly_one_target_and_a_record_exactly_one_subject(personas, panel):
    p = personas
    with pytest.raises(ValidationError) as refused:
        LearningRequirement(
            organisation=p.org, offer=panel.offer, staff_role="lay_member", participation_role=panel.kind
        ).full_clean()
    assert "Choose either a staff role or a participation role." in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        LearningRecord(
            organisation=p.org, offer=panel.offer, completed_on=TODAY, user=p.larry, person=panel.sam
        ).full_clean()
    assert "Choose either a member of staff or a person who takes part." in str(refused.value)


def test_people_are_held_to_their_current_roles_and_counted(personas, panel):
    p = personas
    today = date.today()
    make_participation(panel.sam, panel.structure, by=p.ellie)
    done = make_person(p.org, "Dee Done")
    make_participation(done, panel.structure, by=p.ellie)
    make_record(p.org, panel.offer, by=p.ellie, person=done, completed_on=today - timedelta(days=10))
    old = make_person(p.org, "Olly Old")
    make_participation(old, panel.structure, by=p.ellie)
    make_record(p.org, panel.offer, by=p.ellie, person=old, completed_on=add_months(today, -37))
    ended = make_person(p.org, "Enid Ended")
    Participation.objects.create(
        person=ended,
        structure=panel.structure,
        role="Tender panel member",
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=1),
    )
    counts = status.requirement_counts(panel.requirement, today)
    assert counts == {"total": 3, "met": 1, "soon": 0, "expired": 1, "missing": 1}
    figures = status.participation_roles_figures(p.org.pk, today)
    assert [(f.name, f.total, f.ready, f.not_ready) for f in figures] == [("Tender panel member", 3, 1, 2)]
    cover = status.coverage(p.org.pk, today, staff=False)
    assert (cover.pairs, cover.percent) == (3, 33)
    subjects = status.standings_of_people([panel.sam, done, old, ended], status.requirements_of(p.org.pk), today)
    assert [[s.state for s in x.standings] for x in subjects] == [[State.MISSING], [State.MET], [State.EXPIRED], []]


def test_a_patient_partners_own_record_counts_for_his_person_and_staff_roles_by_role(personas, panel):
    p = personas
    today = date.today()
    pat_person = make_person(p.org, "Pat Price", account=p.pat)
    make_participation(pat_person, panel.structure, by=p.ellie)
    make_record(p.org, panel.offer, by=p.ellie, user=p.pat, completed_on=today)
    assert status.requirement_counts(panel.requirement, today)["met"] == 1
    induction = make_offer(p.org, by=p.ellie, title="Assurance induction", audience="staff")
    make_requirement(p.org, induction, by=p.ellie, staff_role="lay_member", renew_months=24)
    add_role(p.bea, p.org, "lay_member")
    staff = status.standings_of_staff([p.larry, p.bea, p.ellie], p.org.pk, status.requirements_of(p.org.pk), today)
    assert [[s.state for s in x.standings] for x in staff] == [[State.MISSING], [State.MISSING], []]
    assert status.coverage(p.org.pk, today, staff=True).pairs == 2


def test_the_advice_names_the_person_and_what_the_role_needs(personas, panel):
    p = personas
    participation = make_participation(panel.sam, panel.structure, by=p.ellie)
    assert status.advice_for_participation(participation, date.today()) == [
        "Sam Jones has not done the Procurement induction, needed by every tender panel member."
    ]
    make_record(p.org, panel.offer, by=p.ellie, person=panel.sam, completed_on=add_months(date.today(), -40))
    assert "expired on" in status.advice_for_participation(participation, date.today())[0]
    make_record(p.org, panel.offer, by=p.ellie, person=panel.sam, completed_on=date.today())
    assert status.advice_for_participation(participation, date.today()) == []
    observer = make_participation(make_person(p.org, "Ann"), panel.structure, by=p.ellie, role="Observer")
    assert status.advice_for_participation(observer, date.today()) == []


def test_counts_are_kept_until_anything_they_count_changes(personas, panel):
    """Coverage is kept in the cache; a saved record moves it on at once, and a change that sends
    no signal (a bulk update) shows once the counts are forgotten."""
    p = personas
    today = date.today()
    make_participation(panel.sam, panel.structure, by=p.ellie)
    assert status.coverage(p.org.pk, today, staff=False).met == 0
    record = make_record(p.org, panel.offer, by=p.ellie, person=panel.sam, completed_on=today)
    assert status.coverage(p.org.pk, today, staff=False).met == 1, "a saved record is counted at once"
    assert [f.ready for f in status.participation_roles_figures(p.org.pk, today)] == [1]
    LearningRecord.objects.filter(pk=record.pk).update(completed_on=add_months(today, -40))  # no signal
    assert status.coverage(p.org.pk, today, staff=False).met == 1, "kept"
    status.forget_counts()
    assert status.coverage(p.org.pk, today, staff=False).expired == 1
    assert [f.ready for f in status.participation_roles_figures(p.org.pk, today)] == [0]
