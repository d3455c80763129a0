"""Programme pages: list, create, change, delete, the journey round the Cycle, opening a run."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baton.core.models import AuditEvent
from baton.cycle.actions import accept_handover, close_stage_run
from baton.cycle.models import Handover, Programme, StageRun
from baton.cycle.testing import make_handover, make_history, make_programme, make_run

pytestmark = pytest.mark.django_db


def test_programme_list_shows_name_lead_current_stage_and_condition(personas, signed_in):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya, condition="Type 2 diabetes")
    make_run(programme, "plan", owner=p.priya, by=p.ellie)
    make_programme(p.other_org, by=p.oscar, name="Oscar's secret programme")
    html = signed_in(p.bea).get(reverse("cycle:programme_list")).content.decode()
    assert "Diabetes pathway" in html and "Priya Patel" in html and "Type 2 diabetes" in html
    assert "Develop priorities, strategies and plans" in html
    assert "Oscar's secret programme" not in html
    assert "Create a programme" not in html  # Bea reads only


def test_programme_list_paginates(personas, signed_in, settings):
    settings.BATON_PAGE_SIZE = 2
    for n in range(5):
        make_programme(personas.org, by=personas.ellie, name=f"Programme {n}")
    client = signed_in(personas.ellie)
    first = client.get(reverse("cycle:programme_list")).content.decode()
    third = client.get(reverse("cycle:programme_list") + "?page=3").content.decode()
    assert "Programme 0" in first and "Programme 4" not in first
    assert "Programme 4" in third and "Create a programme" in first


def test_anonymous_visitor_is_sent_to_sign_in(personas, client):
    programme = make_programme(personas.org, by=personas.ellie)
    for url in [
        reverse("cycle:programme_list"),
        reverse("cycle:programme_detail", args=[programme.pk]),
        reverse("cycle:programme_create"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("core:login") in response["Location"], url


def test_oscar_cannot_see_or_change_another_organisations_programme(personas, signed_in):
    programme = make_programme(personas.org, by=personas.ellie)
    client = signed_in(personas.oscar)
    for name in ["programme_detail", "programme_edit", "programme_delete", "run_open"]:
        assert client.get(reverse(f"cycle:{name}", args=[programme.pk])).status_code == 404, name
    assert client.post(reverse("cycle:programme_delete", args=[programme.pk])).status_code == 404
    assert Programme.objects.filter(pk=programme.pk).exists()


def test_readers_cannot_create_change_or_delete_programmes(personas, signed_in):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Kept")
    for reader in [p.bea, p.larry, p.pat]:
        client = signed_in(reader)
        assert client.get(reverse("cycle:programme_create")).status_code == 403
        assert client.post(reverse("cycle:programme_create"), {"name": "New"}).status_code == 403
        assert client.post(reverse("cycle:programme_edit", args=[programme.pk]), {"name": "Changed"}).status_code == 403
        assert client.post(reverse("cycle:programme_delete", args=[programme.pk])).status_code == 403
    programme.refresh_from_db()
    assert programme.name == "Kept" and not Programme.objects.filter(name="New").exists()


def test_programme_lead_cannot_delete_a_programme(personas, signed_in):
    programme = make_programme(personas.org, by=personas.ellie, lead=personas.priya)
    client = signed_in(personas.priya)
    assert client.post(reverse("cycle:programme_delete", args=[programme.pk])).status_code == 403
    html = client.get(reverse("cycle:programme_detail", args=[programme.pk])).content.decode()
    assert "Change the programme" in html and "Delete the programme" not in html


def test_engagement_lead_creates_a_programme(personas, signed_in):
    client = signed_in(personas.ellie)
    response = client.post(
        reverse("cycle:programme_create"),
        {
            "name": "Maternity voices",
            "description": "",
            "lead": personas.priya.pk,
            "condition": "Maternity",
            "budget_line": "",
            "public_summary": "",
        },
    )
    programme = Programme.objects.get(name="Maternity voices")
    assert response.status_code == 302 and response["Location"] == reverse(
        "cycle:programme_detail", args=[programme.pk]
    )
    assert programme.organisation == personas.org and programme.lead == personas.priya
    assert AuditEvent.objects.filter(action="create_programme", object_id=str(programme.pk)).exists()


def test_creating_a_programme_with_bad_input_shows_errors_and_saves_nothing(personas, signed_in):
    make_programme(personas.org, by=personas.ellie, name="Taken")
    client = signed_in(personas.ellie)
    response = client.post(reverse("cycle:programme_create"), {"name": "", "condition": "kept text"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and "Enter the programme&#39;s name" in html
    assert "kept text" in html
    response = client.post(reverse("cycle:programme_create"), {"name": "taken"})
    assert "There is already a programme with this name" in response.content.decode()
    assert Programme.objects.count() == 1


def test_lead_picklist_offers_only_people_who_can_change_things(personas, signed_in):
    html = signed_in(personas.ellie).get(reverse("cycle:programme_create")).content.decode()
    assert "Priya Patel" in html and "Ellie Evans" in html
    assert "Bea Brown" not in html and "Pat Price" not in html and "Oscar Owen" not in html


def test_editing_a_programme_saves_the_change(personas, signed_in):
    programme = make_programme(personas.org, by=personas.ellie, name="Old name", lead=personas.priya)
    client = signed_in(personas.priya)
    response = client.post(
        reverse("cycle:programme_edit", args=[programme.pk]),
        {
            "name": "New name",
            "lead": personas.priya.pk,
            "version": programme.version,
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "New name" and programme.version == 2


def test_a_stale_programme_edit_is_refused_and_nothing_is_saved(personas, signed_in):
    programme = make_programme(personas.org, by=personas.ellie, name="Original")
    seen = programme.version
    client = signed_in(personas.ellie)
    client.post(reverse("cycle:programme_edit", args=[programme.pk]), {"name": "First change", "version": seen})
    response = client.post(
        reverse("cycle:programme_edit", args=[programme.pk]), {"name": "Second change", "version": seen}
    )
    html = response.content.decode()
    assert (
        "There is a problem" in html and "Someone else changed this programme" in html and "Nothing was saved" in html
    )
    assert "Second change" in html  # what was typed is kept
    programme.refresh_from_db()
    assert programme.name == "First change"


def test_deleting_a_programme_asks_first_then_links_to_its_restore(personas, signed_in):
    programme = make_programme(personas.org, by=personas.ellie, name="Going")
    client = signed_in(personas.ellie)
    confirm = client.get(reverse("cycle:programme_delete", args=[programme.pk]))
    assert "Are you sure you want to delete the programme Going?" in confirm.content.decode()
    assert Programme.objects.filter(pk=programme.pk).exists()
    response = client.post(reverse("cycle:programme_delete", args=[programme.pk]), follow=True)
    event = AuditEvent.objects.get(action="delete_programme")
    html = response.content.decode()
    assert not Programme.objects.filter(pk=programme.pk).exists()
    assert f'href="{reverse("core:audit_event", args=[event.pk])}"' in html and "Restore it" in html


def _journey_world(p):
    programme = make_programme(p.org, by=p.ellie, name="Urgent care", lead=p.priya)
    needs = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    to_plan = make_handover(needs, by=p.priya, next_owner=p.ellie)
    accept_handover(to_plan, by=p.ellie)
    needs.refresh_from_db()
    close_stage_run(needs, by=p.priya)
    plan = StageRun.objects.get(pk=to_plan.to_run_id)
    to_improve = make_handover(plan, by=p.ellie, next_owner=p.priya)
    Handover.objects.filter(pk=to_improve.pk).update(
        created_at=timezone.now() - timedelta(days=p.org.handover_limit_days + 1)
    )
    return programme


def test_programme_page_shows_its_journey_round_the_cycle_in_words(personas, signed_in):
    programme = _journey_world(personas)
    html = signed_in(personas.bea).get(reverse("cycle:programme_detail", args=[programme.pk])).content.decode()
    assert html.count('class="baton-journey__stage') == 5
    assert "baton-journey__stage--done" in html and "baton-journey__stage--current" in html
    assert "Current stages: Plan, Improve." in html and "Done: Needs." in html
    assert "Not started" in html
    assert "Accepted" in html and "Overdue" in html
    assert "overdue: awaiting acceptance and not accepted by" in html
    # Bea reads but cannot change, nor see the audit history
    assert "Open a stage run" not in html and "Change the programme" not in html and "Audit history" not in html


def test_programme_page_links_to_audit_history_for_those_who_may_see_it(personas, signed_in):
    programme = make_programme(personas.org, by=personas.ellie)
    history = reverse("core:record_history", args=["cycle.programme", programme.pk])
    for user, shown in [(personas.ellie, True), (personas.larry, True), (personas.priya, False), (personas.bea, False)]:
        html = signed_in(user).get(reverse("cycle:programme_detail", args=[programme.pk])).content.decode()
        assert (history in html) is shown, user


def test_editor_opens_a_stage_run(personas, signed_in):
    programme = make_programme(personas.org, by=personas.ellie, lead=personas.priya)
    client = signed_in(personas.priya)
    assert "Open a stage run" in client.get(reverse("cycle:programme_detail", args=[programme.pk])).content.decode()
    response = client.post(
        reverse("cycle:run_open", args=[programme.pk]), {"stage": "needs", "owner": personas.priya.pk}
    )
    run = StageRun.objects.get(programme=programme)
    assert response.status_code == 302 and response["Location"] == reverse("cycle:run_detail", args=[run.pk])
    assert run.stage == "needs" and run.status == StageRun.Status.OPEN and run.owner == personas.priya


def test_opening_a_stage_run_with_bad_input_shows_errors(personas, signed_in):
    programme = make_programme(personas.org, by=personas.ellie)
    make_run(programme, "needs", owner=personas.ellie)
    client = signed_in(personas.ellie)
    html = client.post(reverse("cycle:run_open", args=[programme.pk]), {"stage": "", "owner": ""}).content.decode()
    assert "Choose the stage to open" in html and "Choose who owns this stage run" in html
    html = client.post(
        reverse("cycle:run_open", args=[programme.pk]), {"stage": "needs", "owner": personas.ellie.pk}
    ).content.decode()
    assert "already has a stage run in Identify needs and aspirations that is not closed" in html
    html = client.post(
        reverse("cycle:run_open", args=[programme.pk]), {"stage": "plan", "owner": personas.bea.pk}
    ).content.decode()
    assert "There is a problem" in html  # a board member cannot own a run
    assert StageRun.objects.filter(programme=programme).count() == 1


def test_board_member_cannot_open_a_stage_run(personas, signed_in):
    programme = make_programme(personas.org, by=personas.ellie)
    response = signed_in(personas.bea).post(
        reverse("cycle:run_open", args=[programme.pk]), {"stage": "needs", "owner": personas.ellie.pk}
    )
    assert response.status_code == 403 and not StageRun.objects.exists()


def test_journey_shows_the_latest_runs_of_a_stage_and_counts_the_earlier_ones(personas, signed_in):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya)
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    # needs, plan, then round improve -> procure -> monitor three times and back to improve
    for _ in range(11):
        handover = make_handover(run, by=p.priya, next_owner=p.priya)
        accept_handover(handover, by=p.priya)
        run.refresh_from_db()
        close_stage_run(run, by=p.priya)
        run = StageRun.objects.get(pk=handover.to_run_id)
    assert StageRun.objects.filter(programme=programme, stage="improve").count() == 4
    html = signed_in(p.bea).get(reverse("cycle:programme_detail", args=[programme.pk])).content.decode()
    assert "And 1 earlier run, listed below." in html
    assert "Current stage: Improve." in html and "Done: Needs, Plan, Procure, Monitor." in html


def _table_runs(html):
    """The run ids in the page's table of stage runs, in order."""
    return [int(pk) for pk in re.findall(r"\(run (\d+)\)", html.split('id="runs"', 1)[1])]


