"""The learning coverage indicators month by month, counted together (issue #14): the board pack
charts each over 24 months, and `Indicator.series` must give exactly what `compute` gives month by
month, in a fixed number of queries however many months. Checked against varied data (roles and
participations starting and ending mid-way, completions just before and after a month's end,
renewals expiring and expiring soon, inactive accounts, erased people, a patient partner's
account, fewer than 5 people in the first months), against the per-day count done the plain way
(each requirement's people that day, `models.state()` of their latest completion). The bench
generator's data is checked for every indicator's series in baton/indicators/tests/test_series.py."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from baton.core import registry
from baton.core.testing import add_role, make_user
from baton.people.actions import erase_person, record_participation
from baton.structures.testing import make_structure

from .. import status
from ..indicators import as_at
from ..models import State, add_months, state
from ..testing import make_offer, make_person, make_record, make_requirement, make_role_kind

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
KEYS = ("learning.staff_coverage", "learning.public_coverage")


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()


def month(back: int) -> registry.Period:
    """The calendar month `back` months before this one (0: this month)."""
    first = add_months(TODAY.replace(day=1), -back)
    return registry.Period.month(first.year, first.month)


def on(back: int, day: int) -> date:
    """Day `day` of the month `back` months before this one (its last day when it has fewer)."""
    found = month(back)
    return min(found.start + timedelta(days=day - 1), found.end)


def end(back: int) -> date:
    return month(back).end


MONTHS = [month(back) for back in range(8, -1, -1)]  # eight whole months and this one, oldest first


def counted_plainly(organisation_id: int, day: date, *, staff: bool) -> status.Coverage:
    """Coverage on `day` without `count_coverage_on`: each requirement's people that day, one query
    for them (`subjects_of`) and one for their latest completions by then, each pair's `state()`."""
    found, held, lacking = status.Coverage(), set(), set()
    for r in status.requirements_of(organisation_id):
        if r.for_staff != staff:
            continue
        subjects = status.subjects_of(r, day)
        for pk, done in status._keyed_completions(subjects, {r.offer_id}, staff=staff, until=day):
            now = state(done.get(r.offer_id), r.renew_months, day)
            found.pairs += 1
            setattr(found, now.value, getattr(found, now.value) + 1)
            held.add(pk)
            if now in (State.MISSING, State.EXPIRED):
                lacking.add(pk)
    found.people, found.people_in_date = len(held), len(held - lacking)
    return found


