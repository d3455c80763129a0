"""The rules of versioned documents: approving (a rule matrix), superseding, what an approved
version refuses, drafts never public, the audit trail and restoring a deleted draft."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from baton.core.audit import restore_deleted
from baton.core.errors import RuleBroken
from baton.core.models import AuditEvent, Role
from baton.core.testing import add_role
from baton.cycle.testing import make_programme

from .. import actions
from ..models import StrategyVersion, VisionVersion
from ..testing import VISION_TEXT, make_plan, make_strategy, make_vision

pytestmark = pytest.mark.django_db


def test_approving_a_vision_needs_every_part_and_another_person(personas):
    """Rule matrix: each missing piece alone blocks; all present allows."""
    p = personas
    cases = [
        f for f in VISION_TEXT if f != "principles"
    ]  # each required part blank on its own (own principles are optional)
    for field in cases:
        draft = make_vision(p.org, by=p.ellie, **{field: ""})
        reasons = draft.blockers_to_approving(p.bea)
        assert len(reasons) == 1, (field, reasons)
        actions.delete_draft(draft, by=p.ellie)
    draft = make_vision(p.org, by=p.ellie)
    assert draft.blockers_to_approving(p.bea) == []
    add_role(p.ellie, p.org, Role.BOARD_MEMBER)
    assert draft.blockers_to_approving(p.ellie) == [
        "You drafted or last changed this version, so another board member must approve it."
    ]
    with pytest.raises(RuleBroken):
        actions.approve_version(draft, by=p.ellie)
    approved = actions.approve_version(draft, by=p.bea)
    assert (approved.status, approved.approved_by) == ("approved", p.bea)
    assert "is no longer a draft" in approved.blockers_to_approving(p.larry)[0]


def test_approving_a_strategy_needs_a_future_review_date_and_an_objective(personas):
    p = personas
    draft = make_strategy(p.org, by=p.ellie)
    assert draft.blockers_to_approving(p.bea) == ["Add at least one objective."]
    actions.add_objective(draft, by=p.ellie, title="Hear from everyone")
    assert draft.blockers_to_approving(p.bea) == []
    draft = actions.update_version(draft, {"review_date": None}, by=p.ellie)
    assert draft.blockers_to_approving(p.bea) == ["Set the date the strategy will be reviewed."]
    draft = actions.update_version(draft, {"review_date": timezone.localdate() - timedelta(days=1)}, by=p.ellie)
    assert "has passed" in draft.blockers_to_approving(p.bea)[0]


def test_approving_supersedes_the_version_in_force_which_stays_readable(personas, client):
    p = personas
    first = make_vision(p.org, by=p.ellie, approve_by=p.bea, statement="First.")
    second = make_vision(p.org, by=p.ellie, statement="Second.")
    assert second.statement == "Second." and second.number == 2
    page = client.get(reverse("direction:public_vision", args=[p.org.public_slug])).content.decode()
    assert "First." in page and "Second." not in page  # a draft never shows publicly
    assert client.get(reverse("direction:public_vision_version", args=[p.org.public_slug, 2])).status_code == 404
    actions.approve_version(second, by=p.bea)
    first.refresh_from_db()
    assert first.status == "superseded" and first.superseded_at and first.approved_by == p.bea
    page = client.get(reverse("direction:public_vision", args=[p.org.public_slug])).content.decode()
    assert "Second." in page and "Version 1" in page
    old = client.get(reverse("direction:public_vision_version", args=[p.org.public_slug, 1])).content.decode()
    assert "First." in old and "Approved by Bea Brown" in old


def test_the_public_page_is_404_without_an_approved_vision(personas, client):
    make_vision(personas.org, by=personas.ellie, statement="Only a draft.")
    response = client.get(reverse("direction:public_vision", args=[personas.org.public_slug]))
    assert response.status_code == 404
    assert "Only a draft." not in response.content.decode()


def test_an_approved_version_cannot_be_changed_or_deleted_and_a_new_draft_copies_it(personas):
    p = personas
    plan = make_plan(p.org, by=p.ellie)
    programme = make_programme(p.org, by=p.ellie)
    approved = make_strategy(p.org, by=p.ellie, approve_by=p.bea, objectives=[("Reach everyone", [plan], [programme])])
    with pytest.raises(RuleBroken):
        actions.update_version(approved, {"title": "Changed"}, by=p.ellie)
    with pytest.raises(RuleBroken):
        actions.delete_draft(approved, by=p.ellie)
    objective = approved.objectives.get()
    with pytest.raises(RuleBroken):
        actions.update_objective(objective, {"title": "Changed"}, by=p.ellie)
    with pytest.raises(RuleBroken):
        actions.delete_plan(plan, by=p.ellie)  # an approved strategy serves it
    actions.link_programmes(objective, [], by=p.ellie)  # delivery tracking stays editable
    assert not objective.programmes.exists()
    draft = actions.start_strategy_draft(p.org, by=p.ellie)
    copy = draft.objectives.get()
    assert (copy.title, list(copy.plans.all())) == ("Reach everyone", [plan])
    with pytest.raises(RuleBroken):
        actions.start_strategy_draft(p.org, by=p.ellie)  # one draft at a time


def test_a_deleted_draft_is_audited_and_restored_with_its_objectives(personas):
    p = personas
    draft = make_strategy(p.org, by=p.ellie, objectives=[("One", [], []), ("Two", [], [])])
    event = actions.delete_draft(draft, by=p.ellie)
    assert not StrategyVersion.objects.filter(pk=draft.pk).exists()
    restore_deleted(event, by=p.ellie)
    assert StrategyVersion.objects.get(pk=draft.pk).objectives.count() == 2
    approval = make_vision(p.org, by=p.ellie, approve_by=p.bea)
    events = AuditEvent.objects.filter(model="direction.visionversion", object_id=str(approval.pk))
    assert set(events.values_list("action", flat=True)) == {
        "start_vision_draft",
        "update_vision_draft",
        "approve_vision",
    }


def test_objectives_link_only_the_organisations_own_plans_and_programmes(personas):
    p = personas
    theirs = make_plan(p.other_org, by=p.oscar)
    draft = make_strategy(p.org, by=p.ellie)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.add_objective(draft, by=p.ellie, title="X", plans=[theirs])
    with pytest.raises(ValidationError):
        actions.add_objective(draft, by=p.ellie, title="X", programmes=[make_programme(p.other_org, by=p.oscar)])


@pytest.mark.django_db(transaction=True)
def test_two_board_members_approving_at_once_one_wins(personas):
    if connection.vendor == "sqlite":
        pytest.skip("row locks need PostgreSQL; on SQLite the database itself serialises the writers")
    p = personas
    add_role(p.larry, p.org, Role.BOARD_MEMBER)
    draft = make_vision(p.org, by=p.ellie)
    results = []
    barrier = threading.Barrier(2)

    def approve(person):
        barrier.wait()
        try:
            actions.approve_version(VisionVersion.objects.get(pk=draft.pk), by=person)
            results.append("ok")
        except RuleBroken as exc:
            results.append(exc.reasons[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(person,)) for person in (p.bea, p.larry)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results)[-1] == "ok" and results.count("ok") == 1, results
    assert VisionVersion.objects.for_org(p.org).approved().count() == 1
