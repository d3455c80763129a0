"""The baton going round, through the pages only: create a programme, open its needs run, record
an activity and insight, try to close (refused with the reason), hand over, the next owner
accepts, and then the run closes."""

import pytest
from django.urls import reverse

from baton.cycle.models import EngagementActivity, Handover, InsightItem, Programme, StageRun

pytestmark = pytest.mark.django_db


def test_a_programme_goes_from_needs_to_plan_through_the_pages(personas, client):
    p = personas
    client.force_login(p.ellie)
    client.post(
        reverse("cycle:programme_create"), {"name": "Diabetes pathway", "lead": p.priya.pk, "condition": "diabetes"}
    )
    programme = Programme.objects.get(name="Diabetes pathway")
    client.post(reverse("cycle:run_open", args=[programme.pk]), {"stage": "needs", "owner": p.priya.pk})
    needs = StageRun.objects.get(programme=programme, stage="needs")

    client.force_login(p.priya)
    client.post(
        reverse("cycle:activity_create", args=[needs.pk]),
        {
            "title": "Carers' survey",
            "method": "survey",
            "ladder_level": "consult",
            "target_groups": "carers",
            "start_date": "2026-05-01",
            "reach": "80",
            "cost": "0",
        },
    )
    activity = EngagementActivity.objects.get()
    client.post(
        reverse("cycle:insight_create", args=[needs.pk]),
        {
            "title": "Evening appointments wanted",
            "source": "activity",
            "activity": activity.pk,
            "stage_relevance": ["needs", "plan"],
            "status": "open",
        },
    )
    item = InsightItem.objects.get()

    refused = client.post(reverse("cycle:run_close", args=[needs.pk]), {"version": 1})
    assert refused.status_code == 409
    assert "There is no hand-over to the next stage" in refused.content.decode()

    client.post(
        reverse("cycle:handover_create", args=[needs.pk]),
        {
            "to_stage": "plan",
            "next_owner": p.ellie.pk,
            "summary": "Carers want evening slots.",
            f"insight_{item.pk}": "carry",
        },
    )
    handover = Handover.objects.get()
    run_page = client.get(reverse("cycle:run_detail", args=[needs.pk])).content.decode()
    assert "Awaiting acceptance" in run_page

    client.force_login(p.ellie)
    waiting = client.get(reverse("hub:index")).content.decode()
    assert "Hand-overs waiting for you to accept or query (1)" in waiting
    client.post(reverse("cycle:handover_accept", args=[handover.pk]), {"version": handover.version})
    plan = StageRun.objects.get(programme=programme, stage="plan")
    assert plan.status == StageRun.Status.OPEN

    client.force_login(p.priya)
    assert (
        "Stage runs you can close now (their hand-over was accepted) (1)"
        in client.get(reverse("hub:index")).content.decode()
    )
    needs.refresh_from_db()
    closed = client.post(reverse("cycle:run_close", args=[needs.pk]), {"version": needs.version}, follow=True)
    assert "Closed the Identify needs and aspirations stage run." in closed.content.decode()
    needs.refresh_from_db()
    assert needs.status == StageRun.Status.CLOSED

    journey = client.get(reverse("cycle:programme_detail", args=[programme.pk])).content.decode()
    assert "Current stage: Plan." in journey and "Done: Needs." in journey
    hub = client.get(reverse("hub:index")).content.decode()
    assert "Dropped batons (0)" in hub  # the insight was carried forward, the hand-over accepted
    # What waits for Priya now is only assessing the closed run's activity (evaluation).
    assert "Activities to assess (1)" in hub and "Hand-overs waiting for you" not in hub