def _staff(p):
    """Lay members and board members held to an induction renewed every year and a code of conduct
    done once, coming and going over the months: four in the first month (suppressed), five and
    more later."""
    induction = make_offer(p.org, by=p.ellie, title="Assurance induction", audience="staff")
    code = make_offer(p.org, by=p.ellie, title="Code of conduct", audience="staff")
    make_requirement(p.org, induction, by=p.ellie, staff_role="lay_member", renew_months=12)
    make_requirement(p.org, code, by=p.ellie, staff_role="lay_member", renew_months=None)
    make_requirement(p.org, induction, by=p.ellie, staff_role="board_member", renew_months=12)
    # Larry (lay member throughout): his induction expires 20 days after the end of month 5 back
    # (expiring soon then, expired a month later); the code done mid-way through month 6 back.
    make_record(p.org, induction, by=p.ellie, user=p.larry, completed_on=add_months(end(5), -12) + timedelta(20))
    make_record(p.org, code, by=p.ellie, user=p.larry, completed_on=on(6, 15))
    # Bea (board member throughout): the induction done the day after month 3 back ends.
    make_record(p.org, induction, by=p.ellie, user=p.bea, completed_on=end(3) + timedelta(days=1))
    # Yan: a lay member twice over (one assignment ended, one still running): one person.
    yan = make_user(p.org, None, username="yan")
    add_role(yan, p.org, "lay_member", ends_on=end(5))  # held on its last day
    add_role(yan, p.org, "lay_member", starts_on=on(6, 1))
    make_record(p.org, induction, by=p.ellie, user=yan, completed_on=end(7))  # on the month's last day
    make_record(p.org, code, by=p.ellie, user=yan, completed_on=on(8, 2))
    # Una: lay member and board member from month 6 back; her induction recorded on her person
    # record (a patient partner with an account), renewed once; the code never.
    una = make_user(p.org, None, username="una")
    add_role(una, p.org, "lay_member", starts_on=on(6, 1))
    add_role(una, p.org, "board_member", starts_on=on(6, 1))
    una_person = make_person(p.org, "Una Person", account=una)
    make_record(p.org, induction, by=p.ellie, person=una_person, completed_on=add_months(on(4, 3), -12))
    make_record(p.org, induction, by=p.ellie, person=una_person, completed_on=on(2, 28))
    # Uma: a lay member from the middle of month 5 back to the 10th of month 2 back, all done.
    uma = make_user(p.org, None, username="uma")
    add_role(uma, p.org, "lay_member", starts_on=on(5, 15), ends_on=on(2, 10))
    for offer in (induction, code):
        make_record(p.org, offer, by=p.ellie, user=uma, completed_on=on(5, 20))
    # Wes and Xia: lay members from the last day of month 4 back, done in month 3 back.
    for name in ("wes", "xia"):
        user = make_user(p.org, None, username=name)
        add_role(user, p.org, "lay_member", starts_on=end(4))
        for offer in (induction, code):
            make_record(p.org, offer, by=p.ellie, user=user, completed_on=on(3, 25))
    # Vic: a lay member throughout with nothing done, whose account is no longer active: not counted.
    vic = make_user(p.org, "lay_member", username="vic")
    vic.is_active = False
    vic.save()
    # Ola: a lay member throughout whose induction expires on the last day of month 2 back itself
    # (expired that day, in date the day before).
    ola = make_user(p.org, "lay_member", username="ola")
    make_record(p.org, induction, by=p.ellie, user=ola, completed_on=add_months(end(2), -12))
    make_record(p.org, code, by=p.ellie, user=ola, completed_on=on(8, 1))
    # Zed: a lay member from today, done today.
    zed = make_user(p.org, None, username="zed")
    add_role(zed, p.org, "lay_member", starts_on=TODAY)
    make_record(p.org, induction, by=p.ellie, user=zed, completed_on=TODAY)


