"""Factories for board packs, made through the actions as a user would (the task runs at once in
tests: BATON_TASKS=immediate), and the board pack's share of the test world."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

_seq = itertools.count(1)


def cover(**overrides: Any) -> dict[str, Any]:
    """A complete cover sheet: the last full financial quarter, the meeting a month after it."""
    today = timezone.localdate()
    end = date(today.year, today.month, 1) - timedelta(days=1)
    fields: dict[str, Any] = {
        "title": f"Engagement report to the board {next(_seq)}",
        "period_start": date(end.year - (end.month <= 2), (end.month - 3) % 12 + 1, 1),
        "period_end": end,
        "meeting_date": today + timedelta(days=14),
        "purpose": "assurance",
        "executive_lead": "Director of Nursing",
        "report_author": "Head of Engagement",
        "assurance_level": "reasonable",
        "assurance_reason": "Most programmes engaged before decisions; two hand-overs were late.",
        "recommendation": "The board is asked to note the report and the assurance it gives.",
        "risks": "BAF risk 4: failure to involve people in decisions.",
    }
    fields.update(overrides)
    return fields


def make_pack(organisation, *, by, run: bool = True, objectives=(), **overrides: Any):
    """A pack, generated (the task run on commit) unless `run` is False (left generating)."""
    from .actions import generate_pack
    from .models import BoardPack

    if not run:
        from unittest import mock

        with mock.patch("baton.boardpack.actions._enqueue"):
            with transaction.atomic():
                made = generate_pack(organisation, by=by, objectives=objectives, **cover(**overrides))
        return made
    made = _run_on_commit(lambda: generate_pack(organisation, by=by, objectives=objectives, **cover(**overrides)))
    return BoardPack.objects.get(pk=made.pk)


def _run_on_commit(fn):
    """Run `fn` and then the callbacks it left for the commit (the task), as a committed request would."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn()


def issue(pack, *, by):
    from .actions import issue as issue_pack

    return issue_pack(pack, by=by)


@dataclass
class BoardPackWorld:
    packs: dict  # state -> BoardPack


def contribute(world) -> None:
    """A pack issued to the board (the one Bea reads), one ready to issue, and one in Oscar's
    organisation. An instance of every board pack route."""
    p = world.personas
    issued = issue(make_pack(p.org, by=p.ellie, title="Engagement report to the board, last quarter"), by=p.ellie)
    ready = make_pack(p.org, by=p.ellie, title="Engagement report to the board, draft")
    make_pack(p.other_org, by=p.oscar, title="Their board pack")
    world.of["boardpack"] = BoardPackWorld({"issued": issued, "ready": ready})
    for pack in (issued, ready):
        for name in ("detail", "pdf", "xlsx"):
            world.route(f"boardpack:{name}", pk=pack.pk)
    world.route("boardpack:issue", pk=ready.pk)
    world.route("boardpack:regenerate", pk=ready.pk)
