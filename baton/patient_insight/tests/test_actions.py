"""The actions' rules: reviews kept per comment per sample and closed with the sample; a report is
insight only once accepted, once; a returned report is changed and sent again."""

import pytest
from django.core.exceptions import ValidationError

from baton.core.errors import RuleBroken, StaleEdit
from baton.core.models import AuditEvent
from baton.cycle.models import InsightItem
from baton.patient_insight import actions
from baton.patient_insight.models import FieldReport, Review

from ..testing import review


def test_a_sample_is_given_only_to_a_patient_partner(world):
    p = world.p
    with pytest.raises(ValidationError) as refused:
        actions.make_sample(p.org, by=p.ellie, reviewer=p.larry, title="X", size=5)
    assert "patient partner" in str(refused.value)


def test_a_correction_is_kept_with_the_machine_labels_beside_it_and_audited(world):
    p = world.p
    before = AuditEvent.objects.count()
    item = review(world.sample, 1, by=p.pat, agreed=False, themes=["Parking", "Timeliness of care"], sentiment=5)
    assert item.themes == ["Timeliness of care", "Parking"]  # the framework's order
    assert item.sentiment == 5 and not item.agreed and item.reviewed_by == p.pat
    assert item.machine_themes != item.themes
    assert AuditEvent.objects.count() == before + 1
    agreed = review(world.sample, 2, by=p.pat)
    assert agreed.agreed and agreed.themes == agreed.machine_themes and agreed.sentiment == agreed.machine_sentiment


def test_a_review_can_change_until_the_sample_is_closed(world):
    p = world.p
    review(world.sample, 1, by=p.pat)
    changed = review(world.sample, 1, by=p.pat, agreed=False, themes=["Parking"], sentiment=3)
    assert changed.themes == ["Parking"] and Review.objects.filter(sample=world.sample).reviewed().count() == 1
    actions.close_sample(world.sample, by=p.ellie)
    with pytest.raises(RuleBroken, match="sample is closed"):
        review(world.sample, 1, by=p.pat)
    assert Review.objects.get(sample=world.sample, position=1).themes == ["Parking"]


def test_a_correction_needs_a_theme_and_a_sentiment(world):
    item = Review.objects.get(sample=world.sample, position=1)
    with pytest.raises(ValidationError):
        actions.save_review(item, by=world.p.pat, agreed=False, themes=[], sentiment=3)
    with pytest.raises(ValidationError):
        actions.save_review(item, by=world.p.pat, agreed=False, themes=["Parking"], sentiment=None)
    with pytest.raises(ValidationError):
        actions.save_review(item, by=world.p.pat, agreed=False, themes=["Not a theme"], sentiment=3)
    assert not Review.objects.filter(pk=item.pk).reviewed().exists()


def test_accepting_makes_one_insight_item_crediting_the_patient_partner(world):
    p = world.p
    report = actions.accept_report(world.report, by=p.ellie, stage_run=world.run, title="Call bells unanswered")
    item = report.insight_item
    assert report.status == FieldReport.Status.ACCEPTED and item.stage_run == world.run
    assert item.source == InsightItem.Source.ACTIVITY
    assert "Gathered by Pat Price, patient partner, on a monitoring visit" in item.detail
    assert item.field_report == report


def test_two_staff_accepting_at_once_make_one_insight_item_and_the_second_is_refused(world):
    """Both loaded the report before either accepted; the lock and the re-read refuse the second."""
    p = world.p
    first = FieldReport.objects.get(pk=world.report.pk)
    second = FieldReport.objects.get(pk=world.report.pk)
    actions.accept_report(first, by=p.ellie, stage_run=world.run, title="One")
    with pytest.raises(RuleBroken, match="already been accepted"):
        actions.accept_report(second, by=p.adam, stage_run=world.run, title="Two")
    with pytest.raises(StaleEdit):
        actions.accept_report(second, by=p.adam, stage_run=world.run, title="Two", expected_version=1)
    assert InsightItem.objects.filter(stage_run=world.run).count() == 1


def test_a_returned_report_is_not_insight_until_changed_sent_again_and_accepted(world):
    p = world.p
    returned = actions.return_report(world.report, by=p.ellie, note="Which ward?")
    assert returned.status == FieldReport.Status.RETURNED
    with pytest.raises(RuleBroken, match="returned to its author"):
        actions.accept_report(returned, by=p.ellie, stage_run=world.run, title="X")
    assert not InsightItem.objects.filter(stage_run=world.run).exists()
    again = actions.edit_report(returned, {"place": "Ward 7"}, by=p.pat, expected_version=returned.version)
    assert again.status == FieldReport.Status.SUBMITTED and again.place == "Ward 7"
    actions.accept_report(again, by=p.ellie, stage_run=world.run, title="Call bells")
    assert InsightItem.objects.filter(stage_run=world.run).count() == 1
    with pytest.raises(RuleBroken, match="accepted as insight, so it cannot change"):
        actions.edit_report(again, {"place": "Ward 8"}, by=p.pat)


def test_returning_needs_a_note(world):
    with pytest.raises(ValidationError):
        actions.return_report(world.report, by=world.p.ellie, note="  ")
    assert FieldReport.objects.get(pk=world.report.pk).status == FieldReport.Status.SUBMITTED
