"""The register's pages: who reads, who keeps it, bad input, refusals, another organisation."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baton.core.models import AuditEvent
from baton.core.testing import queries_for

from ..models import HubRole, RoleHolder
from ..testing import make_holder, make_role

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_everyone_in_the_organisation_reads_the_register_with_its_flags(personas, register, signed_in):
    p = personas
    make_holder(register["healthwatch"], by=p.ellie, name="Hana Hussain", holder_organisation="Healthwatch NR")
    make_holder(
        register["clinical_lead"], by=p.ellie, name="Dr Obi", starts_on=date(2024, 1, 1), ends_on=date(2025, 1, 31)
    )
    html = signed_in(p.bea).get(reverse("responsibilities:role_list")).content.decode()
    assert "Hana Hussain (Healthwatch NR)" in html
    assert "Term ended on 31 January 2025 with no successor." in html
    assert "Never filled" in html
    assert "Add a role" not in html  # Bea reads only
    flagged = signed_in(p.bea).get(reverse("responsibilities:role_list") + "?show=flagged").content.decode()
    assert "Healthwatch" not in flagged and "Clinical lead" in flagged


def test_the_lead_adds_the_standard_roles_from_a_preview(personas, signed_in):
    p = personas
    client = signed_in(p.ellie)
    page = client.get(reverse("responsibilities:adopt_standard")).content.decode()
    assert "Overview and scrutiny committee" in page
    response = client.post(reverse("responsibilities:adopt_standard"), {})
    assert response.status_code == 302
    assert HubRole.objects.for_org(p.org).count() == 9
    again = client.post(reverse("responsibilities:adopt_standard"), {})
    assert again.status_code == 409 and "already has every standard role" in again.content.decode()


def test_the_lead_adds_a_role_and_a_duplicate_name_is_refused_in_words(personas, signed_in):
    p = personas
    client = signed_in(p.ellie)
    data = {"name": "Equality lead", "kind": "hub", "responsibilities": "Equality analysis.", "required": "on"}
    assert client.post(reverse("responsibilities:role_create"), data).status_code == 302
    again = client.post(reverse("responsibilities:role_create"), {**data, "name": "equality LEAD"})
    assert "already has a role with this name" in again.content.decode()
    empty = client.post(reverse("responsibilities:role_create"), {"kind": "hub"}).content.decode()
    assert "Enter the role&#39;s name" in empty and "Enter the responsibilities" in empty
    assert HubRole.objects.for_org(p.org).count() == 1


def test_recording_a_holder_outside_baton_and_ending_the_term(personas, register, signed_in):
    p = personas
    client = signed_in(p.ellie)
    role = register["healthwatch"]
    data = {"name": "Hana Hussain", "holder_organisation": "Healthwatch", "contact": "", **_date("starts_on", TODAY)}
    assert client.post(reverse("responsibilities:holder_create", args=[role.pk]), data).status_code == 302
    holder = RoleHolder.objects.get(role=role)
    both = client.post(
        reverse("responsibilities:holder_create", args=[role.pk]), {**data, "person": p.priya.pk}
    ).content.decode()
    assert "not both" in both
    end = client.post(reverse("responsibilities:holder_end", args=[holder.pk]), {"version": holder.version})
    assert end.status_code == 302
    assert RoleHolder.objects.get(pk=holder.pk).ends_on == TODAY
    before = TODAY - timedelta(days=5)
    refused = client.post(reverse("responsibilities:holder_end", args=[holder.pk]), _date("ends_on", before))
    assert refused.status_code == 409 and "cannot end before it starts" in refused.content.decode()


def test_a_role_held_today_cannot_be_deleted_and_the_page_says_why(personas, signed_in):
    p = personas
    role = make_role(p.org, by=p.ellie, name="Equality lead")
    make_holder(role, by=p.ellie, person=p.priya)
    client = signed_in(p.ellie)
    detail = client.get(reverse("responsibilities:role_detail", args=[role.pk])).content.decode()
    assert "End their term first" in detail
    response = client.post(reverse("responsibilities:role_delete", args=[role.pk]), {})
    assert response.status_code == 409 and "End their term first" in response.content.decode()
    assert HubRole.objects.filter(pk=role.pk).exists()


def test_only_engagement_leads_change_the_register(personas, register, signed_in):
    p = personas
    role = register["lay_member"]
    holder = make_holder(role, by=p.ellie, person=p.larry)
    before = AuditEvent.objects.count()
    for person in (p.priya, p.larry, p.bea, p.pat, p.nora):
        client = signed_in(person)
        for url in [
            reverse("responsibilities:role_create"),
            reverse("responsibilities:adopt_standard"),
            reverse("responsibilities:role_edit", args=[role.pk]),
            reverse("responsibilities:role_delete", args=[role.pk]),
            reverse("responsibilities:holder_create", args=[role.pk]),
            reverse("responsibilities:holder_edit", args=[holder.pk]),
            reverse("responsibilities:holder_end", args=[holder.pk]),
            reverse("responsibilities:holder_delete", args=[holder.pk]),
        ]:
            assert client.post(url, {}).status_code == 403, (person, url)
        assert client.get(reverse("responsibilities:role_detail", args=[role.pk])).status_code == 200
    assert AuditEvent.objects.count() == before


def test_oscar_sees_nothing_of_the_register_and_the_standard_roles_are_not_pages(personas, register, signed_in):
    p = personas
    holder = make_holder(register["healthwatch"], by=p.ellie, name="Hana Hussain")
    client = signed_in(p.oscar)
    assert "Hana Hussain" not in client.get(reverse("responsibilities:role_list")).content.decode()
    assert client.get(reverse("responsibilities:role_detail", args=[register["healthwatch"].pk])).status_code == 404
    assert client.get(reverse("responsibilities:holder_edit", args=[holder.pk])).status_code == 404
    standard = HubRole.objects.standard().first()
    assert signed_in(p.ellie).get(reverse("responsibilities:role_detail", args=[standard.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("responsibilities:role_list"))
    assert response.status_code == 302 and reverse("core:login") in response["Location"]


def test_the_register_and_a_role_do_not_grow_in_queries_with_the_data(personas, register, signed_in, settings):
    p = personas
    client = signed_in(p.ellie)
    role = register["programme_lead"]
    urls = [reverse("responsibilities:role_list"), reverse("responsibilities:role_detail", args=[role.pk])]
    make_holder(role, by=p.ellie, person=p.priya)
    few = [queries_for(client, url) for url in urls]
    for n in range(12):
        make_holder(role, by=p.ellie, name=f"Past lead {n}", starts_on=date(2020, 1, 1), ends_on=date(2020, 2, 1))
        make_holder(make_role(p.org, by=p.ellie), by=p.ellie, name=f"Holder {n}")
    many = [queries_for(client, url) for url in urls]
    assert few == many


def test_a_holder_form_sent_twice_records_one_term(personas, register, signed_in):
    p = personas
    client = signed_in(p.ellie)
    role = register["healthwatch"]
    data = {"name": "Hana Hussain", "submission": "same-key-1", **_date("starts_on", TODAY)}
    first = client.post(reverse("responsibilities:holder_create", args=[role.pk]), data)
    second = client.post(reverse("responsibilities:holder_create", args=[role.pk]), data)
    assert first.status_code == second.status_code == 302
    assert RoleHolder.objects.filter(role=role).count() == 1


def test_a_stale_change_to_a_role_is_refused_and_saves_nothing(personas, register, signed_in):
    p = personas
    role = register["lay_member"]
    client = signed_in(p.ellie)
    data = {"name": role.name, "kind": "hub", "responsibilities": "First change.", "required": "on", "version": 1}
    assert client.post(reverse("responsibilities:role_edit", args=[role.pk]), data).status_code == 302
    stale = client.post(reverse("responsibilities:role_edit", args=[role.pk]), {**data, "responsibilities": "Second."})
    assert stale.status_code == 409
    assert HubRole.objects.get(pk=role.pk).responsibilities == "First change."


def test_a_flagged_roles_page_says_why_in_the_callout(personas, register, signed_in):
    url = reverse("responsibilities:role_detail", args=[register["scrutiny_committee"].pk])
    html = signed_in(personas.bea).get(url).content.decode()
    assert "<li>Never filled: this required role has never had a holder.</li>" in html
