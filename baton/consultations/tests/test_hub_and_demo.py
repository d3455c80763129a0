"""What consultations add to the hub (each person's work lists and the navigation) and to the
demo organisation (a consultation in every state)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baton.consultations.hub import my_consultations
from baton.consultations.models import Consultation
from baton.consultations.testing import make_closed, make_consultation, make_open
from baton.core import registry

pytestmark = pytest.mark.django_db


def _lists(p, user):
    ctx = registry.HubContext(p.org, user, timezone.localdate(), timezone.now())
    return {w.key: w for w in my_consultations(ctx)}


def test_my_work_lists_consultations_closing_soon_due_to_open_and_waiting_for_a_report(personas):
    p = personas
    today = timezone.localdate()
    closing = make_open(
        p.org, by=p.ellie, lead=p.priya, closes_on=today + timedelta(days=5), short_duration_reason="Urgent."
    )
    make_open(p.org, by=p.ellie, lead=p.priya)  # closes in 12 weeks: not soon
    waiting = make_closed(p.org, by=p.ellie, lead=p.priya)
    due = make_consultation(
        p.org, by=p.ellie, lead=p.priya, opens_on=today + timedelta(days=3), closes_on=today + timedelta(weeks=13)
    )
    make_closed(p.org, by=p.ellie, lead=p.ellie)  # Ellie's, not Priya's
    lists = _lists(p, p.priya)
    assert [i.text for i in lists["consultations_closing"].items] == [closing.title]
    assert [i.text for i in lists["consultations_to_report"].items] == [waiting.title]
    assert [i.text for i in lists["consultations_to_open"].items] == [due.title]
    assert _lists(p, p.bea)["consultations_to_report"].count == 0


def test_the_hub_page_shows_the_lists_and_the_header_links_to_consultations(personas, signed_in):
    p = personas
    waiting = make_closed(p.org, by=p.ellie, lead=p.priya)
    html = signed_in(p.priya).get(reverse("hub:index")).content.decode()
    assert "Your consultations waiting for a report" in html and waiting.title in html
    assert reverse("consultations:consultation_list") in html


def test_the_demo_has_a_consultation_in_every_state(db):
    from baton.core.demo import load_demo
    from baton.core.models import Organisation

    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    consultations = Consultation.objects.for_org(org)
    assert set(consultations.values_list("status", flat=True)) == {"planned", "open", "closed", "reported"}
    reported = consultations.get(status="reported")
    assert reported.report and reported.blockers_to_deciding() == []
    assert consultations.get(status="open").materials.exists()
    assert consultations.get(status="closed").blockers_to_reporting()
    load_demo(password="demo-password-123")
    assert Consultation.objects.for_org(org).count() == 4
