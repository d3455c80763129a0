"""Who may do what to a programme and its cycle (`cycle.permissions`), asked directly: the pages,
the API and the templates all ask these helpers, so each is pinned here person by person,
including the people it must refuse. (A record of another organisation is a 404 before any of
these is asked: see test_api_permissions.)"""

import pytest
from django.urls import reverse

from baton.core.models import Role
from baton.core.testing import make_user
from baton.cycle import permissions as may
from baton.cycle.testing import make_handover, make_programme, make_run

from .api_helpers import api  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(personas):
    """Priya leads the programme; Olive (a programme lead, not of this programme) owns its run,
    which has handed over to Priya; Pete is a programme lead with no part in it."""
    p = personas
    olive = make_user(p.org, Role.PROGRAMME_LEAD, username="olive", first_name="Olive", last_name="Owens")
    pete = make_user(p.org, Role.PROGRAMME_LEAD, username="pete", first_name="Pete", last_name="Pike")
    programme = make_programme(p.org, by=p.ellie, lead=p.priya)
    run = make_run(programme, owner=olive, by=p.ellie)
    handover = make_handover(run, by=olive, next_owner=p.priya)
    people = {**p.all(), "olive": olive, "pete": pete}
    del people["oscar"]  # another organisation's: refused with a 404 first
    return people, programme, run, handover


def _who(people, allowed) -> list[str]:
    return sorted(name for name, user in people.items() if allowed(user))


def test_who_may_start_edit_delete_and_publish_a_programme(cycle):
    people, programme, _run, _handover = cycle
    assert _who(people, may.can_create_programme) == ["adam", "ellie", "olive", "pete", "priya"]
    assert _who(people, lambda u: may.can_edit_programme(u, programme)) == ["adam", "ellie", "priya"]
    assert _who(people, lambda u: may.can_delete_programme(u, programme)) == ["adam", "ellie"]
    assert _who(people, lambda u: may.can_publish_programme(u, programme)) == ["adam", "ellie"]


def test_who_may_work_on_reopen_and_hand_over_a_run(cycle):
    people, _programme, run, handover = cycle
    assert _who(people, lambda u: may.can_work_on_run(u, run)) == ["adam", "ellie", "olive", "priya"]
    assert _who(people, lambda u: may.can_change_handover(u, handover)) == ["adam", "ellie", "olive", "priya"]
    assert _who(people, lambda u: may.can_reopen_run(u, run)) == ["adam", "ellie"]
    assert _who(people, lambda u: may.can_respond_to_handover(u, handover)) == ["priya"]


def test_a_lead_or_owner_whose_role_has_ended_may_no_longer_act_as_one(cycle):
    """Nora once was a programme lead; named lead, owner and next owner, she may still do none of it."""
    people, programme, run, handover = cycle
    nora = people["nora"]
    programme.lead_id = run.owner_id = handover.next_owner_id = nora.pk
    assert not may.can_edit_programme(nora, programme)
    assert not may.can_work_on_run(nora, run)
    assert not may.can_respond_to_handover(nora, handover)


def test_a_refusal_says_so_in_plain_words_on_the_page_and_in_the_api(cycle, signed_in, api):
    people, programme, _run, _handover = cycle
    page = signed_in(people["larry"]).get(reverse("cycle:programme_edit", args=[programme.pk]))
    assert page.status_code == 403 and "You do not have permission to do this." in page.content.decode()
    refused = api(people["pete"]).patch(f"/programmes/{programme.pk}", {"version": programme.version, "name": "Mine"})
    assert (refused.status_code, refused.json()) == (403, {"detail": "You do not have permission to do this."})


@pytest.mark.parametrize(
    "getter, record, paths",
    [
        ("get_programme_for_user", "programme", ["lead", "organisation"]),
        (
            "get_run_for_user",
            "run",
            ["programme.organisation", "programme.lead", "owner", "handover_out.next_owner"],
        ),
        ("get_activity_for_user", "activity", ["stage_run.programme.lead", "stage_run.owner"]),
        ("get_insight_for_user", "insight", ["stage_run.programme.lead", "stage_run.owner"]),
        (
            "get_handover_for_user",
            "handover",
            ["from_run.programme.organisation", "from_run.programme.lead", "next_owner", "responded_by"],
        ),
    ],
)
def test_each_getter_reads_what_its_pages_show_with_the_record_in_one_query(cycle, getter, record, paths):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from baton.cycle.testing import make_activity, make_insight

    people, programme, run, handover = cycle
    run.refresh_from_db()
    pk = {
        "programme": programme.pk,
        "run": run.pk,
        "activity": make_activity(run, by=people["ellie"]).pk,
        "insight": make_insight(run, by=people["ellie"]).pk,
        "handover": handover.pk,
    }[record]
    ellie = people["ellie"]
    getattr(may, getter)(ellie, pk)  # what the request remembers of Ellie, read once
    with CaptureQueriesContext(connection) as queries:
        found = getattr(may, getter)(ellie, pk)
        for path in paths:
            obj = found
            for name in path.split("."):
                obj = getattr(obj, name)
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]
