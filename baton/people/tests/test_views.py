"""The people register's pages: who sees them, the forms that keep them, refusals in words,
another organisation, and query counts that do not grow with the data."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from baton.core.models import AuditEvent
from baton.core.registry import page_sections
from baton.core.testing import build_world, queries_for

from ..models import Attendance, ConsentEvent, EqualityRecord, Participation, Person, Purpose
from ..testing import give_consent, make_equality, make_participation, make_person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_every_people_page_of_the_world_opens_for_the_engagement_lead(client):
    world = build_world()
    client.force_login(world.personas.ellie)
    for name, instances in world.routes.items():
        if not name.startswith("people:"):
            continue
        for kwargs in instances:
            response = client.get(reverse(name, kwargs=kwargs))
            assert response.status_code == 200, (name, kwargs, response.status_code)
    for name in ("people:person_list", "people:person_create", "people:me", "people:equality"):
        assert client.get(reverse(name)).status_code == 200, name


def test_staff_add_a_person_with_needs_and_the_register_finds_them(setup, signed_in):
    p = setup.p
    client = signed_in(p.priya)
    data = {
        "name": "Bogdan",
        "kind": "patient",
        "postcode": "ls11ab",
        "needs": ["easy_read", "hearing_loop"],
        "language": "Polish",
        "submission": "k1",
    }
    response = client.post(reverse("people:person_create"), data)
    assert response.status_code == 302
    person = Person.objects.get(name="Bogdan")
    assert (person.easy_read, person.hearing_loop, person.bsl, person.postcode) == (True, True, False, "LS1 1AB")
    assert client.post(reverse("people:person_create"), data).status_code == 302  # sent twice: one person
    assert Person.objects.filter(name="Bogdan").count() == 1
    page = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert "Easy read" in page and "Hearing loop" in page and "Language: Polish" in page
    found = client.get(reverse("people:person_list") + "?q=bog&need=language").content.decode()
    assert "Bogdan" in found and "Amira K" not in found
    none = client.get(reverse("people:person_list") + "?need=bsl").content.decode()
    assert "Nobody matches this search" in none
    empty = client.post(reverse("people:person_create"), {"kind": "public"}).content.decode()
    assert "Enter a name or an alias" in empty


def test_consent_is_recorded_as_history_and_filters_the_register(setup, signed_in):
    p = setup.p
    client = signed_in(p.ellie)
    url = reverse("people:consent_add", args=[setup.person.pk])
    given = {"purpose": "future_opportunities", "given": "yes", "how": "paper", "submission": "a"}
    assert client.post(url, given).status_code == 302
    assert "Amira K" in client.get(reverse("people:person_list") + "?consent=future_opportunities").content.decode()
    withdrawn = {"purpose": "future_opportunities", "given": "no", "how": "email", "submission": "b"}
    assert client.post(url, withdrawn).status_code == 302
    assert ConsentEvent.objects.filter(person=setup.person).count() == 2
    listed = client.get(reverse("people:person_list") + "?consent=future_opportunities").content.decode()
    assert "Nobody matches this search" in listed
    page = client.get(reverse("people:person_detail", args=[setup.person.pk])).content.decode()
    assert "History of consent, latest first (2)" in page and "Withdrawn or refused" in page


def test_equality_needs_consent_and_the_form_never_shows_the_answers(setup, signed_in):
    p = setup.p
    client = signed_in(p.ellie)
    url = reverse("people:equality_record", args=[setup.person.pk])
    asked = client.get(url).content.decode()
    assert "they have not given consent for equality monitoring" in asked and 'name="sex"' not in asked
    refused = client.post(url, {"sex": "2"})
    assert refused.status_code == 409
    assert (
        "Equality monitoring cannot be recorded for Amira K: they have not given consent for equality "
        "monitoring. Record their consent first."
    ) in refused.content.decode()
    assert not EqualityRecord.objects.exists()
    give_consent(setup.person, Purpose.EQUALITY_MONITORING, by=p.ellie)
    assert client.post(url, {"sex": "2", "ethnic_category": "M"}).status_code == 302
    form = client.get(url).content.decode()
    assert 'value="M" selected' not in form and "answers are already recorded" in form
    page = client.get(reverse("people:person_detail", args=[setup.person.pk])).content.decode()
    assert "Black or Black British - Caribbean" not in page and "Female" not in page
    bad = client.post(url, {"sex": "Q"})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()


def test_participation_is_recorded_ended_and_moves_last_active_on(setup, signed_in):
    p = setup.p
    client = signed_in(p.priya)
    url = reverse("people:participation_create", args=[setup.person.pk])
    data = {
        "activity": setup.activity.pk,
        "role": "Participant",
        "role_level": "1",
        "hours": "2.5",
        **_date("starts_on", TODAY - timedelta(days=3)),
        "submission": "x",
    }
    assert client.post(url, data).status_code == 302
    participation = Participation.objects.get(person=setup.person)
    setup.person.refresh_from_db()
    assert setup.person.last_active_on == TODAY
    both = client.post(url, {**data, "structure": setup.structure.pk, "submission": "y"}).content.decode()
    assert "Choose either an activity or a structure" in both
    end = client.post(reverse("people:participation_end", args=[participation.pk]), {"version": 1})
    assert end.status_code == 302
    participation.refresh_from_db()
    assert participation.ends_on == TODAY
    again = client.post(reverse("people:participation_end", args=[participation.pk]), {"version": 2})
    assert again.status_code == 409
    assert f"This participation already ended on {TODAY.day} {TODAY:%B %Y}." in again.content.decode()


def test_members_and_attendance_on_the_structure_page_and_the_people_pages(setup, signed_in):
    p = setup.p
    client = signed_in(p.ellie)
    add = reverse("people:member_add", args=[setup.structure.pk])
    assert "Amira K" in client.get(add + "?q=ami").content.decode()
    data = {
        "person": setup.person.pk,
        "role": "Chair",
        "role_level": "4",
        **_date("starts_on", TODAY),
        "submission": "m",
    }
    assert client.post(add, data).status_code == 302
    ended = make_person(p.org, by=p.ellie, name="Former member")
    make_participation(
        ended,
        by=p.ellie,
        structure=setup.structure,
        starts_on=TODAY - timedelta(days=400),
        ends_on=TODAY - timedelta(days=3),
    )
    members = client.get(reverse("people:structure_members", args=[setup.structure.pk])).content.decode()
    assert "Current members (1)" in members and "Ended terms, latest first (1)" in members
    attendance_url = reverse("people:attendance", args=[setup.meeting.pk])
    assert "Amira K" in client.get(attendance_url).content.decode()  # a member on the day is offered
    sent = client.post(attendance_url, {"person": setup.person.pk, "status": "attended", "hours": "2"})
    assert sent.status_code == 302
    client.post(attendance_url, {"person": setup.person.pk, "status": "apologies"})
    only = Attendance.objects.get()
    assert only.status == "apologies" and only.hours == Decimal(0)  # recorded again: changed, not doubled

    request = client.get(reverse("people:person_list")).wsgi_request
    templates = [t for t, _ in page_sections(request, setup.structure) if t.startswith("people/")]
    assert templates == [
        "people/_structure_members.jinja",
        "people/_structure_attendance.jinja",
        "people/_structure_diversity.jinja",
    ]
    from django.template.loader import render_to_string

    html = "".join(render_to_string(t, c, request=request) for t, c in page_sections(request, setup.structure))
    assert "Chair" in html and "Former member" in html and "Membership diversity" in html
    assert "Fewer than 5 of the 1 person in this group have equality monitoring recorded" in html
    meeting_html = "".join(render_to_string(t, c, request=request) for t, c in page_sections(request, setup.meeting))
    assert "Sent apologies" in meeting_html


def test_the_diversity_section_is_only_for_those_who_may_see_equality_and_each_view_is_audited(setup, rf):
    p = setup.p
    request = rf.get("/")
    request.user = p.priya
    assert [t for t, _ in page_sections(request, setup.structure) if t.startswith("people/")] == [
        "people/_structure_members.jinja",
        "people/_structure_attendance.jinja",
    ]
    request.user = p.bea
    assert [t for t, _ in page_sections(request, setup.structure) if t.startswith("people/")] == []
    request.user = p.ellie
    before = AuditEvent.objects.filter(action="view_equality_aggregates").count()
    page_sections(request, setup.structure)
    event = AuditEvent.objects.filter(action="view_equality_aggregates").latest("pk")
    assert AuditEvent.objects.filter(action="view_equality_aggregates").count() == before + 1
    assert (event.actor, event.model, event.object_id) == (p.ellie, "structures.structure", str(setup.structure.pk))


def test_pat_sees_his_own_record_and_nobody_else(setup, signed_in):
    p = setup.p
    own = make_person(p.org, by=p.ellie, name="Pat Price", account=p.pat)
    make_participation(own, by=p.ellie, structure=setup.structure, role="Member")
    client = signed_in(p.pat)
    me = client.get(reverse("people:me")).content.decode()
    assert "My involvement" in me and "Riverside voices panel" in me and "Amira K" not in me
    assert client.get(reverse("people:person_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("people:person_detail", args=[setup.person.pk])).status_code == 404
    assert client.get(reverse("people:person_list")).status_code == 403
    assert client.get(reverse("people:person_edit", args=[own.pk])).status_code == 403
    assert signed_in(p.oscar).get(reverse("people:person_detail", args=[own.pk])).status_code == 404
    assert signed_in(p.bea).get(reverse("people:person_detail", args=[own.pk])).status_code == 403


def test_deleting_a_person_can_be_undone_from_the_audit_trail(setup, signed_in):
    p = setup.p
    make_participation(setup.person, by=p.ellie, activity=setup.activity)
    client = signed_in(p.ellie)
    assert signed_in(p.priya).post(reverse("people:person_delete", args=[setup.person.pk])).status_code == 403
    client = signed_in(p.ellie)
    assert client.post(reverse("people:person_delete", args=[setup.person.pk])).status_code == 302
    assert not Person.objects.filter(pk=setup.person.pk).exists()
    event = AuditEvent.objects.filter(action="delete_person").latest("pk")
    assert client.post(reverse("core:restore", args=[event.pk])).status_code == 302
    assert Participation.objects.filter(person_id=setup.person.pk).count() == 1


def _many(setup, n):
    p = setup.p
    for i in range(n):
        person = make_person(p.org, by=p.ellie, name=f"Extra {i}", bsl=bool(i % 2))
        give_consent(person, Purpose.CONTACT_ACTIVITY, by=p.ellie)
        make_participation(person, by=p.ellie, structure=setup.structure)
        make_participation(setup.person, by=p.ellie, activity=setup.activity)
        give_consent(setup.person, Purpose.NAMED_PUBLICLY, by=p.ellie, given=bool(i % 2))


def test_the_register_and_a_person_page_run_the_same_queries_however_many_people(setup, signed_in):
    client = signed_in(setup.p.ellie)
    urls = [
        reverse("people:person_list"),
        reverse("people:person_list") + "?consent=contact_activity&need=bsl&q=e",
        reverse("people:person_detail", args=[setup.person.pk]),
        reverse("people:structure_members", args=[setup.structure.pk]),
        reverse("people:equality") + "?scope=organisation",
    ]
    _many(setup, 6)
    for person in Person.objects.all()[:5]:
        make_equality(person, by=setup.p.ellie)
    few = [queries_for(client, url) for url in urls]
    _many(setup, 12)
    for person in Person.objects.all()[5:15]:
        make_equality(person, by=setup.p.ellie, sex="1", imd_decile=3)
    assert [queries_for(client, url) for url in urls] == few


def test_the_hub_lists_recent_meetings_with_no_attendance_for_those_who_keep_the_register(setup, signed_in):
    from baton.core.registry import HubContext

    from ..hub import attendance_to_record

    p = setup.p
    ctx = HubContext(p.org, p.ellie, TODAY, timezone.now())
    [waiting] = attendance_to_record(ctx)
    assert (waiting.count, waiting.items[0].href) == (1, reverse("people:attendance", args=[setup.meeting.pk]))
    assert attendance_to_record(HubContext(p.org, p.bea, TODAY, timezone.now())) == []
    Attendance.objects.create(meeting=setup.meeting, person=setup.person, status="attended")
    assert attendance_to_record(ctx) == []
    assert "Meetings with no attendance recorded" not in signed_in(p.ellie).get(reverse("hub:index")).content.decode()
