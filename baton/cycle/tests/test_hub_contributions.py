"""The cycle's contributions to the hub: its measures of the hub elements, every dropped baton
across the organisation, and what is waiting for the signed-in person in the Cycle."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baton.core import registry
from baton.core.actions import delete_record
from baton.cycle.actions import accept_handover, answer_query, close_stage_run, query_handover
from baton.cycle.models import Handover
from baton.cycle.testing import make_activity, make_handover, make_insight, make_programme, make_run
from baton.hub import elements

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


def _statuses(org, today=date(2026, 11, 26)):
    ctx = registry.HubContext(org, None, today, timezone.now())
    return {s.element.key: s for s in elements.statuses(ctx)}


def test_data_and_resources_count_this_financial_year_only(personas):
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
    statuses = _statuses(p.org)
    assert statuses["data"].headline == "1 insight item and 1 engagement activity since 1 April 2026"
    assert "£100.00 spent on 1 engagement activity since 1 April 2026" in statuses["resources"].lines


def test_roles_flag_a_missing_engagement_lead_and_count_a_person_in_each_role(personas):
    from baton.core.models import Role, RoleAssignment
    from baton.core.testing import add_role

    RoleAssignment.objects.filter(membership__organisation=personas.org, role=Role.ENGAGEMENT_LEAD).update(
        role=Role.PROGRAMME_LEAD
    )
    add_role(personas.larry, personas.org, Role.BOARD_MEMBER)  # a lay member who also sits on the board
    status = _statuses(personas.org)["roles"]
    assert status.attention and "Vacancy: there is no engagement lead to hold the hub." in status.lines
    assert "2 programme leads" in status.headline and "2 board members" in status.headline


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
    html = signed_in(p.bea).get(reverse("hub:index")).content.decode()
    assert "Hand-overs not accepted within 30 days (1)" in html and "Late programme" in html
    assert "Stage runs closed without a hand-over (1)" in html and "Baton dropped programme" in html
    assert "Insight never carried forward, answered or closed (1)" in html and "Nobody heard this" in html
    assert "Fresh programme" not in html and "Tidy programme" not in html
    assert "Dropped batons (3)" in html


def test_my_work_shows_each_side_what_it_must_do_next(personas, signed_in):
    p = personas
    run = make_run(make_programme(p.org, by=p.ellie, name="For Priya"), "needs", owner=p.ellie)
    handover = make_handover(run, by=p.ellie, next_owner=p.priya)
    priya = signed_in(p.priya).get(reverse("hub:index")).content.decode()
    assert "Hand-overs waiting for you to accept or query (1)" in priya and "For Priya: Needs to Plan" in priya
    ellie = signed_in(p.ellie).get(reverse("hub:index")).content.decode()
    assert "Hand-overs you sent that wait for acceptance (1)" in ellie and "Your open stage runs (1)" in ellie
    query_handover(handover, note="Which groups?", by=p.priya)
    ellie = signed_in(p.ellie).get(reverse("hub:index")).content.decode()
    assert "Queries you must answer (1)" in ellie and "queried by Priya Patel" in ellie
    priya = signed_in(p.priya).get(reverse("hub:index")).content.decode()
    assert "Nothing is waiting for you." in priya  # the query waits for Ellie now
    answer_query(handover, answer="Carers.", by=p.ellie)
    accept_handover(handover, by=p.priya)
    ellie = signed_in(p.ellie).get(reverse("hub:index")).content.decode()
    assert "Stage runs you can close now (their hand-over was accepted) (1)" in ellie


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
    first = client.get(reverse("hub:index")).content.decode()
    assert "?overdue_page=2" in first
    second = client.get(reverse("hub:index") + "?overdue_page=2").content.decode()
    waiting_part, dropped_part = second.split('id="dropped"')
    assert "Overdue 0" in waiting_part and "Overdue 1" in waiting_part  # my work lists its first few, unpaged
    assert "Overdue 1" in dropped_part and "Overdue 0" not in dropped_part  # overdue moves to its page 2


def test_hub_shows_nothing_of_another_organisation(personas, signed_in):
    p = personas
    late = make_handover(
        make_run(make_programme(p.org, by=p.ellie, name="Ours"), "needs", owner=p.ellie), by=p.ellie, next_owner=p.ellie
    )
    Handover.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=31))
    html = signed_in(p.oscar).get(reverse("hub:index")).content.decode()
    assert "Ours" not in html and "Other Shire ICB" in html and "Dropped batons (0)" in html


def test_anonymous_visitor_is_sent_to_sign_in_from_the_hub(client, personas):
    assert reverse("core:login") in client.get(reverse("hub:index"))["Location"]
