"""A closed stage run is read-only until an engagement lead reopens it, saying why (issue item 7);
a run closed without a hand-over is a dropped baton until it hands over late or a lead records why
it needs none, which stays in its history (item 2)."""

import pytest
from django.urls import reverse

from baton.core.audit import CannotRestore, restore_deleted
from baton.core.errors import RuleBroken
from baton.core.models import AuditEvent
from baton.cycle.actions import (
    accept_handover,
    close_stage_run,
    delete_activity,
    excuse_stage_run,
    reopen_stage_run,
)
from baton.cycle.models import EngagementActivity, InsightItem, StageRun
from baton.cycle.testing import make_activity, make_handover, make_insight, make_programme, make_run

pytestmark = pytest.mark.django_db


def _closed_run(p):
    run = make_run(make_programme(p.org, by=p.ellie, lead=p.priya), "needs", owner=p.priya)
    activity = make_activity(run, by=p.priya, title="Survey")
    item = make_insight(run, by=p.priya, title="Heard")
    handover = make_handover(run, by=p.priya, next_owner=p.ellie)
    accept_handover(handover, by=p.ellie)
    close_stage_run(run, by=p.priya)
    run.refresh_from_db()
    return run, activity, item


def test_records_of_a_closed_run_cannot_change_be_added_or_deleted(personas, signed_in):
    p = personas
    run, activity, item = _closed_run(p)
    client = signed_in(p.priya)
    for url, data in [
        (reverse("cycle:activity_edit", args=[activity.pk]), {"title": "Changed", "version": activity.version}),
        (
            reverse("cycle:insight_edit", args=[item.pk]),
            {"title": "Changed", "source": "pals", "version": item.version},
        ),
        (reverse("cycle:activity_delete", args=[activity.pk]), {}),
        (reverse("cycle:insight_delete", args=[item.pk]), {}),
        (reverse("cycle:activity_create", args=[run.pk]), {"title": "New"}),
    ]:
        client.post(url, data)
    activity.refresh_from_db()
    item.refresh_from_db()
    assert activity.title == "Survey" and item.title == "Heard"
    assert EngagementActivity.objects.filter(stage_run=run).count() == 1
    page = client.get(reverse("cycle:run_detail", args=[run.pk])).content.decode()
    assert "This stage run is closed, so its activities and insight can no longer change." in page
    assert "Change<span" not in page  # no change or delete links on a closed run


def test_a_deleted_record_cannot_be_restored_into_a_run_closed_since(personas):
    p = personas
    run = make_run(make_programme(p.org, by=p.ellie), "needs", owner=p.priya)
    activity = make_activity(run, by=p.priya)
    event = delete_activity(activity, by=p.priya)
    make_handover(run, by=p.priya, next_owner=p.ellie)
    accept_handover(run.handover, by=p.ellie)
    close_stage_run(run, by=p.priya)
    with pytest.raises(CannotRestore, match="closed"):
        restore_deleted(AuditEvent.objects.get(pk=event.pk), by=p.ellie)
    assert not EngagementActivity.objects.exists()


def test_only_an_engagement_lead_reopens_and_says_why(personas, signed_in):
    p = personas
    run, activity, _item = _closed_run(p)
    url = reverse("cycle:run_reopen", args=[run.pk])
    assert signed_in(p.priya).post(url, {"reason": "Fix reach", "version": run.version}).status_code == 403
    html = signed_in(p.ellie).post(url, {"reason": " ", "version": run.version}).content.decode()
    assert "Enter why are you reopening this stage run" in html or "There is a problem" in html
    response = signed_in(p.ellie).post(url, {"reason": "The survey's reach was wrong.", "version": run.version})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == StageRun.Status.OPEN and run.reopen_reason == "The survey's reach was wrong."
    assert AuditEvent.objects.filter(action="reopen_stage_run", object_id=str(run.pk)).exists()
    signed_in(p.priya).post(
        reverse("cycle:activity_edit", args=[activity.pk]),
        {
            "title": "Survey",
            "method": "survey",
            "ladder_level": "consult",
            "target_groups": "carers",
            "start_date": "2026-01-10",
            "reach": "41",
            "cost": "0",
            "version": activity.version,
        },
    )
    activity.refresh_from_db()
    assert activity.reach == 41  # editable again once reopened


def test_reopening_is_refused_while_another_run_of_the_stage_is_live(personas):
    p = personas
    run, _activity, _item = _closed_run(p)
    make_run(run.programme, "needs", owner=p.priya)
    with pytest.raises(RuleBroken, match="already has a Identify needs and aspirations run"):
        reopen_stage_run(run, reason="Again", by=p.ellie)


def _dropped(p):
    run = make_run(make_programme(p.org, by=p.ellie, name="Imported"), "plan", owner=p.priya)
    InsightItem.objects.create(stage_run=run, title="Old finding", source="pals")
    StageRun.objects.filter(pk=run.pk).update(status=StageRun.Status.CLOSED)  # from before Baton
    run.refresh_from_db()
    return run


def test_a_run_closed_without_a_hand_over_is_not_done_until_a_lead_says_why(personas, signed_in):
    p = personas
    run = _dropped(p)
    programme_page = signed_in(p.bea).get(reverse("cycle:programme_detail", args=[run.programme.pk])).content.decode()
    assert "Closed without a hand-over" in programme_page and "Done:" not in programme_page
    assert StageRun.objects.closed_without_handover().filter(pk=run.pk).exists()
    url = reverse("cycle:run_excuse", args=[run.pk])
    assert signed_in(p.priya).post(url, {"reason": "Stopped", "version": run.version}).status_code == 403
    assert signed_in(p.ellie).post(url, {"reason": "The board stopped it.", "version": run.version}).status_code == 302
    run.refresh_from_db()
    assert run.no_handover_reason == "The board stopped it."
    assert not StageRun.objects.closed_without_handover().filter(pk=run.pk).exists()
    page = signed_in(p.bea).get(reverse("cycle:run_detail", args=[run.pk])).content.decode()
    assert "The board stopped it." in page  # stays in its history
    with pytest.raises(RuleBroken):
        excuse_stage_run(run, reason="Twice", by=p.ellie)


def test_a_run_closed_without_a_hand_over_can_hand_over_late(personas, signed_in):
    p = personas
    run = _dropped(p)
    item = run.insight_items.get()
    response = signed_in(p.priya).post(
        reverse("cycle:handover_create", args=[run.pk]),
        {
            "to_stage": "improve",
            "next_owner": p.ellie.pk,
            "summary": "Late, but handed on.",
            f"insight_{item.pk}": "carry",
        },
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.handover.late and list(run.handover.carried_insight.all()) == [item]
    assert not StageRun.objects.closed_without_handover().filter(pk=run.pk).exists()
    assert not InsightItem.objects.dropped().exists()
