"""The register's pages: who reads, who keeps it, the programme lead's own panel, bad input,
refusals, documents, sections other areas add, another organisation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baton.core import registry
from baton.core.models import AuditEvent
from baton.core.testing import queries_for
from baton.cycle.testing import make_programme
from baton.governance.testing import make_board, make_decision

from ..models import MeetingAction, Structure, StructureMeeting
from ..testing import make_action, make_meeting, make_structure, pdf, structure_type

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _structure_data(**overrides):
    data = {
        "name": "Youth Health Forum",
        "type": structure_type("youth_forum").pk,
        "purpose": "Young people advising on services for them.",
        "feeds_named_body": "Children and young people's board",
        "vacancies": "0",
    }
    return {**data, **overrides}


def test_everyone_in_the_organisation_reads_the_register_with_its_flags(personas, signed_in):
    p = personas
    healthy = make_structure(p.org, by=p.ellie, name="PPG Network")
    make_meeting(healthy, by=p.ellie, held_on=TODAY - timedelta(days=3))
    make_structure(p.org, by=p.ellie, name="Citizens' panel", purpose="", feeds_named_body="")
    html = signed_in(p.bea).get(reverse("structures:structure_list")).content.decode()
    assert "PPG Network" in html and "Healthy" in html
    assert "No stated purpose." in html and "Not linked to a decision body." in html
    assert "Add a structure" not in html  # Bea reads only
    flagged = signed_in(p.bea).get(reverse("structures:structure_list") + "?show=flagged").content.decode()
    assert "Citizens&#39; panel" in flagged and "PPG Network" not in flagged
    by_type = signed_in(p.bea).get(reverse("structures:structure_list") + "?type=citizens_panel").content.decode()
    assert "Citizens&#39; panel" in by_type and "PPG Network" not in by_type


def test_the_lead_adds_a_structure_with_its_terms_and_a_duplicate_name_is_refused_in_words(personas, signed_in):
    p = personas
    client = signed_in(p.ellie)
    response = client.post(reverse("structures:structure_create"), {**_structure_data(), "terms_document": pdf()})
    assert response.status_code == 302
    structure = Structure.objects.get(organisation=p.org)
    assert structure.terms_document
    download = client.get(reverse("structures:terms_download", args=[structure.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    again = client.post(reverse("structures:structure_create"), _structure_data(name="youth health FORUM"))
    assert "There is already a structure with this name" in again.content.decode()
    board = make_board(p.org, by=p.ellie)
    both = client.post(
        reverse("structures:structure_create"), _structure_data(name="Another", feeds_board=board.pk)
    ).content.decode()
    assert "not both" in both
    empty = client.post(reverse("structures:structure_create"), {"vacancies": "0"}).content.decode()
    assert "Enter the structure&#39;s name" in empty and "Choose the type of structure" in empty
    assert Structure.objects.filter(organisation=p.org).count() == 1


def test_a_structure_page_shows_what_it_influenced_and_the_sections_other_areas_add(personas, signed_in):
    p = personas
    s = make_structure(p.org, by=p.ellie, name="PPG Network")
    decision = make_decision(p.org, make_board(p.org, by=p.ellie), by=p.ellie, title="Evening clinics")
    meeting = make_meeting(s, by=p.ellie, decisions=[decision], minutes="Asked for evening clinics.")
    kept = make_action(meeting, by=p.ellie, commitment=True, text="Report back.")
    make_action(meeting, by=p.ellie, commitment=True, text="Tell the network.", owner=p.priya)
    from ..actions import complete_action

    complete_action(kept, by=p.ellie)
    html = signed_in(p.pat).get(reverse("structures:structure_detail", args=[s.pk])).content.decode()
    assert "<li>No meeting recorded.</li>" not in html  # it met: no flag
    vague = make_structure(p.org, by=p.ellie, purpose="")
    flagged = signed_in(p.pat).get(reverse("structures:structure_detail", args=[vague.pk])).content.decode()
    assert "<li>No stated purpose.</li>" in flagged and "<li>No meeting recorded.</li>" in flagged
    assert "informed 1 decision in the decision register" in html
    assert "made 2 commitments to the group and has kept 1" in html
    assert "Tell the network." in html and "Priya Patel" in html
    assert "Record a meeting" not in html

    meeting_page = signed_in(p.pat).get(reverse("structures:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Asked for evening clinics." in meeting_page and "Evening clinics" in meeting_page


def test_sections_other_areas_register_are_rendered_on_the_structure_and_meeting_pages(
    personas, signed_in, monkeypatch
):
    """An area above (people) adds its section through core.registry; the page fills the section's
    template with the context it returns, and leaves out a section that returns None."""
    from .. import views

    p = personas
    s = make_structure(p.org, by=p.ellie, name="PPG Network")
    meeting = make_meeting(s, by=p.ellie)
    sections = [
        registry.PageSection("structures.Structure", "members", 10, "members.jinja", lambda r, rec: {"who": rec.name}),
        registry.PageSection("structures.Structure", "hidden", 20, "hidden.jinja", lambda r, rec: None),
        registry.PageSection(
            "structures.StructureMeeting", "attendance", 10, "came.jinja", lambda r, rec: {"who": "7"}
        ),
    ]
    monkeypatch.setattr(registry, "_sections", sections)
    monkeypatch.setattr(
        views, "render_to_string", lambda template, context, request: f"<p>{template}: {context['who']}</p>"
    )
    page = signed_in(p.bea).get(reverse("structures:structure_detail", args=[s.pk])).content.decode()
    assert "<p>members.jinja: PPG Network</p>" in page and "hidden.jinja" not in page and "came.jinja" not in page
    meeting_page = signed_in(p.bea).get(reverse("structures:meeting_detail", args=[meeting.pk])).content.decode()
    assert "<p>came.jinja: 7</p>" in meeting_page and "members.jinja" not in meeting_page


def test_only_engagement_leads_keep_the_register(personas, signed_in):
    p = personas
    s = make_structure(p.org, by=p.ellie)
    meeting = make_meeting(s, by=p.ellie)
    item = make_action(meeting, by=p.ellie)
    before = AuditEvent.objects.count()
    for person in (p.priya, p.larry, p.bea, p.pat, p.nora):
        client = signed_in(person)
        for url in [
            reverse("structures:structure_create"),
            reverse("structures:structure_edit", args=[s.pk]),
            reverse("structures:structure_review", args=[s.pk]),
            reverse("structures:structure_delete", args=[s.pk]),
            reverse("structures:meeting_create", args=[s.pk]),
            reverse("structures:meeting_edit", args=[meeting.pk]),
            reverse("structures:meeting_delete", args=[meeting.pk]),
            reverse("structures:action_create", args=[meeting.pk]),
            reverse("structures:action_edit", args=[item.pk]),
            reverse("structures:action_complete", args=[item.pk]),
            reverse("structures:action_delete", args=[item.pk]),
        ]:
            assert client.post(url, {}).status_code == 403, (person, url)
        assert client.get(reverse("structures:structure_detail", args=[s.pk])).status_code == 200
        assert client.get(reverse("structures:meeting_detail", args=[meeting.pk])).status_code == 200
    assert AuditEvent.objects.count() == before


def test_the_programme_lead_records_the_meetings_of_her_programmes_panel_only(personas, signed_in):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    panel = make_structure(p.org, by=p.ellie, name="Diabetes panel", programme=programme)
    other = make_structure(p.org, by=p.ellie, name="PPG Network")
    client = signed_in(p.priya)
    data = {**_date("held_on", TODAY - timedelta(days=1)), "title": "Panel meeting", "minutes": "Notes."}
    response = client.post(reverse("structures:meeting_create", args=[panel.pk]), data)
    assert response.status_code == 302
    meeting = StructureMeeting.objects.get(structure=panel)
    assert client.post(reverse("structures:meeting_create", args=[other.pk]), data).status_code == 403
    assert client.post(reverse("structures:structure_edit", args=[panel.pk]), {}).status_code == 403
    action = client.post(
        reverse("structures:action_create", args=[meeting.pk]), {"text": "Write to members.", "owner": p.priya.pk}
    )
    assert action.status_code == 302
    assert MeetingAction.objects.get(meeting=meeting).owner == p.priya
    page = client.get(reverse("structures:structure_detail", args=[panel.pk])).content.decode()
    assert "Record a meeting" in page and "Record a review" not in page


def test_recording_a_review_and_a_refused_one_says_why(personas, signed_in):
    p = personas
    s = make_structure(p.org, by=p.ellie, terms_reviewed_on=None)
    client = signed_in(p.ellie)
    too_far = client.post(
        reverse("structures:structure_review", args=[s.pk]), _date("next_review_on", TODAY + timedelta(days=400))
    )
    assert too_far.status_code == 409 and "at least yearly" in too_far.content.decode()
    ok = client.post(
        reverse("structures:structure_review", args=[s.pk]), _date("next_review_on", TODAY + timedelta(days=300))
    )
    assert ok.status_code == 302
    s.refresh_from_db()
    assert (s.terms_reviewed_on, s.review_due_on) == (TODAY, TODAY + timedelta(days=300))
    missing = client.post(reverse("structures:structure_review", args=[s.pk]), {}).content.decode()
    assert "Enter the date the next review is due" in missing


def test_a_meeting_with_minutes_a_decision_and_an_action_done(personas, signed_in):
    p = personas
    s = make_structure(p.org, by=p.ellie)
    decision = make_decision(p.org, make_board(p.org, by=p.ellie), by=p.ellie, title="Evening clinics")
    client = signed_in(p.ellie)
    data = {
        **_date("held_on", TODAY - timedelta(days=7)),
        "title": "Network meeting",
        "minutes_document": pdf("minutes.pdf"),
        "decisions": [decision.pk],
    }
    assert client.post(reverse("structures:meeting_create", args=[s.pk]), data).status_code == 302
    meeting = StructureMeeting.objects.get(structure=s)
    assert list(meeting.decisions.all()) == [decision]
    assert client.get(reverse("structures:minutes_download", args=[meeting.pk])).status_code == 200
    both = client.post(
        reverse("structures:action_create", args=[meeting.pk]), {"text": "X", "owner": p.priya.pk, "owner_name": "Y"}
    ).content.decode()
    assert "not both" in both
    client.post(reverse("structures:action_create", args=[meeting.pk]), {"text": "Publish the minutes."})
    item = MeetingAction.objects.get(meeting=meeting)
    early = client.post(
        reverse("structures:action_complete", args=[item.pk]), _date("done_on", TODAY - timedelta(days=8))
    )
    assert early.status_code == 409 and "before the meeting that agreed it" in early.content.decode()
    assert client.post(reverse("structures:action_complete", args=[item.pk]), {}).status_code == 302
    assert MeetingAction.objects.get(pk=item.pk).done_on == TODAY


def test_a_structure_whose_meetings_informed_decisions_cannot_be_deleted_and_the_page_says_why(personas, signed_in):
    p = personas
    s = make_structure(p.org, by=p.ellie)
    make_meeting(s, by=p.ellie, decisions=[make_decision(p.org, make_board(p.org, by=p.ellie), by=p.ellie)])
    client = signed_in(p.ellie)
    assert (
        "Remove those links from the meetings first"
        in client.get(reverse("structures:structure_detail", args=[s.pk])).content.decode()
    )
    response = client.post(reverse("structures:structure_delete", args=[s.pk]), {})
    assert response.status_code == 409 and Structure.objects.filter(pk=s.pk).exists()
    plain = make_structure(p.org, by=p.ellie)
    assert client.post(reverse("structures:structure_delete", args=[plain.pk]), {}).status_code == 302
    assert not Structure.objects.filter(pk=plain.pk).exists()


def test_oscar_sees_nothing_of_the_register(personas, signed_in):
    p = personas
    s = make_structure(p.org, by=p.ellie, name="PPG Network", terms_document=pdf())
    meeting = make_meeting(s, by=p.ellie)
    client = signed_in(p.oscar)
    assert "PPG Network" not in client.get(reverse("structures:structure_list")).content.decode()
    for url in [
        reverse("structures:structure_detail", args=[s.pk]),
        reverse("structures:terms_download", args=[s.pk]),
        reverse("structures:meeting_detail", args=[meeting.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("structures:structure_list"))
    assert response.status_code == 302 and reverse("core:login") in response["Location"]


def test_the_register_and_its_pages_do_not_grow_in_queries_with_the_data(personas, signed_in):
    p = personas
    client = signed_in(p.ellie)
    s = make_structure(p.org, by=p.ellie, feeds_board=make_board(p.org, by=p.ellie), feeds_named_body="")
    meeting = make_meeting(s, by=p.ellie)
    make_action(meeting, by=p.ellie, owner=p.priya)
    urls = [
        reverse("structures:structure_list"),
        reverse("structures:structure_detail", args=[s.pk]),
        reverse("structures:meeting_detail", args=[meeting.pk]),
        reverse("hub:index"),
    ]
    few = [queries_for(client, url) for url in urls]
    for n in range(8):
        other = make_structure(p.org, by=p.ellie, feeds_board=make_board(p.org, by=p.ellie), feeds_named_body="")
        make_meeting(other, by=p.ellie)
        extra = make_meeting(s, by=p.ellie, held_on=TODAY - timedelta(days=40 + n))
        make_action(extra, by=p.ellie, owner=p.ellie, due_on=TODAY - timedelta(days=1))
        make_action(meeting, by=p.ellie, owner_name=f"Person {n}")
    many = [queries_for(client, url) for url in urls]
    assert few == many


def test_a_meeting_form_sent_twice_records_one_meeting(personas, signed_in):
    p = personas
    s = make_structure(p.org, by=p.ellie)
    client = signed_in(p.ellie)
    data = {**_date("held_on", TODAY), "submission": "same-key-1"}
    first = client.post(reverse("structures:meeting_create", args=[s.pk]), data)
    second = client.post(reverse("structures:meeting_create", args=[s.pk]), data)
    assert first.status_code == second.status_code == 302
    assert StructureMeeting.objects.filter(structure=s).count() == 1


def test_a_stale_change_to_a_structure_is_refused_and_saves_nothing(personas, signed_in):
    p = personas
    s = make_structure(p.org, by=p.ellie, name="PPG Network")
    client = signed_in(p.ellie)
    data = _structure_data(name="PPG Network", type=s.type_id, purpose="First change.", version=1)
    assert client.post(reverse("structures:structure_edit", args=[s.pk]), data).status_code == 302
    stale = client.post(reverse("structures:structure_edit", args=[s.pk]), {**data, "purpose": "Second."})
    assert stale.status_code == 409
    assert Structure.objects.get(pk=s.pk).purpose == "First change."


def test_editing_a_recruiting_structure_shows_it_ticked_so_saving_keeps_it(personas, signed_in):
    """A yes-or-no field shows its value on the edit page (the NHS.UK checkbox, ticked), so that
    saving the page unchanged keeps it."""
    p = personas
    recruiting = make_structure(p.org, by=p.ellie, name="Youth forum", recruiting=True, vacancies=4)
    client = signed_in(p.ellie)
    page = client.get(reverse("structures:structure_edit", args=[recruiting.pk])).content.decode()
    box = page[page.index('id="id_recruiting"') - 80 : page.index('id="id_recruiting"') + 200]
    assert "nhsuk-checkboxes__input" in box and " checked" in box
    quiet = make_structure(p.org, by=p.ellie, name="Panel")
    page = client.get(reverse("structures:structure_edit", args=[quiet.pk])).content.decode()
    box = page[page.index('id="id_recruiting"') - 80 : page.index('id="id_recruiting"') + 200]
    assert " checked" not in box
    data = _structure_data(name="Youth forum", type=recruiting.type_id, recruiting="on", vacancies="4", version=1)
    assert client.post(reverse("structures:structure_edit", args=[recruiting.pk]), data).status_code == 302
    assert Structure.objects.get(pk=recruiting.pk).recruiting is True
