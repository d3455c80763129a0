"""The consultations' actions as the contract says (core.actions): every change is audited under
its action's name with the person who made it; a stale version is refused before any rule, with
nothing saved; each refusal is the exact sentence a person is shown; choices are checked the same
way on every change; and the dates are checked at their boundaries."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.consultations import actions
from baton.consultations.models import Consultation, ConsultationSettings, GunningAssessment
from baton.consultations.testing import (
    assess_all,
    make_closed,
    make_consultation,
    make_material,
    make_open,
    make_reported,
    pdf,
)
from baton.core.errors import RuleBroken, StaleEdit
from baton.core.fields import describe
from baton.core.models import AuditEvent
from baton.cycle.testing import make_programme

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate

# What people are told ------------------------------------------------------------------------------

REPORTED = "The consultation has been reported, so it cannot change: its report is the public record."
PROPOSAL_FIXED = (
    "The consultation has opened, so the proposal, why it is at a formative stage and the opening date cannot "
    "change: people have responded to them. Consult again on a changed proposal."
)
NOT_OPENED = "The consultation has not opened yet, so no one has responded."
REPORT_AFTER_CLOSING = "The consultation report is written after the consultation closes: close it first."
REPORT_PUBLISHED = "The report has been published, so it cannot change."
MATERIALS_CLOSED = "The consultation has closed, so its materials cannot change: they are what people responded to."
MATERIAL_STAYS = (
    "The consultation has opened, so its materials cannot be removed: people may have read them. "
    "Add a corrected document instead."
)
CHECKS_RECORDED = "The consultation has been reported, so its Gunning checks are part of the record."
DELETE_PLANNED_ONLY = "Only a planned consultation can be deleted: once it opened, it is part of the public record."
CLOSES_AFTER_TODAY = "An open consultation's closing date must be after today. To end it, close it."


def _reload(c):
    return Consultation.objects.get(pk=c.pk)


def _ready(p, **overrides):
    """Planned, with its document: ready to open."""
    c = make_consultation(p.org, by=p.ellie, **overrides)
    make_material(c, by=p.ellie)
    return c


def _report_ready(p):
    c = make_closed(p.org, by=p.ellie)
    assess_all(c, by=p.ellie)
    actions.save_report(c, {"report": pdf("report.pdf"), "report_summary": "We changed the hours."}, by=p.ellie)
    return _reload(c)


def _refused(do) -> list[str]:
    """The reasons a refused action gives, having checked that it saved nothing."""
    before = AuditEvent.objects.count()
    with pytest.raises(RuleBroken) as refused:
        do()
    assert AuditEvent.objects.count() == before
    return refused.value.reasons


def _invalid(do) -> dict:
    """The field errors of a refused change, having checked that it saved nothing."""
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        do()
    assert AuditEvent.objects.count() == before
    return refused.value.message_dict


# The audit trail: who did what, under the action's name ---------------------------------------------------

# action name, verb, model, what to do (as Adam, after Ellie set the scene)
AUDITED = [
    ("create_consultation", "create", "consultation", lambda p: make_consultation(p.org, by=p.adam)),
    ("create_consultation", "create", "gunningassessment", lambda p: make_consultation(p.org, by=p.adam)),
    (
        "update_consultation",
        "update",
        "consultation",
        lambda p: actions.update_consultation(make_consultation(p.org, by=p.ellie), {"title": "Renamed"}, by=p.adam),
    ),
    (
        "delete_consultation",
        "delete",
        "consultation",
        lambda p: actions.delete_consultation(make_consultation(p.org, by=p.ellie), by=p.adam),
    ),
    ("open_consultation", "update", "consultation", lambda p: actions.open_consultation(_ready(p), by=p.adam)),
    (
        "close_consultation",
        "update",
        "consultation",
        lambda p: actions.close_consultation(make_open(p.org, by=p.ellie), by=p.adam, early_reason="Withdrawn."),
    ),
    (
        "record_responses",
        "update",
        "consultation",
        lambda p: actions.record_responses(make_open(p.org, by=p.ellie), {"individual_responses": 3}, by=p.adam),
    ),
    (
        "save_report",
        "update",
        "consultation",
        lambda p: actions.save_report(make_closed(p.org, by=p.ellie), {"report_summary": "We listened."}, by=p.adam),
    ),
    ("publish_report", "update", "consultation", lambda p: actions.publish_report(_report_ready(p), by=p.adam)),
    (
        "add_material",
        "create",
        "consultationmaterial",
        lambda p: make_material(make_consultation(p.org, by=p.ellie), by=p.adam),
    ),
    (
        "remove_material",
        "delete",
        "consultationmaterial",
        lambda p: actions.remove_material(make_material(make_consultation(p.org, by=p.ellie), by=p.ellie), by=p.adam),
    ),
    (
        "assess_gunning_check",
        "update",
        "gunningassessment",
        lambda p: actions.assess_check(
            make_closed(p.org, by=p.ellie).assessments.first(), outcome="met", evidence="Shown.", by=p.adam
        ),
    ),
    (
        "change_consultation_settings",
        "create",
        "consultationsettings",
        lambda p: actions.change_settings(p.org, minimum_weeks=8, by=p.adam),
    ),
    (
        "change_consultation_settings",
        "update",
        "consultationsettings",
        lambda p: (
            actions.change_settings(p.org, minimum_weeks=8, by=p.ellie),
            actions.change_settings(p.org, minimum_weeks=10, by=p.adam),
        ),
    ),
]


@pytest.mark.parametrize("action,verb,model,do", AUDITED, ids=[f"{a[0]}-{a[1]}-{a[2]}" for a in AUDITED])
def test_each_change_is_audited_under_its_action_with_the_person_who_made_it(personas, action, verb, model, do):
    do(personas)
    events = AuditEvent.objects.filter(model=f"consultations.{model}", verb=verb).order_by("pk")
    assert events.exists()
    assert {(e.action, e.actor, e.organisation) for e in events.filter(actor=personas.adam)} == {
        (action, personas.adam, personas.org)
    }
    assert events.last().actor == personas.adam and events.last().action == action


def test_a_new_consultation_records_its_four_checks_in_the_same_action(personas):
    c = make_consultation(personas.org, by=personas.adam)
    events = AuditEvent.objects.filter(action="create_consultation", model="consultations.gunningassessment")
    assert sorted(int(e.object_id) for e in events) == sorted(a.pk for a in c.assessments.all())
    assert {e.actor for e in events} == {personas.adam}


# Stale edits -------------------------------------------------------------------------------------------------

# The state to start from, and the action done with the version seen before someone else's change.
STALE = {
    "update": (
        lambda p: make_consultation(p.org, by=p.ellie),
        lambda c, p, v: actions.update_consultation(c, {"title": "Mine"}, by=p.ellie, expected_version=v),
    ),
    "open": (_ready, lambda c, p, v: actions.open_consultation(c, by=p.ellie, expected_version=v)),
    "close": (
        lambda p: make_open(p.org, by=p.ellie),
        lambda c, p, v: actions.close_consultation(c, by=p.ellie, early_reason="Withdrawn.", expected_version=v),
    ),
    "record_responses": (
        lambda p: make_open(p.org, by=p.ellie),
        lambda c, p, v: actions.record_responses(c, {"individual_responses": 4}, by=p.ellie, expected_version=v),
    ),
    "save_report": (
        lambda p: make_closed(p.org, by=p.ellie),
        lambda c, p, v: actions.save_report(c, {"report_summary": "Mine"}, by=p.ellie, expected_version=v),
    ),
    "publish_report": (_report_ready, lambda c, p, v: actions.publish_report(c, by=p.ellie, expected_version=v)),
}


@pytest.mark.parametrize("name", list(STALE))
def test_a_stale_version_is_refused_and_nothing_is_saved(personas, name):
    p = personas
    make, do = STALE[name]
    c = make(p)
    seen = c.version
    actions.update_consultation(c, {"how_to_take_part": "By post as well."}, by=p.adam)  # someone else, meanwhile
    now = _reload(c)
    before = AuditEvent.objects.count()
    with pytest.raises(StaleEdit):
        do(c, p, seen)
    after = _reload(c)
    assert AuditEvent.objects.count() == before
    assert (after.version, after.status, after.title, after.report_summary, after.individual_responses) == (
        now.version,
        now.status,
        now.title,
        now.report_summary,
        now.individual_responses,
    )
    do(c, p, now.version)  # with the version as it is now, it goes ahead
    assert _reload(c).version == now.version + 1


def test_a_stale_edit_is_told_as_stale_before_the_rule_the_newer_state_breaks(personas):
    p = personas
    c = _ready(p)
    seen = c.version
    actions.open_consultation(c, by=p.adam)  # someone opened it meanwhile: the proposal is now fixed
    with pytest.raises(StaleEdit):
        actions.update_consultation(c, {"proposal": "Something else"}, by=p.ellie, expected_version=seen)
    assert _reload(c).proposal != "Something else"


def test_a_stale_assessment_is_refused_and_nothing_is_saved(personas):
    p = personas
    assessment = make_closed(p.org, by=p.ellie).assessments.first()
    actions.assess_check(assessment, outcome="met", evidence="Shown.", by=p.adam, expected_version=1)
    with pytest.raises(StaleEdit):
        actions.assess_check(assessment, outcome="not_met", evidence="Late.", by=p.ellie, expected_version=1)
    assessment.refresh_from_db()
    assert (assessment.outcome, assessment.evidence, assessment.version) == ("met", "Shown.", 2)


def test_a_stale_minimum_duration_is_refused_and_nothing_is_saved(personas):
    p = personas
    actions.change_settings(p.org, minimum_weeks=8, by=p.ellie)
    actions.change_settings(p.org, minimum_weeks=10, by=p.adam, expected_version=1)
    with pytest.raises(StaleEdit):
        actions.change_settings(p.org, minimum_weeks=6, by=p.ellie, expected_version=1)
    settings = ConsultationSettings.for_organisation(p.org)
    assert (settings.minimum_weeks, settings.version) == (10, 2)


# Each refusal, as the sentence a person reads -----------------------------------------------------------------


def _in(state):
    return {
        "planned": lambda p: make_consultation(p.org, by=p.ellie),
        "open": lambda p: make_open(p.org, by=p.ellie),
        "closed": lambda p: make_closed(p.org, by=p.ellie),
        "reported": lambda p: make_reported(p.org, by=p.ellie),
    }[state]


def _early(c):
    return (
        f"The consultation is due to close on {describe(c.closes_on)}. Closing it early cuts the time people "
        "have to respond: give the reason for closing early."
    )


# state, action, what the person is told
REFUSALS = [
    (
        "open",
        lambda c, p: actions.open_consultation(c, by=p.ellie),
        "Only a planned consultation can open; this one is open.",
    ),
    (
        "closed",
        lambda c, p: actions.open_consultation(c, by=p.ellie),
        "Only a planned consultation can open; this one is closed, awaiting report.",
    ),
    (
        "planned",
        lambda c, p: actions.close_consultation(c, by=p.ellie, early_reason="Why not."),
        "Only an open consultation can close; this one is planned.",
    ),
    (
        "reported",
        lambda c, p: actions.close_consultation(c, by=p.ellie),
        "Only an open consultation can close; this one is reported.",
    ),
    ("open", lambda c, p: actions.close_consultation(c, by=p.ellie, early_reason="  "), _early),
    (
        "open",
        lambda c, p: actions.publish_report(c, by=p.ellie),
        "The consultation must close before its report is published.",
    ),
    (
        "planned",
        lambda c, p: actions.publish_report(c, by=p.ellie),
        "The consultation must close before its report is published.",
    ),
    ("reported", lambda c, p: actions.publish_report(c, by=p.ellie), "The report has already been published."),
    ("planned", lambda c, p: actions.record_responses(c, {"individual_responses": 1}, by=p.ellie), NOT_OPENED),
    ("reported", lambda c, p: actions.record_responses(c, {"individual_responses": 1}, by=p.ellie), REPORTED),
    ("planned", lambda c, p: actions.save_report(c, {"report_summary": "Early"}, by=p.ellie), REPORT_AFTER_CLOSING),
    ("open", lambda c, p: actions.save_report(c, {"report_summary": "Early"}, by=p.ellie), REPORT_AFTER_CLOSING),
    ("reported", lambda c, p: actions.save_report(c, {"report_summary": "Later"}, by=p.ellie), REPORT_PUBLISHED),
    ("closed", lambda c, p: make_material(c, by=p.ellie), MATERIALS_CLOSED),
    ("reported", lambda c, p: make_material(c, by=p.ellie), MATERIALS_CLOSED),
    ("open", lambda c, p: actions.remove_material(c.materials.first(), by=p.ellie), MATERIAL_STAYS),
    ("closed", lambda c, p: actions.remove_material(c.materials.first(), by=p.ellie), MATERIAL_STAYS),
    (
        "reported",
        lambda c, p: actions.assess_check(c.assessments.first(), outcome="not_met", evidence="Late.", by=p.ellie),
        CHECKS_RECORDED,
    ),
    ("open", lambda c, p: actions.delete_consultation(c, by=p.ellie), DELETE_PLANNED_ONLY),
    ("reported", lambda c, p: actions.delete_consultation(c, by=p.ellie), DELETE_PLANNED_ONLY),
    ("reported", lambda c, p: actions.update_consultation(c, {"title": "New"}, by=p.ellie), REPORTED),
    ("open", lambda c, p: actions.update_consultation(c, {"proposal": "Another"}, by=p.ellie), PROPOSAL_FIXED),
    (
        "open",
        lambda c, p: actions.update_consultation(c, {"formative_statement": "Decided"}, by=p.ellie),
        PROPOSAL_FIXED,
    ),
    (
        "closed",
        lambda c, p: actions.update_consultation(c, {"opens_on": c.opens_on - timedelta(days=1)}, by=p.ellie),
        PROPOSAL_FIXED,
    ),
    # Through the edit: the report waits for the closing, the counts for the opening.
    (
        "open",
        lambda c, p: actions.update_consultation(c, {"report_summary": "Early"}, by=p.ellie),
        REPORT_AFTER_CLOSING,
    ),
    ("planned", lambda c, p: actions.update_consultation(c, {"event_participants": 9}, by=p.ellie), NOT_OPENED),
    # A reported consultation says so once, whatever else the change touches.
    (
        "reported",
        lambda c, p: actions.update_consultation(c, {"proposal": "Another", "report_summary": "New"}, by=p.ellie),
        REPORTED,
    ),
    ("reported", lambda c, p: actions.update_consultation(c, {"individual_responses": 7}, by=p.ellie), REPORTED),
]


@pytest.mark.parametrize("state,do,says", REFUSALS, ids=[f"{i}-{r[0]}" for i, r in enumerate(REFUSALS)])
def test_each_refusal_is_the_sentence_a_person_reads_and_saves_nothing(personas, state, do, says):
    c = _in(state)(personas)
    version = _reload(c).version
    reasons = _refused(lambda: do(c, personas))
    assert reasons == [says(c) if callable(says) else says]
    assert _reload(c).version == version


def test_changing_an_open_consultations_proposal_is_told_that_it_is_fixed_and_only_that(personas):
    c = make_open(personas.org, by=personas.ellie)
    reasons = _refused(
        lambda: actions.update_consultation(
            c, {"proposal": "Another", "report_summary": "Early", "individual_responses": 3}, by=personas.ellie
        )
    )
    assert reasons == [PROPOSAL_FIXED]


def test_the_edit_page_sends_every_field_and_an_unchanged_one_is_no_change(personas):
    p = personas
    c = make_open(p.org, by=p.ellie)
    unchanged = {
        "proposal": c.proposal,
        "formative_statement": c.formative_statement,
        "opens_on": c.opens_on,
        "individual_responses": 0,
        "organisation_responses": 0,
        "event_participants": 0,
    }
    actions.update_consultation(c, {**unchanged, "title": "Renamed"}, by=p.ellie)
    assert _reload(c).title == "Renamed"
    planned = make_consultation(p.org, by=p.ellie)
    actions.update_consultation(planned, {"individual_responses": 0, "title": "Also renamed"}, by=p.ellie)
    assert _reload(planned).title == "Also renamed"


def test_through_the_edit_counts_are_recorded_once_open_and_the_report_drafted_once_closed(personas):
    p = personas
    opened = make_open(p.org, by=p.ellie)
    actions.update_consultation(opened, {"organisation_responses": 12}, by=p.ellie)
    assert _reload(opened).organisation_responses == 12
    closed = make_closed(p.org, by=p.ellie)
    actions.update_consultation(closed, {"report_summary": "We listened.", "individual_responses": 40}, by=p.ellie)
    closed = _reload(closed)
    assert (closed.report_summary, closed.individual_responses) == ("We listened.", 40)


def test_a_planned_consultation_changes_its_proposal_freely(personas):
    c = make_consultation(personas.org, by=personas.ellie)
    actions.update_consultation(
        c,
        {"proposal": "Another", "formative_statement": "Still open.", "opens_on": TODAY() + timedelta(days=3)},
        by=personas.ellie,
    )
    assert _reload(c).proposal == "Another"


# Opening, closing, reporting: every piece said ------------------------------------------------------------------


def test_opening_says_every_missing_piece_in_full(personas):
    p = personas
    today = TODAY()
    opens, closes = today + timedelta(days=2), today + timedelta(days=2, weeks=6)
    c = make_consultation(
        p.org, by=p.ellie, formative_statement=" ", how_to_take_part="", opens_on=opens, closes_on=closes
    )
    assert _refused(lambda: actions.open_consultation(c, by=p.ellie)) == [
        "There are no consultation materials. Add at least one document people can read, so they have enough "
        "information to respond (Gunning check 2).",
        "Say why the proposal is still at a formative stage: what can still change because of the responses "
        "(Gunning check 1).",
        "Say how people can take part: the public pages show it.",
        f"The consultation is planned to open on {describe(opens)}. Open it on that day, or change the date.",
        "The consultation runs for 6 weeks, less than the organisation's minimum of 12 weeks. Make it longer, or "
        "record why a shorter consultation is adequate (Gunning check 3).",
    ]
    assert _reload(c).status == "planned"


def test_opening_counts_the_days_and_a_minimum_of_one_week(personas):
    p = personas
    actions.change_settings(p.org, minimum_weeks=1, by=p.ellie)
    c = _ready(p, closes_on=TODAY() + timedelta(days=3))
    assert c.blockers_to_opening() == [
        "The consultation runs for 3 days, less than the organisation's minimum of 1 week. Make it longer, or "
        "record why a shorter consultation is adequate (Gunning check 3)."
    ]
    actions.change_settings(p.org, minimum_weeks=2, by=p.ellie, expected_version=1)
    longer = _ready(p, closes_on=TODAY() + timedelta(days=8))
    assert (
        "runs for 1 week and 1 day, less than the organisation's minimum of 2 weeks." in longer.blockers_to_opening()[0]
    )


def test_opening_is_checked_on_the_days_either_side_of_its_dates(personas):
    c = _ready(personas, closes_on=TODAY() + timedelta(weeks=12))
    opens, closes = c.opens_on, c.closes_on
    assert c.blockers_to_opening(today=opens - timedelta(days=1)) == [
        f"The consultation is planned to open on {describe(opens)}. Open it on that day, or change the date."
    ]
    assert c.blockers_to_opening(today=opens) == []
    assert c.blockers_to_opening(today=closes - timedelta(days=1)) == []
    assert c.blockers_to_opening(today=closes) == [
        f"The closing date, {describe(closes)}, has passed. Change the closing date before opening."
    ]


def test_a_shorter_consultation_opens_with_its_reason_even_of_one_day(personas):
    c = _ready(personas, closes_on=TODAY() + timedelta(days=1), short_duration_reason="Urgent: a safety change.")
    assert c.blockers_to_opening() == []


def test_closing_is_early_until_the_closing_date_and_the_reason_is_kept_only_then(personas):
    p = personas
    c = make_open(p.org, by=p.ellie)
    assert c.blockers_to_closing() == [_early(c)]  # what the page says before anyone gives a reason
    assert c.blockers_to_closing("", today=c.closes_on - timedelta(days=1)) == [_early(c)]
    assert c.blockers_to_closing("", today=c.closes_on) == []
    assert c.blockers_to_closing("Withdrawn.", today=c.opens_on) == []
    actions.close_consultation(c, by=p.ellie, early_reason="  The proposal was withdrawn.  ")
    assert _reload(c).early_close_reason == "The proposal was withdrawn."

    on_the_day = make_open(p.org, by=p.ellie)
    Consultation.objects.filter(pk=on_the_day.pk).update(opens_on=TODAY() - timedelta(weeks=12), closes_on=TODAY())
    actions.close_consultation(_reload(on_the_day), by=p.ellie, early_reason="Not early at all.")
    on_the_day = _reload(on_the_day)
    assert (on_the_day.status, on_the_day.early_close_reason) == ("closed", "")
    assert on_the_day.closed_at is not None


def test_the_report_says_each_missing_piece_and_which_checks_wait(personas):
    p = personas
    c = make_closed(p.org, by=p.ellie)
    summary = (
        "Summarise how the responses were considered: what people said and what changed because of it "
        "(Gunning check 4)."
    )
    assert _refused(lambda: actions.publish_report(c, by=p.ellie)) == [
        "Upload the consultation report first.",
        summary,
        "Assess every Gunning check as met or not met, with its evidence, first (4 checks are not assessed yet: "
        "1, 2, 3, 4).",
    ]
    for assessment in c.assessments.filter(principle__number__lt=4):
        actions.assess_check(assessment, outcome="met", evidence="Shown.", by=p.ellie)
    actions.save_report(c, {"report": pdf("report.pdf"), "report_summary": "We listened."}, by=p.ellie)
    assert _refused(lambda: actions.publish_report(_reload(c), by=p.ellie)) == [
        "Assess every Gunning check as met or not met, with its evidence, first (1 check is not assessed yet: 4)."
    ]


def test_the_report_publishes_with_who_and_when(personas):
    p = personas
    c = _report_ready(p)
    actions.publish_report(c, by=p.adam)
    c = _reload(c)
    assert (c.status, c.reported_by) == ("reported", p.adam) and c.reported_at is not None


# Deciding: what governance's decision register is told ------------------------------------------------------------


def test_deciding_says_why_not_in_each_state(personas):
    p = personas
    planned = make_consultation(p.org, by=p.ellie, title="Beds")
    assert planned.blockers_to_deciding() == [
        "The consultation 'Beds' has not opened yet. A decision on its proposal can only be recorded after it has "
        "run, closed and reported how the responses were considered."
    ]
    opened = make_open(p.org, by=p.ellie, title="Hours")
    assert opened.blockers_to_deciding() == [
        f"The consultation 'Hours' is still open (it closes on {describe(opened.closes_on)}). Deciding before it "
        "closes would pre-judge the responses."
    ]
    closed = make_closed(p.org, by=p.ellie, title="Parking")
    assert closed.blockers_to_deciding() == [
        "The consultation 'Parking' has closed but its report has not been published. Publish the report, with "
        "how the responses were considered, first."
    ]


def test_deciding_names_each_check_not_met_or_not_assessed(personas):
    p = personas
    closed = make_closed(p.org, by=p.ellie, title="Parking")
    GunningAssessment.objects.filter(consultation=closed, principle__number=3).update(outcome="not_met", evidence="x")
    assert _reload(closed).blockers_to_deciding()[1:] == [
        "Gunning check 3 (Adequate time to consider and respond) is recorded as not met. A decision on a consultation that was not fair "
        "is open to challenge: put it right (or consult again) and record the check as met first."
    ]
    reported = make_reported(p.org, by=p.ellie, title="Beds")
    GunningAssessment.objects.filter(consultation=reported, principle__number=2).update(outcome="not_yet", evidence="")
    Consultation.objects.filter(pk=reported.pk).update(report_summary=" ")
    reported = _reload(reported)
    reported.report = ""
    title = reported.assessments.get(principle__number=2).principle.title
    assert reported.blockers_to_deciding() == [
        "The consultation 'Beds' has no report file.",
        "The consultation 'Beds' does not say how the responses were considered.",
        f"Gunning check 2 ({title}) has not been assessed yet.",
    ]


# The closing date of an open consultation --------------------------------------------------------------------


def test_an_open_consultations_closing_date_must_be_after_today(personas):
    p = personas
    c = make_open(p.org, by=p.ellie, short_duration_reason="Urgent.")
    errors = _invalid(lambda: actions.update_consultation(c, {"closes_on": TODAY()}, by=p.ellie))
    assert errors == {"closes_on": [CLOSES_AFTER_TODAY]}
    actions.update_consultation(c, {"closes_on": TODAY() + timedelta(days=1)}, by=p.ellie)
    assert _reload(c).closes_on == TODAY() + timedelta(days=1)


def test_shortening_an_open_consultation_below_the_minimum_needs_its_reason(personas):
    p = personas
    c = make_open(p.org, by=p.ellie)
    three_weeks = c.opens_on + timedelta(weeks=3)
    errors = _invalid(lambda: actions.update_consultation(c, {"closes_on": three_weeks}, by=p.ellie))
    assert errors == {
        "closes_on": [
            "The consultation would run for 3 weeks, less than the minimum of 12 weeks. Choose a later closing "
            "date, or record why a shorter consultation is adequate."
        ]
    }
    assert _reload(c).closes_on == c.opens_on + timedelta(weeks=12)
    actions.update_consultation(
        c, {"closes_on": three_weeks, "short_duration_reason": "The service closes in a month."}, by=p.ellie
    )
    c = _reload(c)
    assert (c.closes_on, c.short_duration_reason) == (three_weeks, "The service closes in a month.")
    # The reason recorded already covers a further change.
    actions.update_consultation(c, {"closes_on": three_weeks - timedelta(days=2)}, by=p.ellie)
    assert _reload(c).closes_on == three_weeks - timedelta(days=2)


def test_shortening_an_open_consultation_is_measured_against_its_own_organisations_minimum(personas):
    p = personas
    actions.change_settings(p.org, minimum_weeks=3, by=p.ellie)
    c = make_open(p.org, by=p.ellie)
    actions.update_consultation(c, {"closes_on": c.opens_on + timedelta(weeks=3)}, by=p.ellie)
    assert _reload(c).duration_days == 21
    errors = _invalid(
        lambda: actions.update_consultation(c, {"closes_on": c.opens_on + timedelta(days=20)}, by=p.ellie)
    )
    assert errors["closes_on"][0].startswith(
        "The consultation would run for 2 weeks and 6 days, less than the minimum of 3 weeks."
    )


def test_a_planned_consultation_may_be_shortened_the_minimum_is_asked_on_opening(personas):
    p = personas
    c = make_consultation(p.org, by=p.ellie)
    actions.update_consultation(c, {"closes_on": c.opens_on + timedelta(weeks=2)}, by=p.ellie)
    assert _reload(c).duration_days == 14


def test_an_open_consultation_changes_its_other_details_without_a_closing_date(personas):
    p = personas
    c = make_open(p.org, by=p.ellie)
    actions.update_consultation(c, {"title": "Renamed", "how_to_take_part": "Phone us."}, by=p.ellie)
    assert _reload(c).title == "Renamed"


# Choices: the programme and the lead, on every change ------------------------------------------------------------


def test_an_engagement_lead_links_any_programme_of_the_organisation_and_no_other(personas):
    p = personas
    ours = make_programme(p.org, by=p.ellie, name="Ours")
    theirs = make_programme(p.other_org, by=p.oscar, name="Theirs")
    c = make_consultation(p.org, by=p.ellie)
    actions.update_consultation(c, {"programme": ours}, by=p.adam)
    assert _reload(c).programme == ours
    errors = _invalid(lambda: actions.update_consultation(c, {"programme": theirs}, by=p.ellie))
    assert errors == {"programme": ["Choose one of the programmes you may consult on."]}
    assert _reload(c).programme == ours
    actions.update_consultation(c, {"programme": None}, by=p.ellie)
    assert _reload(c).programme is None


def test_a_programme_lead_plans_and_changes_consultations_on_their_programme_only(personas):
    p = personas
    hers = make_programme(p.org, by=p.ellie, name="Hers", lead=p.priya)
    not_hers = make_programme(p.org, by=p.ellie, name="Not hers", lead=p.ellie)
    c = make_consultation(p.org, by=p.priya, programme=hers)
    actions.update_consultation(c, {"title": "Renamed by Priya"}, by=p.priya)
    assert _reload(c).title == "Renamed by Priya"
    assert _invalid(lambda: actions.update_consultation(c, {"programme": not_hers}, by=p.priya)) == {
        "programme": ["Choose one of the programmes you may consult on."]
    }
    assert _invalid(lambda: actions.update_consultation(c, {"programme": None}, by=p.priya)) == {
        "programme": ["Choose one of the programmes you lead."]
    }
    assert _invalid(lambda: make_consultation(p.org, by=p.priya)) == {
        "programme": ["Choose one of the programmes you lead."]
    }
    assert _reload(c).programme == hers


def test_the_lead_is_someone_who_may_own_work(personas):
    p = personas
    c = make_consultation(p.org, by=p.ellie, lead=p.priya)
    assert _reload(c).lead == p.priya
    said = {"lead": ["Choose someone in your organisation who can lead programmes and own work."]}
    assert _invalid(lambda: actions.update_consultation(c, {"lead": p.larry}, by=p.ellie)) == said
    assert _invalid(lambda: actions.update_consultation(c, {"lead": p.oscar}, by=p.ellie)) == said
    assert _invalid(lambda: make_consultation(p.org, by=p.ellie, lead=p.nora)) == said


# Gunning checks, counts and the report's fields ------------------------------------------------------------------


def test_an_assessment_records_who_and_when_and_back_to_not_yet_clears_them(personas):
    p = personas
    assessment = make_closed(p.org, by=p.ellie).assessments.first()
    actions.assess_check(assessment, outcome="met", evidence="  Published on opening.  ", by=p.adam)
    assessment.refresh_from_db()
    assert (assessment.outcome, assessment.evidence, assessment.assessed_by) == ("met", "Published on opening.", p.adam)
    assert assessment.assessed_at is not None
    actions.assess_check(assessment, outcome="not_yet", by=p.ellie)
    assessment.refresh_from_db()
    assert (assessment.outcome, assessment.evidence, assessment.assessed_by, assessment.assessed_at) == (
        "not_yet",
        "",
        None,
        None,
    )


def test_an_assessment_needs_a_known_outcome_and_evidence(personas):
    p = personas
    assessment = make_closed(p.org, by=p.ellie).assessments.first()
    assert _invalid(lambda: actions.assess_check(assessment, outcome="maybe", evidence="x", by=p.ellie)) == {
        "outcome": ["Choose met, not met or not yet assessed."]
    }
    for outcome in ("met", "not_met"):
        assert _invalid(lambda o=outcome: actions.assess_check(assessment, outcome=o, evidence=" ", by=p.ellie)) == {
            "evidence": ["Give the evidence for the assessment."]
        }
    assessment.refresh_from_db()
    assert (assessment.outcome, assessment.version) == ("not_yet", 1)


def test_only_counts_are_recorded_as_responses_and_only_the_report_as_the_report(personas):
    p = personas
    opened = make_open(p.org, by=p.ellie)
    with pytest.raises(ValueError, match=r"Not a response count: \['title'\]"):
        actions.record_responses(opened, {"title": "X", "individual_responses": 2}, by=p.ellie)
    closed = make_closed(p.org, by=p.ellie)
    with pytest.raises(ValueError, match=r"Not part of the report: \['status'\]"):
        actions.save_report(closed, {"status": "reported", "report_summary": "X"}, by=p.ellie)
    assert _reload(opened).individual_responses == 0 and _reload(closed).status == "closed"
    actions.record_responses(
        opened, {"individual_responses": 2, "organisation_responses": 3, "event_participants": 4}, by=p.ellie
    )
    assert _reload(opened).total_responses == 5


def test_the_minimum_duration_is_made_once_then_changed(personas):
    p = personas
    made = actions.change_settings(p.org, minimum_weeks=8, by=p.ellie)
    assert (made.minimum_weeks, made.version) == (8, 1)
    changed = actions.change_settings(p.org, minimum_weeks=9, by=p.ellie)
    assert changed.pk == made.pk and (changed.minimum_weeks, changed.version) == (9, 2)
    assert ConsultationSettings.objects.filter(organisation=p.org).count() == 1


# Undoing a removal ---------------------------------------------------------------------------------------------


def test_a_removed_document_comes_back_while_the_consultation_may_change_its_documents(personas):
    from baton.core.audit import CannotRestore, restore_deleted

    p = personas
    c = make_consultation(p.org, by=p.ellie)
    make_material(c, by=p.ellie, title="Consultation document")
    removed = actions.remove_material(make_material(c, by=p.ellie, title="Easy read"), by=p.ellie)
    actions.open_consultation(c, by=p.ellie)
    assert restore_deleted(removed, by=p.ellie).title == "Easy read"  # open: documents may be added

    later = make_consultation(p.org, by=p.ellie)
    make_material(later, by=p.ellie, title="Consultation document")
    gone = actions.remove_material(make_material(later, by=p.ellie, title="Large print"), by=p.ellie)
    actions.open_consultation(later, by=p.ellie)
    Consultation.objects.filter(pk=later.pk).update(opens_on=TODAY() - timedelta(weeks=12), closes_on=TODAY())
    actions.close_consultation(_reload(later), by=p.ellie)
    with pytest.raises(CannotRestore) as refused:
        restore_deleted(gone, by=p.ellie)
    assert str(refused.value) == f"{MATERIALS_CLOSED} Nothing was restored."
    assert list(_reload(later).materials.values_list("title", flat=True)) == ["Consultation document"]


def test_a_document_records_who_added_it(personas):
    material = make_material(make_consultation(personas.org, by=personas.ellie), by=personas.adam, title="Easy read")
    material.refresh_from_db()
    assert (material.title, material.added_by) == ("Easy read", personas.adam)
