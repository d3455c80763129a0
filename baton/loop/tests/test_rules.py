"""The loop's rules (DESIGN.md rule 4), each through the actions: the reason is needed unless
adopted; a response is recorded once; only a responded commitment is published; the insight is the
programme's; overdue commitments escalate in the digest; dropped batons appear and disappear; the
indicators."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.core.errors import RuleBroken, StaleEdit
from baton.core.models import AuditEvent
from baton.core.registry import financial_year_start
from baton.core.testing import make_user
from baton.hub.digest import digest_lines

from .. import actions
from ..indicators import completion, dropped_insight, median_days_to_response
from ..models import Commitment
from ..testing import make_commitment, make_overdue, publish, respond

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SINCE = financial_year_start(TODAY)


def test_not_adopted_or_partly_needs_the_reason_and_nothing_is_saved_without_it(setup):
    c = make_commitment(setup.programme, by=setup.p.ellie, insight_items=[setup.open_item])
    for response in ("not_adopted", "partly"):
        with pytest.raises(ValidationError) as exc:
            actions.respond(c, by=setup.p.ellie, response=response, reason="  ")
        assert "reason" in exc.value.message_dict
    c.refresh_from_db()
    assert c.response == "" and c.done_on is None
    actions.respond(c, by=setup.p.ellie, response="adopted")
    c.refresh_from_db()
    assert c.response == "adopted" and c.done_on == TODAY and c.responded_by == setup.p.ellie


def test_the_database_refuses_a_not_adopted_response_without_a_reason(setup):
    c = make_commitment(setup.programme, by=setup.p.ellie, insight_items=[setup.open_item])
    c.response, c.done_on = "not_adopted", TODAY
    with pytest.raises(ValidationError, match="Say why"):
        c.full_clean()


def test_a_response_is_recorded_once_and_a_stale_one_is_refused(setup):
    c = make_commitment(setup.programme, by=setup.p.ellie, insight_items=[setup.open_item])
    seen = c.version
    actions.update_commitment(c, {"will_do": "Changed meanwhile"}, by=setup.p.ellie)
    with pytest.raises(StaleEdit):  # the page was opened before the change
        actions.respond(c, by=setup.p.ellie, response="adopted", expected_version=seen)
    c.refresh_from_db()
    seen = c.version
    respond(c, by=setup.p.priya, response="not_adopted", reason="the lease is too dear.")
    with pytest.raises(RuleBroken, match="already recorded: not adopted, by Priya Patel"):
        actions.respond(c, by=setup.p.ellie, response="adopted", expected_version=seen)
    with pytest.raises(RuleBroken, match="already recorded"):
        actions.respond(c, by=setup.p.ellie, response="adopted")
    c.refresh_from_db()
    assert c.response == "not_adopted" and c.reason == "the lease is too dear."


def test_only_a_responded_commitment_is_published_and_every_change_is_audited(setup):
    c = make_commitment(setup.programme, by=setup.p.ellie, insight_items=[setup.open_item])
    with pytest.raises(RuleBroken, match="Record the response"):
        publish(c, by=setup.p.ellie)
    with pytest.raises(ValidationError):
        actions.publish(c, by=setup.p.ellie, public_said=" ", public_did="x")
    respond(c, by=setup.p.ellie)
    publish(c, by=setup.p.ellie)
    c.refresh_from_db()
    assert c.published and Commitment.objects.published().filter(pk=c.pk).exists()
    verbs = list(
        AuditEvent.objects.filter(model="loop.commitment", object_id=str(c.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert verbs == ["make_commitment", "respond_to_commitment", "publish_commitment"]
    event = actions.delete_commitment(c, by=setup.p.ellie)
    assert not Commitment.objects.filter(pk=c.pk).exists() and event.verb == AuditEvent.Verb.DELETE


def test_insight_of_another_programme_and_an_owner_from_elsewhere_are_refused(setup):
    p = setup.p
    with pytest.raises(ValidationError) as exc:
        make_commitment(setup.programme, by=p.ellie, insight_items=[setup.stroke_item])
    assert "insight_items" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        make_commitment(setup.programme, by=p.ellie, insight_items=[setup.open_item], owner=p.oscar)
    assert "owner" in exc.value.message_dict
    with pytest.raises(ValidationError):
        make_commitment(setup.programme, by=p.ellie, insight_items=[])
    assert not Commitment.objects.exists()


def test_an_overdue_commitment_escalates_to_its_owner_and_the_engagement_leads_in_the_digest(setup):
    p = setup.p
    second_lead = make_user(p.org, "engagement_lead", username="elena")
    c = make_commitment(setup.programme, by=p.ellie, insight_items=[setup.open_item], owner=p.priya, will_do="Bus stop")
    assert not any("Overdue commitment" in line for lines in digest_lines(p.org).values() for line in lines)
    make_overdue(c)
    lines = digest_lines(p.org)

    def told(user):
        return [line for line in lines.get(user.pk, []) if "Overdue commitment" in line and "Bus stop" in line]

    assert len(told(p.priya)) == 1 and len(told(p.ellie)) == 1 and len(told(second_lead)) == 1
    assert not told(p.bea) and not told(p.larry) and not told(p.oscar)
    respond(c, by=p.priya, response="adopted")
    assert not any("Bus stop" in line for found in digest_lines(p.org).values() for line in found)


def test_insight_resolved_without_a_commitment_is_a_dropped_baton_until_one_is_made(setup):
    p = setup.p
    assert list(dropped_insight(p.org, SINCE)) == [setup.answered]
    make_commitment(setup.programme, by=p.ellie, insight_items=[setup.answered])
    assert list(dropped_insight(p.org, SINCE)) == []
    # An item resolved before the period predates the rule: not dropped.
    from baton.cycle.models import InsightItem

    InsightItem.objects.filter(pk=setup.open_item.pk).update(
        status="closed", resolution="Out of scope.", resolved_at=timezone.now() - timedelta(days=800)
    )
    assert list(dropped_insight(p.org, SINCE)) == []
    assert list(dropped_insight(p.org, TODAY - timedelta(days=900))) == [setup.open_item]


def test_the_indicators(setup):
    p = setup.p
    assert completion(p.org, SINCE).percent == 0 and completion(p.org, SINCE).resolved == 1
    assert median_days_to_response(p.org, SINCE) is None
    c = make_commitment(setup.programme, by=p.ellie, insight_items=[setup.answered])
    respond(c, by=p.ellie, response="adopted")
    assert completion(p.org, SINCE).percent == 0  # responded, not yet published
    assert median_days_to_response(p.org, SINCE) == 0
    publish(c, by=p.ellie)
    assert completion(p.org, SINCE).percent == 100
    from baton.cycle.models import InsightItem

    InsightItem.objects.filter(pk=setup.answered.pk).update(created_at=timezone.now() - timedelta(days=10))
    other = make_commitment(setup.programme, by=p.ellie, insight_items=[setup.open_item])
    InsightItem.objects.filter(pk=setup.open_item.pk).update(created_at=timezone.now() - timedelta(days=4))
    respond(other, by=p.ellie, response="adopted")
    assert median_days_to_response(p.org, SINCE) == 7
    assert completion(p.other_org, SINCE).percent is None


def test_a_deleted_commitment_is_restored_with_its_insight(setup):
    from baton.core.audit import restore_deleted

    c = make_commitment(setup.programme, by=setup.p.ellie, insight_items=[setup.open_item, setup.answered])
    event = actions.delete_commitment(c, by=setup.p.ellie)
    assert list(dropped_insight(setup.p.org, SINCE)) == [setup.answered]
    restored = restore_deleted(event, by=setup.p.ellie)
    assert set(restored.insight_items.all()) == {setup.open_item, setup.answered}
    assert list(dropped_insight(setup.p.org, SINCE)) == []
