"""The benchmarks at a tiny scale. bench/make_data.py makes every shape the benchmarks rely on,
within the database's rules, and the same seed makes the same data; bench/pages.py times every
route of all_routes() or says why not, so a new area's route the bench cannot reach fails here by
name."""

import json
from datetime import date

import pytest
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.urls import include, path

from baton.core.models import AuditEvent, Membership, Organisation, RoleAssignment, User
from baton.core.routes import all_routes
from baton.cycle import stages
from baton.cycle.models import EngagementActivity, Handover, HandoverMessage, InsightItem, Programme, StageRun
from bench import pages
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
    assert counts["role_assignments"] == RoleAssignment.objects.filter(membership__organisation=org).count()
    assert counts["handover_messages"] == HandoverMessage.objects.count() > 0
    # One run per stage visit: every hand-over leads to a run of its own, and each chain starts once.
    assert counts["runs"] >= counts["handovers"] + counts["programmes"]
    # An audit event for each record made, and for each change the new features record.
    made = counts["programmes"] + counts["runs"] + counts["handovers"] + counts["activities"] + counts["insight"]
    assert counts["audit"] == made + counts["handover_messages"] + AuditEvent.objects.filter(verb="update").count()


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


def test_tiny_scale_fills_the_baton_issues_models_and_fields():
    """Hand-over conversations (queried; queried and answered, so awaiting again), insight
    resolutions, published programmes, dated roles (some people with two), runs excused from
    handing over: each made, each consistent with what the actions would have made."""
    generate(scale=0.001, seed=7, today=TODAY, log=quiet)
    waiting_again = Handover.objects.filter(status=Handover.Status.PENDING, messages__kind="answer").distinct()
    assert waiting_again.exists()
    for handover in Handover.objects.filter(status=Handover.Status.QUERIED):
        thread = list(handover.messages.values_list("kind", flat=True))
        assert thread and thread[-1] == "query" and thread[0] == "query"
        assert handover.responded_by_id == handover.next_owner_id
    for message in HandoverMessage.objects.select_related("handover", "handover__to_run"):
        party = message.handover.next_owner_id if message.kind == "query" else message.handover.created_by_id
        assert message.author_id == party
        assert message.created_at >= message.handover.created_at
    assert not InsightItem.objects.exclude(status="open").filter(resolution="").exists()
    assert not InsightItem.objects.exclude(status="open").filter(resolved_at__isnull=True).exists()
    assert (
        InsightItem.objects.filter(status="answered").exists() and InsightItem.objects.filter(status="closed").exists()
    )
    published = Programme.objects.published()
    assert published.exists() and not published.filter(published_summary="").exists()
    assert published.filter(published_by__isnull=False).count() == published.count()
    assert any(p.has_unpublished_changes for p in published)
    assert Programme.objects.filter(published_at__isnull=True).exclude(public_summary="").exists()  # a draft
    two = Membership.objects.annotate(n=Count("role_assignments")).filter(n__gte=2)
    assert any(len(m.current_roles(TODAY)) == 2 for m in two.prefetch_related("role_assignments"))
    assert RoleAssignment.objects.filter(ends_on__lt=TODAY).exists()  # a role held before
    excused = StageRun.objects.filter(status="closed", handover_out__isnull=True).exclude(no_handover_reason="")
    assert excused.exists()
    assert StageRun.objects.closed_without_handover().exists()  # and a dropped baton still
    assert not excused.filter(pk__in=StageRun.objects.closed_without_handover()).exists()


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


# bench/pages.py -----------------------------------------------------------------------------------


def test_the_page_bench_times_every_route_or_says_why_not(capsys, tmp_path):
    """Every route of all_routes() is timed, or untimed for a reason (POST only, an API write, the
    admin...), and none is unreached; the API's record history is timed with a real record."""
    generate(scale=0.001, seed=7, today=TODAY, log=quiet)
    markdown = tmp_path / "pages.md"

    code = pages.main(["--repeat", "1", "--warm", "0", "--markdown", str(markdown)])

    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    summary = rows[-1]
    assert summary["unreached"] == {}, f"routes the page bench cannot reach: {summary['unreached']}"
    assert code == 0
    timed = {row["route"]: row for row in rows[:-1]}
    untimed = {name for names in summary["untimed"].values() for name in names}
    assert timed.keys() | untimed == {pages.key_of(route) for route in all_routes()}
    assert not timed.keys() & untimed
    assert all(row["status"] == 200 for row in timed.values())
    for name in ("core:restore", "core:token_revoke", "core:logout", "cycle:handover_accept"):
        assert name in summary["untimed"][pages.POST_ONLY]
    history = timed["api:record_history"]["path"].split("/")  # /api/audit/<model>/<object_id>
    assert AuditEvent.objects.filter(model=history[3], object_id=history[4]).exists()
    assert "hub:index" in timed and "public:programme" in timed and "api:list_insight" in timed
    assert "api:record_history" in markdown.read_text()


def _no_instance(request, pk):
    raise Http404


urlpatterns = [
    path("", include("baton.urls")),
    path("probe/", include(([path("things/<int:pk>/", _no_instance, name="thing")], "probe"))),
]


def test_a_route_the_page_bench_cannot_reach_is_named(settings, monkeypatch):
    """A new area's route that no link leads to and no record answers is unreached, by name."""
    settings.ROOT_URLCONF = __name__
    monkeypatch.setattr(pages, "CRAWL_STALE", 30)  # the crawl gives up on the probe sooner
    generate(scale=0.001, seed=7, today=TODAY, log=quiet)

    plan = pages.discover(["bench.ellie", "bench.adam", "bench.pat"])  # pages.py's own default people

    assert set(plan.unreached) == {"probe:thing"}
    assert "404" in plan.unreached["probe:thing"]
