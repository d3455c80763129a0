"""The register's actions and the rules they enforce, each as a matrix: every missing piece alone
blocks, all present allows."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.core.audit import restore_deleted
from baton.core.errors import RuleBroken
from baton.core.models import AuditEvent
from baton.core.testing import make_user

from .. import actions
from ..models import HubRole, RoleHolder
from ..testing import make_holder, make_role

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_the_standard_roles_are_reference_data_loaded_by_the_migration():
    standard = HubRole.objects.standard()
    assert standard.filter(kind="hub").count() == 6 and standard.filter(kind="partner").count() == 3
    assert set(standard.values_list("key", flat=True)) >= {"executive_lead", "healthwatch", "scrutiny_committee"}
    assert not standard.filter(responsibilities="").exists()


def test_adopting_copies_each_missing_standard_role_once_and_audits_it(personas, register):
    p = personas
    assert len(register) == 9
    assert AuditEvent.objects.filter(action="adopt_standard_role", organisation=p.org).count() == 9
    with pytest.raises(RuleBroken, match="already has every standard role"):
        actions.adopt_standard_roles(p.org, by=p.ellie)
    # A role deleted is offered again; one renamed by the organisation is not duplicated.
    actions.update_role(register["healthwatch"], {"name": "Healthwatch North Riverside"}, by=p.ellie)
    actions.delete_role(register["scrutiny_committee"], by=p.ellie)
    again = actions.adopt_standard_roles(p.org, by=p.ellie)
    assert [r.key for r in again] == ["scrutiny_committee"]


def test_editing_a_copied_role_changes_only_this_organisations_register(personas, register):
    p = personas
    actions.update_role(register["lay_member"], {"responsibilities": "Our own words."}, by=p.ellie)
    assert HubRole.objects.standard().get(key="lay_member").responsibilities != "Our own words."


def test_flags_matrix_never_filled_vacant_ended_without_successor(personas):
    p = personas
    role = make_role(p.org, by=p.ellie, required=True)
    assert role.flags(TODAY) == ["Never filled: this required role has never had a holder."]
    ended = make_holder(role, by=p.ellie, starts_on=date(2024, 1, 1), ends_on=TODAY - timedelta(days=1))
    flags = HubRole.objects.with_holders(TODAY).get(pk=role.pk).flags(TODAY)
    assert flags[0].startswith("Vacant") and "with no successor" in flags[1]
    # A successor starting later: still vacant today, but the term has a successor.
    make_holder(role, by=p.ellie, name="Next person", starts_on=TODAY + timedelta(days=10))
    flags = HubRole.objects.with_holders(TODAY).get(pk=role.pk).flags(TODAY)
    assert flags == ["Vacant: nobody holds this required role today."]
    # Someone holds it today: no flag.
    make_holder(role, by=p.ellie, name="Stand-in", starts_on=TODAY)
    assert HubRole.objects.with_holders(TODAY).get(pk=role.pk).flags(TODAY) == []
    assert ended.pk and role.flags(TODAY) == []  # the counting path agrees with the annotated one
    # An optional role is never vacant, but a term ended with nobody after is still flagged.
    optional = make_role(p.org, by=p.ellie, required=False)
    assert optional.flags(TODAY) == []
    make_holder(optional, by=p.ellie, starts_on=date(2024, 1, 1), ends_on=date(2024, 6, 30))
    assert optional.flags(TODAY) == ["Term ended on 30 June 2024 with no successor."]
    assert set(HubRole.objects.for_org(p.org).flagged(TODAY)) == {role, optional} - {role}


def test_a_holder_is_a_baton_user_of_the_organisation_or_a_named_person_not_both(personas):
    p = personas
    role = make_role(p.org, by=p.ellie)
    cases = [
        ({"person": p.priya, "name": "Also a name"}, "not both"),
        ({}, "Choose someone who uses Baton, or give the name"),
        ({"person": p.oscar}, "Choose someone in your organisation"),
        ({"person": make_user(None, username="stranger")}, "Choose someone in your organisation"),
    ]
    for fields, message in cases:
        with pytest.raises(ValidationError, match=message):
            actions.appoint_holder(role, by=p.ellie, starts_on=TODAY, **fields)
    assert not RoleHolder.objects.exists()
    assert actions.appoint_holder(role, by=p.ellie, starts_on=TODAY, person=p.priya).holder_name == "Priya Patel"
    assert actions.appoint_holder(role, by=p.ellie, starts_on=TODAY, name="Hana Hussain").holder_name == "Hana Hussain"


def test_one_term_per_person_at_a_time_in_a_role(personas):
    p = personas
    role = make_role(p.org, by=p.ellie)
    make_holder(role, by=p.ellie, person=p.priya, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    with pytest.raises(RuleBroken, match="Priya Patel already holds this role from 1 January 2024"):
        make_holder(role, by=p.ellie, person=p.priya, starts_on=date(2024, 6, 1))
    # Each piece alone allows: another person, or a term after the first ended.
    make_holder(role, by=p.ellie, person=p.larry, starts_on=date(2024, 6, 1))
    make_holder(role, by=p.ellie, person=p.priya, starts_on=date(2025, 1, 1))
    with pytest.raises(RuleBroken):  # named outside people too, ignoring case
        make_holder(role, by=p.ellie, name="Hana", starts_on=date(2024, 1, 1))
        make_holder(role, by=p.ellie, name="hana", starts_on=date(2024, 2, 1))


def test_ending_a_term_matrix(personas):
    p = personas
    role = make_role(p.org, by=p.ellie)
    holder = make_holder(role, by=p.ellie, starts_on=TODAY - timedelta(days=10))
    with pytest.raises(RuleBroken, match="cannot end before it starts"):
        actions.end_term(holder, ends_on=TODAY - timedelta(days=11), by=p.ellie)
    actions.end_term(holder, ends_on=TODAY - timedelta(days=1), by=p.ellie)
    assert RoleHolder.objects.get(pk=holder.pk).ends_on == TODAY - timedelta(days=1)
    with pytest.raises(RuleBroken, match="already ended"):
        actions.end_term(holder, by=p.ellie)
    # A term that ends today (or later) may still be brought forward or moved.
    current = make_holder(role, by=p.ellie, starts_on=TODAY - timedelta(days=5), ends_on=TODAY + timedelta(days=100))
    actions.end_term(current, by=p.ellie)
    assert RoleHolder.objects.get(pk=current.pk).ends_on == TODAY
    assert AuditEvent.objects.filter(action="end_role_term").count() == 2


def test_a_role_somebody_holds_today_cannot_be_deleted(personas):
    p = personas
    role = make_role(p.org, by=p.ellie)
    holder = make_holder(role, by=p.ellie, starts_on=TODAY - timedelta(days=3))
    with pytest.raises(RuleBroken, match="1 person holds this role today"):
        actions.delete_role(role, by=p.ellie)
    actions.end_term(holder, ends_on=TODAY - timedelta(days=1), by=p.ellie)
    event = actions.delete_role(role, by=p.ellie)
    assert not HubRole.objects.filter(pk=role.pk).exists() and not RoleHolder.objects.filter(pk=holder.pk).exists()
    restore_deleted(event, by=p.ellie)
    assert RoleHolder.objects.get(pk=holder.pk).role_id == role.pk


def test_deleting_a_term_is_audited_and_restorable(personas):
    p = personas
    role = make_role(p.org, by=p.ellie)
    holder = make_holder(role, by=p.ellie, name="Entered in error")
    event = actions.delete_holder(holder, by=p.ellie)
    assert event.before and not RoleHolder.objects.filter(pk=holder.pk).exists()
    restore_deleted(event, by=p.ellie)
    assert RoleHolder.objects.get(pk=holder.pk).name == "Entered in error"


def test_a_stale_edit_of_a_term_is_refused(personas):
    from baton.core.errors import StaleEdit

    p = personas
    holder = make_holder(make_role(p.org, by=p.ellie), by=p.ellie, name="Hana")
    actions.update_holder(holder, {"contact": "a@example.org"}, by=p.ellie, expected_version=1)
    with pytest.raises(StaleEdit):
        actions.update_holder(holder, {"contact": "b@example.org"}, by=p.ellie, expected_version=1)
    assert RoleHolder.objects.get(pk=holder.pk).contact == "a@example.org"


def test_changing_a_term_keeps_the_holder_rules(personas):
    p = personas
    role = make_role(p.org, by=p.ellie)
    make_holder(role, by=p.ellie, person=p.priya, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    later = make_holder(role, by=p.ellie, person=p.priya, starts_on=date(2025, 1, 1))
    with pytest.raises(RuleBroken, match="already holds"):
        actions.update_holder(later, {"starts_on": date(2024, 6, 1)}, by=p.ellie)
    with pytest.raises(ValidationError, match="not both"):
        actions.update_holder(later, {"name": "Someone else"}, by=p.ellie)
    actions.update_holder(later, {"person": None, "name": "Someone else"}, by=p.ellie)
    assert RoleHolder.objects.get(pk=later.pk).holder_name == "Someone else"
