"""Retention: contact details of people inactive longer than the period are removed (and from the
audit trail), each run recorded per organisation and audited; a second run removes nothing more."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from baton.core.models import AuditEvent

from .. import actions
from ..models import Person, RetentionRun

pytestmark = pytest.mark.django_db


def _person(org, name, *, last_active_days=None, created_days=0, **fields):
    today = timezone.localdate()
    person = Person.objects.create(
        organisation=org,
        name=name,
        email=f"{name.lower()}@example.org",
        phone="0300 123 4567",
        postcode="NR1 1AA",
        last_active_on=today - timedelta(days=last_active_days) if last_active_days is not None else None,
        **fields,
    )
    if created_days:
        Person.objects.filter(pk=person.pk).update(created_at=timezone.now() - timedelta(days=created_days))
    return person


def test_retention_removes_only_the_inactive_contact_details_once(personas):
    p = personas
    old = _person(p.org, "Old", last_active_days=400)
    recent = _person(p.org, "Recent", last_active_days=10)
    never_active_old = _person(p.org, "Quiet", created_days=500)
    never_active_new = _person(p.org, "New")
    elsewhere = _person(p.other_org, "Elsewhere", last_active_days=900)
    run = actions.apply_retention(p.org, days=365)
    assert (run.removed, run.inactive_days, run.organisation) == (2, 365, p.org)
    for person in (old, never_active_old):
        person.refresh_from_db()
        assert (person.email, person.phone, person.postcode) == ("", "", "")
        assert person.name and person.contact_removed_on == timezone.localdate()
    for person in (recent, never_active_new, elsewhere):
        person.refresh_from_db()
        assert person.email and person.phone and person.postcode
    audited = AuditEvent.objects.filter(action="retention_remove_contact", organisation=p.org)
    assert sorted(int(e.object_id) for e in audited) == sorted([old.pk, never_active_old.pk])
    assert not AuditEvent.objects.filter(after__icontains="old@example.org").exists()
    again = actions.apply_retention(p.org, days=365)
    assert again.removed == 0
    assert RetentionRun.objects.filter(organisation=p.org).count() == 2


def test_the_command_runs_every_organisation_with_the_setting(personas, settings):
    settings.BATON_RETENTION_DAYS = 100
    _person(personas.org, "Old", last_active_days=200)
    _person(personas.other_org, "Elsewhere", last_active_days=200)
    call_command("retention")
    assert sorted(RetentionRun.objects.values_list("organisation__ods_code", "removed", "inactive_days")) == [
        ("QNR", 1, 100),
        ("QOS", 1, 100),
    ]
    call_command("retention")
    assert list(RetentionRun.objects.filter(removed__gt=0).values_list("removed", flat=True)) == [1, 1]


def test_the_baton_command_has_a_retention_subcommand(personas, monkeypatch):
    from baton import cli

    monkeypatch.setattr(cli, "_django", lambda *a, **k: None)
    _person(personas.org, "Old", last_active_days=5000)
    assert cli.main(["retention", "--days", "30"]) == 0
    assert RetentionRun.objects.filter(organisation=personas.org, removed=1).exists()


def test_the_runs_page_is_for_engagement_leads(personas, signed_in):
    actions.apply_retention(personas.org, days=365)
    url = reverse("people:retention_runs")
    assert "Retention of contact details" in signed_in(personas.ellie).get(url).content.decode()
    assert signed_in(personas.adam).get(url).status_code == 200
    for who in (personas.priya, personas.larry, personas.pat):
        assert signed_in(who).get(url).status_code == 403
