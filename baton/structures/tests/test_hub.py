"""The register's part of the hub: element 6's "register" status (structure health) with its
reasons in words, the work lists, and the demo."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baton.core import registry
from baton.core.demo import load_demo
from baton.core.models import Organisation

from ..hub import digest_lines, register_status, structures_work
from ..models import Structure
from ..testing import make_action, make_meeting, make_structure

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _ctx(p, user=None):
    return registry.HubContext(p.org, user, TODAY, timezone.now())


def test_an_empty_register_needs_attention(personas):
    status = register_status(_ctx(personas))
    assert status.headline == "No engagement structures in the register" and status.attention


def test_the_status_counts_healthy_structures_and_each_reason_from_the_data(personas):
    p = personas
    healthy = make_structure(p.org, by=p.ellie)
    make_meeting(healthy, by=p.ellie, held_on=TODAY - timedelta(days=5))
    vague = make_structure(p.org, by=p.ellie, purpose="", feeds_named_body="")
    make_meeting(vague, by=p.ellie, held_on=TODAY - timedelta(days=5))
    stale = make_structure(p.org, by=p.ellie, terms_reviewed_on=TODAY - timedelta(days=400))
    make_meeting(stale, by=p.ellie, held_on=TODAY - timedelta(days=200))
    make_structure(p.org, by=p.ellie, review_due_on=TODAY - timedelta(days=1))
    status = register_status(_ctx(p))
    assert status.headline == "1 of 4 structures healthy" and status.attention
    assert status.details == (
        "1 structure states no purpose.",
        "1 structure feeds no decision body.",
        "1 structure has terms of reference out of date.",
        "2 structures have not met in six months.",
        "1 structure is past its review date.",
    )


def test_a_register_of_healthy_structures_needs_no_attention(personas):
    p = personas
    make_meeting(make_structure(p.org, by=p.ellie), by=p.ellie, held_on=TODAY)
    status = register_status(_ctx(p))
    assert status == registry.Status("1 of 1 structure healthy", (), attention=False)


def test_the_hub_page_shows_element_6s_status(personas, signed_in):
    make_structure(personas.org, by=personas.ellie)
    html = signed_in(personas.bea).get(reverse("hub:index")).content.decode()
    assert "0 of 1 structure healthy" in html


def test_keepers_see_flagged_structures_and_owners_their_open_actions(personas):
    p = personas
    flagged = [make_structure(p.org, by=p.ellie, name=f"Group {n}") for n in range(7)]
    meeting = make_meeting(flagged[0], by=p.ellie)
    make_action(meeting, by=p.ellie, owner=p.priya, text="Late one", due_on=TODAY - timedelta(days=2))
    make_action(meeting, by=p.ellie, owner=p.priya, text="Later one", due_on=TODAY + timedelta(days=9))
    [work] = structures_work(_ctx(p, p.ellie))
    assert (work.key, work.count, len(work.items)) == ("structures", 6, 5)  # Group 0 met recently
    assert work.more_href == reverse("structures:structure_list") + "?show=flagged"
    [mine] = structures_work(_ctx(p, p.priya))
    assert (mine.key, mine.count) == ("structure_actions", 2)
    assert [(i.text, i.late) for i in mine.items] == [("Late one", True), ("Later one", False)]
    assert structures_work(_ctx(p, p.bea)) == []
    assert structures_work(_ctx(p)) == []


def test_the_demo_register_has_a_healthy_network_and_flagged_groups(settings):
    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    structures = {s.name: s for s in Structure.objects.for_org(org).with_health()}
    assert (
        structures["North Riverside PPG Network"].flags(TODAY, structures["North Riverside PPG Network"].last_met_on)
        == []
    )
    panel = structures["North Riverside Citizens' Panel"]
    assert panel.flags(TODAY, panel.last_met_on)[:2] == ["No stated purpose.", "Not linked to a decision body."]
    mvp = structures["Maternity and Neonatal Voices Partnership"]
    assert "No meeting in the last six months." in mvp.flags(TODAY, mvp.last_met_on)
    before = Structure.objects.for_org(org).count()  # the structures' four, and areas above add theirs
    load_demo(password="demo-password-123")  # again: nothing changes
    assert Structure.objects.for_org(org).count() == before >= 4


def test_the_digest_reminds_each_owner_of_their_overdue_actions_only(personas):
    p = personas
    meeting = make_meeting(make_structure(p.org, by=p.ellie, name="PPG Network"), by=p.ellie)
    make_action(
        meeting, by=p.ellie, owner=p.priya, commitment=True, text="Report back.", due_on=TODAY - timedelta(days=2)
    )
    make_action(meeting, by=p.ellie, owner=p.priya, text="Not yet due.", due_on=TODAY + timedelta(days=2))
    make_action(meeting, by=p.ellie, owner_name="Chair", text="Named outside.", due_on=TODAY - timedelta(days=2))
    lines = digest_lines(p.org, timezone.now())
    assert list(lines) == [p.priya.pk]
    [line] = lines[p.priya.pk]
    due = TODAY - timedelta(days=2)
    assert line.startswith(f"Your commitment to PPG Network was due on {due.day} {due:%B %Y}: Report back. http")
    assert line.endswith(reverse("structures:meeting_detail", args=[meeting.pk]))
    assert digest_lines(p.other_org, timezone.now()) == {}
