"""The board pack's part of hub element 4: the latest pack issued, packs waiting, and attention
when none was issued for a quarter or the latest failed."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from baton.boardpack.hub import board_pack_status
from baton.boardpack.models import BoardPack
from baton.boardpack.testing import issue, make_pack
from baton.core import registry

pytestmark = pytest.mark.django_db


def _ctx(personas, now=None):
    now = now or timezone.now()
    return registry.HubContext(personas.org, personas.ellie, timezone.localdate(now), now)


def _pack(personas, **kw):
    return make_pack(personas.org, by=personas.ellie, period_start=date(2026, 4, 1), period_end=date(2026, 6, 30), **kw)


def test_no_pack_issued_needs_attention(personas):
    status = board_pack_status(_ctx(personas))
    assert status.headline == "No board pack issued yet" and status.attention


def test_the_latest_issued_pack_and_one_ready(personas, django_assert_max_num_queries):
    issue(_pack(personas), by=personas.ellie)
    _pack(personas)
    with django_assert_max_num_queries(2):
        status = board_pack_status(_ctx(personas))
    assert status.headline.startswith("Latest board pack issued on ")
    assert status.headline.endswith("for 1 April 2026 to 30 June 2026")
    assert status.details == ("A pack for 1 April 2026 to 30 June 2026 is ready to issue.",)
    assert not status.attention


def test_none_issued_for_100_days_needs_attention(personas):
    issue(_pack(personas), by=personas.ellie)
    assert not board_pack_status(_ctx(personas, timezone.now() + timedelta(days=99))).attention
    late = board_pack_status(_ctx(personas, timezone.now() + timedelta(days=101)))
    assert late.attention and late.details == ("None issued in the last 100 days.",)


def test_a_failed_latest_pack_needs_attention(personas):
    issue(_pack(personas), by=personas.ellie)
    failed = _pack(personas)
    BoardPack.objects.filter(pk=failed.pk).update(status=BoardPack.Status.FAILED, problem="the disk was full")
    status = board_pack_status(_ctx(personas))
    assert status.attention
    assert status.details == (
        "The latest pack, for 1 April 2026 to 30 June 2026, was not generated: the disk was full",
    )


def test_the_part_is_on_hub_element_4(personas):
    from baton.hub import elements

    governance = {s.element.key: s for s in elements.statuses(_ctx(personas))}["governance"]
    assert governance.built and "No board pack issued yet" in " ".join(governance.lines)
