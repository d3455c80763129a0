"""One definition of "overdue" (issue 9 item 5): a hand-over not accepted by its due date, which is
the organisation's limit in days after it was made. The page, the API, the digest, the hub and the
queryset all agree to the minute, and list dropped batons in the same order."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from baton.cycle.models import Handover
from baton.cycle.testing import make_handover, make_programme, make_run
from baton.hub.digest import digest_lines

from .api_helpers import api  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _handover(p, name, age):
    run = make_run(make_programme(p.org, by=p.ellie, name=name), "needs", owner=p.ellie)
    handover = make_handover(run, by=p.ellie, next_owner=p.priya)
    Handover.objects.filter(pk=handover.pk).update(created_at=timezone.now() - age)
    return Handover.objects.get(pk=handover.pk)


@pytest.mark.parametrize(
    ("age", "overdue"), [(timedelta(days=30, minutes=-1), False), (timedelta(days=30, minutes=1), True)]
)
def test_overdue_means_the_same_everywhere(personas, signed_in, api, age, overdue):
    p = personas
    handover = _handover(p, "Edge", age)
    with time_machine.travel(timezone.now(), tick=False):
        assert handover.is_overdue() is overdue
        assert Handover.objects.overdue(p.org).filter(pk=handover.pk).exists() is overdue
        assert api(p.ellie).get(f"/handovers/{handover.pk}").json()["overdue"] is overdue
        listed = [h["id"] for h in api(p.ellie).get("/dropped-batons").json()["overdue_handovers"]["items"]]
        assert (handover.pk in listed) is overdue
        page = signed_in(p.ellie).get(reverse("cycle:handover_detail", args=[handover.pk])).content.decode()
        assert ("This hand-over is overdue" in page) is overdue
        hub = signed_in(p.ellie).get(reverse("hub:index")).content.decode()
        assert f"Hand-overs not accepted within 30 days ({int(overdue)})" in hub
        digest = " ".join(digest_lines(p.org)[p.priya.pk])
        assert ("(OVERDUE)" in digest) is overdue


def test_the_page_and_the_api_list_dropped_batons_oldest_first(personas, signed_in, api):
    p = personas
    older = _handover(p, "Older", timedelta(days=50))
    newer = _handover(p, "Newer", timedelta(days=40))
    listed = [h["id"] for h in api(p.ellie).get("/dropped-batons").json()["overdue_handovers"]["items"]]
    assert listed == [older.pk, newer.pk]
    hub = signed_in(p.ellie).get(reverse("hub:index")).content.decode()
    assert hub.index("Older") < hub.index("Newer")


def test_the_limit_is_the_organisations(personas, api):
    p = personas
    handover = _handover(p, "Short limit", timedelta(days=8))
    assert not handover.is_overdue()
    p.org.handover_limit_days = 7
    p.org.save()
    handover = Handover.objects.get(pk=handover.pk)
    assert handover.is_overdue() and Handover.objects.overdue(p.org).filter(pk=handover.pk).exists()
