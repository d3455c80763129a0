"""The loop's share of the demo organisation: commitments made from the demo programmes' answered
and closed insight, one adopted and one not adopted ("we could not change this, because ..."),
both published on the public "you said, we did" pages; one overdue (it escalates in the digest and
shows in my work); one waiting; and a few answered or closed items left without a commitment, the
hub's dropped batons of the loop, for a first-time user to make a commitment from. Built through
the actions, as an engagement lead would. Run by `baton demo` after the cycle's share."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def load(organisation, users) -> None:
    """Build the demo commitments once (nothing if the organisation already has some)."""
    from baton.cycle.models import InsightItem

    from . import actions
    from .indicators import RESOLVED
    from .models import Commitment

    if Commitment.objects.for_org(organisation).exists():
        return
    ellie, priya = users["ellie"], users["priya"]
    today = timezone.localdate()
    insight = InsightItem.objects.for_org(organisation).select_related("stage_run__programme")
    resolved = list(
        insight.filter(status__in=RESOLVED, stage_run__programme__published_at__isnull=False).order_by(
            "created_at", "pk"
        )
    )
    if len(resolved) < 2:
        return

    first, second = resolved[0], resolved[1]
    adopted = actions.make_commitment(
        first.stage_run.programme,
        by=ellie,
        insight_items=[first],
        will_do="Add evening and weekend sessions, as people asked.",
        owner=priya,
        due_on=today + timedelta(days=20),
    )
    adopted = actions.respond(
        adopted,
        by=priya,
        response="adopted",
        what_we_did="Evening sessions started in two community venues.",
        done_on=today - timedelta(days=3),
    )
    actions.publish(
        adopted,
        by=ellie,
        public_said=f"You told us: {first.title.rstrip('.')}.",
        public_did="We added evening and weekend sessions in two community venues.",
    )
    declined = actions.make_commitment(
        second.stage_run.programme,
        by=ellie,
        insight_items=[second],
        will_do="Look at moving the service to the town centre.",
        owner=ellie,
        due_on=today + timedelta(days=10),
    )
    declined = actions.respond(
        declined,
        by=ellie,
        response="not_adopted",
        what_we_did="Costed a town-centre site with the estates team.",
        reason="the only town-centre building available is not step-free, and the lease would take the whole "
        "engagement budget; we will run a free shuttle bus instead.",
        done_on=today - timedelta(days=1),
    )
    actions.publish(
        declined,
        by=ellie,
        public_said=f"You told us: {second.title.rstrip('.')}.",
        public_did="We could not move the service, because the only town-centre building is not step-free. "
        "We will run a free shuttle bus instead.",
    )
    open_items = list(insight.filter(status=InsightItem.Status.OPEN).order_by("-created_at", "pk")[:2])
    if open_items:
        actions.make_commitment(
            open_items[0].stage_run.programme,
            by=ellie,
            insight_items=[open_items[0]],
            will_do="Send the easy read summary to everyone who took part.",
            owner=priya,
            due_on=today + timedelta(days=1),
        )
        overdue = Commitment.objects.for_org(organisation).order_by("-pk").first()
        assert overdue is not None  # made just above
        # Made a month ago and due a week ago: escalates to Priya and the engagement lead.
        Commitment.objects.filter(pk=overdue.pk).update(due_on=today - timedelta(days=7))
    if len(open_items) > 1:
        actions.make_commitment(
            open_items[1].stage_run.programme,
            by=ellie,
            insight_items=[open_items[1]],
            will_do="Ask the provider to publish waiting times by site.",
            owner=ellie,
            due_on=today + timedelta(days=30),
        )
