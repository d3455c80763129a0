"""The register's part of the hub: element 3's "register" status with the reason in words, the
work list for engagement leads, and the demo."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from baton.core import registry
from baton.core.demo import load_demo
from baton.core.models import Organisation

from ..hub import register_status, register_work
from ..models import HubRole
from ..testing import make_holder

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _ctx(p, user=None):
    return registry.HubContext(p.org, user, TODAY, timezone.now())


def test_an_empty_register_needs_attention(personas):
    status = register_status(_ctx(personas))
    assert status.headline == "The responsibilities register is empty" and status.attention


def test_the_status_counts_vacant_hub_roles_from_the_data(personas, register):
    p = personas
    status = register_status(_ctx(p))
    assert status.headline == "5 of 5 required hub roles vacant" and status.attention
    assert "3 partner roles have nobody named." in status.details
    for key in ("executive_lead", "clinical_lead", "lay_member", "programme_lead"):
        make_holder(register[key], by=p.ellie, name=f"Holder of {key}")
    make_holder(register["practitioner"], by=p.ellie, name="Past", starts_on=date(2024, 1, 1), ends_on=date(2024, 5, 1))
    status = register_status(_ctx(p))
    assert status.headline == "1 of 5 required hub roles vacant"
    assert "1 role with a term that ended and no successor." in status.details
    make_holder(register["practitioner"], by=p.ellie, name="Now")
    for key in ("healthwatch", "health_wellbeing_board", "scrutiny_committee"):
        make_holder(register[key], by=p.ellie, name=f"Holder of {key}")
    status = register_status(_ctx(p))
    assert status.headline == "0 of 5 required hub roles vacant" and not status.attention and not status.details


def test_the_hub_page_shows_element_3s_register_status(personas, register, signed_in):
    html = signed_in(personas.bea).get(reverse("hub:index")).content.decode()
    assert "5 of 5 required hub roles vacant" in html


def test_engagement_leads_see_the_flagged_roles_in_their_work(personas, register):
    p = personas
    [work] = register_work(_ctx(p, p.ellie))
    assert work.count == 8 and work.items[0].href.startswith("/responsibilities/")
    assert register_work(_ctx(p, p.bea)) == []


def test_the_demo_register_has_a_vacancy_an_ended_term_and_a_named_outside_holder(settings):
    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    roles = {r.key: r for r in HubRole.objects.for_org(org).with_holders(TODAY)}
    assert roles["clinical_lead"].flags(TODAY)[0].startswith("Vacant")
    assert "with no successor" in roles["clinical_lead"].flags(TODAY)[1]
    assert roles["scrutiny_committee"].flags(TODAY)[0].startswith("Never filled")
    healthwatch = roles["healthwatch"].holders.get()
    assert healthwatch.person is None and healthwatch.holder_organisation == "Healthwatch North Riverside"
    assert roles["healthwatch"].flags(TODAY) == []
    assert roles["commissioning_support"].holders.get().starts_on > TODAY
    load_demo(password="demo-password-123")  # again: nothing changes
    assert HubRole.objects.for_org(org).count() == 10
