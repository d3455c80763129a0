"""The learning pages: the warning when someone without required learning is added to a
participation, a person's learning on their page and on "My involvement", asking for support,
recording learning with a certificate, bad input and double submits saving nothing twice, and
query counts that do not grow with the data."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from baton.core.testing import add_role, queries_for
from baton.structures.testing import pdf

from ..models import LearningNeed, LearningOffer, LearningRecord
from ..testing import make_need, make_offer, make_participation, make_person, make_record, make_requirement

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
WARNING = "Sam Jones has not done the Procurement induction, needed by every tender panel member."


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _add_member(client, panel, person, role="Tender panel member", submission="k1"):
    return client.post(
        reverse("people:member_add", args=[panel.structure.pk]),
        {"person": person.pk, "role": role, "role_level": 2, **_date("starts_on", TODAY), "submission": submission},
        follow=True,
    )


def test_adding_someone_without_the_induction_to_a_tender_panel_says_so(personas, panel, signed_in):
    p = personas
    client = signed_in(p.ellie)
    page = _add_member(client, panel, panel.sam).content.decode()
    assert WARNING in page and "nhsuk-warning-callout" in page
    other = make_person(p.org, "Ann Observer")
    assert "has not done" not in _add_member(client, panel, other, role="Observer", submission="k2").content.decode()
    make_record(p.org, panel.offer, by=p.ellie, person=panel.sam)
    assert "has not done" not in _add_member(client, panel, panel.sam, submission="k3").content.decode()


def test_recording_a_participation_on_the_persons_page_says_so_too(personas, panel, signed_in):
    client = signed_in(personas.ellie)
    page = client.post(
        reverse("people:participation_create", args=[panel.sam.pk]),
        {
            "structure": panel.structure.pk,
            "role": "Chair of the tender panel",
            "role_level": 3,
            **_date("starts_on", TODAY),
            "submission": "p1",
        },
        follow=True,
    ).content.decode()
    assert WARNING in page


def test_a_persons_page_shows_their_learning_and_what_is_missing(personas, panel, signed_in):
    p = personas
    make_participation(panel.sam, panel.structure, by=p.ellie)
    page = signed_in(p.priya).get(reverse("people:person_detail", args=[panel.sam.pk])).content.decode()
    assert "Learning missing or expired" in page and "Procurement induction: not done." in page
    assert reverse("learning:record_create") + f"?person={panel.sam.pk}" in page


def test_pat_sees_his_own_learning_on_my_involvement_and_asks_for_support(personas, panel, signed_in):
    p = personas
    pat = make_person(p.org, "Pat Price", account=p.pat)
    make_participation(pat, panel.structure, by=p.ellie)
    client = signed_in(p.pat)
    mine = client.get(reverse("people:me")).content.decode()
    assert "Procurement induction: not done." in mine and reverse("learning:me") in mine
    page = client.get(reverse("learning:me")).content.decode()
    assert "Learning to do" in page and "Procurement induction" in page
    assert client.get(reverse("learning:record_list")).status_code == 403
    response = client.post(
        reverse("learning:me_need"), {"what": "Help getting to the panel by bus", "submission": "a"}, follow=True
    )
    assert "Your request was sent" in response.content.decode()
    need = LearningNeed.objects.get()
    assert (need.person, need.user, need.raised_by) == (pat, None, p.pat)
    client.post(reverse("learning:me_need"), {"what": "Help getting to the panel by bus", "submission": "a"})
    assert LearningNeed.objects.count() == 1, "sent twice, saved once"


def test_staff_ask_for_themselves_and_a_member_whose_role_ended_cannot(personas, signed_in):
    p = personas
    signed_in(p.larry).post(reverse("learning:me_need"), {"what": "Chairing skills", "submission": "b"})
    assert LearningNeed.objects.get().user == p.larry
    assert signed_in(p.nora).post(reverse("learning:me_need"), {"what": "x", "submission": "c"}).status_code == 403


def test_recording_learning_with_a_certificate_and_bad_input_saving_nothing(personas, panel, signed_in):
    p = personas
    client = signed_in(p.priya)
    url = reverse("learning:record_create")
    base = {"offer": panel.offer.pk, **_date("completed_on", TODAY - timedelta(days=2)), "submission": "r1"}
    both = client.post(url, {**base, "user": p.larry.pk, "person": panel.sam.pk})
    assert "Choose either a member of staff or a person who takes part." in both.content.decode()
    fake = SimpleUploadedFile("certificate.pdf", b"MZ\x90\x00 a program", content_type="application/pdf")
    bad = client.post(url, {**base, "person": panel.sam.pk, "certificate": fake})
    assert "does not look like a .pdf file inside" in bad.content.decode()
    future = client.post(url, {**base, "person": panel.sam.pk, **_date("completed_on", TODAY + timedelta(days=3))})
    assert future.status_code == 409 and "cannot be in the future" in future.content.decode()
    assert not LearningRecord.objects.exists()
    saved = client.post(url, {**base, "person": panel.sam.pk, "certificate": pdf("certificate.pdf")})
    assert saved.status_code == 302
    record = LearningRecord.objects.get()
    assert record.certificate and record.recorded_by == p.priya
    download = client.get(reverse("learning:record_certificate", args=[record.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert signed_in(p.bea).post(url, {**base, "person": panel.sam.pk}).status_code == 403


def test_an_offer_sent_twice_is_added_once_and_a_title_is_unique(personas, signed_in):
    client = signed_in(personas.ellie)
    form = {"title": "Chairing skills", "kind": "coaching", "audience": "both", "submission": "o1"}
    client.post(reverse("learning:offer_create"), form)
    again = client.post(reverse("learning:offer_create"), form, follow=True)
    assert "saved once" in again.content.decode()
    assert LearningOffer.objects.count() == 1
    taken = client.post(reverse("learning:offer_create"), {**form, "title": "chairing SKILLS", "submission": "o2"})
    assert "There is already an offer with this title" in taken.content.decode()
    bad_link = client.post(
        reverse("learning:offer_create"), {**form, "title": "New", "link": "not a link", "submission": "o3"}
    )
    assert "Enter the link in the correct format" in bad_link.content.decode()
    assert LearningOffer.objects.count() == 1


def test_closing_a_support_request_and_deleting_an_offer_that_is_used(personas, panel, signed_in):
    p = personas
    need = make_need(p.org, by=p.ellie, person=panel.sam)
    client = signed_in(p.priya)
    url = reverse("learning:need_close", args=[need.pk])
    missing = client.post(url, {"status": "closed", "outcome": "", "version": 1})
    assert "Say why the request is closed without being met." in missing.content.decode()
    client.post(url, {"status": "met", "outcome": "Booked on the March course", "version": 1})
    assert LearningNeed.objects.get().status == "met"
    blocked = signed_in(p.ellie).post(reverse("learning:offer_delete", args=[panel.offer.pk]), {"version": 1})
    assert blocked.status_code == 409 and "A requirement names this offer." in blocked.content.decode()


def test_the_role_page_flags_who_lacks_learning(personas, panel, signed_in):
    p = personas
    make_participation(panel.sam, panel.structure, by=p.ellie)
    done = make_person(p.org, "Dee Done")
    make_participation(done, panel.structure, by=p.ellie)
    make_record(p.org, panel.offer, by=p.ellie, person=done)
    client = signed_in(p.bea)
    url = reverse("learning:role_kind", args=[panel.kind.pk])
    page = client.get(url).content.decode()
    assert "Sam Jones" in page and "Dee Done" in page and "1 of 2" in page
    flagged = client.get(url + "?show=flagged").content.decode()
    assert "Sam Jones" in flagged and "Dee Done" not in flagged
    induction = make_offer(p.org, by=p.ellie, title="Assurance induction", audience="staff")
    make_requirement(p.org, induction, by=p.ellie, staff_role="lay_member")
    staff = client.get(reverse("learning:staff_role") + "?role=lay_member").content.decode()
    assert "Larry" in staff and "Not ready" in staff


def _grow(p, panel, n):
    offers = [make_offer(p.org, by=p.ellie, title=f"Offer {p.org.pk}-{i}-{n}") for i in range(n)]
    for i in range(n):
        person = make_person(p.org, f"Person {i}")
        make_participation(person, panel.structure, by=p.ellie)
        make_record(p.org, panel.offer, by=p.ellie, person=person)
        make_record(p.org, offers[i], by=p.ellie, user=p.larry)
        make_need(p.org, by=p.ellie, person=person)


def test_query_counts_do_not_grow_with_the_data(personas, panel, client):
    p = personas
    add_role(p.ellie, p.org, "lay_member")
    pat = make_person(p.org, "Pat Price", account=p.pat)
    make_participation(pat, panel.structure, by=p.ellie)
    urls = [
        reverse("learning:index"),
        reverse("learning:offer_list"),
        reverse("learning:offer_detail", args=[panel.offer.pk]),
        reverse("learning:requirement_list"),
        reverse("learning:record_list"),
        reverse("learning:need_list"),
        reverse("learning:capacity"),
        reverse("learning:role_kind", args=[panel.kind.pk]),
        reverse("learning:role_kind", args=[panel.kind.pk]) + "?show=flagged",
        reverse("learning:staff_role"),
        reverse("learning:me"),
        reverse("people:person_detail", args=[pat.pk]),
    ]
    client.force_login(p.ellie)
    _grow(p, panel, 2)
    few = [queries_for(client, url) for url in urls]
    _grow(p, panel, 12)
    many = [queries_for(client, url) for url in urls]
    assert few == many
    client.force_login(p.pat)
    assert queries_for(client, reverse("learning:me")) == queries_for(client, reverse("learning:me"))
