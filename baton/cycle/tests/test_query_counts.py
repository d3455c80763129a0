"""Query discipline: every list and dashboard of the Cycle runs the same number of queries with a
few rows as with ten times as many (house style: no query per row, no query in a template)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from baton.core.actions import delete_record
from baton.cycle.actions import accept_handover, close_stage_run
from baton.cycle.models import Handover, StageRun
from baton.cycle.testing import make_activity, make_handover, make_history, make_insight, make_programme, make_run

pytestmark = pytest.mark.django_db


def _queries(client, url):
    client.get(url)  # warm any per-process caches, so only the page's own queries are counted
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _overdue(handover, days=45):
    Handover.objects.filter(pk=handover.pk).update(created_at=timezone.now() - timedelta(days=days))


def _go_round(p, programme, steps):
    """Takes the programme `steps` stages round the Cycle, each stage with an activity and insight
    carried forward, each hand-over accepted and the run closed. Returns the open run."""
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    for _ in range(steps):
        make_activity(run, by=p.priya)
        item = make_insight(run, by=p.priya)
        handover = make_handover(run, by=p.priya, next_owner=p.priya, insight=[item])
        accept_handover(handover, by=p.priya)
        run.refresh_from_db()
        close_stage_run(run, by=p.priya)
        run = StageRun.objects.get(pk=handover.to_run_id)
    return run


def _dropped_batons(p, n):
    """n of each kind of dropped baton, and n hand-overs waiting for Ellie (half of them overdue)."""
    for k in range(n):
        run = _go_round(p, make_programme(p.org, by=p.ellie, lead=p.priya), 1)
        make_activity(run, by=p.priya)
        waiting = make_handover(run, by=p.priya, next_owner=p.ellie, insight=[make_insight(run, by=p.priya)])
        if k % 2 == 0:
            _overdue(waiting)
        closed = make_run(make_programme(p.org, by=p.ellie), "needs", owner=p.priya, by=p.ellie)
        make_insight(closed, by=p.priya)  # never carried forward: dropped once the run closes
        handover = make_handover(closed, by=p.priya, next_owner=p.priya)
        accept_handover(handover, by=p.priya)
        closed.refresh_from_db()
        close_stage_run(closed, by=p.priya)
        delete_record(Handover.objects.get(pk=handover.pk), by=p.ellie, action="delete_handover")


ORGANISATION_WIDE = [
    reverse_lazy("hub:index"),
    reverse_lazy("cycle:programme_list"),
    reverse_lazy("cycle:handover_list"),
    f"{reverse_lazy('cycle:handover_list')}?show=waiting",
    f"{reverse_lazy('cycle:handover_list')}?show=overdue",
]


def test_hub_and_organisation_wide_lists_run_the_same_queries_with_ten_times_the_rows(personas, signed_in):
    client = signed_in(personas.ellie)
    _dropped_batons(personas, 2)
    few = {str(url): _queries(client, str(url)) for url in ORGANISATION_WIDE}
    _dropped_batons(personas, 18)
    many = {str(url): _queries(client, str(url)) for url in ORGANISATION_WIDE}
    assert few == many, f"queries with a few rows: {few}; with ten times as many: {many}"


def _work_for_ellie(p, n):
    """n of each kind of work the hub's "my work" lists for Ellie: hand-overs waiting for her to
    accept, queries on her hand-overs to answer, her hand-overs waiting for someone else, runs she
    can close now, and (all of those runs) her open runs."""
    from baton.cycle.actions import query_handover

    for _ in range(n):
        make_handover(
            make_run(make_programme(p.org, by=p.priya, lead=p.priya), owner=p.priya), by=p.priya, next_owner=p.ellie
        )
        queried = make_handover(
            make_run(make_programme(p.org, by=p.ellie), owner=p.ellie), by=p.ellie, next_owner=p.priya
        )
        query_handover(queried, note="Which groups did we not reach?", by=p.priya)
        make_handover(make_run(make_programme(p.org, by=p.ellie), owner=p.ellie), by=p.ellie, next_owner=p.priya)
        accepted = make_handover(
            make_run(make_programme(p.org, by=p.ellie), owner=p.ellie), by=p.ellie, next_owner=p.priya
        )
        accept_handover(accepted, by=p.priya)


def test_hub_my_work_runs_the_same_queries_with_every_list_full(personas, signed_in):
    """Each of the hub's "my work" lists costs a count and one fetch of its first few items, with
    their programme and people joined: one item in each list, or more than the hub shows."""
    p = personas
    client = signed_in(p.ellie)
    _work_for_ellie(p, 1)
    few = _queries(client, reverse("hub:index"))
    _work_for_ellie(p, 7)
    html = client.get(reverse("hub:index")).content.decode()
    many = _queries(client, reverse("hub:index"))
    assert few == many, f"{few} queries with one item in each list, {many} with eight"
    assert html.count("?show=") >= 3  # the lists longer than the hub shows link to the rest


def test_programme_page_runs_the_same_queries_however_long_its_history(personas, signed_in):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya)
    run = _go_round(p, programme, 2)
    _overdue(make_handover(run, by=p.priya, next_owner=p.ellie))
    client = signed_in(p.ellie)
    url = reverse("cycle:programme_detail", args=[programme.pk])
    few = _queries(client, url)
    other = make_programme(p.org, by=p.ellie, lead=p.priya)
    make_history(other, 300, owner=p.priya)
    _overdue(make_handover(_go_round(p, other, 20), by=p.priya, next_owner=p.ellie))
    url = reverse("cycle:programme_detail", args=[other.pk])
    many = {page: _queries(client, f"{url}?page={page}") for page in (1, 2, 13)}
    assert many == dict.fromkeys(many, few), f"{few} queries with 3 runs; with 321, by page: {many}"


def test_hub_counts_dropped_insight_once(personas, signed_in):
    p = personas
    _dropped_batons(p, 2)
    client = signed_in(p.ellie)
    client.get(reverse("hub:index"))
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("hub:index")).content.decode()
    counts = [
        q["sql"]
        for q in ctx.captured_queries
        if "COUNT(" in q["sql"].upper() and "cycle_handover_carried_insight" in q["sql"]
    ]
    assert len(counts) == 1, counts
    assert "Insight never carried forward, answered or closed (2)" in html
    assert "2 insight items were dropped" in html  # element 5 shows the same count


def test_run_page_runs_the_same_queries_with_ten_times_the_activities_and_insight(personas, signed_in):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya)
    run = _go_round(p, programme, 1)  # has a hand-over in
    activities = [make_activity(run, by=p.priya) for _ in range(3)]
    for _ in range(3):
        make_insight(run, by=p.priya, activity=activities[0])
    _overdue(make_handover(run, by=p.priya, next_owner=p.ellie))
    client = signed_in(p.ellie)
    url = reverse("cycle:run_detail", args=[run.pk])
    few = _queries(client, url)
    for _ in range(30):
        make_insight(run, by=p.priya, activity=make_activity(run, by=p.priya))
    many = _queries(client, url)
    assert few == many, f"{few} queries with 3 activities, {many} with 33"


def test_hand_over_page_runs_the_same_queries_with_ten_times_the_insight(personas, signed_in):
    p = personas
    programme = make_programme(p.org, by=p.ellie, lead=p.priya)
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    few_items = [make_insight(run, by=p.priya) for _ in range(3)]
    handover = make_handover(run, by=p.priya, next_owner=p.ellie, insight=few_items)
    client = signed_in(p.ellie)
    url = reverse("cycle:handover_detail", args=[handover.pk])
    few = _queries(client, url)
    other = make_run(make_programme(p.org, by=p.ellie), "needs", owner=p.priya, by=p.ellie)
    many_items = [make_insight(other, by=p.priya) for _ in range(30)]
    big = make_handover(other, by=p.priya, next_owner=p.ellie, insight=many_items)
    _overdue(big)
    many = _queries(client, reverse("cycle:handover_detail", args=[big.pk]))
    assert few == many, f"{few} queries with 3 carried items, {many} with 30"
