"""The hub dashboard: the ten hub elements with statuses computed from data, every dropped baton
across the organisation, and what is waiting for the signed-in person."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baton.core.actions import delete_record
from baton.core.testing import make_activity, make_handover, make_insight, make_programme, make_run
from baton.cycle import hub
from baton.cycle.actions import accept_handover, close_stage_run
from baton.cycle.models import Handover

pytestmark = pytest.mark.django_db


def _closed_run(p, name, *, keep_handover=True, insight_titles=()):
    """A needs run closed through the actions; optionally its hand-over is deleted afterwards (as
    when a hand-over is removed by mistake), leaving a run closed without one."""
    programme = make_programme(p.org, by=p.ellie, name=name)
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    for title in insight_titles:
        make_insight(run, by=p.priya, title=title)
    handover = make_handover(run, by=p.priya, next_owner=p.ellie)
    accept_handover(handover, by=p.ellie)
    run.refresh_from_db()
    close_stage_run(run, by=p.priya)
    if not keep_handover:
        delete_record(Handover.objects.get(pk=handover.pk), by=p.ellie, action="delete_handover")
    return run


def test_the_ten_hub_elements_are_declared_in_order():
    assert [e.number for e in hub.ELEMENTS] == list(range(1, 11))
    assert [e.key for e in hub.ELEMENTS] == [
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


def test_elements_without_data_say_plainly_they_are_not_built(personas):
    statuses = dict((e.key, s) for e, s in hub.statuses(personas.org, today=date(2026, 11, 26)))
    for key in ["vision", "governance", "structures", "learning_staff", "learning_public"]:
        assert statuses[key].built is False and statuses[key].headline == "Not built yet in Baton", key
    for key in ["strategy", "roles", "data", "relationships", "resources"]:
        assert statuses[key].built is True, key


def test_data_and_insight_counts_this_financial_year_only(personas):
    p = personas
    run = make_run(make_programme(p.org, by=p.ellie), "needs", owner=p.priya, by=p.ellie)
    make_activity(run, by=p.priya, start_date=date(2026, 4, 1), cost=100)
    make_activity(run, by=p.priya, start_date=date(2026, 3, 31), cost=1000)  # last financial year
    make_insight(run, by=p.priya)
    make_activity(
        make_run(make_programme(p.other_org, by=p.oscar), "needs", owner=p.oscar),
        by=p.oscar,
        start_date=date(2026, 5, 1),
    )
    statuses = dict((e.key, s) for e, s in hub.statuses(p.org, today=date(2026, 11, 26)))
    assert statuses["data"].headline == "1 insight item and 1 engagement activity since 1 April 2026"
    assert statuses["resources"].headline == "£100.00 spent on 1 engagement activity since 1 April 2026"
    assert hub.financial_year_start(date(2027, 3, 31)) == date(2026, 4, 1)


def test_roles_flag_a_missing_engagement_lead(personas):
    from baton.core.models import Membership, Role

    Membership.objects.filter(organisation=personas.org, role=Role.ENGAGEMENT_LEAD).update(role=Role.PROGRAMME_LEAD)
    status = dict((e.key, s) for e, s in hub.statuses(personas.org))["roles"]
    assert status.attention and "there is no engagement lead" in " ".join(status.details)
    assert "2 programme leads" in status.headline


def test_hub_shows_every_dropped_baton_in_three_sections(personas, signed_in):
    p = personas
    late = make_handover(
        make_run(make_programme(p.org, by=p.ellie, name="Late programme"), "needs", owner=p.ellie),
        by=p.ellie,
        next_owner=p.priya,
    )
    Handover.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=31))
    make_handover(
        make_run(make_programme(p.org, by=p.ellie, name="Fresh programme"), "needs", owner=p.ellie),
        by=p.ellie,
        next_owner=p.priya,
    )
    _closed_run(p, "Baton dropped programme", keep_handover=False, insight_titles=["Nobody heard this"])
    _closed_run(p, "Tidy programme")
    html = signed_in(p.bea).get(reverse("cycle:hub")).content.decode()
    assert "Hand-overs not accepted within 30 days (1)" in html and "Late programme" in html
    assert "Stage runs closed without a hand-over (1)" in html and "Baton dropped programme" in html
    assert "Insight never carried forward, answered or closed (1)" in html and "Nobody heard this" in html
    assert "Fresh programme" not in html and "Tidy programme" not in html
    assert "3</span> dropped batons across the organisation" in html


def test_hub_shows_what_is_waiting_for_the_signed_in_person(personas, signed_in):
    p = personas
    make_handover(
        make_run(make_programme(p.org, by=p.ellie, name="For Priya"), "needs", owner=p.ellie),
        by=p.ellie,
        next_owner=p.priya,
    )
    assert "1</span> hand-over waiting for you" in signed_in(p.priya).get(reverse("cycle:hub")).content.decode()
    ellie = signed_in(p.ellie).get(reverse("cycle:hub")).content.decode()
    assert "No hand-overs are waiting for you." in ellie and "0</span> hand-overs waiting for you" in ellie


def test_hub_sections_paginate_with_their_own_page_parameter(personas, signed_in, settings):
    settings.BATON_PAGE_SIZE = 1
    p = personas
    for n in range(2):
        h = make_handover(
            make_run(make_programme(p.org, by=p.ellie, name=f"Overdue {n}"), "needs", owner=p.ellie),
            by=p.ellie,
            next_owner=p.priya,
        )
        Handover.objects.filter(pk=h.pk).update(created_at=timezone.now() - timedelta(days=40 - n))
    client = signed_in(p.priya)
    first = client.get(reverse("cycle:hub")).content.decode()
    assert "?overdue_page=2" in first and "?waiting_page=2" in first
    second = client.get(reverse("cycle:hub") + "?overdue_page=2").content.decode()
    waiting_part, dropped_part = second.split('id="dropped"')
    assert "Overdue 0" in waiting_part and "Overdue 1" not in waiting_part  # waiting stays on its page 1
    assert "Overdue 1" in dropped_part and "Overdue 0" not in dropped_part  # overdue moves to its page 2


def test_hub_shows_nothing_of_another_organisation(personas, signed_in):
    p = personas
    late = make_handover(
        make_run(make_programme(p.org, by=p.ellie, name="Ours"), "needs", owner=p.ellie), by=p.ellie, next_owner=p.ellie
    )
    Handover.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=31))
    html = signed_in(p.oscar).get(reverse("cycle:hub")).content.decode()
    assert "Ours" not in html and "Other Shire ICB" in html and "0</span> dropped batons" in html


def test_anonymous_visitor_is_sent_to_sign_in_from_the_hub(client, personas):
    assert reverse("core:login") in client.get(reverse("cycle:hub"))["Location"]
