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
    from baton.cycle import actions as cycle_actions
    from baton.cycle.models import InsightItem, StageRun

    from . import actions
    from .models import Commitment

    if Commitment.objects.for_org(organisation).exists():
        return
    ellie, priya = users["ellie"], users["priya"]
    today = timezone.localdate()
    insight = InsightItem.objects.for_org(organisation).select_related("stage_run__programme")
    # What the current stages heard: the demo's teams answer some of it now, and close one.
    current = list(
        insight.filter(
            status=InsightItem.Status.OPEN,
            stage_run__status=StageRun.Status.OPEN,
            stage_run__programme__published_at__isnull=False,
        ).order_by("stage_run__programme__name", "pk")
    )
    if len(current) < 7:
        return
    answers = [
        ("answer", "Evening sessions agreed with the provider."),
        ("answer", "Looked at with the estates team."),
        ("answer", "Shared with the provider's patient experience lead."),
        ("answer", "Added to the service specification."),
        ("close", "Out of scope: a national decision."),
    ]
    resolved = []
    for item, (how, text) in zip(current[:5], answers, strict=True):
        status = InsightItem.Status.ANSWERED if how == "answer" else InsightItem.Status.CLOSED
        resolved.append(cycle_actions.resolve_insight(item, status=status, resolution=text, by=ellie))
    open_items = current[5:7]

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
