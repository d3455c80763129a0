"""Each rule of governance, one at a time: the sentence a person reads when it refuses, who and
which action the audit trail records for every change, a stale edit refused with nothing saved,
another organisation's records refused as links, and who may do what. Every case here was a
mutant that `scripts/mutation` found surviving (a sentence changed, the actor or the action name
lost, a version check dropped, a check switched off), so each refusal is made to happen on its
own: the other conditions of the case are met."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from baton.consultations.models import Consultation
from baton.core.errors import StaleEdit
from baton.core.jinja import ukdate
from baton.core.models import AuditEvent
from baton.core.testing import refused
from baton.core.testing import saved_state as core_saved_state
from baton.cycle.models import Programme
from baton.cycle.testing import make_activity, make_handover, make_insight, make_programme, make_run
from baton.governance import actions, permissions
from baton.governance.models import AssuranceCriterion, BoardMember, ScreeningQuestion
from baton.governance.testing import (
    assess,
    assure,
    checks_all,
    make_board,
    make_case,
    make_decision,
    make_meeting,
    make_paper,
    pdf,
    plan,
    ready_case,
    screen,
)

pytestmark = pytest.mark.django_db


@dataclass
class Gov:
    p: object
    programme: object
    board: object
    meeting: object


@pytest.fixture
def gov(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    board = make_board(p.org, by=p.ellie, name="ICB Board")
    return Gov(p, programme, board, make_meeting(board, by=p.ellie))


def saved_state() -> dict:
    return core_saved_state("governance")


def _refused(action, *args, **kwargs) -> list[str]:
    """The sentences `action` refuses with; it must save nothing."""
    return refused(action, *args, apps=("governance",), **kwargs)


def _invalid(action, *args, **kwargs) -> dict:
    """The field errors `action` answers with; it must save nothing."""
    before = saved_state()
    with pytest.raises(ValidationError) as invalid:
        action(*args, **kwargs)
    assert saved_state() == before
    return invalid.value.message_dict


def _consultation(org, status="open"):
    return Consultation.objects.create(
        organisation=org,
        title="The future of stroke services",
        proposal="Move hyper-acute stroke care to one site.",
        opens_on=date(2026, 1, 5),
        closes_on=date(2026, 3, 30),
        status=status,
    )


# Refusals, each on its own, with the sentence a person reads -----------------------------------------


def test_a_board_named_by_a_decision_is_not_deleted_and_the_reason_says_so(gov):
    p = gov.p
    make_decision(p.org, gov.board, by=p.ellie)
    assert _refused(actions.delete_board, gov.board, by=p.ellie) == [
        "Decisions in the register name this board, so it cannot be deleted."
    ]


def test_a_board_whose_meeting_signed_a_case_off_is_not_deleted_and_the_reason_says_so(gov):
    p = gov.p
    actions.sign_off(ready_case(gov.programme, lead=p.priya, lay=p.larry), meeting=gov.meeting, by=p.bea)
    assert _refused(actions.delete_board, gov.board, by=p.ellie) == [
        "Business cases were signed off at this board's meetings, so it cannot be deleted."
    ]


def test_a_meeting_with_a_decision_alone_is_not_deleted(gov):
    p = gov.p
    make_decision(p.org, gov.board, by=p.ellie, meeting=gov.meeting)
    assert _refused(actions.delete_meeting, gov.meeting, by=p.ellie) == [
        "Decisions or sign-offs were recorded at this meeting, so it cannot be deleted."
    ]


def test_a_meeting_with_a_sign_off_alone_is_not_deleted(gov):
    p = gov.p
    actions.sign_off(ready_case(gov.programme, lead=p.priya, lay=p.larry), meeting=gov.meeting, by=p.bea)
    assert _refused(actions.delete_meeting, gov.meeting, by=p.ellie) == [
        "Decisions or sign-offs were recorded at this meeting, so it cannot be deleted."
    ]


def _condition(gov):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    return assure(case, by=p.larry, outcome="conditions", conditions=["Publish an easy read summary."]).conditions.get()


def test_a_closed_condition_is_not_closed_again(gov):
    p = gov.p
    condition = _condition(gov)
    actions.close_condition(condition, evidence="Published on 1 March.", by=p.priya)
    condition.refresh_from_db()
    assert _refused(actions.close_condition, condition, evidence="Again.", by=p.priya) == [
        "This condition is already closed."
    ]


def test_a_condition_of_a_superseded_assurance_is_not_closed(gov):
    p = gov.p
    condition = _condition(gov)
    assure(condition.assurance.case, by=p.larry)
    assert _refused(actions.close_condition, condition, evidence="Published on 1 March.", by=p.priya) == [
        "This condition belongs to an assurance that has been superseded."
    ]


@pytest.mark.parametrize("evidence", ["", "   ", None])
def test_a_condition_is_not_closed_without_evidence(gov, evidence):
    condition = _condition(gov)
    assert _refused(actions.close_condition, condition, evidence=evidence, by=gov.p.priya) == [
        "Say what shows the condition is met."
    ]


def test_a_condition_closes_with_its_evidence_trimmed_and_who_closed_it(gov):
    p = gov.p
    condition = _condition(gov)
    actions.close_condition(condition, evidence="  Published on 1 March. ", by=p.priya)
    condition.refresh_from_db()
    assert condition.evidence == "Published on 1 March."
    assert condition.closed_by == p.priya and condition.closed_at is not None


def test_a_signed_off_case_says_when_it_was_signed_off_and_what_to_do_instead(gov):
    p = gov.p
    case = ready_case(gov.programme, lead=p.priya, lay=p.larry)
    actions.sign_off(case, meeting=gov.meeting, by=p.bea)
    case.refresh_from_db()
    when = ukdate(case.signed_off_at)
    changing = [
        f"This business case was signed off on {when}, so it can no longer change. "
        "Record a new business case for a changed proposal."
    ]
    assert _refused(actions.update_case, case, {"title": "Changed"}, by=p.ellie) == changing
    assert _refused(actions.delete_case, case, by=p.ellie) == changing
    assert _refused(actions.screen_duty, case, {"reason": "Changed."}, {}, by=p.ellie) == changing
    assert _refused(actions.plan_engagement, case, {"summary": "Changed."}, by=p.ellie) == changing
    assert _refused(actions.sign_off, case, meeting=gov.meeting, by=p.bea) == [
        f"This business case was already signed off on {when}."
    ]


# The gate's sentences, word for word (test_gate.py shows each piece alone blocks).
GATE = {
    "screening": "The duty screening has not been done: screen whether the involvement duty (s14Z45) applies.",
    "ehia": "The equality and health inequalities assessment has not been recorded as done.",
    "plan": "The involvement duty applies, so an engagement plan is needed: there is none for this business case.",
    "budget_line": "The involvement duty applies, so the engagement plan needs a budget line: it has none.",
    "assurance": "No engagement assurance has been given by the lay or non-executive member.",
    "not_assured": "The engagement assurance by Larry Lloyd is 'not assured'.",
    "open_condition": "The assurance condition 'Publish an easy read summary.' is still open: close it with evidence.",
}


@pytest.mark.parametrize("missing", list(GATE))
def test_the_gate_says_each_missing_piece_in_its_own_words(gov, missing):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    if missing != "screening":
        screen(case, by=p.priya)
    if missing != "ehia":
        assess(case, by=p.priya)
    if missing == "budget_line":
        plan(case, by=p.priya, budget_line="  ")
    elif missing != "plan":
        plan(case, by=p.priya)
    if missing == "not_assured":
        assure(case, by=p.larry, outcome="not_assured")
    elif missing == "open_condition":
        assure(case, by=p.larry, outcome="conditions", conditions=["Publish an easy read summary."])
    elif missing != "assurance":
        assure(case, by=p.larry)
    case.refresh_from_db()
    assert _refused(actions.sign_off, case, meeting=gov.meeting, by=p.bea) == [GATE[missing]]


def test_a_closed_condition_no_longer_blocks_but_another_open_one_does(gov):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    screen(case, by=p.priya, duty_applies=False)
    assess(case, by=p.priya)
    first, second = assure(case, by=p.larry, outcome="conditions", conditions=["First.", "Second."]).conditions.all()
    actions.close_condition(first, evidence="Done.", by=p.priya)
    case.refresh_from_db()
    assert case.blockers_to_signing_off() == [
        "The assurance condition 'Second.' is still open: close it with evidence."
    ]


def test_a_meeting_of_another_organisation_is_refused_for_a_sign_off(gov):
    p = gov.p
    case = ready_case(gov.programme, lead=p.priya, lay=p.larry)
    theirs = make_meeting(make_board(p.other_org, by=p.oscar), by=p.oscar)
    assert _refused(actions.sign_off, case, meeting=theirs, by=p.bea) == [
        "Choose a meeting of one of your organisation's boards or committees."
    ]


def test_a_sign_off_keeps_the_assurance_it_relied_on_and_who_signed_at_which_meeting(gov):
    p = gov.p
    case = ready_case(gov.programme, lead=p.priya, lay=p.larry)
    relied_on = case.current_assurance()
    actions.sign_off(case, meeting=gov.meeting, by=p.bea, expected_version=case.version)
    case.refresh_from_db()
    assert case.signed_off_assurance == relied_on
    assert case.signed_off_by == p.bea and case.signed_off_meeting == gov.meeting
    assert case.signed_off_at is not None


# Assurance -----------------------------------------------------------------------------------------


def test_an_assurance_recorded_since_the_page_was_read_is_named_in_the_refusal(gov):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    assure(case, by=p.larry)
    reasons = _refused(
        actions.assure_engagement, case, outcome="assured", commentary="Fine.", checks=checks_all(), by=p.larry
    )
    assert reasons == [
        "Someone else recorded an assurance on this business case a moment ago (Assured (Larry Lloyd)). "
        "Read it, then record yours if it is still needed."
    ]


def test_an_assurance_seen_that_is_no_longer_there_is_called_withdrawn(gov):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    reasons = _refused(
        actions.assure_engagement,
        case,
        outcome="assured",
        commentary="Fine.",
        checks=checks_all(),
        supersedes=987654,
        by=p.larry,
    )
    assert reasons == [
        "Someone else recorded an assurance on this business case a moment ago (withdrawn). "
        "Read it, then record yours if it is still needed."
    ]


@pytest.mark.parametrize("seen", ["record", "id"])
def test_the_assurance_seen_may_be_given_as_the_record_or_its_id(gov, seen):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    first = assure(case, by=p.larry, outcome="not_assured")
    second = actions.assure_engagement(
        case,
        outcome="assured",
        commentary="Fine.",
        checks=checks_all(),
        supersedes=first if seen == "record" else first.pk,
        by=p.larry,
    )
    first.refresh_from_db()
    assert first.superseded_by == second and case.current_assurance() == second


def test_an_assurance_keeps_its_trimmed_commentary_its_reviewer_every_judgement_and_its_conditions(gov):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    criteria = list(AssuranceCriterion.objects.filter(active=True))
    checks = {c.pk: "met" for c in criteria}
    checks[criteria[0].pk] = "partly"
    assurance = actions.assure_engagement(
        case,
        outcome="conditions",
        commentary="  Seen the survey. ",
        checks=checks,
        conditions=["  Publish an easy read summary. ", "", "   ", None, "Hold a session in Urdu."],
        by=p.larry,
    )
    assurance.refresh_from_db()
    assert assurance.commentary == "Seen the survey." and assurance.reviewer == p.larry
    assert assurance.outcome == "conditions"
    assert {c.criterion_id: c.met for c in assurance.checks.all()} == checks
    assert [c.text for c in assurance.conditions.all()] == ["Publish an easy read summary.", "Hold a session in Urdu."]
    assert all(c.is_open for c in assurance.conditions.all())


ASSURANCE_ERRORS = [
    ("maybe", "Fine.", [], {"outcome": ["Choose assured, assured with conditions, or not assured"]}),
    ("assured", "  ", [], {"commentary": ["Say what you looked at and why you reached this outcome"]}),
    ("not_assured", None, [], {"commentary": ["Say what you looked at and why you reached this outcome"]}),
    ("conditions", "Fine.", ["", "  "], {"conditions": ["Write at least one condition, one a line"]}),
    ("assured", "Fine.", ["A condition."], {"conditions": ["Conditions go with 'assured with conditions' only"]}),
    ("not_assured", "Fine.", ["A condition."], {"conditions": ["Conditions go with 'assured with conditions' only"]}),
]


@pytest.mark.parametrize(("outcome", "commentary", "conditions", "errors"), ASSURANCE_ERRORS)
def test_an_assurance_is_refused_with_the_field_and_its_sentence(gov, outcome, commentary, conditions, errors):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    found = _invalid(
        actions.assure_engagement,
        case,
        outcome=outcome,
        commentary=commentary,
        checks=checks_all(),
        conditions=conditions,
        by=p.larry,
    )
    assert found == errors


def test_an_assurance_names_each_criterion_not_judged(gov):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    first, second, *rest = AssuranceCriterion.objects.filter(active=True)
    checks = checks_all()
    checks[first.pk] = "perhaps"
    del checks[second.pk]
    found = _invalid(actions.assure_engagement, case, outcome="assured", commentary="Fine.", checks=checks, by=p.larry)
    assert found == {"checks": [f"Say whether '{first.text}' is met", f"Say whether '{second.text}' is met"]}
    AssuranceCriterion.objects.filter(pk=first.pk).update(active=False)
    del checks[first.pk]
    found = _invalid(actions.assure_engagement, case, outcome="assured", commentary="Fine.", checks=checks, by=p.larry)
    assert found == {"checks": [f"Say whether '{second.text}' is met"]}


# Field errors: the assessment, members, papers, plans, the screening ---------------------------------


def test_an_assessment_done_needs_its_summary_and_its_link(gov):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    assert _invalid(actions.update_case, case, {"ehia_done": True}, by=p.priya) == {
        "ehia_summary": ["Enter what the assessment found"],
        "ehia_link": ["Enter the link to the full assessment"],
    }
    assert _invalid(
        actions.update_case,
        case,
        {"ehia_done": True, "ehia_summary": "  ", "ehia_link": "https://x.nhs.uk"},
        by=p.priya,
    ) == {"ehia_summary": ["Enter what the assessment found"]}
    assess(case, by=p.priya)
    case.refresh_from_db()
    # Already done: emptying the link alone is refused, the summary kept from the case.
    assert _invalid(actions.update_case, case, {"ehia_link": ""}, by=p.priya) == {
        "ehia_link": ["Enter the link to the full assessment"]
    }
    actions.update_case(case, {"ehia_done": False, "ehia_summary": "", "ehia_link": ""}, by=p.priya)
    case.refresh_from_db()
    assert not case.ehia_done


def test_changing_only_the_summary_of_a_done_assessment_keeps_its_link(gov):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    assess(case, by=p.priya)
    case.refresh_from_db()
    link = case.ehia_link
    actions.update_case(case, {"ehia_summary": "Fewer journeys for older people."}, by=p.priya)
    case.refresh_from_db()
    assert case.ehia_done and case.ehia_link == link and case.ehia_summary == "Fewer journeys for older people."


def test_a_screening_answer_emptied_is_saved_empty(gov):
    from baton.governance.models import ScreeningAnswer

    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    screen(case, by=p.priya)
    answer = ScreeningAnswer.objects.filter(screening__case=case).first()
    case.refresh_from_db()
    actions.screen_duty(case, {}, {answer.question_id: None}, by=p.priya)
    answer.refresh_from_db()
    assert answer.answer == ""


def test_a_board_member_must_be_someone_in_the_organisation(gov):
    p = gov.p
    assert _invalid(actions.add_member, gov.board, person=p.oscar, role="Chair", by=p.ellie) == {
        "person": ["Choose someone in your organisation."]
    }
    seat = actions.add_member(gov.board, person=p.bea, role="Chair", by=p.ellie)
    assert seat.board == gov.board and seat.person == p.bea and seat.role == "Chair"


def test_a_paper_links_only_a_business_case_of_the_organisation(gov):
    p = gov.p
    theirs = make_case(make_programme(p.other_org, by=p.oscar, lead=p.oscar), by=p.oscar)
    assert _invalid(
        actions.add_paper, gov.meeting, by=p.ellie, title="Paper", document=pdf(), business_case=theirs
    ) == {"business_case": ["Choose one of your organisation's business cases."]}
    ours = make_case(gov.programme, by=p.priya)
    assert make_paper(gov.meeting, by=p.ellie, business_case=ours).business_case == ours


def test_a_plan_links_only_the_programmes_own_stage_runs_and_activities(gov):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    other_run = make_run(make_programme(p.org, by=p.ellie, name="Other"), "needs", owner=p.priya)
    fields = {"summary": "Workshops.", "budget_line": "ENG-1"}
    assert _invalid(actions.plan_engagement, case, fields, stage_runs=[other_run], by=p.priya) == {
        "stage_runs": ["Choose stage runs of this business case's programme."]
    }
    assert _invalid(
        actions.plan_engagement, case, fields, activities=[make_activity(other_run, by=p.priya)], by=p.priya
    ) == {"activities": ["Choose activities of this business case's programme."]}
    run = make_run(gov.programme, "needs", owner=p.priya)
    activity = make_activity(run, by=p.priya)
    made = actions.plan_engagement(case, fields, stage_runs=[run], activities=[activity], by=p.priya)
    assert list(made.stage_runs.all()) == [run] and list(made.activities.all()) == [activity]
    again = actions.plan_engagement(case, {"budget_line": "ENG-2"}, by=p.priya)
    assert again.pk == made.pk and again.budget_line == "ENG-2"
    assert not again.stage_runs.exists() and not again.activities.exists()


def test_a_screening_answers_only_the_questions_listed(gov):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    question = ScreeningQuestion.objects.filter(active=True).first()
    assert _invalid(actions.screen_duty, case, {"reason": "Why."}, {question.pk: "Yes", 987654: "Yes"}, by=p.priya) == {
        "answers": ["Answer the screening questions listed on the page."]
    }


def test_a_screening_keeps_who_screened_when_and_each_answer_trimmed(gov):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    first, second, *_ = ScreeningQuestion.objects.filter(active=True)
    screening = actions.screen_duty(case, {"reason": "Why."}, {first.pk: "  Yes. ", second.pk: "  "}, by=p.priya)
    assert screening.screened_by == p.priya and screening.screened_on is not None
    assert {a.question_id: a.answer for a in screening.answers.all()} == {first.pk: "Yes."}
    again = actions.screen_duty(case, {"reason": "Because."}, {first.pk: "No.", second.pk: "Some."}, by=p.ellie)
    again.refresh_from_db()
    assert again.pk == screening.pk and again.reason == "Because." and again.screened_by == p.ellie
    assert {a.question_id: a.answer for a in again.answers.all()} == {first.pk: "No.", second.pk: "Some."}


# Decisions: links of the organisation only ----------------------------------------------------------


@dataclass
class Links:
    ours: dict
    theirs: dict


@pytest.fixture
def links(gov):
    """For each link of a decision, one record of the organisation and one that is not right."""
    p = gov.p
    run = make_run(gov.programme, "needs", owner=p.priya)
    insight = make_insight(run, by=p.priya)
    handover = make_handover(run, by=p.priya, next_owner=p.priya, insight=[insight])
    their_programme = make_programme(p.other_org, by=p.oscar, lead=p.oscar)
    their_run = make_run(their_programme, "needs", owner=p.oscar)
    their_insight = make_insight(their_run, by=p.oscar)
    their_handover = make_handover(their_run, by=p.oscar, next_owner=p.oscar, insight=[their_insight])
    their_board = make_board(p.other_org, by=p.oscar)
    other_meeting = make_meeting(make_board(p.org, by=p.ellie, name="Quality Committee"), by=p.ellie)
    ours = {
        "board": gov.board,
        "meeting": gov.meeting,
        "paper": make_paper(gov.meeting, by=p.ellie),
        "business_case": make_case(gov.programme, by=p.priya),
        "insight": [insight],
        "handovers": [handover],
    }
    theirs = {
        "board": their_board,
        "meeting": other_meeting,
        "paper": make_paper(other_meeting, by=p.ellie),
        "business_case": make_case(their_programme, by=p.oscar),
        "insight": [their_insight],
        "handovers": [their_handover],
        "consultation": _consultation(p.other_org),
    }
    return Links(ours, theirs)


LINK_ERRORS = {
    "board": "Choose one of your organisation's boards or committees.",
    "meeting": "Choose a meeting of the board or committee that decided.",
    "paper": "Choose a paper of the meeting that decided.",
    "business_case": "Choose one of your organisation's business cases.",
    "insight": "Choose insight items of your organisation.",
    "handovers": "Choose hand-overs of your organisation.",
    "consultation": "Choose one of your organisation's consultations.",
}


@pytest.mark.parametrize("wrong", list(LINK_ERRORS))
def test_a_decision_is_recorded_only_with_links_of_the_organisation(gov, links, wrong):
    p = gov.p
    fields = {**links.ours, wrong: links.theirs[wrong]}
    board = fields.pop("board")
    if wrong == "board":  # our meeting and paper would be wrong for their board too
        del fields["meeting"], fields["paper"]
    if wrong == "meeting":  # our paper would be wrong for that meeting too
        del fields["paper"]
    assert _invalid(make_decision, p.org, board, by=p.ellie, **fields) == {wrong: [LINK_ERRORS[wrong]]}


def test_a_paper_without_the_meeting_is_refused_on_a_decision(gov, links):
    p = gov.p
    assert _invalid(make_decision, p.org, gov.board, by=p.ellie, paper=links.ours["paper"]) == {
        "paper": [LINK_ERRORS["paper"]]
    }


def test_a_decision_with_every_link_of_the_organisation_is_recorded_with_them(gov, links):
    p = gov.p
    fields = dict(links.ours)
    decision = make_decision(p.org, fields.pop("board"), by=p.ellie, **fields)
    assert decision.paper == links.ours["paper"] and decision.business_case == links.ours["business_case"]
    assert list(decision.insight.all()) == links.ours["insight"]
    assert list(decision.handovers.all()) == links.ours["handovers"]


@pytest.mark.parametrize("wrong", list(LINK_ERRORS))
def test_a_decision_is_changed_only_to_links_of_the_organisation(gov, links, wrong):
    p = gov.p
    fields = dict(links.ours)
    decision = make_decision(p.org, fields.pop("board"), by=p.ellie, **fields)
    changes = {wrong: links.theirs[wrong]}
    if wrong == "board":
        changes.update(meeting=None, paper=None)
    if wrong == "meeting":
        changes.update(paper=None)
    assert _invalid(actions.update_decision, decision, changes, by=p.ellie) == {wrong: [LINK_ERRORS[wrong]]}


def test_a_decision_changed_to_a_consultation_not_yet_reported_is_refused(gov):
    p = gov.p
    decision = make_decision(p.org, gov.board, by=p.ellie)
    consultation = _consultation(p.org, "open")
    assert _refused(actions.update_decision, decision, {"consultation": consultation}, by=p.ellie) == (
        consultation.blockers_to_deciding()
    )
    assert consultation.blockers_to_deciding()


def test_a_decision_keeps_its_consultation_when_other_fields_change(gov):
    p = gov.p
    consultation = _consultation(p.org, "open")
    decision = make_decision(p.org, gov.board, by=p.ellie)
    type(decision).objects.filter(pk=decision.pk).update(consultation=consultation)  # recorded before a withdrawal
    decision.refresh_from_db()
    actions.update_decision(decision, {"title": "Renamed", "consultation": consultation}, by=p.ellie)
    decision.refresh_from_db()
    assert decision.title == "Renamed" and decision.consultation == consultation


@pytest.mark.parametrize(("screened", "recorded"), [(False, False), (True, True), (None, True)])
def test_whether_the_duty_applied_comes_from_the_cases_screening_when_it_says(gov, screened, recorded):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    screen(case, by=p.priya, duty_applies=screened)
    decision = make_decision(p.org, gov.board, by=p.ellie, business_case=case, duty_applied=True)
    assert decision.duty_applied is recorded


# Who and which action the audit trail records --------------------------------------------------------


def _board_steps(gov):
    p = gov.p
    board = gov.board
    seat = actions.add_member(board, person=p.bea, role="Chair", by=p.ellie)
    paper = make_paper(gov.meeting, by=p.ellie)
    decision = make_decision(p.org, board, by=p.ellie)
    spare_board = make_board(p.org, by=p.ellie, name="Spare")
    spare_meeting = make_meeting(spare_board, by=p.ellie)
    return {
        "create_board": lambda by: actions.create_board(p.org, by=by, name="New board", kind="board"),
        "update_board": lambda by: actions.update_board(board, {"purpose": "Decides."}, by=by),
        "delete_board": lambda by: actions.delete_board(spare_board, by=by),
        "add_board_member": lambda by: actions.add_member(board, person=p.larry, role="Lay member", by=by),
        "remove_board_member": lambda by: actions.remove_member(BoardMember.objects.get(pk=seat.pk), by=by),
        "schedule_meeting": lambda by: actions.schedule_meeting(board, by=by, held_on=date(2026, 4, 2)),
        "delete_meeting": lambda by: actions.delete_meeting(spare_meeting, by=by),
        "add_paper": lambda by: make_paper(gov.meeting, by=by),
        "delete_paper": lambda by: actions.delete_paper(paper, by=by),
        "record_decision": lambda by: make_decision(p.org, board, by=by),
        "update_decision": lambda by: actions.update_decision(decision, {"outcome": "Agreed in part."}, by=by),
        "delete_decision": lambda by: actions.delete_decision(decision, by=by),
    }


def _case_steps(gov):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    screened = make_case(gov.programme, by=p.priya)
    screen(screened, by=p.priya)
    first_question = ScreeningQuestion.objects.filter(active=True).first()
    ScreeningQuestion.objects.create(key="later", position=99, text="A question added later?")
    planned = make_case(gov.programme, by=p.priya)
    plan(planned, by=p.priya)
    assured = make_case(gov.programme, by=p.priya)
    assure(assured, by=p.larry)
    conditional = make_case(gov.programme, by=p.priya)
    condition = assure(conditional, by=p.larry, outcome="conditions", conditions=["Publish."]).conditions.get()
    ready = ready_case(gov.programme, lead=p.priya, lay=p.larry)
    doomed = make_case(gov.programme, by=p.priya)
    later = ScreeningQuestion.objects.get(key="later")
    return {
        "create_business_case": lambda by: make_case(gov.programme, by=by),
        "update_business_case": lambda by: actions.update_case(case, {"summary": "Changed."}, by=by),
        "delete_business_case": lambda by: actions.delete_case(doomed, by=by),
        "screen_duty": lambda by: screen(case, by=by),
        "screen_duty again": lambda by: actions.screen_duty(
            screened, {"reason": "Changed."}, {first_question.pk: "Changed.", later.pk: "New."}, by=by
        ),
        "plan_engagement": lambda by: plan(case, by=by),
        "plan_engagement again": lambda by: plan(planned, by=by, budget_line="ENG-2"),
        "assure_engagement": lambda by: assure(case, by=by, outcome="conditions", conditions=["Publish."]),
        "assure_engagement again": lambda by: assure(assured, by=by, outcome="not_assured"),
        "close_assurance_condition": lambda by: actions.close_condition(condition, evidence="Published.", by=by),
        "sign_off_business_case": lambda by: actions.sign_off(ready, meeting=gov.meeting, by=by),
    }


BOARD_STEPS = [
    "create_board",
    "update_board",
    "delete_board",
    "add_board_member",
    "remove_board_member",
    "schedule_meeting",
    "delete_meeting",
    "add_paper",
    "delete_paper",
    "record_decision",
    "update_decision",
    "delete_decision",
]
CASE_STEPS = [
    "create_business_case",
    "update_business_case",
    "delete_business_case",
    "screen_duty",
    "screen_duty again",
    "plan_engagement",
    "plan_engagement again",
    "assure_engagement",
    "assure_engagement again",
    "close_assurance_condition",
    "sign_off_business_case",
]
# Every record a step writes, by model: the case's own version moves with its screening, plan and
# assurance, and a new assurance supersedes the one before.
WRITES = {
    "screen_duty": {"dutyscreening", "screeninganswer", "businesscase"},
    "screen_duty again": {"dutyscreening", "screeninganswer", "businesscase"},
    "plan_engagement": {"engagementplan", "businesscase"},
    "plan_engagement again": {"engagementplan", "businesscase"},
    "assure_engagement": {"engagementassurance", "assurancecondition", "businesscase"},
    "assure_engagement again": {"engagementassurance", "businesscase"},
}


@pytest.mark.parametrize("step", BOARD_STEPS + CASE_STEPS)
def test_every_change_is_in_the_audit_trail_with_who_made_it_and_the_action(gov, step):
    p = gov.p
    steps = _board_steps(gov) if step in BOARD_STEPS else _case_steps(gov)
    by = {"sign_off_business_case": p.bea}.get(step, p.larry if step.startswith("assure") else p.ellie)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    steps[step](by)
    events = list(AuditEvent.objects.filter(pk__gt=last))
    assert events
    action = step.removesuffix(" again")
    assert {(e.action, e.actor) for e in events} == {(action, by)}
    if step in WRITES:
        assert {e.model.removeprefix("governance.") for e in events} == WRITES[step]


# Stale edits ---------------------------------------------------------------------------------------


def _stale_steps(gov):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    ready = ready_case(gov.programme, lead=p.priya, lay=p.larry)
    condition = _condition(gov)
    decision = make_decision(p.org, gov.board, by=p.ellie)
    return {
        "update_board": (
            gov.board,
            lambda v: actions.update_board(gov.board, {"purpose": "X."}, by=p.ellie, expected_version=v),
        ),
        "update_case": (case, lambda v: actions.update_case(case, {"summary": "X."}, by=p.priya, expected_version=v)),
        "screen_duty": (
            case,
            lambda v: actions.screen_duty(case, {"reason": "X."}, {}, by=p.priya, expected_version=v),
        ),
        "plan_engagement": (
            case,
            lambda v: actions.plan_engagement(
                case, {"summary": "X.", "budget_line": "B"}, by=p.priya, expected_version=v
            ),
        ),
        "close_condition": (
            condition,
            lambda v: actions.close_condition(condition, evidence="Done.", by=p.priya, expected_version=v),
        ),
        "sign_off": (ready, lambda v: actions.sign_off(ready, meeting=gov.meeting, by=p.bea, expected_version=v)),
        "update_decision": (
            decision,
            lambda v: actions.update_decision(decision, {"outcome": "X."}, by=p.ellie, expected_version=v),
        ),
    }


STALE = [
    "update_board",
    "update_case",
    "screen_duty",
    "plan_engagement",
    "close_condition",
    "sign_off",
    "update_decision",
]


@pytest.mark.parametrize("step", STALE)
def test_a_change_made_on_a_stale_version_is_refused_and_saves_nothing_and_the_current_one_saves(gov, step):
    record, change = _stale_steps(gov)[step]
    record.refresh_from_db()
    before = saved_state()
    with pytest.raises(StaleEdit):
        change(record.version - 1)
    assert saved_state() == before
    change(record.version)
    assert saved_state() != before


# Who may do what (the pages and the API ask these) ----------------------------------------------------


@pytest.fixture
def cases(gov):
    """Priya's programme's case; a case on a programme Ellie leads; a case on a programme whose
    lead (Nora) no longer holds a role that owns work."""
    p = gov.p
    theirs = make_programme(p.org, by=p.ellie, name="Stroke", lead=p.ellie)
    noras = make_programme(p.org, by=p.ellie, name="Falls", lead=p.ellie)
    Programme.objects.filter(pk=noras.pk).update(lead=p.nora)
    return {
        "own": make_case(gov.programme, by=p.priya),
        "another's": make_case(theirs, by=p.ellie),
        "nora's": make_case(Programme.objects.get(pk=noras.pk), by=p.ellie),
    }


PEOPLE = ["ellie", "adam", "priya", "larry", "bea", "pat", "nora"]
MAY = {
    "create a case": {"ellie", "adam", "priya"},
    "change the own case": {"ellie", "adam", "priya"},
    "change another's case": {"ellie", "adam"},
    "change nora's case": {"ellie", "adam"},
    "assure": {"larry"},
    "close a condition on the own case": {"ellie", "adam", "priya", "larry"},
    "close a condition on another's case": {"ellie", "adam", "larry"},
    "sign off": {"bea"},
    "manage boards": {"ellie", "adam"},
    "record decisions": {"ellie", "adam"},
}


@pytest.mark.parametrize("power", list(MAY))
def test_who_may_do_what_in_governance(gov, cases, power):
    p = gov.p
    own, anothers, noras = cases["own"], cases["another's"], cases["nora's"]
    own_condition = assure(own, by=p.larry, outcome="conditions", conditions=["C."]).conditions.get()
    their_condition = assure(anothers, by=p.larry, outcome="conditions", conditions=["C."]).conditions.get()
    ask = {
        "create a case": permissions.can_create_case,
        "change the own case": lambda u: permissions.can_change_case(u, own),
        "change another's case": lambda u: permissions.can_change_case(u, anothers),
        "change nora's case": lambda u: permissions.can_change_case(u, noras),
        "assure": lambda u: permissions.can_assure(u, own),
        "close a condition on the own case": lambda u: permissions.can_close_condition(u, own_condition),
        "close a condition on another's case": lambda u: permissions.can_close_condition(u, their_condition),
        "sign off": lambda u: permissions.can_sign_off(u, own),
        "manage boards": permissions.can_manage_boards,
        "record decisions": permissions.can_record_decisions,
    }[power]
    assert {name for name in PEOPLE if ask(getattr(p, name))} == MAY[power]


def test_each_record_is_found_for_the_organisation_and_is_404_to_another(gov):
    p = gov.p
    case = make_case(gov.programme, by=p.priya)
    condition = assure(case, by=p.larry, outcome="conditions", conditions=["C."]).conditions.get()
    seat = actions.add_member(gov.board, person=p.bea, role="Chair", by=p.ellie)
    paper = make_paper(gov.meeting, by=p.ellie, business_case=case)
    decision = make_decision(p.org, gov.board, by=p.ellie, meeting=gov.meeting, paper=paper, business_case=case)
    found = {
        permissions.get_case_for_user: case,
        permissions.get_board_for_user: gov.board,
        permissions.get_member_for_user: seat,
        permissions.get_meeting_for_user: gov.meeting,
        permissions.get_paper_for_user: paper,
        permissions.get_condition_for_user: condition,
        permissions.get_decision_for_user: decision,
    }
    for get, record in found.items():
        assert get(p.larry, record.pk) == record
        with pytest.raises(Http404):
            get(p.oscar, record.pk)
