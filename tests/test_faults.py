"""Faults: a request that fails half-way leaves nothing half-saved, and two people editing the same
record cannot silently overwrite each other. Run on SQLite and PostgreSQL (scripts/test runs the
whole suite on both).

The database fails for real where it can: `connection.execute_wrapper` makes the Nth INSERT into a
table raise DatabaseError, as a lost connection, a full disk or a constraint would, at each step of
the action in turn."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import DatabaseError, connection
from django.test import Client
from django.urls import reverse

from baton.core.models import ApiToken, AuditEvent
from baton.cycle.models import Handover, Programme, StageRun
from baton.cycle.testing import make_handover, make_insight, make_programme, make_run


class FailInsert:
    """An execute wrapper: the nth INSERT into `table` raises DatabaseError instead of running."""

    def __init__(self, table: str, nth: int = 1):
        self.table, self.nth, self.seen = table, nth, 0

    def __call__(self, execute, sql, params, many, context):
        if re.match(rf'\s*INSERT (?:OR IGNORE )?INTO "?{self.table}"?[\s(]', sql, re.IGNORECASE):
            self.seen += 1
            if self.seen == self.nth:
                raise DatabaseError(f"injected failure: INSERT number {self.nth} into {self.table}")
        return execute(sql, params, many, context)


# Every write hand_over makes, in order: the planned next run, its audit event, the hand-over,
# the insight carried with it, the hand-over's audit event.
HAND_OVER_STEPS = [
    ("cycle_stagerun", 1),
    ("core_auditevent", 1),
    ("cycle_handover", 1),
    ("cycle_handover_carried_insight", 1),
    ("core_auditevent", 2),
]


@pytest.fixture
def needs_run(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    run = make_run(programme, "needs", owner=p.priya)
    insight = make_insight(run, by=p.priya, title="Carers cannot reach the clinic by bus")
    return run, insight


def _counts():
    return {
        "hand-overs": Handover.objects.count(),
        "stage runs": StageRun.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(("table", "nth"), HAND_OVER_STEPS)
def test_hand_over_page_failing_half_way_saves_nothing(
    table, nth, personas, needs_run, django_capture_on_commit_callbacks
):
    run, insight = needs_run
    before = _counts()
    client = _client(personas.priya)
    failure = FailInsert(table, nth)

    with django_capture_on_commit_callbacks(execute=True), connection.execute_wrapper(failure):
        response = client.post(
            reverse("cycle:handover_create", args=[run.pk]),
            {
                "to_stage": "plan",
                "next_owner": personas.ellie.pk,
                "summary": "Transport is the barrier.",
                "open_actions": "Ask the bus company.",
                f"insight_{insight.pk}": "carry",
            },
        )

    assert failure.seen >= nth, f"the action never reached INSERT {nth} into {table}"
    assert response.status_code == 500
    assert _counts() == before
    assert not StageRun.objects.filter(status=StageRun.Status.PLANNED).exists()
    assert mail.outbox == []


@pytest.mark.parametrize(("table", "nth"), HAND_OVER_STEPS)
def test_hand_over_through_the_api_failing_half_way_saves_nothing(
    table, nth, personas, needs_run, django_capture_on_commit_callbacks
):
    run, insight = needs_run
    _token, raw = ApiToken.issue(personas.priya, "test")
    before = _counts()
    failure = FailInsert(table, nth)

    with django_capture_on_commit_callbacks(execute=True), connection.execute_wrapper(failure):
        response = _client().post(
            f"/api/runs/{run.pk}/handover",
            {
                "next_owner_id": personas.ellie.pk,
                "summary": "Transport is the barrier.",
                "insight_ids": [insight.pk],
            },
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )

    assert failure.seen >= nth, f"the action never reached INSERT {nth} into {table}"
    assert response.status_code == 500
    assert _counts() == before
    assert mail.outbox == []


def test_hand_over_through_the_api_works_when_nothing_fails(personas, needs_run):
    """The control for the two tests above: the same request, no fault, does save."""
    run, insight = needs_run
    _token, raw = ApiToken.issue(personas.priya, "test")

    response = _client().post(
        f"/api/runs/{run.pk}/handover",
        {
            "next_owner_id": personas.ellie.pk,
            "summary": "Transport is the barrier.",
            "insight_ids": [insight.pk],
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 201, response.content
    assert Handover.objects.get().carried_insight.get() == insight


def test_programme_edit_failing_at_its_audit_event_keeps_the_old_programme(personas):
    programme = make_programme(personas.org, by=personas.ellie, name="Diabetes pathway")
    events = AuditEvent.objects.count()

    with connection.execute_wrapper(FailInsert("core_auditevent")):
        response = _client(personas.ellie).post(
            reverse("cycle:programme_edit", args=[programme.pk]),
            {
                "name": "Diabetes and obesity",
                "description": "",
                "lead": "",
                "condition": "",
                "budget_line": "",
                "public_summary": "",
                "version": programme.version,
            },
        )

    assert response.status_code == 500
    programme.refresh_from_db()
    assert (programme.name, programme.version) == ("Diabetes pathway", 1)
    assert AuditEvent.objects.count() == events


def test_close_stage_run_failing_at_its_audit_event_leaves_the_run_open(personas, needs_run):
    from baton.cycle.actions import accept_handover, hand_over

    run, _insight = needs_run
    handover = hand_over(run, to_stage="plan", next_owner=personas.ellie, summary="Done.", by=personas.priya)
    accept_handover(handover, by=personas.ellie)
    run.refresh_from_db()

    with connection.execute_wrapper(FailInsert("core_auditevent")):
        response = _client(personas.priya).post(reverse("cycle:run_close", args=[run.pk]), {"version": run.version})

    assert response.status_code == 500
    run.refresh_from_db()
    assert run.status == StageRun.Status.OPEN
    assert run.closed_on is None


@pytest.mark.parametrize("nth", [1, 2])
def test_accepting_a_hand_over_failing_half_way_leaves_it_waiting(nth, personas, needs_run):
    """accept_handover writes two audit events (the hand-over accepted, the next run opened); a
    failure at either leaves the hand-over pending and the next run planned."""
    from baton.cycle.actions import hand_over

    run, _insight = needs_run
    handover = hand_over(run, to_stage="plan", next_owner=personas.ellie, summary="Done.", by=personas.priya)
    before = _counts()
    failure = FailInsert("core_auditevent", nth)

    with connection.execute_wrapper(failure):
        response = _client(personas.ellie).post(
            reverse("cycle:handover_accept", args=[handover.pk]), {"version": handover.version}
        )

    assert failure.seen >= nth
    assert response.status_code == 500
    handover.refresh_from_db()
    assert handover.status == Handover.Status.PENDING
    assert handover.responded_by is None
    assert StageRun.objects.get(pk=handover.to_run_id).status == StageRun.Status.PLANNED
    assert _counts() == before


# Stale edits ---------------------------------------------------------------------------------------


def _edit_form_version(client, programme) -> str:
    html = client.get(reverse("cycle:programme_edit", args=[programme.pk])).content.decode()
    match = re.search(r'<input[^>]*name="version"[^>]*>', html)
    assert match, "the edit form carries no version"
    value = re.search(r'value="(\d+)"', match.group(0))
    assert value, "the version field has no value"
    return value.group(1)


def _programme_form(programme, version, **changes):
    data = {
        "name": programme.name,
        "description": programme.description,
        "lead": programme.lead_id or "",
        "condition": programme.condition,
        "budget_line": programme.budget_line,
        "public_summary": programme.public_summary,
        "version": version,
    }
    data.update(changes)
    return data


def test_second_of_two_people_editing_a_programme_is_told_and_the_first_change_stands(personas):
    programme = make_programme(personas.org, by=personas.ellie, name="Diabetes pathway", lead=personas.priya)
    ellie, priya = _client(personas.ellie), _client(personas.priya)
    ellies_version = _edit_form_version(ellie, programme)
    priyas_version = _edit_form_version(priya, programme)

    first = ellie.post(
        reverse("cycle:programme_edit", args=[programme.pk]),
        _programme_form(programme, ellies_version, condition="type 2 diabetes"),
    )
    second = priya.post(
        reverse("cycle:programme_edit", args=[programme.pk]),
        _programme_form(programme, priyas_version, condition="gestational diabetes"),
    )

    assert first.status_code == 302
    assert second.status_code == 409
    assert "Someone else changed this programme after you opened it" in second.content.decode()
    programme.refresh_from_db()
    assert programme.condition == "type 2 diabetes"
    assert programme.version == 2
    assert AuditEvent.objects.filter(action="update_programme").count() == 1


def test_stale_api_patch_is_refused_with_409_and_the_first_change_stands(personas):
    programme = make_programme(personas.org, by=personas.ellie, name="Diabetes pathway", lead=personas.priya)
    _t, ellies = ApiToken.issue(personas.ellie, "ellie")
    _t, priyas = ApiToken.issue(personas.priya, "priya")
    url = f"/api/programmes/{programme.pk}"
    client = _client()

    read_by_priya = client.get(url, headers={"Authorization": f"Bearer {priyas}"}).json()["version"]
    first = client.patch(
        url,
        {"version": programme.version, "condition": "type 2 diabetes"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {ellies}"},
    )
    second = client.patch(
        url,
        {"version": read_by_priya, "condition": "gestational diabetes"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {priyas}"},
    )

    assert first.status_code == 200, first.content
    assert second.status_code == 409
    assert second.json()["code"] == "stale_edit"
    programme.refresh_from_db()
    assert programme.condition == "type 2 diabetes"
    assert Programme.objects.get(pk=programme.pk).version == 2


# Real races (PostgreSQL) -----------------------------------------------------------------------------


def _race(*jobs, pause_in=None):
    """Run the jobs in threads at the same moment, each on its own database connection. pause_in
    (a dotted name) is wrapped to sleep briefly, so that both transactions are open at once.
    Returns what each job returned or raised."""
    import importlib
    import threading
    import time
    from unittest import mock

    from django.db import connections

    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:  # noqa: BLE001 - the outcome under test
            results[i] = exc
        finally:
            connections.close_all()

    patches = []
    if pause_in:
        module_name, attr = pause_in.rsplit(".", 1)
        real = getattr(importlib.import_module(module_name), attr)

        def slow(*args, **kwargs):
            time.sleep(0.3)
            return real(*args, **kwargs)

        patches.append(mock.patch(pause_in, slow))
    for p in patches:
        p.start()
    try:
        threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    finally:
        for p in patches:
            p.stop()
    return results


def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database cannot hold two writers at once; this race runs on PostgreSQL")


def test_two_people_saving_a_programme_at_the_same_moment_cannot_both_win(transactional_db):
    from baton.core.errors import StaleEdit
    from baton.core.testing import make_personas
    from baton.cycle.actions import update_programme

    _postgresql_only()
    p = make_personas()
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway")

    def save(user, condition):
        return lambda: update_programme(
            Programme.objects.get(pk=programme.pk), {"condition": condition}, by=user, expected_version=1
        )

    results = _race(
        save(p.ellie, "type 2 diabetes"), save(p.priya, "gestational diabetes"), pause_in="baton.core.audit.snapshot"
    )

    refused = [r for r in results if isinstance(r, StaleEdit)]
    saved = [r for r in results if isinstance(r, Programme)]
    assert len(saved) == 1 and len(refused) == 1, results
    programme.refresh_from_db()
    assert programme.condition == saved[0].condition
    assert programme.version == 2
    assert AuditEvent.objects.filter(action="update_programme").count() == 1


def test_a_change_locks_its_own_row_not_its_organisation_nor_its_programme_lead(transactional_db):
    """Every change re-reads its row under a lock; only that row is locked (FOR UPDATE OF), so
    changes to different records of one organisation never queue behind each other."""
    import time

    from django.db import DatabaseError, transaction

    from baton.core.models import Organisation, User
    from baton.core.testing import make_personas
    from baton.cycle.actions import update_programme

    _postgresql_only()
    p = make_personas()
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)

    def save():
        return update_programme(Programme.objects.get(pk=programme.pk), {"condition": "type 2"}, by=p.ellie)

    def lock_the_others():
        time.sleep(0.1)  # while the change holds its lock (its audit snapshot sleeps 0.3 s)
        try:
            with transaction.atomic():
                Organisation.objects.select_for_update(nowait=True).get(pk=p.org.pk)
                User.objects.select_for_update(nowait=True).get(pk=p.priya.pk)
            return "not locked"
        except DatabaseError as exc:
            return exc

    results = _race(save, lock_the_others, pause_in="baton.core.audit.snapshot")

    assert isinstance(results[0], Programme) and results[1] == "not locked", results


def test_two_hand_overs_of_one_stage_run_at_the_same_moment_make_one(transactional_db):
    from baton.core.errors import RuleBroken
    from baton.core.testing import make_personas
    from baton.cycle.actions import hand_over

    _postgresql_only()
    p = make_personas()
    run = make_run(make_programme(p.org, by=p.ellie, name="Diabetes pathway"), "needs", owner=p.priya)

    def hand(user):
        return lambda: hand_over(
            StageRun.objects.get(pk=run.pk), to_stage="plan", next_owner=p.ellie, summary="What we learned.", by=user
        )

    results = _race(hand(p.priya), hand(p.ellie), pause_in="baton.core.audit.snapshot")

    assert sum(isinstance(r, Handover) for r in results) == 1, results
    assert sum(isinstance(r, RuleBroken) for r in results) == 1, results
    assert Handover.objects.count() == 1
    assert StageRun.objects.filter(stage="plan").count() == 1


def test_accepting_and_querying_one_hand_over_at_the_same_moment_never_un_accepts_it(transactional_db):
    """Issue item 8: whichever comes first under the lock, the other sees it. A hand-over is never
    left queried with its next run open, and it is accepted at most once."""
    from baton.core.errors import RuleBroken
    from baton.core.testing import make_personas
    from baton.cycle.actions import accept_handover, query_handover

    _postgresql_only()
    p = make_personas()
    for attempt in range(3):
        run = make_run(make_programme(p.org, by=p.ellie, name=f"Race {attempt}"), "needs", owner=p.priya)
        handover = make_handover(run, by=p.priya, next_owner=p.ellie)

        results = _race(
            lambda pk=handover.pk: accept_handover(Handover.objects.get(pk=pk), by=p.ellie),
            lambda pk=handover.pk: query_handover(Handover.objects.get(pk=pk), note="Which groups?", by=p.ellie),
            pause_in="baton.core.audit.snapshot",
        )

        assert all(isinstance(r, Handover | RuleBroken) for r in results), results
        handover.refresh_from_db()
        next_run = StageRun.objects.get(pk=handover.to_run_id)
        accepted = handover.status == Handover.Status.ACCEPTED
        assert accepted == (next_run.status == StageRun.Status.OPEN), (handover.status, next_run.status)
        assert (
            AuditEvent.objects.filter(
                action="accept_handover", model="cycle.handover", object_id=str(handover.pk)
            ).count()
            <= 1
        )


def test_two_programmes_of_one_name_at_the_same_moment_make_one_and_say_why(transactional_db):
    """Issue item 9: the database's unique name wins the race; the loser gets the constraint's
    sentence, never an IntegrityError (a 500)."""
    from django.core.exceptions import ValidationError

    from baton.core.testing import make_personas
    from baton.cycle.actions import create_programme

    _postgresql_only()
    p = make_personas()

    results = _race(
        lambda: create_programme(p.org, by=p.ellie, name="Diabetes pathway"),
        lambda: create_programme(p.org, by=p.priya, name="Diabetes pathway"),
        pause_in="baton.core.audit.snapshot",
    )

    assert sum(isinstance(r, Programme) for r in results) == 1, results
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    assert "There is already a programme with this name" in " ".join(refused[0].messages)
    assert Programme.objects.filter(name="Diabetes pathway").count() == 1


def test_opening_one_stage_twice_at_the_same_moment_opens_it_once(transactional_db):
    from django.core.exceptions import ValidationError

    from baton.core.testing import make_personas
    from baton.cycle.actions import open_stage_run

    _postgresql_only()
    p = make_personas()
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway")

    results = _race(
        lambda: open_stage_run(Programme.objects.get(pk=programme.pk), "needs", owner=p.priya, by=p.ellie),
        lambda: open_stage_run(Programme.objects.get(pk=programme.pk), "needs", owner=p.priya, by=p.priya),
        pause_in="baton.core.audit.snapshot",
    )

    assert sum(isinstance(r, StageRun) for r in results) == 1, results
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    assert StageRun.objects.filter(programme=programme, stage="needs").count() == 1


def test_restoring_one_deletion_twice_at_the_same_moment_restores_it_once(transactional_db):
    from baton.core.audit import CannotRestore, restore_deleted
    from baton.core.testing import make_personas
    from baton.cycle.actions import delete_programme

    _postgresql_only()
    p = make_personas()
    event = delete_programme(make_programme(p.org, by=p.ellie, name="Diabetes pathway"), by=p.ellie)

    results = _race(
        lambda: restore_deleted(AuditEvent.objects.get(pk=event.pk), by=p.ellie),
        lambda: restore_deleted(AuditEvent.objects.get(pk=event.pk), by=p.adam),
        pause_in="baton.core.audit.snapshot",
    )

    assert sum(isinstance(r, Programme) for r in results) == 1, results
    refused = [r for r in results if isinstance(r, CannotRestore)]
    assert len(refused) == 1 and "already been undone" in str(refused[0]), results
    assert Programme.objects.filter(name="Diabetes pathway").count() == 1


def test_restoring_a_programme_whose_name_was_reused_says_why_and_restores_nothing(personas):
    """Issue item 9: this was always a 500. Through the page (409 with the reason) and the API."""
    from baton.cycle.actions import delete_programme

    p = personas
    event = delete_programme(make_programme(p.org, by=p.ellie, name="Diabetes pathway"), by=p.ellie)
    make_programme(p.org, by=p.ellie, name="Diabetes pathway")  # the name is taken again
    before = Programme.objects.count()

    page = _client(p.ellie).post(reverse("core:restore", args=[event.pk]))
    assert page.status_code == 409
    assert "There is already a programme with this name" in page.content.decode()
    _token, raw = ApiToken.issue(p.ellie, "test")
    api = _client().post(f"/api/audit/events/{event.pk}/restore", headers={"Authorization": f"Bearer {raw}"})
    assert api.status_code == 409 and "There is already a programme with this name" in api.json()["detail"][0]
    assert Programme.objects.count() == before
    event.refresh_from_db()
    assert event.restored_at is None
