"""Query discipline: every governance list and page runs the same number of queries with a few
rows as with many (no query per row)."""

import pytest
from django.urls import reverse

from baton.core.testing import make_user, queries_for
from baton.cycle.testing import make_programme
from baton.governance import actions
from baton.governance.testing import (
    assure,
    make_board,
    make_case,
    make_decision,
    make_meeting,
    make_paper,
    ready_case,
    screen,
)

pytestmark = pytest.mark.django_db


def _more(p, programme, board, meeting, n):
    for k in range(n):
        case = make_case(programme, by=p.priya, title=f"Case {k}")
        screen(case, by=p.priya)
        assure(case, by=p.larry, outcome="conditions", conditions=["One.", "Two."])
        ready_case(programme, lead=p.priya, lay=p.larry, title=f"Ready {k}")
        paper = make_paper(meeting, by=p.ellie, business_case=case)
        make_decision(p.org, board, by=p.ellie, meeting=meeting, paper=paper, duty_applied=True, business_case=case)
        actions.add_member(board, person=make_user(p.org, None), role="Member", by=p.ellie)
        make_meeting(board, by=p.ellie, title=f"Meeting {k}")


def test_governance_lists_and_pages_do_not_grow_with_the_data(personas, signed_in):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    board = make_board(p.org, by=p.ellie, name="ICB Board")
    meeting = make_meeting(board, by=p.ellie)
    case = ready_case(programme, lead=p.priya, lay=p.larry)
    _more(p, programme, board, meeting, 1)
    for _ in range(2):
        assure(case, by=p.larry, outcome="conditions", conditions=["Publish easy read."])
    urls = [
        reverse("governance:index"),
        reverse("governance:index") + "?show=to_assure",
        reverse("governance:board_list"),
        reverse("governance:board_detail", args=[board.pk]),
        reverse("governance:meeting_detail", args=[meeting.pk]),
        reverse("governance:decision_list"),
        reverse("governance:case_detail", args=[case.pk]),
        reverse("hub:index"),
    ]
    client = signed_in(p.larry)
    few = [queries_for(client, url) for url in urls]
    _more(p, programme, board, meeting, 8)
    for _ in range(4):
        assure(case, by=p.larry, outcome="conditions", conditions=["Publish easy read.", "Meet again."])
    many = [queries_for(client, url) for url in urls]
    assert dict(zip(urls, few, strict=True)) == dict(zip(urls, many, strict=True))


def test_governance_api_lists_do_not_grow_with_the_data(personas, client):
    from baton.cycle.tests.api_helpers import Api

    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    board = make_board(p.org, by=p.ellie, name="ICB Board")
    meeting = make_meeting(board, by=p.ellie)
    api = Api(client, p.ellie)
    paths = ["/governance/cases", "/governance/boards", "/governance/decisions", "/governance/papers"]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(path):
        api.get(path)
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(path).status_code == 200
        return len(ctx.captured_queries)

    _more(p, programme, board, meeting, 1)
    few = [count(path) for path in paths]
    _more(p, programme, board, meeting, 6)
    assert [count(path) for path in paths] == few
