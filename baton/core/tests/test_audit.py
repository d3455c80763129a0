import pytest

from baton.core.audit import CannotRestore, history_for, restore_deleted
from baton.core.models import AuditEvent
from baton.cycle.actions import delete_programme, update_programme
from baton.cycle.models import EngagementActivity, Handover, InsightItem, Programme, StageRun
from baton.cycle.testing import make_activity, make_handover, make_insight, make_programme, make_run


@pytest.mark.django_db
def test_every_change_records_who_when_before_and_after(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes", condition="diabetes")
    update_programme(programme, {"condition": "type 2 diabetes"}, by=p.priya, expected_version=programme.version)
    events = list(history_for(programme))
    assert [e.verb for e in events] == ["update", "create"]
    change = events[0]
    assert change.actor == p.priya and change.created_at is not None
    assert ("condition", "diabetes", "type 2 diabetes") in change.changes()


@pytest.mark.django_db
def test_deleting_a_programme_can_be_undone_with_everything_it_held(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Stroke")
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    make_activity(run, by=p.priya)
    item = make_insight(run, by=p.priya)
    handover = make_handover(run, by=p.priya, next_owner=p.priya, insight=[item])
    pk = programme.pk
    event = delete_programme(programme, by=p.ellie)
    assert not Programme.objects.filter(pk=pk).exists()
    assert not StageRun.objects.exists() and not InsightItem.objects.exists()

    restored = restore_deleted(event, by=p.ellie)

    assert restored.pk == pk and restored.name == "Stroke"
    assert StageRun.objects.filter(programme_id=pk).count() == 2  # the run and the planned next one
    assert EngagementActivity.objects.count() == 1
    assert list(Handover.objects.get(pk=handover.pk).carried_insight.all()) == [item]
    assert AuditEvent.objects.filter(verb="restore", object_id=str(pk)).exists()
    with pytest.raises(CannotRestore):
        restore_deleted(AuditEvent.objects.get(pk=event.pk), by=p.ellie)


@pytest.mark.django_db
def test_audit_pages_show_history_and_restore_for_leads_only(personas, signed_in):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Maternity")
    pk = programme.pk
    event = delete_programme(programme, by=p.ellie)

    client = signed_in(p.ellie)
    page = client.get(f"/audit/events/{event.pk}/")
    assert page.status_code == 200 and b"Restore Maternity" in page.content
    assert client.get("/audit/").status_code == 200
    assert client.get(f"/audit/cycle.programme/{pk}/").status_code == 200

    assert signed_in(p.bea).post(f"/audit/events/{event.pk}/restore/").status_code == 403
    assert signed_in(p.oscar).get(f"/audit/events/{event.pk}/").status_code == 404
    assert signed_in(p.oscar).post(f"/audit/events/{event.pk}/restore/").status_code == 404
    assert not Programme.objects.filter(pk=pk).exists()

    response = signed_in(p.ellie).post(f"/audit/events/{event.pk}/restore/")
    assert response.status_code == 302
    assert Programme.objects.filter(pk=pk, name="Maternity").exists()
    again = signed_in(p.ellie).post(f"/audit/events/{event.pk}/restore/")
    assert again.status_code == 409 and b"already been undone" in again.content


@pytest.mark.django_db
def test_restore_refuses_when_the_record_exists_again(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Frailty")
    pk = programme.pk
    event = delete_programme(programme, by=p.ellie)
    Programme.objects.create(pk=pk, organisation=p.org, name="Something else")
    with pytest.raises(CannotRestore):
        restore_deleted(event, by=p.ellie)
    assert Programme.objects.get(pk=pk).name == "Something else"
