"""The hub app: the ten elements, each part measured by the area that registered it (or said
plainly not to be built yet), and the page that gathers every area's work lists and panels."""

import dataclasses
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from baton.core import registry
from baton.hub import elements
from baton.hub.views import hub_context

pytestmark = pytest.mark.django_db


def _ctx(personas, user=None, today=date(2026, 11, 26)):
    return registry.HubContext(personas.org, user or personas.ellie, today, timezone.now())


def test_the_ten_hub_elements_are_declared_in_order():
    assert [e.number for e in elements.ELEMENTS] == list(range(1, 11))
    assert [e.key for e in elements.ELEMENTS] == [
        "vision",
        "strategy",
        "roles",
        "governance",
        "data",
        "structures",
        "relationships",
        "resources",
        "learning_staff",
        "learning_public",
    ]


def test_every_registered_measure_names_a_declared_element_and_part():
    assert elements.unknown_measures() == []
    assert {m.app for m in registry.measures()} >= {"core", "cycle"}


def test_elements_no_area_measures_say_plainly_they_are_not_built(personas):
    statuses = {s.element.key: s for s in elements.statuses(_ctx(personas))}
    for key in [
        "vision",
        "strategy",
        "roles",
        "governance",
        "data",
        "relationships",
        "resources",
        "learning_staff",
        "learning_public",
    ]:
        assert statuses[key].built is True, key
    # A part no installed area measures is named, never guessed.
    assert statuses["data"].not_built == ()


def test_an_area_registering_a_measure_fills_its_part(personas, monkeypatch):
    monkeypatch.setattr(registry, "_measures", [m for m in registry.measures() if m.element != "vision"])
    registry.hub_measure("vision", "vision", app="test")(
        lambda ctx: registry.Status("Vision published", attention=True)
    )
    status = {s.element.key: s for s in elements.statuses(_ctx(personas))}["vision"]
    assert status.built and status.attention and status.headline == "Vision published"
    assert status.not_built == ("Purposes and benefits of engagement",)


def test_a_figure_two_contributions_share_is_computed_once(personas):
    ctx = _ctx(personas)
    calls = []
    assert ctx.once("x", lambda: calls.append(1) or 5) == 5
    assert ctx.once("x", lambda: calls.append(1) or 6) == 5
    assert calls == [1]


def test_the_financial_year_starts_on_1_april():
    assert registry.financial_year_start(date(2027, 3, 31)) == date(2026, 4, 1)
    assert registry.financial_year_start(date(2026, 4, 1)) == date(2026, 4, 1)


def test_the_hub_page_gathers_every_area(personas, signed_in):
    html = signed_in(personas.ellie).get(reverse("hub:index")).content.decode()
    assert "<h1>Engagement hub</h1>" in html
    assert 'id="my-work"' in html and 'id="dropped"' in html and 'id="elements"' in html
    assert "No learning is required of staff yet" in html
    assert "No approved engagement vision: nothing is published." in html


def test_the_hub_context_is_the_organisation_the_person_acts_for(personas, rf):
    request = rf.get("/")
    request.user = personas.oscar
    assert hub_context(request).organisation == personas.other_org


def test_someone_without_an_organisation_sees_nothing(signed_in, personas):
    from baton.core.testing import make_user

    assert signed_in(make_user(None, username="drifter")).get(reverse("hub:index")).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in_from_the_hub(client, personas):
    assert reverse("core:login") in client.get(reverse("hub:index"))["Location"]


def test_the_indicators_name_each_element_as_the_hub_declares_it():
    from baton.indicators.elements import ELEMENT_TITLES

    assert ELEMENT_TITLES == {e.key: e.title for e in elements.ELEMENTS}
    assert {i.element for i in registry.indicators()} <= set(elements.BY_KEY)


def test_the_indicators_part_counts_readings_and_names_those_short_of_their_target(personas, monkeypatch):
    from baton.indicators import hub as indicators_hub

    n = len(registry.indicators())
    status = indicators_hub.indicators_status(_ctx(personas))
    assert status.headline == f"{n} board indicators, 1 with a reading since 1 April 2026"  # overdue: a count
    assert not status.attention and status.details == ()

    found = registry.indicator_by_key("loop.overdue")  # lower is better: 0 against a target of 0 is met
    monkeypatch.setitem(registry._indicators, "loop.overdue", dataclasses.replace(found, target=0.0))
    assert not indicators_hub.indicators_status(_ctx(personas)).attention

    def some(organisation, period, programme=None):
        """Numerator: two."""
        return registry.Reading(2.0, "two")

    monkeypatch.setitem(registry._indicators, "loop.overdue", dataclasses.replace(found, target=1.0, compute=some))
    cache.clear()  # the hub keeps the year's readings for five minutes
    status = indicators_hub.indicators_status(_ctx(personas))
    assert status.attention and status.details == ("Short of the target this year: Overdue commitments.",)
    monkeypatch.setitem(registry._indicators, "loop.overdue", dataclasses.replace(found, target=2.0, compute=some))
    cache.clear()
    assert not indicators_hub.indicators_status(_ctx(personas)).attention  # on the target: met


def test_an_indicator_where_higher_is_better_is_short_below_its_target(personas, monkeypatch):
    from baton.indicators import hub as indicators_hub

    def seventy(organisation, period, programme=None):
        """Numerator: seventy."""
        return registry.Reading(70.0, "70%")

    found = registry.indicator_by_key("loop.completion")
    for target, short in ((80.0, True), (70.0, False), (60.0, False)):
        changed = dataclasses.replace(found, target=target, compute=seventy)
        monkeypatch.setitem(registry._indicators, "loop.completion", changed)
        assert indicators_hub.indicators_status(_ctx(personas)).attention is short, target
