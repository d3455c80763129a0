"""The demo shows every state of the direction, and the hub's measures of elements 1 and 2 say
what the data shows, in words."""

import pytest
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from baton.core import registry
from baton.core.demo import load_demo
from baton.core.models import Organisation

from .. import actions, hub
from ..models import StrategyVersion, VisionVersion, programmes_serving_no_objective, strategy_in_force
from ..testing import adopt, make_strategy, make_vision

pytestmark = pytest.mark.django_db


def _ctx(org, user=None):
    now = timezone.now()
    return registry.HubContext(organisation=org, user=user, today=timezone.localdate(), now=now)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_demo_has_a_published_vision_a_draft_and_coverage_gaps(client):
    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    visions = VisionVersion.objects.for_org(org)
    assert set(visions.values_list("status", flat=True)) == {"draft", "approved", "superseded"}
    assert org.principle_adoptions.count() >= 5
    strategy = strategy_in_force(org)
    assert strategy.objectives.unserved().exists()
    assert programmes_serving_no_objective(strategy).exists()
    assert StrategyVersion.objects.for_org(org).drafts().exists()
    assert client.get(reverse("direction:public_vision", args=[org.public_slug])).status_code == 200
    load_demo(password="demo-password-123")
    assert VisionVersion.objects.for_org(org).count() == 3


def test_the_hub_measures_say_what_is_missing_and_what_is_published(personas):
    p = personas
    ctx = _ctx(p.org)
    status = hub.vision_published(ctx)
    assert status.attention and status.headline == "No approved engagement vision: nothing is published."
    assert hub.purposes_stated(ctx).attention
    assert hub.strategy_objectives(ctx).headline == "No approved engagement strategy"

    vision = make_vision(p.org, by=p.ellie, approve_by=p.bea)
    adopt(p.org, 1, by=p.ellie)
    assert not hub.purposes_stated(_ctx(p.org)).attention
    # A version approved before Baton (imported) may lack parts: the measure says which.
    VisionVersion.objects.filter(pk=vision.pk).update(purpose_monitor="", social_benefits="")
    ctx = _ctx(p.org)
    status = hub.vision_published(ctx)
    assert status.headline.startswith("Engagement vision version 1 published, approved by Bea Brown")
    assert "1 of 10 principles of the 2022 statutory guidance adopted." in status.details
    purposes = hub.purposes_stated(ctx)
    assert purposes.headline == "Purposes of engagement stated for 4 of 5 stages; 2 of 3 kinds of benefit stated"
    assert purposes.attention

    from baton.cycle.testing import make_programme

    served, idle = make_programme(p.org, by=p.ellie), make_programme(p.org, by=p.ellie)
    strategy = make_strategy(p.org, by=p.ellie, objectives=[("A", [], [served]), ("B", [], [])], approve_by=p.bea)
    status = hub.strategy_objectives(_ctx(p.org))
    assert status.headline.startswith("Engagement strategy version 1: 2 objectives, review due")
    assert "1 objective has no programme delivering it." in status.details
    assert "1 programme serves no objective of the strategy." in status.details
    assert status.attention
    StrategyVersion.objects.filter(pk=strategy.pk).update(review_date=timezone.localdate().replace(year=2020))
    assert any("past its review date" in d for d in hub.strategy_objectives(_ctx(p.org)).details)
    objective = strategy.objectives.get(title="B")
    actions.link_programmes(objective, [idle], by=p.ellie)
    StrategyVersion.objects.filter(pk=strategy.pk).update(
        review_date=timezone.localdate().replace(year=timezone.localdate().year + 1)
    )
    assert not hub.strategy_objectives(_ctx(p.org)).attention


def test_board_members_see_drafts_waiting_for_their_approval(personas):
    p = personas
    make_vision(p.org, by=p.ellie)
    lists = hub.drafts_to_approve(_ctx(p.org, p.bea))
    assert lists and lists[0].items[0].text == "Vision version 1"
    assert hub.drafts_to_approve(_ctx(p.org, p.ellie)) == []
