"""The business-case gate (DESIGN.md rule 2): each missing piece alone blocks sign-off, with its
reason in words; all present allow it. A refused sign-off saves nothing."""

import pytest

from baton.core.errors import RuleBroken
from baton.core.models import AuditEvent
from baton.cycle.testing import make_programme
from baton.governance import actions
from baton.governance.models import BusinessCase, ScreeningQuestion
from baton.governance.testing import (
    assess,
    assure,
    make_board,
    make_case,
    make_meeting,
    plan,
    screen,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    meeting = make_meeting(make_board(p.org, by=p.ellie, name="ICB Board"), by=p.ellie)
    return p, programme, meeting


def _build(p, programme, *, missing: str | None, duty_applies: bool = True):
    """A case with every piece of the gate except `missing`."""
    case = make_case(programme, by=p.priya)
    if missing == "screening":
        pass
    elif missing == "screening_groups":
        screen(case, by=p.priya, duty_applies=duty_applies, groups_affected="")
    elif missing == "screening_duty":
        screen(case, by=p.priya, duty_applies=None, involvement="engage")
    elif missing == "screening_question":
        screen(case, by=p.priya, duty_applies=duty_applies)
        ScreeningQuestion.objects.create(key="new", position=99, text="Is a new question answered?")
    else:
        screen(case, by=p.priya, duty_applies=duty_applies)
    if missing != "ehia":
        assess(case, by=p.priya)
    if missing == "plan":
        pass
    elif missing == "budget_line":
        plan(case, by=p.priya, budget_line="")
    else:
        plan(case, by=p.priya)
    if missing == "assurance":
        pass
    elif missing == "not_assured":
        assure(case, by=p.larry, outcome="not_assured")
    elif missing == "open_condition":
        assure(case, by=p.larry, outcome="conditions", conditions=["Publish an easy read summary."])
    else:
        assure(case, by=p.larry)
    case.refresh_from_db()
    return case


MISSING = {
    "screening": "The duty screening has not been done",
    "screening_groups": "does not say which groups are affected",
    "screening_duty": "does not say whether the involvement duty (s14Z45) applies",
    "screening_question": "'Is a new question answered?' has no answer",
    "ehia": "equality and health inequalities assessment has not been recorded as done",
    "plan": "an engagement plan is needed",
    "budget_line": "needs a budget line",
    "assurance": "No engagement assurance has been given",
    "not_assured": "is 'not assured'",
    "open_condition": "'Publish an easy read summary.' is still open",
}


@pytest.mark.parametrize("missing", list(MISSING))
def test_each_missing_piece_alone_blocks_sign_off_and_says_why(setup, missing):
    p, programme, meeting = setup
    case = _build(p, programme, missing=missing)
    reasons = case.blockers_to_signing_off()
    assert len(reasons) == 1, reasons
    assert MISSING[missing] in reasons[0]
    before = AuditEvent.objects.count()
    with pytest.raises(RuleBroken) as refused:
        actions.sign_off(case, meeting=meeting, by=p.bea)
    assert refused.value.reasons == reasons
    case.refresh_from_db()
    assert case.signed_off_at is None
    assert AuditEvent.objects.count() == before


def test_everything_present_allows_sign_off(setup):
    p, programme, meeting = setup
    case = _build(p, programme, missing=None)
    assert case.blockers_to_signing_off() == []
    actions.sign_off(case, meeting=meeting, by=p.bea)
    case.refresh_from_db()
    assert case.is_signed_off and case.signed_off_meeting == meeting and case.signed_off_by == p.bea
    assert case.signed_off_assurance == case.current_assurance()


def test_where_the_duty_does_not_apply_no_plan_is_needed(setup):
    p, programme, meeting = setup
    case = make_case(programme, by=p.priya)
    screen(case, by=p.priya, duty_applies=False)
    assess(case, by=p.priya)
    assure(case, by=p.larry)
    case.refresh_from_db()
    assert case.blockers_to_signing_off() == []


def test_every_missing_piece_is_listed_at_once(setup):
    p, programme, _ = setup
    case = make_case(programme, by=p.priya)
    reasons = case.blockers_to_signing_off()
    assert len(reasons) == 3  # no screening, no assessment, no assurance


def test_conditions_all_closed_allow_sign_off(setup):
    p, programme, meeting = setup
    case = _build(p, programme, missing="open_condition")
    condition = case.current_assurance().conditions.get()
    with pytest.raises(RuleBroken):
        actions.close_condition(condition, evidence="  ", by=p.priya)
    actions.close_condition(condition, evidence="Easy read published on 1 March.", by=p.priya)
    case.refresh_from_db()
    assert case.blockers_to_signing_off() == []
    actions.sign_off(case, meeting=meeting, by=p.bea)


def test_a_signed_off_case_cannot_be_signed_off_again_or_changed_and_its_assurance_stands(setup):
    p, programme, meeting = setup
    case = _build(p, programme, missing=None)
    actions.sign_off(case, meeting=meeting, by=p.bea)
    case.refresh_from_db()
    with pytest.raises(RuleBroken, match="already signed off"):
        actions.sign_off(case, meeting=meeting, by=p.bea)
    with pytest.raises(RuleBroken, match="can no longer change"):
        actions.update_case(case, {"title": "Changed"}, by=p.ellie)
    with pytest.raises(RuleBroken, match="can no longer change"):
        screen(case, by=p.ellie)
    relied_on = case.signed_off_assurance
    later = assure(case, by=p.larry, outcome="not_assured")
    case.refresh_from_db()
    relied_on.refresh_from_db()
    assert case.signed_off_assurance == relied_on and relied_on.superseded_by == later  # both stay
    assert case.assurances.count() == 2 and case.is_signed_off


def test_a_new_assurance_supersedes_the_current_one_and_both_stay(setup):
    p, programme, _ = setup
    case = _build(p, programme, missing="not_assured")
    first = case.current_assurance()
    second = assure(case, by=p.larry)
    first.refresh_from_db()
    assert first.superseded_by == second
    assert case.assurances.count() == 2
    assert case.current_assurance() == second


def test_an_assurance_recorded_since_the_page_was_read_refuses_the_second(setup):
    p, programme, _ = setup
    case = _build(p, programme, missing="assurance")
    assure(case, by=p.larry)
    with pytest.raises(RuleBroken, match="Someone else recorded an assurance"):
        actions.assure_engagement(
            case,
            outcome="assured",
            commentary="Fine.",
            checks={c.criterion_id: "met" for c in case.current_assurance().checks.all()},
            supersedes=None,
            by=p.larry,
        )
    assert case.assurances.count() == 1


def test_an_assurance_needs_every_criterion_judged_and_conditions_only_with_conditions(setup):
    from django.core.exceptions import ValidationError

    p, programme, _ = setup
    case = make_case(programme, by=p.priya)
    with pytest.raises(ValidationError) as bad:
        actions.assure_engagement(case, outcome="conditions", commentary="", checks={}, by=p.larry)
    assert set(bad.value.message_dict) == {"commentary", "conditions", "checks"}
    assert not case.assurances.exists()


def test_every_step_of_a_case_is_in_its_audit_history(setup):
    p, programme, meeting = setup
    case = _build(p, programme, missing=None)
    actions.sign_off(case, meeting=meeting, by=p.bea)
    steps = set(
        AuditEvent.objects.filter(model="governance.businesscase", object_id=str(case.pk)).values_list(
            "action", flat=True
        )
    )
    assert {
        "create_business_case",
        "screen_duty",
        "update_business_case",
        "plan_engagement",
        "assure_engagement",
        "sign_off_business_case",
    } <= steps


def test_plan_links_only_the_programmes_own_stage_runs(setup):
    from django.core.exceptions import ValidationError

    from baton.cycle.testing import make_run

    p, programme, _ = setup
    other = make_programme(p.org, by=p.ellie, name="Other")
    run = make_run(other, "needs", owner=p.priya)
    case = make_case(programme, by=p.priya)
    with pytest.raises(ValidationError):
        actions.plan_engagement(case, {"summary": "x", "budget_line": "B"}, stage_runs=[run], by=p.priya)
    assert BusinessCase.objects.get(pk=case.pk).plan_or_none() is None
