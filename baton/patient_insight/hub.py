"""This area's contributions to the rest of the house (core.registry), registered from the
AppConfig: its navigation entry and each person's work (a patient partner's comments to review and
reports returned to him; for those who accept reports, the reports waiting). The hub's data part
("data", "feedback") belongs to the insight app and the hub lets one area measure a part, so this
area adds my-work lists, not a hub measure."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from baton.core import registry

from .models import FieldReport, ReviewSample
from .permissions import can_accept, can_gather, uses_area

registry.nav_item("Patient insight", "patient_insight:index", order=57, prefix="/patient-insight/", visible=uses_area)

SHOWN = 5


@registry.my_work(order=72)
def patient_insight_work(ctx: registry.HubContext) -> list[registry.WorkList]:
    """A patient partner: his open samples with comments left to review, his reports returned.
    Those who accept reports: the reports waiting for review."""
    if ctx.user is None:
        return []
    user = ctx.user
    lists: list[registry.WorkList] = []
    samples = list(
        ReviewSample.objects.for_org(ctx.organisation)
        .filter(reviewer=user, status=ReviewSample.Status.OPEN)
        .annotate(done=Count("reviews", filter=Q(reviews__reviewed_at__isnull=False)))
        .order_by("created_at", "pk")
    )
    left = [(s, s.size - s.done) for s in samples if s.size > s.done]
    if left:
        total = sum(n for _, n in left)
        lists.append(
            registry.WorkList(
                "comments_to_review",
                "Comments to review",
                total,
                tuple(
                    registry.WorkItem(
                        s.title,
                        reverse("patient_insight:sample_detail", args=[s.pk]),
                        detail=f"{s.done} of {s.size} reviewed",
                    )
                    for s, _ in left[:SHOWN]
                ),
                reverse("patient_insight:sample_list") if len(left) > SHOWN else None,
                72,
            )
        )
    if can_gather(user):
        returned = list(
            FieldReport.objects.for_org(ctx.organisation)
            .filter(author=user, status=FieldReport.Status.RETURNED)
            .order_by("reviewed_at", "pk")[: SHOWN + 1]
        )
        if returned:
            lists.append(
                registry.WorkList(
                    "reports_returned",
                    "Reports returned to you",
                    len(returned),
                    tuple(
                        registry.WorkItem(
                            str(r), reverse("patient_insight:report_edit", args=[r.pk]), detail=r.return_note[:80]
                        )
                        for r in returned[:SHOWN]
                    ),
                    reverse("patient_insight:report_list") + "?show=returned" if len(returned) > SHOWN else None,
                    73,
                )
            )
    if can_accept(user):
        waiting = FieldReport.objects.for_org(ctx.organisation).waiting().select_related("author")
        n = waiting.count()
        if n:
            lists.append(
                registry.WorkList(
                    "reports_to_review",
                    "Reports from patient partners to review",
                    n,
                    tuple(
                        registry.WorkItem(
                            str(r),
                            reverse("patient_insight:report_detail", args=[r.pk]),
                            detail=f"From {r.author.get_full_name() or r.author.username}",
                            due=r.happened_on,
                        )
                        for r in waiting.order_by("submitted_at", "pk")[:SHOWN]
                    ),
                    reverse("patient_insight:report_list") + "?show=submitted" if n > SHOWN else None,
                    74,
                )
            )
    return lists
