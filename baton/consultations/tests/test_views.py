"""The consultation pages: who may do what (engagement leads everywhere, a programme lead on their
programme, readers read, another organisation sees nothing), a refused step shown in the error
summary with nothing saved, documents refused by type and size, and the public page."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from baton.consultations.models import Consultation, ConsultationMaterial
from baton.consultations.testing import PDF, PROGRAM, make_consultation, make_material, make_open, make_reported
from baton.core import files
from baton.core.models import AuditEvent
from baton.cycle.testing import make_programme

pytestmark = pytest.mark.django_db


def _detail(c):
    return reverse("consultations:consultation_detail", args=[c.pk])


def _dates(prefix, d):
    return {f"{prefix}_day": d.day, f"{prefix}_month": d.month, f"{prefix}_year": d.year}


def test_an_engagement_lead_plans_a_consultation_through_the_page_once(personas, signed_in):
    client = signed_in(personas.ellie)
    page = client.get(reverse("consultations:consultation_create"))
    assert page.status_code == 200
    token = re.search(r'name="submission" value="(\w+)"', page.content.decode()).group(1)
    today = timezone.localdate()
    data = {
        "title": "Hospital car parking",
        "proposal": "Charge for parking at night.",
        "formative_statement": "Nothing is decided.",
        "how_to_take_part": "Online survey.",
        "submission": token,
        **_dates("opens_on", today),
        **_dates("closes_on", today + timedelta(weeks=12)),
    }
    first = client.post(reverse("consultations:consultation_create"), data)
    second = client.post(reverse("consultations:consultation_create"), data)
    assert first.status_code == second.status_code == 302
    assert Consultation.objects.filter(title="Hospital car parking").count() == 1


def test_bad_dates_are_said_in_plain_english(personas, signed_in):
    client = signed_in(personas.ellie)
    today = timezone.localdate()
    response = client.post(
        reverse("consultations:consultation_create"),
        {"title": "X", "proposal": "Y", **_dates("opens_on", today), **_dates("closes_on", today)},
    )
    assert response.status_code == 200
    assert "The closing date must be after the opening date" in response.content.decode()
    assert not Consultation.objects.filter(title="X").exists()


@pytest.mark.parametrize(
    "name,content,size,says",
    [
        ("setup.exe", PROGRAM, None, "is not a file type Baton accepts"),
        ("renamed.pdf", PROGRAM, None, "does not look like a .pdf file inside"),
        ("huge.pdf", PDF + b"\0" * 200, 100, "The largest file Baton accepts is 25 MB"),
    ],
)
def test_a_document_of_the_wrong_type_or_size_is_refused_on_the_page(
    personas, signed_in, monkeypatch, name, content, size, says
):
    c = make_consultation(personas.org, by=personas.ellie)
    upload = SimpleUploadedFile(name, content)
    if size:  # 25 MB stands for itself: the limit is lowered so the test sends a small file over it
        monkeypatch.setattr(files, "MAX_BYTES", size)
    url = reverse("consultations:material_create", args=[c.pk])
    response = signed_in(personas.ellie).post(url, {"title": "Document", "file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and says in html
    assert not ConsultationMaterial.objects.exists()


def test_a_document_is_added_on_the_page_and_read_by_anyone_in_the_organisation(personas, signed_in):
    p = personas
    c = make_consultation(p.org, by=p.ellie)
    url = reverse("consultations:material_create", args=[c.pk])
    response = signed_in(p.ellie).post(url, {"title": "Easy read", "file": SimpleUploadedFile("easy.pdf", PDF)})
    assert response.status_code == 302
    material = ConsultationMaterial.objects.get()
    download = signed_in(p.bea).get(reverse("consultations:material_download", args=[material.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith('attachment; filename="easy.pdf"')
    signed_in(p.oscar)
    assert signed_in(p.oscar).get(reverse("consultations:material_download", args=[material.pk])).status_code == 404


def test_a_refused_step_shows_its_reasons_and_saves_nothing(personas, signed_in):
    c = make_consultation(personas.org, by=personas.ellie, formative_statement="")
    client = signed_in(personas.ellie)
    url = reverse("consultations:consultation_open", args=[c.pk])
    page = client.get(url).content.decode()
    assert "no consultation materials" in page and "formative stage" in page
    before = AuditEvent.objects.count()
    response = client.post(url, {"version": c.version})
    assert response.status_code == 409
    assert "There is a problem" in response.content.decode()
    assert Consultation.objects.get(pk=c.pk).status == "planned" and AuditEvent.objects.count() == before


def test_opening_and_closing_early_through_the_pages(personas, signed_in):
    c = make_consultation(personas.org, by=personas.ellie)
    make_material(c, by=personas.ellie)
    client = signed_in(personas.ellie)
    assert client.post(reverse("consultations:consultation_open", args=[c.pk]), {"version": 1}).status_code == 302
    close = reverse("consultations:consultation_close", args=[c.pk])
    assert client.post(close, {"version": 2}).status_code == 409
    assert client.post(close, {"version": 2, "early_reason": "Withdrawn."}).status_code == 302
    assert Consultation.objects.get(pk=c.pk).status == "closed"


def test_a_programme_lead_manages_consultations_on_their_programme_only(personas, signed_in):
    p = personas
    hers = make_programme(p.org, by=p.ellie, name="Hers", lead=p.priya)
    theirs = make_programme(p.org, by=p.ellie, name="Not hers", lead=p.ellie)
    on_hers = make_consultation(p.org, by=p.ellie, programme=hers)
    on_theirs = make_consultation(p.org, by=p.ellie, programme=theirs)
    client = signed_in(p.priya)
    assert client.get(reverse("consultations:consultation_edit", args=[on_hers.pk])).status_code == 200
    assert client.get(reverse("consultations:consultation_edit", args=[on_theirs.pk])).status_code == 403
    # She plans consultations only on programmes she leads: the form offers no other.
    html = client.get(reverse("consultations:consultation_create")).content.decode()
    assert ">Hers</option>" in html and ">Not hers</option>" not in html
    today = timezone.localdate()
    response = client.post(
        reverse("consultations:consultation_create"),
        {
            "title": "Sneaky",
            "proposal": "Y",
            "programme": theirs.pk,
            **_dates("opens_on", today),
            **_dates("closes_on", today + timedelta(weeks=12)),
        },
    )
    assert response.status_code == 200 and not Consultation.objects.filter(title="Sneaky").exists()
    response = client.post(
        reverse("consultations:consultation_create"),
        {
            "title": "Loose",
            "proposal": "Y",
            **_dates("opens_on", today),
            **_dates("closes_on", today + timedelta(weeks=12)),
        },
    )
    assert "Choose one of the programmes you lead" in response.content.decode()


def test_readers_read_and_cannot_change_another_organisation_sees_nothing(personas, signed_in):
    p = personas
    c = make_open(p.org, by=p.ellie, title="Stroke services review")
    for reader in (p.bea, p.pat, p.larry):
        client = signed_in(reader)
        assert client.get(_detail(c)).status_code == 200
        assert client.post(reverse("consultations:consultation_close", args=[c.pk]), {}).status_code == 403
        assert "Change the consultation" not in client.get(_detail(c)).content.decode()
    client = signed_in(p.oscar)
    assert client.get(_detail(c)).status_code == 404
    assert "Stroke services review" not in client.get(reverse("consultations:consultation_list")).content.decode()


def test_only_an_engagement_lead_changes_the_minimum_duration(personas, signed_in):
    url = reverse("consultations:settings_edit")
    assert signed_in(personas.priya).get(url).status_code == 403
    client = signed_in(personas.ellie)
    assert client.post(url, {"minimum_weeks": 0}).status_code == 200
    assert client.post(url, {"minimum_weeks": 8}).status_code == 302
    assert "at least 8 weeks" in client.get(reverse("consultations:consultation_list")).content.decode()


def test_the_detail_page_says_why_no_decision_can_be_recorded_yet(personas, signed_in):
    c = make_open(personas.org, by=personas.ellie)
    html = signed_in(personas.bea).get(_detail(c)).content.decode()
    assert "A decision on this proposal cannot be recorded yet" in html and "still open" in html
    reported = make_reported(personas.org, by=personas.ellie)
    html = signed_in(personas.bea).get(_detail(reported)).content.decode()
    assert "a decision on the proposal can be recorded" in html


# The public page -------------------------------------------------------------------------------------------


def test_the_public_page_shows_open_and_reported_consultations_never_a_planned_one(personas, client):
    p = personas
    planned = make_consultation(p.org, by=p.ellie, title="Secret draft proposal")
    draft_doc = make_material(planned, by=p.ellie, title="Draft document")
    opened = make_open(p.org, by=p.ellie, title="Open consultation on stroke")
    reported = make_reported(p.org, by=p.ellie, title="Finished consultation on maternity")
    make_open(p.other_org, by=p.oscar, title="Other shire's consultation")
    response = client.get(reverse("consultations:public_list", args=[p.org.public_slug]))
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<h1") == 1
    assert "Open consultation on stroke" in html and "Finished consultation on maternity" in html
    assert "Secret draft proposal" not in html and "Draft document" not in html
    assert "Other shire" not in html
    assert "you can respond until" in html and reported.report_summary in html
    # A planned consultation's documents are not downloadable publicly; an open one's are.
    slug = p.org.public_slug
    assert client.get(reverse("consultations:public_material", args=[slug, draft_doc.pk])).status_code == 404
    open_doc = opened.materials.get()
    assert client.get(reverse("consultations:public_material", args=[slug, open_doc.pk])).status_code == 200
    # Nor through another organisation's address.
    other = p.other_org.public_slug
    assert client.get(reverse("consultations:public_material", args=[other, open_doc.pk])).status_code == 404
    assert client.get(reverse("consultations:public_report", args=[slug, reported.pk])).status_code == 200
    assert client.get(reverse("consultations:public_report", args=[slug, opened.pk])).status_code == 404


def test_a_consultation_leaves_the_public_page_if_it_is_planned_again_never(personas, client):
    """There is no way back to planned: once opened, a consultation is public record."""
    c = make_open(personas.org, by=personas.ellie)
    assert c.blockers_to_deleting()
    assert c.status in Consultation.objects.public().values_list("status", flat=True)


def test_the_organisations_public_page_links_to_its_consultations(personas, client):
    html = client.get(reverse("public:organisation", args=[personas.org.public_slug])).content.decode()
    assert reverse("consultations:public_list", args=[personas.org.public_slug]) in html
