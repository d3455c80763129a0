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


@pytest.mark.parametrize(
    "getter, record, paths",
    [
        (
            "get_case_for_user",
            "case",
            ["programme.lead", "signed_off_by", "signed_off_meeting.board"],
        ),
        ("get_member_for_user", "member", ["board", "person"]),
        ("get_meeting_for_user", "meeting", ["board"]),
        ("get_paper_for_user", "paper", ["meeting.board", "business_case"]),
        ("get_condition_for_user", "condition", ["assurance.case.programme"]),
        ("get_decision_for_user", "decision", ["board", "meeting", "paper", "business_case", "consultation"]),
    ],
)
def test_each_getter_reads_what_its_pages_show_with_the_record_in_one_query(personas, getter, record, paths):
    """The getters join what the pages read of the record: dropping a join is a query more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from baton.governance import permissions as may
    from baton.governance.models import AssuranceCondition, BoardMember

    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    board = make_board(p.org, by=p.ellie, name="ICB Board")
    meeting = make_meeting(board, by=p.ellie)
    case = actions.sign_off(ready_case(programme, lead=p.priya, lay=p.larry), meeting=meeting, by=p.bea)
    conditional = make_case(programme, by=p.priya, title="With conditions")
    screen(conditional, by=p.priya)
    assure(conditional, by=p.larry, outcome="conditions", conditions=["Publish the report."])
    paper = make_paper(meeting, by=p.ellie, business_case=case)
    decision = make_decision(p.org, board, by=p.ellie, meeting=meeting, paper=paper, business_case=case)
    actions.add_member(board, person=p.bea, role="Chair", by=p.ellie)
    pk = {
        "case": case.pk,
        "member": BoardMember.objects.get(board=board, person=p.bea).pk,
        "meeting": meeting.pk,
        "paper": paper.pk,
        "condition": AssuranceCondition.objects.get(assurance__case=conditional).pk,
        "decision": decision.pk,
    }[record]
    may.get_board_for_user(p.ellie, board.pk)  # what the request remembers of Ellie, read once
    with CaptureQueriesContext(connection) as queries:
        found = getattr(may, getter)(p.ellie, pk)
        for path in paths:
            obj = found
            for name in path.split("."):
                obj = getattr(obj, name)
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]


def _selects_from(queries, table: str) -> list[str]:
    """Queries that read rows of `table` on their own (not an existence check, not a join)."""
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith(f'SELECT "{table}".')]


def test_adding_a_paper_and_closing_a_condition_read_the_parent_with_the_locked_row(personas):
    """The lock joins what the check reads (the meeting's board, the condition's assurance): no
    second query for it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from baton.governance.models import AssuranceCondition

    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    meeting = make_meeting(make_board(p.org, by=p.ellie, name="ICB Board"), by=p.ellie)
    case = make_case(programme, by=p.priya)
    screen(case, by=p.priya)
    assure(case, by=p.larry, outcome="conditions", conditions=["Publish the report."])
    condition = AssuranceCondition.objects.get(assurance__case=case)
    case = type(case).objects.select_related("programme").get(pk=case.pk)
    meeting = type(meeting).objects.get(pk=meeting.pk)
    with CaptureQueriesContext(connection) as queries:
        make_paper(meeting, by=p.ellie, business_case=case)
    assert not _selects_from(queries, "governance_board")
    condition = AssuranceCondition.objects.get(pk=condition.pk)
    with CaptureQueriesContext(connection) as queries:
        actions.close_condition(condition, evidence="Report published on the website.", by=p.larry)
    assert not _selects_from(queries, "governance_engagementassurance")
