"""The register's rules pinned down to what a person sees and what the audit trail keeps: the exact
sentences of each refusal, the actor and action name of every change, stale edits refused before
anything else, and each date rule at its boundary."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.core.errors import RuleBroken, StaleEdit
from baton.core.models import AuditEvent
from baton.core.testing import make_user

from .. import actions
from .. import models as register_models
from ..models import HubRole, RoleHolder
from ..testing import ensure_standard_roles, make_holder, make_role

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


# The audit trail: who did it, and which action -----------------------------------------------------


def _create_role(p):
    return actions.create_role(p.org, by=p.adam, name="Equality lead", kind="hub", responsibilities="Equality.")


def _update_role(p):
    return actions.update_role(make_role(p.org, by=p.ellie), {"responsibilities": "New words."}, by=p.adam)


def _delete_role(p):
    return actions.delete_role(make_role(p.org, by=p.ellie), by=p.adam)


def _adopt(p):
    ensure_standard_roles()
    return actions.adopt_standard_roles(p.org, by=p.adam, keys=["healthwatch"])[0]


def _appoint(p):
    return actions.appoint_holder(make_role(p.org, by=p.ellie), by=p.adam, name="Hana Hussain", starts_on=TODAY)


def _update_holder(p):
    holder = make_holder(make_role(p.org, by=p.ellie), by=p.ellie, name="Hana Hussain")
    return actions.update_holder(holder, {"contact": "hana@example.org"}, by=p.adam)


def _end_term(p):
    return actions.end_term(make_holder(make_role(p.org, by=p.ellie), by=p.ellie, name="Hana Hussain"), by=p.adam)


def _delete_holder(p):
    return actions.delete_holder(make_holder(make_role(p.org, by=p.ellie), by=p.ellie, name="Hana"), by=p.adam)


@pytest.mark.parametrize(
    ("act", "action", "verb"),
    [
        (_create_role, "create_register_role", "create"),
        (_update_role, "update_register_role", "update"),
        (_delete_role, "delete_register_role", "delete"),
        (_adopt, "adopt_standard_role", "create"),
        (_appoint, "appoint_role_holder", "create"),
        (_update_holder, "update_role_holder", "update"),
        (_end_term, "end_role_term", "update"),
        (_delete_holder, "delete_role_holder", "delete"),
    ],
)
def test_every_change_to_the_register_is_audited_with_who_made_it_and_the_action_name(personas, act, action, verb):
    p = personas
    act(p)
    event = AuditEvent.objects.get(actor=p.adam)
    assert (event.action, event.verb, event.organisation) == (action, verb, p.org)


# Stale edits ---------------------------------------------------------------------------------------


def test_a_stale_change_to_a_role_is_refused_and_saves_nothing(personas):
    p = personas
    role = make_role(p.org, by=p.ellie, responsibilities="First.")
    actions.update_role(role, {"responsibilities": "Second."}, by=p.ellie, expected_version=1)
    with pytest.raises(StaleEdit):
        actions.update_role(role, {"responsibilities": "Third."}, by=p.ellie, expected_version=1)
    assert HubRole.objects.get(pk=role.pk).responsibilities == "Second."


def test_ending_a_term_someone_changed_since_is_refused_and_saves_nothing(personas):
    p = personas
    holder = make_holder(make_role(p.org, by=p.ellie), by=p.ellie, name="Hana")
    actions.update_holder(holder, {"contact": "hana@example.org"}, by=p.ellie, expected_version=1)
    with pytest.raises(StaleEdit):
        actions.end_term(holder, by=p.ellie, expected_version=1)
    assert RoleHolder.objects.get(pk=holder.pk).ends_on is None
    assert not AuditEvent.objects.filter(action="end_role_term").exists()


def test_a_stale_change_to_a_term_is_reported_as_stale_even_when_it_also_breaks_a_rule(personas):
    """The person must reload first: the rule they broke may be about data they have not seen."""
    p = personas
    holder = make_holder(make_role(p.org, by=p.ellie), by=p.ellie, name="Hana")
    actions.update_holder(holder, {"contact": "hana@example.org"}, by=p.ellie, expected_version=1)
    for stale in ({"person": p.priya}, {"ends_on": holder.starts_on - timedelta(days=1)}):
        with pytest.raises(StaleEdit):
            actions.update_holder(holder, stale, by=p.ellie, expected_version=1)
    assert RoleHolder.objects.get(pk=holder.pk).version == 2


# Deleting a role -----------------------------------------------------------------------------------


def test_deleting_a_role_held_today_says_how_many_hold_it_and_what_to_do(personas):
    p = personas
    role = make_role(p.org, by=p.ellie)
    make_holder(role, by=p.ellie, name="Hana", starts_on=TODAY)
    with pytest.raises(RuleBroken) as one:
        actions.delete_role(role, by=p.ellie)
    assert one.value.reasons == [
        "1 person holds this role today. End their term first, so the register keeps who answered for it."
    ]
    make_holder(role, by=p.ellie, name="Ben", starts_on=TODAY - timedelta(days=30), ends_on=TODAY)
    with pytest.raises(RuleBroken) as two:
        actions.delete_role(role, by=p.ellie)
    assert two.value.reasons == [
        "2 people hold this role today. End their term first, so the register keeps who answered for it."
    ]
    assert HubRole.objects.filter(pk=role.pk).exists()


def test_a_role_whose_terms_ended_yesterday_or_start_tomorrow_may_be_deleted(personas):
    p = personas
    role = make_role(p.org, by=p.ellie)
    make_holder(role, by=p.ellie, name="Past", starts_on=date(2024, 1, 1), ends_on=TODAY - timedelta(days=1))
    make_holder(role, by=p.ellie, name="Next", starts_on=TODAY + timedelta(days=1))
    assert role.blockers_to_deleting(TODAY) == []
    actions.delete_role(role, by=p.ellie)
    assert not HubRole.objects.filter(pk=role.pk).exists()


def test_deleting_a_role_is_judged_on_the_day_given(personas):
    p = personas
    role = make_role(p.org, by=p.ellie)
    make_holder(role, by=p.ellie, name="Past", starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    with pytest.raises(RuleBroken, match="1 person holds this role today"):
        actions.delete_role(role, by=p.ellie, today=date(2024, 6, 1))
    actions.delete_role(role, by=p.ellie, today=TODAY)
    assert not HubRole.objects.filter(pk=role.pk).exists()


# Ending a term -------------------------------------------------------------------------------------


def test_ending_a_term_refuses_in_words_one_already_ended_and_an_end_before_the_start(personas):
    p = personas
    role = make_role(p.org, by=p.ellie)
    ended = make_holder(role, by=p.ellie, name="Past", starts_on=date(2024, 3, 1), ends_on=date(2024, 12, 31))
    with pytest.raises(RuleBroken) as both:
        actions.end_term(ended, ends_on=date(2024, 2, 1), by=p.ellie)
    assert both.value.reasons == [
        "This term already ended on 31 December 2024.",
        "The term cannot end before it starts (1 March 2024).",
    ]
    assert RoleHolder.objects.get(pk=ended.pk).ends_on == date(2024, 12, 31)


def test_a_term_ending_today_may_still_be_ended_and_a_term_may_end_the_day_it_starts(personas):
    p = personas
    role = make_role(p.org, by=p.ellie)
    holder = make_holder(role, by=p.ellie, name="Hana", starts_on=TODAY - timedelta(days=10), ends_on=TODAY)
    actions.end_term(holder, ends_on=TODAY - timedelta(days=10), by=p.ellie)
    assert RoleHolder.objects.get(pk=holder.pk).ends_on == TODAY - timedelta(days=10)


def test_whether_a_term_has_already_ended_is_judged_on_the_day_given(personas):
    p = personas
    holder = make_holder(make_role(p.org, by=p.ellie), by=p.ellie, name="Hana", starts_on=date(2024, 1, 1))
    holder.ends_on = date(2024, 6, 30)
    assert holder.blockers_to_ending(date(2024, 6, 30), today=date(2024, 6, 30)) == []
    assert holder.blockers_to_ending(date(2024, 7, 1), today=date(2024, 7, 1)) == [
        "This term already ended on 30 June 2024."
    ]


def test_ending_a_term_reads_the_clock_once(personas, monkeypatch):
    """Ended at midnight: the day the end defaults to is the day the term is judged on, so a term
    ending today is not refused as 'already ended' because the clock moved on in between."""
    p = personas
    holder = make_holder(make_role(p.org, by=p.ellie), by=p.ellie, name="Hana", ends_on=TODAY)
    monkeypatch.setattr(register_models, "timezone", SimpleNamespace(localdate=lambda: TODAY + timedelta(days=1)))
    actions.end_term(holder, by=p.ellie)
    assert RoleHolder.objects.get(pk=holder.pk).ends_on == TODAY


# Holders -------------------------------------------------------------------------------------------


def test_a_holder_refused_is_told_exactly_what_to_choose(personas):
    p = personas
    role = make_role(p.org, by=p.ellie)
    inactive = make_user(p.org, None, username="gone", is_active=False)
    cases = [
        (
            {"person": p.priya, "name": "Also a name"},
            {"name": ["Choose someone who uses Baton, or give the name of someone outside Baton, not both."]},
        ),
        (
            {"name": "  "},
            {"person": ["Choose someone who uses Baton, or give the name of someone outside Baton."]},
        ),
        ({"person": p.oscar}, {"person": ["Choose someone in your organisation."]}),
        ({"person": inactive}, {"person": ["Choose someone in your organisation."]}),
    ]
    for fields, errors in cases:
        with pytest.raises(ValidationError) as refused:
            actions.appoint_holder(role, by=p.ellie, starts_on=TODAY, **fields)
        assert refused.value.message_dict == errors, fields
    assert not RoleHolder.objects.exists()
    # Any member may hold a register role, whatever their Baton role, or with none.
    member = make_user(p.org, None, username="member")
    assert actions.appoint_holder(role, by=p.ellie, starts_on=TODAY, person=member).person == member


def test_a_second_overlapping_term_names_the_first_in_the_refusal(personas):
    p = personas
    role = make_role(p.org, by=p.ellie)
    make_holder(role, by=p.ellie, person=p.priya, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    make_holder(role, by=p.ellie, name="Hana Hussain", starts_on=date(2024, 1, 1))
    make_holder(role, by=p.ellie, person=p.priya, starts_on=date(2025, 3, 1))
    with pytest.raises(RuleBroken) as dated:  # it clashes with both of Priya's terms: the first is named
        make_holder(role, by=p.ellie, person=p.priya, starts_on=date(2024, 12, 31), ends_on=date(2025, 3, 1))
    assert dated.value.reasons == [
        "Priya Patel already holds this role from 1 January 2024 to 31 December 2024. Change that term instead."
    ]
    with pytest.raises(RuleBroken) as open_ended:
        make_holder(role, by=p.ellie, name="HANA HUSSAIN", starts_on=date(2023, 1, 1), ends_on=date(2024, 1, 1))
    assert open_ended.value.reasons == [
        "HANA HUSSAIN already holds this role from 1 January 2024 to further notice. Change that term instead."
    ]
    assert RoleHolder.objects.filter(role=role).count() == 3


def test_changing_a_term_to_someone_of_another_organisation_is_refused(personas):
    p = personas
    holder = make_holder(make_role(p.org, by=p.ellie), by=p.ellie, person=p.priya)
    with pytest.raises(ValidationError) as refused:
        actions.update_holder(holder, {"person": p.oscar}, by=p.ellie)
    assert refused.value.message_dict == {"person": ["Choose someone in your organisation."]}
    assert RoleHolder.objects.get(pk=holder.pk).person == p.priya


# Adopting the standard roles -----------------------------------------------------------------------


def test_adopting_unknown_or_no_standard_roles_is_refused_in_words(personas):
    p = personas
    ensure_standard_roles()
    for keys in (["no_such_role"], [], ["healthwatch", "no_such_role"]):
        with pytest.raises(ValidationError) as refused:
            actions.adopt_standard_roles(p.org, by=p.ellie, keys=keys)
        assert refused.value.message_dict == {
            "keys": ["Choose standard roles by their keys, for example 'healthwatch'."]
        }, keys
    assert not HubRole.objects.for_org(p.org).exists()


def test_adopting_chosen_standard_roles_copies_those_only_with_their_details(personas):
    p = personas
    ensure_standard_roles()
    adopted = actions.adopt_standard_roles(p.org, by=p.ellie, keys=["healthwatch", "lay_member"])
    assert sorted(r.key for r in adopted) == ["healthwatch", "lay_member"]
    for role in adopted:
        standard = HubRole.objects.standard().get(key=role.key)
        copied = HubRole.objects.get(pk=role.pk)
        assert copied.organisation == p.org
        fields = ("name", "kind", "responsibilities", "required", "order")
        assert [getattr(copied, f) for f in fields] == [getattr(standard, f) for f in fields]
    with pytest.raises(RuleBroken) as again:
        actions.adopt_standard_roles(p.org, by=p.ellie, keys=["healthwatch"])
    assert again.value.reasons == ["The register already has every standard role."]


def test_the_standard_roles_are_offered_hub_roles_first_then_partners_each_in_their_order(personas):
    p = personas
    ensure_standard_roles()
    fields = {"organisation": None, "responsibilities": "New national guidance.", "required": False}
    HubRole.objects.create(key="new_partner", name="A new partner", kind="partner", order=0, **fields)
    HubRole.objects.create(key="new_hub", name="A new hub role", kind="hub", order=0, **fields)
    expected = [
        "new_hub",
        "executive_lead",
        "clinical_lead",
        "lay_member",
        "programme_lead",
        "practitioner",
        "commissioning_support",
        "new_partner",
        "health_wellbeing_board",
        "healthwatch",
        "scrutiny_committee",
    ]
    assert [r.key for r in actions.missing_standard_roles(p.org)] == expected
    assert [r.key for r in actions.adopt_standard_roles(p.org, by=p.ellie)] == expected


def test_a_standard_role_the_register_has_by_key_or_by_name_is_not_offered_again(personas):
    p = personas
    ensure_standard_roles()
    make_role(p.org, by=p.ellie, name="Healthwatch")  # typed in by hand: no key
    [lay] = actions.adopt_standard_roles(p.org, by=p.ellie, keys=["lay_member"])
    actions.update_role(lay, {"name": "Our lay member"}, by=p.ellie)
    missing = {r.key for r in actions.missing_standard_roles(p.org)}
    assert "healthwatch" not in missing and "lay_member" not in missing and len(missing) == 7
    assert HubRole.objects.standard().count() == 9  # the standard roles themselves are not the register's