def _public(p):
    """Tender panel members held to a procurement induction renewed every year, and panel chairs to
    a chairing course done once, coming and going: four in the first month (suppressed), more later."""
    procurement = make_offer(p.org, by=p.ellie, title="Procurement induction", audience="public")
    chairing = make_offer(p.org, by=p.ellie, title="Chairing meetings", audience="public")
    member = make_role_kind(p.org, by=p.ellie, name="Tender panel member", role_contains="tender panel")
    chair = make_role_kind(p.org, by=p.ellie, name="Panel chair", role_contains="chair")
    make_requirement(p.org, procurement, by=p.ellie, participation_role=member, renew_months=12)
    make_requirement(p.org, chairing, by=p.ellie, participation_role=chair, renew_months=None)
    panel = make_structure(p.org, by=p.ellie, name="Community services tender panel")

    def person(name, *stints, **fields):
        found = make_person(p.org, name, **fields)
        for role, starts_on, ends_on in stints:
            record_participation(found, by=p.ellie, structure=panel, role=role, starts_on=starts_on, ends_on=ends_on)
        return found

    def done(who, offer, *days, **fields):
        for day in days:
            make_record(p.org, offer, by=p.ellie, completed_on=day, **({"person": who} if who else fields))

    # Ann: a member throughout; her induction expires 30 days after month 3 back ends.
    ann = person("Ann", ("Tender panel member", on(8, 1), None))
    done(ann, procurement, add_months(end(3), -12) + timedelta(days=30))
    # Ben: a member from the 10th of month 6 back to the last day of month 4 back (a member that
    # day); done late in month 6.
    ben = person("Ben", ("Tender panel member", on(6, 10), end(4)))
    done(ben, procurement, on(6, 29))
    # Cat: chair of the tender panel (both roles) from the last day of month 6 back; the chairing
    # course only.
    cat = person("Cat", ("Tender panel chair", end(6), None))
    done(cat, chairing, on(4, 2))
    # Dan: a patient partner whose learning is recorded on his account, in two stints.
    account = make_user(p.org, "patient_partner", username="dan")
    person("Dan", ("Tender panel member", on(8, 1), on(6, 1)), ("Tender panel member", on(4, 1), None), account=account)
    done(None, procurement, add_months(end(2), -12) + timedelta(days=1), user=account)
    # Eve: taking part throughout, erased since: not counted.
    eve = person("Eve", ("Tender panel member", on(8, 1), None))
    done(eve, procurement, on(8, 1))
    erase_person(eve, by=p.ellie)
    # Kit: a member throughout whose induction expires 60 days after month 6 back ends (expiring
    # soon that day, done the day before).
    done(person("Kit", ("Tender panel member", on(8, 1), None)), procurement, add_months(end(6) + timedelta(60), -12))
    # Fay and Gus: members from month 4 back; Fay renewed on time, Gus late.
    fay = person("Fay", ("Tender panel member", on(4, 1), None))
    done(fay, procurement, add_months(on(2, 15), -12), on(2, 14))
    gus = person("Gus", ("Tender panel member", on(4, 1), None))
    done(gus, procurement, add_months(end(3), -12), on(1, 20))  # expired on end(3) itself
    # Hal: an observer, in no participation role. Ivy: a member in two overlapping stints, counted
    # once, with nothing done.
    person("Hal", ("Observer", on(8, 1), None))
    person("Ivy", ("Tender panel member", on(8, 1), None), ("Tender panel member", on(5, 1), None))
    # Jo: a member from today, done today.
    done(person("Jo", ("Tender panel member", TODAY, None)), procurement, TODAY)


def test_the_series_of_both_indicators_is_compute_month_by_month(personas):
    _staff(personas)
    _public(personas)
    org = personas.org
    for key in KEYS:
        ind = registry.indicator_by_key(key)
        assert ind is not None and registry.has_series(key)
        series = ind.series(org, MONTHS)
        cache.clear()
        assert series == [ind.compute(org, m) for m in MONTHS], key
        assert series[0].suppressed and not series[-1].suppressed, "fewer than 5 people in the first month"
    days = [as_at(m) for m in MONTHS]
    for staff in (True, False):
        counts = status.count_coverage_on(org.pk, days, staff=staff)
        assert counts == [counted_plainly(org.pk, day, staff=staff) for day in days]
        # The data reaches every state and people coming and going.
        assert all(any(getattr(c, s.value) for c in counts) for s in State)
        assert len({c.people for c in counts}) > 3


def test_the_series_runs_the_same_queries_however_many_months(personas):
    _staff(personas)
    _public(personas)
    org, last_24 = personas.org, [month(back) for back in range(23, -1, -1)]
    for key in KEYS:
        ind = registry.indicator_by_key(key)
        assert ind is not None
        with CaptureQueriesContext(connection) as three:
            ind.series(org, last_24[-3:])
        with CaptureQueriesContext(connection) as all_24:
            found = ind.series(org, last_24)
        assert len(three) == len(all_24) <= 5, key
        cache.clear()
        assert found == [ind.compute(org, m) for m in last_24], key


def test_one_day_and_repeated_days_are_counted_alike(personas):
    _staff(personas)
    _public(personas)
    org = personas.org
    for staff in (True, False):
        day = end(3)
        once = status.count_coverage(org.pk, day, staff=staff)
        assert once == counted_plainly(org.pk, day, staff=staff)
        assert status.count_coverage_on(org.pk, [TODAY, day, day], staff=staff)[1:] == [once, once]
    assert status.count_coverage_on(org.pk, [], staff=True) == []
