"""Every API list answers in the same number of queries with 3 rows as with 30 (a full page and
more): nothing is fetched per row."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from baton.cycle.actions import accept_handover, close_stage_run, update_programme
from baton.cycle.models import StageRun
from baton.cycle.testing import make_activity, make_handover, make_history, make_insight, make_programme, make_run

from .api_helpers import api  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def grow(p, n):
    """n more of everything a list can show, dropped batons included."""
    for _ in range(n):
        programme = make_programme(p.org, by=p.ellie, lead=p.priya)
        run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
        activity = make_activity(run, by=p.priya)
        make_insight(run, by=p.priya, activity=activity)
        make_insight(run, by=p.priya)
        with time_machine.travel(timezone.now() - timedelta(days=60)):
            make_handover(run, by=p.priya, next_owner=p.ellie)  # overdue, carrying both items
        done = make_run(programme, "monitor", owner=p.priya, by=p.ellie)
        make_insight(done, by=p.priya)  # dropped once the run closes without carrying it on
        StageRun.objects.filter(pk=done.pk).update(status=StageRun.Status.CLOSED)  # closed before hand-overs existed


LISTS = [
    "/programmes",
    "/runs",
    "/activities",
    "/insight",
    "/handovers",
    "/handovers?overdue=true&waiting_for_me=true",
    "/dropped-batons",
]


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def test_list_query_counts_do_not_grow_with_rows(api, personas):
    ellie = api(personas.ellie)
    grow(personas, 3)
    ellie.get("/programmes")  # first use of the token records when it was used
    few = {path: _count(ellie, path)[0] for path in LISTS}
    grow(personas, 27)
    many = {}
    for path in LISTS:
        many[path], body = _count(ellie, path)
        shown = len(body["items"]) if "items" in body else sum(len(part["items"]) for part in body.values())
        assert shown >= 25, f"{path}: the second count must cover a full page of rows"
    assert few == many


def test_journey_query_count_does_not_grow_with_its_steps(api, personas):
    p, ellie = personas, api(personas.ellie)
    programme = make_programme(p.org, by=p.ellie)
    run = make_run(programme, "needs", owner=p.ellie)
    make_insight(run, by=p.ellie)

    def step(run):
        handover = make_handover(run, by=p.ellie, next_owner=p.ellie, insight=run.insight_items.all())
        accept_handover(handover, by=p.ellie)
        close_stage_run(run, by=p.ellie)
        nxt = StageRun.objects.get(pk=handover.to_run_id)
        make_insight(nxt, by=p.ellie)
        return nxt

    run = step(run)
    ellie.get(f"/programmes/{programme.pk}/journey")
    few, _ = _count(ellie, f"/programmes/{programme.pk}/journey")
    make_history(programme, 200, owner=p.ellie)
    for _ in range(6):
        run = step(run)
    # The newest page and the oldest both hold hand-overs (a page without any skips the prefetch
    # of carried insight: one query fewer, because of its state, not its size).
    for page in (1, 9):
        many, body = _count(ellie, f"/programmes/{programme.pk}/journey?page={page}")
        assert body["count"] == 208 and any(step["handover"] for step in body["items"])
        assert few == many, f"page {page}"


def test_history_query_count_does_not_grow_with_events(api, personas):
    p, ellie = personas, api(personas.ellie)
    programme = make_programme(p.org, by=p.ellie)
    path = f"/audit/cycle.programme/{programme.pk}"
    ellie.get(path)
    few, _ = _count(ellie, path)
    for n in range(25):
        programme = update_programme(programme, {"description": f"Version {n}"}, by=p.priya if n % 2 else p.ellie)
    many, body = _count(ellie, path)
    assert body["count"] == 26
    assert few == many
