"""Learning on the hub: elements 9 and 10 measured from the data, each person's own learning and
the open support requests in "my work", the digest, and the demo."""

from datetime import timedelta

import pytest
from django.utils import timezone

from baton.core import registry
from baton.core.testing import add_role

from .. import hub
from ..models import LearningNeed, State, add_months
from ..status import requirements_of, standings_of_people
from ..testing import make_need, make_offer, make_participation, make_person, make_record, make_requirement

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _ctx(p, user=None):
    return registry.HubContext(p.org, user, TODAY, timezone.now())


def test_the_elements_say_nothing_is_required_yet(personas):
    staff = hub.staff_status(_ctx(personas))
    assert staff.headline == "No learning is required of staff yet" and staff.attention


def test_element_10_counts_coverage_of_people_who_take_part(personas, panel):
    p = personas
    make_participation(panel.sam, panel.structure, by=p.ellie)
    done = make_person(p.org, "Dee Done")
    make_participation(done, panel.structure, by=p.ellie)
    make_record(p.org, panel.offer, by=p.ellie, person=done)
    make_need(p.org, by=p.ellie, person=panel.sam)
    found = hub.public_status(_ctx(p))
    assert found.headline == "50% of required learning done by people who take part (1 of 2)"
    assert found.details == ("1 required piece of learning not done.", "1 support request open.")
    assert found.attention


def test_element_9_counts_staff_by_the_roles_they_hold(personas):
    p = personas
    induction = make_offer(p.org, by=p.ellie, title="Assurance induction", audience="staff")
    make_requirement(p.org, induction, by=p.ellie, staff_role="lay_member", renew_months=24)
    add_role(p.bea, p.org, "lay_member")
    make_record(p.org, induction, by=p.ellie, user=p.larry, completed_on=add_months(TODAY, -24) + timedelta(days=5))
    found = hub.staff_status(_ctx(p))
    assert found.headline == "50% of required learning done by staff (1 of 2)"
    assert found.details == (
        "1 required piece of learning not done.",
        "1 piece of learning expiring within 60 days.",
    )


def test_my_work_lists_my_own_missing_learning_and_the_open_requests(personas):
    p = personas
    induction = make_offer(p.org, by=p.ellie, title="Assurance induction", audience="staff")
    make_requirement(p.org, induction, by=p.ellie, staff_role="lay_member", renew_months=24)
    make_need(p.org, by=p.larry, user=p.larry)
    larry = {w.key: w for w in hub.learning_work(_ctx(p, p.larry))}
    assert larry["my_learning"].count == 1 and larry["my_learning"].items[0].text == "Assurance induction"
    assert "learning_needs" not in larry, "Larry does not record learning"
    priya = {w.key: w for w in hub.learning_work(_ctx(p, p.priya))}
    assert priya["my_learning"].count == 0 and priya["learning_needs"].count == 1


def test_the_digest_tells_recorders_of_open_requests_and_people_of_learning_expiring(personas):
    p = personas
    induction = make_offer(p.org, by=p.ellie, title="Assurance induction", audience="staff")
    make_requirement(p.org, induction, by=p.ellie, staff_role="lay_member", renew_months=24)
    make_record(p.org, induction, by=p.ellie, user=p.larry, completed_on=add_months(TODAY, -24) + timedelta(days=5))
    make_need(p.org, by=p.ellie, user=p.bea)
    lines = hub.digest_lines(p.org, timezone.now())
    assert "Your Assurance induction: done on" in lines[p.larry.pk][0]
    assert "1 support request for learning open" in lines[p.ellie.pk][0]
    assert p.bea.pk not in lines


def test_the_demo_has_someone_on_a_tender_panel_without_the_induction(db):
    from baton.core.demo import load_demo
    from baton.core.models import Organisation
    from baton.learning.models import ParticipationRole

    from ..status import people_in_role

    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    panel = ParticipationRole.objects.for_org(org).get(name="Tender panel member")
    members = list(people_in_role(panel, TODAY).order_by("pk"))
    states = [s.standings[0].state for s in standings_of_people(members, requirements_of(org.pk), TODAY)]
    assert State.MISSING in states and State.MET in states
    assert LearningNeed.objects.for_org(org).filter(status="open").count() == 2
    assert "learning_public" in {m.element for m in registry.measures()}
    load_demo(password="demo-password-123")  # again: nothing twice
    assert len(people_in_role(panel, TODAY)) == len(members)
