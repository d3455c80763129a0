"""The fairness rule (DESIGN.md rule 3), as rule matrices: for each gate, each missing piece alone
blocks and everything present allows. Through the actions, so a refused step saves nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.consultations import actions
from baton.consultations.models import Consultation, ConsultationSettings, GunningAssessment, GunningCheck
from baton.consultations.testing import (
    assess_all,
    make_closed,
    make_consultation,
    make_material,
    make_open,
    make_reported,
    pdf,
)
from baton.core.errors import RuleBroken
from baton.core.models import AuditEvent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _reload(c):
    return Consultation.objects.get(pk=c.pk)


def test_the_four_gunning_checks_are_reference_data_and_every_consultation_gets_each():
    assert list(GunningCheck.objects.values_list("number", "key")) == [
        (1, "formative_stage"),
        (2, "enough_information"),
        (3, "adequate_time"),
        (4, "conscientious_consideration"),
    ]
    assert all(c.question and c.evidenced_by for c in GunningCheck.objects.all())


def test_a_new_consultation_has_its_four_checks_not_yet_assessed(personas):
    c = make_consultation(personas.org, by=personas.ellie)
    assert [a.outcome for a in c.checks()] == ["not_yet"] * 4


# Deciding on the proposal ------------------------------------------------------------------------------


def test_no_decision_while_planned_open_or_closed_without_its_report(personas):
    p = personas
    planned = make_consultation(p.org, by=p.ellie)
    assert "has not opened yet" in planned.blockers_to_deciding()[0]
    opened = make_open(p.org, by=p.ellie)
    assert "still open" in opened.blockers_to_deciding()[0]
    closed = make_closed(p.org, by=p.ellie)
    assert "report has not been published" in closed.blockers_to_deciding()[0]


def test_a_reported_consultation_with_every_check_met_allows_the_decision(personas):
    c = make_reported(personas.org, by=personas.ellie)
    assert _reload(c).blockers_to_deciding() == []


@pytest.mark.parametrize("missing", ["report", "summary", "check_not_met", "check_not_yet"])
def test_each_missing_piece_alone_blocks_the_decision(personas, missing):
    c = make_reported(personas.org, by=personas.ellie)
    if missing == "report":
        Consultation.objects.filter(pk=c.pk).update(report="x")  # the constraint needs something
        c = _reload(c)
        c.report = ""
        expected = "has no report file"
    elif missing == "summary":
        c = _reload(c)
        c.report_summary = "  "
        expected = "does not say how the responses were considered"
    else:
        outcome = "not_met" if missing == "check_not_met" else "not_yet"
        GunningAssessment.objects.filter(consultation=c, principle__number=2).update(
            outcome=outcome, evidence="Documents were late." if outcome == "not_met" else ""
        )
        c = _reload(c)
        expected = "Gunning check 2"
    reasons = c.blockers_to_deciding()
    assert len(reasons) == 1 and expected in reasons[0]


def test_a_check_not_met_blocks_the_decision_even_before_the_report(personas):
    c = make_closed(personas.org, by=personas.ellie)
    GunningAssessment.objects.filter(consultation=c, principle__number=3).update(outcome="not_met", evidence="6 days.")
    reasons = _reload(c).blockers_to_deciding()
    assert any("Gunning check 3" in r and "not met" in r for r in reasons)


# Opening ----------------------------------------------------------------------------------------------------


def _ready(p, **overrides):
    c = make_consultation(p.org, by=p.ellie, **overrides)
    make_material(c, by=p.ellie)
    return c


def test_everything_in_place_opens(personas):
    c = _ready(personas)
    assert c.blockers_to_opening() == []
    actions.open_consultation(c, by=personas.ellie)
    c = _reload(c)
    assert c.status == "open" and c.opened_at is not None


@pytest.mark.parametrize(
    "missing,says",
    [
        ("materials", "no consultation materials"),
        ("formative_statement", "formative stage"),
        ("how_to_take_part", "how people can take part"),
        ("opens_later", "planned to open on"),
        ("closes_passed", "has passed"),
        ("too_short", "less than the organisation's minimum of 12 weeks"),
    ],
)
def test_each_missing_piece_alone_refuses_opening_and_saves_nothing(personas, missing, says):
    p = personas
    today = TODAY()
    overrides = {
        "formative_statement": {"formative_statement": ""},
        "how_to_take_part": {"how_to_take_part": ""},
        "opens_later": {"opens_on": today + timedelta(days=1), "closes_on": today + timedelta(weeks=13)},
        "closes_passed": {"opens_on": today - timedelta(weeks=13), "closes_on": today},
        "too_short": {"closes_on": today + timedelta(weeks=6)},
    }.get(missing, {})
    c = make_consultation(p.org, by=p.ellie, **overrides)
    if missing != "materials":
        make_material(c, by=p.ellie)
    reasons = c.blockers_to_opening()
    assert len(reasons) == 1 and says in reasons[0], reasons
    before = AuditEvent.objects.count()
    with pytest.raises(RuleBroken) as refused:
        actions.open_consultation(c, by=p.ellie)
    assert refused.value.reasons == reasons
    assert _reload(c).status == "planned" and AuditEvent.objects.count() == before


def test_a_shorter_consultation_opens_with_its_reason(personas):
    c = _ready(personas, closes_on=TODAY() + timedelta(weeks=6), short_duration_reason="Urgent safety change.")
    actions.open_consultation(c, by=personas.ellie)
    assert _reload(c).status == "open"


def test_the_minimum_duration_is_the_organisations_own(personas):
    p = personas
    c = _ready(p, closes_on=TODAY() + timedelta(weeks=8))
    assert "minimum of 12 weeks" in c.blockers_to_opening()[0]
    actions.change_settings(p.org, minimum_weeks=8, by=p.ellie)
    assert ConsultationSettings.for_organisation(p.org).minimum_weeks == 8
    assert _reload(c).blockers_to_opening() == []
    # Another organisation keeps the default.
    assert ConsultationSettings.for_organisation(p.other_org).minimum_weeks == 12
    saved = actions.change_settings(p.org, minimum_weeks=10, by=p.ellie, expected_version=1)
    assert saved.version == 2 and "minimum of 10 weeks" in _reload(c).blockers_to_opening()[0]


# Closing ------------------------------------------------------------------------------------------------------


def test_closing_before_the_date_needs_a_reason_which_is_kept(personas):
    p = personas
    c = make_open(p.org, by=p.ellie)
    with pytest.raises(RuleBroken) as refused:
        actions.close_consultation(c, by=p.ellie)
    assert "give the reason for closing early" in refused.value.reasons[0]
    assert _reload(c).status == "open"
    actions.close_consultation(c, by=p.ellie, early_reason="The proposal was withdrawn.")
    c = _reload(c)
    assert c.status == "closed" and c.early_close_reason == "The proposal was withdrawn."


def test_closing_on_or_after_the_date_needs_no_reason(personas):
    c = make_closed(personas.org, by=personas.ellie)
    assert c.status == "closed" and c.early_close_reason == ""


def test_only_an_open_consultation_closes(personas):
    c = make_consultation(personas.org, by=personas.ellie)
    with pytest.raises(RuleBroken):
        actions.close_consultation(c, by=personas.ellie, early_reason="why not")


# Publishing the report ------------------------------------------------------------------------------------


def _report_ready(p):
    c = make_closed(p.org, by=p.ellie)
    assess_all(c, by=p.ellie)
    actions.save_report(c, {"report": pdf("report.pdf"), "report_summary": "We changed the hours."}, by=p.ellie)
    return _reload(c)


def test_the_report_publishes_with_everything_in_place(personas):
    c = _report_ready(personas)
    assert c.blockers_to_reporting() == []
    actions.publish_report(c, by=personas.ellie)
    c = _reload(c)
    assert c.status == "reported" and c.reported_by == personas.ellie and c.blockers_to_deciding() == []


@pytest.mark.parametrize("missing", ["report", "summary", "a_check", "not_closed"])
def test_each_missing_piece_alone_refuses_the_report(personas, missing):
    p = personas
    if missing == "not_closed":
        c = make_open(p.org, by=p.ellie)
        says = "must close"
    else:
        c = _report_ready(p)
        if missing == "report":
            Consultation.objects.filter(pk=c.pk).update(report="")
            says = "Upload the consultation report"
        elif missing == "summary":
            Consultation.objects.filter(pk=c.pk).update(report_summary="")
            says = "how the responses were considered"
        else:
            GunningAssessment.objects.filter(consultation=c, principle__number=4).update(outcome="not_yet", evidence="")
            says = "Assess every Gunning check"
        c = _reload(c)
    reasons = c.blockers_to_reporting()
    assert len(reasons) == 1 and says in reasons[0], reasons
    with pytest.raises(RuleBroken):
        actions.publish_report(c, by=p.ellie)
    assert _reload(c).status != "reported"


def test_the_report_is_written_only_after_closing(personas):
    c = make_open(personas.org, by=personas.ellie)
    with pytest.raises(RuleBroken) as refused:
        actions.save_report(c, {"report_summary": "Early thoughts"}, by=personas.ellie)
    assert "after the consultation closes" in refused.value.reasons[0]


# What is fixed once open, materials, checks -----------------------------------------------------------------------


def test_once_open_the_proposal_and_opening_date_are_fixed_but_the_closing_date_may_extend(personas):
    p = personas
    c = make_open(p.org, by=p.ellie)
    with pytest.raises(RuleBroken) as refused:
        actions.update_consultation(c, {"proposal": "Something else"}, by=p.ellie)
    assert "people have responded to them" in refused.value.reasons[0]
    actions.update_consultation(c, {"closes_on": c.closes_on + timedelta(weeks=2)}, by=p.ellie)
    with pytest.raises(ValidationError):  # shortened below the minimum without a reason
        actions.update_consultation(_reload(c), {"closes_on": TODAY() + timedelta(weeks=2)}, by=p.ellie)


def test_response_counts_wait_for_the_consultation_to_open(personas):
    c = make_consultation(personas.org, by=personas.ellie)
    with pytest.raises(RuleBroken):
        actions.record_responses(c, {"individual_responses": 5}, by=personas.ellie)
    opened = make_open(personas.org, by=personas.ellie)
    actions.record_responses(opened, {"individual_responses": 5}, by=personas.ellie)
    assert _reload(opened).total_responses == 5


def test_documents_are_added_while_planned_or_open_and_removed_only_while_planned(personas):
    p = personas
    planned = make_consultation(p.org, by=p.ellie)
    material = make_material(planned, by=p.ellie)
    actions.remove_material(material, by=p.ellie)
    opened = make_open(p.org, by=p.ellie)
    make_material(opened, by=p.ellie, title="Large print")
    with pytest.raises(RuleBroken) as refused:
        actions.remove_material(opened.materials.first(), by=p.ellie)
    assert "cannot be removed" in refused.value.reasons[0]
    closed = make_closed(p.org, by=p.ellie)
    with pytest.raises(RuleBroken):
        make_material(closed, by=p.ellie)


def test_a_check_needs_evidence_and_is_fixed_once_reported(personas):
    p = personas
    c = make_closed(p.org, by=p.ellie)
    assessment = c.assessments.first()
    with pytest.raises(ValidationError):
        actions.assess_check(assessment, outcome="met", evidence=" ", by=p.ellie)
    actions.assess_check(assessment, outcome="met", evidence="Published on opening.", by=p.ellie)
    assessment.refresh_from_db()
    assert assessment.assessed_by == p.ellie and assessment.version == 2
    reported = make_reported(p.org, by=p.ellie)
    with pytest.raises(RuleBroken):
        actions.assess_check(reported.assessments.first(), outcome="not_met", evidence="x", by=p.ellie)


def test_a_reported_consultation_cannot_change(personas):
    c = make_reported(personas.org, by=personas.ellie)
    with pytest.raises(RuleBroken):
        actions.update_consultation(c, {"title": "New"}, by=personas.ellie)


# Deleting, the audit trail and restoring --------------------------------------------------------------------------


def test_only_a_planned_consultation_is_deleted_and_it_can_be_restored_with_its_documents(personas):
    from baton.core.audit import restore_deleted

    p = personas
    c = make_consultation(p.org, by=p.ellie, title="Withdrawn")
    make_material(c, by=p.ellie)
    event = actions.delete_consultation(c, by=p.ellie)
    assert not Consultation.objects.filter(pk=c.pk).exists()
    restored = restore_deleted(event, by=p.ellie)
    assert restored.title == "Withdrawn" and restored.materials.count() == 1 and restored.assessments.count() == 4
    with pytest.raises(RuleBroken):
        actions.delete_consultation(make_open(p.org, by=p.ellie), by=p.ellie)


def test_each_change_is_audited_with_before_and_after_and_a_document_by_its_name(personas):
    p = personas
    c = make_closed(p.org, by=p.ellie)
    actions.save_report(c, {"report": pdf("final report.pdf"), "report_summary": "Summary"}, by=p.ellie)
    event = AuditEvent.objects.filter(action="save_report").latest("pk")
    assert event.before["report"] == "" and event.after["report"].endswith("/final_report.pdf")
    opened = AuditEvent.objects.filter(action="open_consultation").latest("pk")
    assert opened.before["status"] == "planned" and opened.after["status"] == "open"


def test_stale_edits_are_refused(personas):
    from baton.core.errors import StaleEdit

    c = make_consultation(personas.org, by=personas.ellie)
    actions.update_consultation(c, {"title": "First"}, by=personas.ellie, expected_version=1)
    with pytest.raises(StaleEdit):
        actions.update_consultation(c, {"title": "Second"}, by=personas.ellie, expected_version=1)
