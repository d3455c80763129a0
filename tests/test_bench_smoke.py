"""bench/make_data.py at a tiny scale: it makes every shape the benchmarks rely on, within the
database's rules, and the same seed makes the same data."""

from datetime import date

import pytest
from django.db import transaction

from baton.core.models import AuditEvent, Membership, Organisation, User
from baton.cycle import stages
from baton.cycle.models import EngagementActivity, Handover, InsightItem, Programme, StageRun
from bench.make_data import generate

TODAY = date(2026, 6, 1)
pytestmark = pytest.mark.django_db


def quiet(message):
    pass


def fingerprint():
    """The data, without primary keys (which depend on what the database held before)."""
    return (
        list(Programme.objects.order_by("pk").values_list("name", "lead__username", "condition", "created_at")),
        list(
            StageRun.objects.order_by("pk").values_list(
                "programme__name", "stage", "status", "opened_on", "closed_on", "owner__username"
            )
        ),
        list(
            Handover.objects.order_by("pk").values_list(
                "from_run__stage", "to_stage", "status", "created_at", "summary"
            )
        ),
        list(EngagementActivity.objects.order_by("pk").values_list("title", "method", "start_date", "cost", "reach")),
        list(
            InsightItem.objects.order_by("pk").values_list("title", "status", "sentiment", "source", "stage_run__stage")
        ),
        sorted(Handover.carried_insight.through.objects.values_list("handover__summary", "insightitem__title")),
    )


def made_with(seed):
    with transaction.atomic():
        counts = generate(scale=0.001, seed=seed, today=TODAY, log=quiet)
        data = fingerprint()
        transaction.set_rollback(True)
    return counts, data


def test_tiny_scale_makes_every_kind_of_row_it_reports():
    counts = generate(scale=0.001, seed=7, today=TODAY, log=quiet)
    org = Organisation.objects.get(ods_code="QBN")

    assert counts["programmes"] == Programme.objects.count() == 5
    assert counts["handovers"] == Handover.objects.count() == 10
    assert counts["activities"] == EngagementActivity.objects.count() == 20
    assert counts["insight"] == InsightItem.objects.count() == 250
    assert counts["staff"] == User.objects.count() == Membership.objects.filter(organisation=org).count() == 12
    assert counts["runs"] == StageRun.objects.count()
    assert counts["carried"] == Handover.carried_insight.through.objects.count() > 0
    assert counts["audit"] == AuditEvent.objects.filter(organisation=org).count()
    # One run per stage visit: every hand-over leads to a run of its own, and each chain starts once.
    assert counts["runs"] >= counts["handovers"] + counts["programmes"]


def test_tiny_scale_has_the_shapes_the_pages_must_cope_with():
    generate(scale=0.001, seed=7, today=TODAY, log=quiet)
    org = Organisation.objects.get(ods_code="QBN")

    assert set(StageRun.objects.values_list("stage", flat=True)) == set(stages.KEYS)
    assert Handover.objects.overdue(org, now=_aware(TODAY)).exists()
    assert Handover.objects.filter(status=Handover.Status.ACCEPTED).exists()
    assert StageRun.objects.closed_without_handover().exists()
    assert InsightItem.objects.dropped().exists()
    assert StageRun.objects.filter(status=StageRun.Status.PLANNED).exists()
    for handover in Handover.objects.select_related("from_run", "to_run"):
        assert handover.to_stage == handover.to_run.stage
        assert handover.to_stage in stages.get(handover.from_run.stage).hands_to
        assert handover.to_run.programme_id == handover.from_run.programme_id
    assert User.objects.get(username="bench.ellie").check_password("baton-bench-2026")


def test_the_same_seed_makes_the_same_data():
    counts_a, data_a = made_with(seed=3)
    counts_b, data_b = made_with(seed=3)

    assert counts_a == counts_b
    assert data_a == data_b
    assert data_a[1]  # the comparison saw rows


def test_another_seed_makes_other_data():
    _, data_a = made_with(seed=3)
    _, data_b = made_with(seed=4)

    assert data_a != data_b


def _aware(day):
    from datetime import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, datetime.min.time()))
