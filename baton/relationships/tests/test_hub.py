"""The partner register's part of the hub: element 7's "register" status in words, the panel of
stage runs with no community partner, each person's work, and the demo."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from baton.core import registry
from baton.core.demo import load_demo
from baton.core.models import Organisation
from baton.cycle.models import StageRun
from baton.hub import elements

from ..hub import no_community_partner, register_status, relationships_work
from ..models import FormatRequest, Partner, Promise
from ..testing import make_dialogue, make_format_request, make_partner, make_promise

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _ctx(p, user=None):
    return registry.HubContext(p.org, user, TODAY, timezone.now())


def test_an_empty_register_needs_attention(personas):
    status = register_status(_ctx(personas))
    assert status.headline == "The partner register is empty" and status.attention


def test_the_status_is_computed_from_the_data(personas, programme):
    p = personas
    lively = make_partner(p.org, by=p.ellie, name="Healthwatch")
    entry = make_dialogue(lively, programme, by=p.ellie, happened_on=TODAY - timedelta(days=90))
    make_partner(p.org, by=p.ellie, name="Quiet", owner=None)
    status = register_status(_ctx(p))
    assert status.headline == "2 partners in the register, 1 spoken to in the last 90 days"
    assert status.details == ("1 partner has had no contact in 90 days.", "1 relationship has nobody owning it.")
    assert status.attention
    make_promise(entry, by=p.ellie, due_on=TODAY - timedelta(days=1))
    make_promise(entry, by=p.ellie, due_on=TODAY - timedelta(days=2))
    make_format_request(p.org, by=p.ellie, requested_on=TODAY - timedelta(days=9), due_on=TODAY - timedelta(days=1))
    details = register_status(_ctx(p)).details
    assert "Two promises to partners overdue." in details and "1 alternative format request is overdue." in details
    Partner.objects.filter(name="Quiet").delete()
    Promise.objects.update(outcome="kept", outcome_on=TODAY)
    FormatRequest.objects.update(fulfilled_on=TODAY)
    status = register_status(_ctx(p))
    assert status.headline == "1 partner in the register, 1 spoken to in the last 90 days"
    assert status.details == () and not status.attention


def test_element_7_has_both_parts_measured_once_each(personas):
    parts = [(m.element, m.part, m.app) for m in registry.measures() if m.element == "relationships"]
    assert sorted(parts) == [("relationships", "activities", "cycle"), ("relationships", "register", "relationships")]
    status = {s.element.key: s for s in elements.statuses(_ctx(personas))}["relationships"]
    assert status.built and status.not_built == ()


def test_the_panel_lists_runs_with_no_community_partner(personas, programme, signed_in):
    p = personas
    request = RequestFactory().get("/")
    assert no_community_partner(request, _ctx(p, p.bea)) == {"shown": True, "empty_register": True, "total": 1}
    html = signed_in(p.bea).get(reverse("hub:index")).content.decode()
    assert "The partner register is empty, so no stage run has a community partner" in html
    assert "Diabetes pathway" not in html  # not every run listed while the register is empty
    make_partner(p.org, by=p.ellie, type_key="local_authority")
    panel = no_community_partner(request, _ctx(p, p.bea))
    run = StageRun.objects.get(programme=programme)
    assert panel["shown"] and list(panel["runs"].object_list) == [run]
    assert no_community_partner(request, _ctx(p, p.pat)) == {"shown": False}
    html = signed_in(p.bea).get(reverse("hub:index")).content.decode()
    assert "Stages with no community partner (1)" in html
    make_dialogue(make_partner(p.org, by=p.ellie, type_key="healthwatch"), programme, "needs", by=p.ellie)
    html = signed_in(p.bea).get(reverse("hub:index")).content.decode()
    assert "Stages with no community partner (0)" in html
    assert "Stages with no community partner" not in signed_in(p.pat).get(reverse("hub:index")).content.decode()


def test_my_work_lists_overdue_requests_and_owned_relationships_needing_attention(personas):
    p = personas
    make_format_request(p.org, by=p.ellie, requested_on=TODAY - timedelta(days=9), due_on=TODAY - timedelta(days=1))
    make_format_request(
        p.org, by=p.ellie, owner=p.priya, requested_on=TODAY - timedelta(days=9), due_on=TODAY - timedelta(days=1)
    )
    make_format_request(p.org, by=p.ellie)  # not due yet
    make_partner(p.org, by=p.ellie, name="Never spoken to")
    formats, partners = relationships_work(_ctx(p, p.ellie))
    assert formats.count == 1 and formats.items[0].late and formats.items[0].href.startswith("/partners/formats/")
    assert partners.count == 1 and partners.items[0].detail == "No contact recorded yet"
    assert [w.count for w in relationships_work(_ctx(p, p.priya))] == [1, 0]
    assert relationships_work(_ctx(p, p.pat)) == []


def test_the_demo_has_the_partners_an_overdue_promise_and_an_easy_read_request():
    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    names = set(Partner.objects.for_org(org).values_list("name", flat=True))
    assert {"Healthwatch North Riverside", "Riverside Carers' Centre", "Masjid Al-Noor health project"} <= names
    assert Promise.objects.for_org(org).filter(outcome="open", due_on__lt=TODAY).count() == 1
    assert FormatRequest.objects.for_org(org).overdue(TODAY).filter(format="easy_read").exists()
    council = Partner.objects.for_org(org).with_health(TODAY).get(name__contains="public health")
    assert council.health(TODAY) == ["Nobody owns this relationship"]
    load_demo(password="demo-password-123")  # again: nothing changes
    assert Partner.objects.for_org(org).count() == 5