def test_programme_page_shows_its_history_a_page_at_a_time_newest_first(personas, signed_in, settings):
    settings.BATON_PAGE_SIZE = 25
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya)
    history = make_history(programme, 60, owner=p.priya)
    current = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    client = signed_in(p.bea)
    url = reverse("cycle:programme_detail", args=[programme.pk])
    first, second, third = (client.get(f"{url}?page={n}").content.decode() for n in (1, 2, 3))
    newest_first = [current.pk] + [run.pk for run in reversed(history)]
    assert _table_runs(first) == newest_first[:25]
    assert _table_runs(second) == newest_first[25:50]
    assert _table_runs(third) == newest_first[50:]
    assert "Stage runs (61)" in first and "page 1 of 3" in first
    assert "?page=2" in first and 'aria-label="Pages of stage runs"' in first


def test_journey_boxes_speak_for_the_whole_history_not_the_page_shown(personas, signed_in):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya)
    make_history(programme, 1, owner=p.priya, stages=["needs"])  # the oldest run of all
    make_history(programme, 250, owner=p.priya, stages=["plan"])
    make_run(programme, "improve", owner=p.priya, by=p.ellie)
    client = signed_in(p.bea)
    url = reverse("cycle:programme_detail", args=[programme.pk])
    for page in (1, 5, 11):
        html = client.get(f"{url}?page={page}").content.decode()
        assert "Current stage: Improve." in html, page
        # Imported history closed without hand-overs: dropped batons, not "done".
        assert "Closed without a hand-over (dropped batons): Needs, Plan." in html and "Done:" not in html, page
        assert "And 247 earlier runs, listed below." in html, page
        assert html.count("earlier run") == 1, page  # needs and improve show all their runs
