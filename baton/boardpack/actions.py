"""The one door for changes to board packs. Every action follows `core.actions`' contract: lock,
re-read, blockers, refuse, audited change; the background task is queued only once the change
is committed. Asking twice for the same pack to be generated queues one task: the second finds it
already generating (409)."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from baton.core.actions import change_record, create_record, locked, refuse
from baton.direction.models import Objective

from .models import BoardPack

log = logging.getLogger(__name__)

COVER_FIELDS = (
    "period_start",
    "period_end",
    "title",
    "meeting_date",
    "purpose",
    "executive_lead",
    "report_author",
    "assurance_level",
    "assurance_reason",
    "recommendation",
    "risks",
)


def _check_objectives(organisation_id: int, objectives) -> list[int]:
    ids = [o.pk for o in objectives]
    if ids and Objective.objects.for_org(organisation_id).filter(pk__in=ids).count() != len(set(ids)):
        raise ValidationError({"objectives": ["Choose your organisation's strategic objectives."]})
    return sorted(set(ids))


def _check_cover(pack: BoardPack) -> None:
    problems = pack.cover_problems()
    if problems:
        raise ValidationError(problems)


def generate_pack(organisation, *, by, objectives=(), **cover) -> BoardPack:
    """A new pack for the period with this cover sheet, queued for generating."""
    unknown = set(cover) - set(COVER_FIELDS)
    if unknown:
        raise TypeError(f"unknown cover fields: {sorted(unknown)}")
    pack = BoardPack(organisation=organisation, **cover)
    _check_cover(pack)
    ids = _check_objectives(organisation.pk, objectives)
    with transaction.atomic():
        pack.generation_started_at = timezone.now()
        pack.generated_by = by if getattr(by, "pk", None) else None
        made = create_record(pack, by=by, action="generate_board_pack", m2m={"objectives": ids})
        pk = made.pk
        transaction.on_commit(lambda: _enqueue(pk))
    return made


def change_cover(pack: BoardPack, changes: dict, *, by, expected_version: int | None = None) -> BoardPack:
    """Change the cover sheet of a pack not yet issued (generate it again to see the change in the
    pack's files)."""
    changes = dict(changes)
    if "objectives" in changes:
        changes["objectives"] = _check_objectives(pack.organisation_id, changes["objectives"])
    with locked(pack, expected_version=expected_version) as current:
        refuse(current.blockers_to_changing())
        for name, value in changes.items():
            if name != "objectives":
                setattr(current, name, value)
        _check_cover(current)
        return change_record(pack, changes, by=by, action="change_board_pack", expected_version=expected_version)


def regenerate(pack: BoardPack, *, by, expected_version: int | None = None) -> BoardPack:
    """Generate a pack not yet issued again, with today's figures. Refused while it is already
    being generated (so a double request queues one task) and once it is issued."""
    with locked(pack, expected_version=expected_version) as current:
        refuse(current.blockers_to_generating())
        change_record(
            current,
            {
                "status": BoardPack.Status.GENERATING,
                "progress": 0,
                "problem": "",
                "generation_started_at": timezone.now(),
                "generated_by": by if getattr(by, "pk", None) else None,
            },
            by=by,
            action="regenerate_board_pack",
        )
        pk = current.pk
        transaction.on_commit(lambda: _enqueue(pk))
    pack.refresh_from_db()
    return pack


def issue(pack: BoardPack, *, by, expected_version: int | None = None) -> BoardPack:
    """Issue a generated pack to the board: from now on it is frozen (never generated again or
    changed). Two people issuing at once: the second is refused (409)."""
    with locked(pack, expected_version=expected_version) as current:
        refuse(current.blockers_to_issuing())
        return change_record(
            pack,
            {
                "status": BoardPack.Status.ISSUED,
                "issued_at": timezone.now(),
                "issued_by": by if getattr(by, "pk", None) else None,
            },
            by=by,
            action="issue_board_pack",
        )


def mark_stale(pack: BoardPack) -> None:
    """A pack whose worker stopped: say so, so it can be generated again (used when a page finds it)."""
    if pack.is_stale():
        BoardPack.objects.filter(pk=pack.pk, status=BoardPack.Status.GENERATING).update(
            status=BoardPack.Status.FAILED, problem="Generating stopped before it finished. Generate it again."
        )
        pack.refresh_from_db()


def _enqueue(pk: int) -> None:
    from .tasks import generate

    try:
        generate.enqueue(pk)
    except Exception:  # the queue is down: the pack shows as generating, then stopped, to retry
        log.exception("Could not queue board pack %s", pk)
