"""The board pack's rules: the cover sheet's validation, generating once, issuing freezes a pack,
and a pack left generating by a stopped worker is said to have stopped."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.boardpack import actions
from baton.boardpack.models import STALE_AFTER, BoardPack, BoardPackContent
from baton.boardpack.testing import cover, make_pack
from baton.core.errors import RuleBroken, StaleEdit
from baton.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"period_start": date(2026, 6, 1), "period_end": date(2026, 5, 31)}, "period_end", "on or after its start"),
        ({"period_start": date(2023, 4, 1), "period_end": date(2026, 3, 31)}, "period_end", "at most two years"),
        (
            {"period_start": date(2026, 4, 1), "period_end": date(2026, 6, 30), "meeting_date": date(2026, 3, 1)},
            "meeting_date",
            "cannot be before the period",
        ),
        ({"title": ""}, "title", "blank"),
        ({"assurance_reason": ""}, "assurance_reason", "blank"),
        ({"purpose": "decoration"}, "purpose", "not a valid choice"),
        ({"assurance_level": "total"}, "assurance_level", "not a valid choice"),
        ({"title": "Line one\nline two"}, "title", "one line"),
    ],
)
def test_the_cover_sheet_is_checked_and_nothing_is_saved(personas, changes, field, words):
    with pytest.raises(ValidationError) as caught:
        actions.generate_pack(personas.org, by=personas.ellie, **cover(**changes))
    assert field in caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field]).lower()
    assert not BoardPack.objects.exists()


def test_a_period_starting_in_the_future_is_refused(personas):
    later = timezone.localdate() + timedelta(days=40)
    with pytest.raises(ValidationError) as caught:
        actions.generate_pack(personas.org, by=personas.ellie, **cover(period_start=later, period_end=later))
    assert "cannot start in the future" in caught.value.message_dict["period_start"][0]


def test_another_organisations_objective_is_refused(personas):
    from baton.direction.testing import make_strategy

    theirs = make_strategy(personas.other_org, by=personas.oscar, objectives=[("Hear everyone", [], [])])
    theirs = theirs.objectives.get()
    with pytest.raises(ValidationError) as caught:
        actions.generate_pack(personas.org, by=personas.ellie, objectives=[theirs], **cover())
    assert "objectives" in caught.value.message_dict
    assert not BoardPack.objects.exists()


def test_generating_runs_the_task_on_commit_and_keeps_html_pdf_and_xlsx(personas):
    pack = make_pack(personas.org, by=personas.ellie, title="Quarter two report")
    assert pack.status == BoardPack.Status.READY
    assert pack.progress == 100 and pack.generated_at is not None and pack.generated_by == personas.ellie
    content = BoardPackContent.objects.get(pack=pack)
    assert 'id="cover"' in content.html and "Quarter two report" not in content.html  # the h1 is the page's
    assert "Reasonable assurance" in content.html
    assert bytes(content.pdf).startswith(b"%PDF-")
    assert bytes(content.xlsx).startswith(b"PK")
    assert content.sheets[0] == "Cover sheet"
    assert AuditEvent.objects.filter(action="generate_board_pack").count() == 1


def test_a_pack_is_queued_only_once_committed(personas):
    with mock.patch("baton.boardpack.actions._enqueue") as enqueue:
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
            pack = actions.generate_pack(personas.org, by=personas.ellie, **cover())
        assert enqueue.call_count == 0
        for callback in callbacks:
            callback()
    enqueue.assert_called_once_with(pack.pk)
    assert BoardPack.objects.get(pk=pack.pk).status == BoardPack.Status.GENERATING


def test_asking_twice_to_generate_again_queues_one_task(personas):
    pack = make_pack(personas.org, by=personas.ellie)
    with mock.patch("baton.boardpack.actions._enqueue") as enqueue:
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            actions.regenerate(pack, by=personas.ellie)
        with pytest.raises(RuleBroken, match="already being generated"):
            with TestCase.captureOnCommitCallbacks(execute=True):
                actions.regenerate(pack, by=personas.adam)
    enqueue.assert_called_once_with(pack.pk)


def test_issuing_freezes_the_pack(personas):
    pack = make_pack(personas.org, by=personas.ellie)
    actions.issue(pack, by=personas.ellie)
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.ISSUED and pack.issued_by == personas.ellie and pack.issued_at
    with pytest.raises(RuleBroken, match="issued, so it cannot be generated again"):
        actions.regenerate(pack, by=personas.ellie)
    with pytest.raises(RuleBroken, match="issued, so it cannot be changed"):
        actions.change_cover(pack, {"title": "Another title"}, by=personas.ellie)
    with pytest.raises(RuleBroken, match="already been issued"):
        actions.issue(pack, by=personas.adam)
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.ISSUED and pack.issued_by == personas.ellie
    assert pack.title != "Another title"


def test_a_pack_still_generating_cannot_be_issued(personas):
    pack = make_pack(personas.org, by=personas.ellie, run=False)
    with pytest.raises(RuleBroken, match="Only a pack that has been generated"):
        actions.issue(pack, by=personas.ellie)


def test_issuing_from_a_stale_page_is_refused(personas):
    pack = make_pack(personas.org, by=personas.ellie)
    seen = pack.version
    actions.change_cover(pack, {"recommendation": "Note the report."}, by=personas.ellie, expected_version=seen)
    with pytest.raises(StaleEdit):
        actions.issue(pack, by=personas.adam, expected_version=seen)
    assert BoardPack.objects.get(pk=pack.pk).status == BoardPack.Status.READY


def test_the_cover_of_a_pack_not_issued_can_change(personas):
    pack = make_pack(personas.org, by=personas.ellie)
    actions.change_cover(pack, {"assurance_level": "limited"}, by=personas.ellie)
    assert BoardPack.objects.get(pk=pack.pk).assurance_level == "limited"
    with pytest.raises(ValidationError):
        actions.change_cover(pack, {"period_end": pack.period_start - timedelta(days=1)}, by=personas.ellie)


def test_a_pack_left_generating_by_a_stopped_worker_is_said_to_have_stopped(personas):
    pack = make_pack(personas.org, by=personas.ellie, run=False)
    actions.mark_stale(pack)
    assert pack.status == BoardPack.Status.GENERATING  # not yet
    BoardPack.objects.filter(pk=pack.pk).update(
        generation_started_at=timezone.now() - STALE_AFTER - timedelta(seconds=1)
    )
    pack.refresh_from_db()
    actions.mark_stale(pack)
    assert pack.status == BoardPack.Status.FAILED and "stopped" in pack.problem
    actions.regenerate(pack, by=personas.ellie)  # and it can be generated again
    assert BoardPack.objects.get(pk=pack.pk).status in (BoardPack.Status.GENERATING, BoardPack.Status.READY)


def test_a_generation_that_breaks_leaves_the_pack_failed_with_the_reason(personas):
    with mock.patch("baton.boardpack.generation.render_pdf", side_effect=RuntimeError("no pango")):
        pack = make_pack(personas.org, by=personas.ellie)
    assert pack.status == BoardPack.Status.FAILED
    assert "went wrong" in pack.problem
    assert not BoardPackContent.objects.filter(pack=pack).exists()


def _at_once(fn, people):
    """Run fn(person) in one thread each, all starting together; the refusals' first sentences."""
    import threading

    from django.db import connection

    results: list[str] = []
    barrier = threading.Barrier(len(people))

    def go(person):
        barrier.wait()
        try:
            fn(person)
            results.append("ok")
        except RuleBroken as exc:
            results.append(exc.reasons[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(person,)) for person in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_people_issuing_at_once_one_wins_and_the_other_is_refused(personas):
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("row locks need PostgreSQL; on SQLite the database itself serialises the writers")
    p = personas
    pack = make_pack(p.org, by=p.ellie)
    results = _at_once(lambda person: actions.issue(BoardPack.objects.get(pk=pack.pk), by=person), [p.ellie, p.adam])
    assert sorted(results) == ["This pack has already been issued.", "ok"], results
    assert AuditEvent.objects.filter(action="issue_board_pack").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_generating_again_at_once_queue_one_task(personas):
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("row locks need PostgreSQL; on SQLite the database itself serialises the writers")
    p = personas
    pack = make_pack(p.org, by=p.ellie)
    with mock.patch("baton.boardpack.actions._enqueue") as enqueue:
        results = _at_once(
            lambda person: actions.regenerate(BoardPack.objects.get(pk=pack.pk), by=person), [p.ellie, p.adam]
        )
    assert sorted(results) == ["This pack is already being generated. Wait for it to finish.", "ok"], results
    enqueue.assert_called_once_with(pack.pk)
