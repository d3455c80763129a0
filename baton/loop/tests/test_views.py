"""The loop's pages: who reads, who makes and responds, the error summary for bad input, a second
response refused (409), the public pages (no sign-in, only what was published, only this
organisation's, no internal words), the programme page's section, and query counts that do not
grow with the data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baton.core.testing import queries_for

from ..models import Commitment
from ..testing import make_commitment, make_overdue, publish, respond

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _form(client, url):
    """The one-time token of the form at url."""
    html = client.get(url).content.decode()
    marker = 'name="submission" value="'
    return html.split(marker, 1)[1].split('"', 1)[0] if marker in html else ""


def test_ellie_makes_a_commitment_from_insight_and_a_double_submit_makes_one(setup, signed_in):
    p = setup.p
    client = signed_in(p.ellie)
    url = reverse("loop:commitment_create", args=[setup.programme.pk]) + f"?insight={setup.answered.pk}"
    page = client.get(url).content.decode()
    assert "Parking is hard" in page and "Physio at home" not in page
    body = {
        "insight_items": [setup.answered.pk],
        "will_do": "Add ten parking spaces",
        "owner": p.priya.pk,
        **_date("due_on", TODAY + timedelta(days=30)),
        "submission": _form(client, url),
    }
    first = client.post(url, body)
    second = client.post(url, body)
    assert first.status_code == 302 and second.status_code == 302
    made = Commitment.objects.get()
    assert list(made.insight_items.all()) == [setup.answered] and made.owner == p.priya
    assert first["Location"] == reverse("loop:commitment_detail", args=[made.pk])


def test_bad_input_shows_the_error_summary_and_saves_nothing(setup, signed_in):
    client = signed_in(setup.p.ellie)
    url = reverse("loop:commitment_create", args=[setup.programme.pk])
    response = client.post(url, {"insight_items": [setup.stroke_item.pk], "will_do": "", "owner": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "nhsuk-error-summary" in html
    assert "Enter what we will do" in html and "Enter the owner" in html or "Choose the owner" in html
    assert not Commitment.objects.exists()


def test_responding_needs_the_reason_unless_adopted_and_a_second_response_is_409(setup, signed_in):
    p = setup.p
    c = make_commitment(setup.programme, by=p.ellie, insight_items=[setup.open_item], owner=p.priya)
    client = signed_in(p.priya)  # the owner
    url = reverse("loop:commitment_respond", args=[c.pk])
    html = client.post(url, {"response": "not_adopted", "reason": "", "version": c.version}).content.decode()
    assert "Say why: we could not change this, because" in html
    c.refresh_from_db()
    assert not c.responded
    body = {"response": "not_adopted", "reason": "the bus company sets the routes.", "version": c.version}
    assert client.post(url, body).status_code == 302
    again = client.post(url, {**body, "response": "adopted"})
    assert again.status_code == 409 and "already recorded" in again.content.decode()
    c.refresh_from_db()
    assert c.response == "not_adopted"


def test_who_may_do_what_on_the_pages(setup, signed_in):
    p = setup.p
    mine = make_commitment(setup.programme, by=p.ellie, insight_items=[setup.open_item], owner=p.larry)
    stroke = make_commitment(setup.stroke, by=p.ellie, insight_items=[setup.stroke_item], owner=p.ellie)
    theirs_programme = __import__("baton.cycle.testing", fromlist=["x"]).make_programme(
        p.other_org, by=p.oscar, name="Theirs"
    )
    assert signed_in(p.pat).get(reverse("loop:index")).status_code == 403
    assert signed_in(p.pat).get(reverse("loop:commitment_detail", args=[mine.pk])).status_code == 403
    bea = signed_in(p.bea)
    assert bea.get(reverse("loop:index")).status_code == 200
    assert bea.get(reverse("loop:commitment_edit", args=[mine.pk])).status_code == 403
    assert bea.get(reverse("loop:commitment_respond", args=[mine.pk])).status_code == 403
    priya = signed_in(p.priya)
    assert priya.get(reverse("loop:commitment_create", args=[setup.programme.pk])).status_code == 200
    assert priya.get(reverse("loop:commitment_create", args=[setup.stroke.pk])).status_code == 403  # not her programme
    assert priya.get(reverse("loop:commitment_publish", args=[stroke.pk])).status_code == 403
    larry = signed_in(p.larry)  # a lay member who owns a commitment responds to it
    assert larry.get(reverse("loop:commitment_respond", args=[mine.pk])).status_code == 200
    assert larry.get(reverse("loop:commitment_edit", args=[mine.pk])).status_code == 403
    oscar = signed_in(p.oscar)
    assert oscar.get(reverse("loop:commitment_detail", args=[mine.pk])).status_code == 404
    assert oscar.get(reverse("loop:commitment_create", args=[setup.programme.pk])).status_code == 404
    assert signed_in(p.ellie).get(reverse("loop:commitment_create", args=[theirs_programme.pk])).status_code == 404


def test_the_list_marks_overdue_and_filters(setup, signed_in):
    p = setup.p
    late = make_overdue(
        make_commitment(setup.programme, by=p.ellie, insight_items=[setup.open_item], will_do="Late one")
    )
    make_commitment(setup.stroke, by=p.ellie, insight_items=[setup.stroke_item], will_do="Waiting one")
    client = signed_in(p.bea)
    html = client.get(reverse("loop:index")).content.decode()
    assert "Late one" in html and "Waiting one" in html and "Overdue" in html
    html = client.get(reverse("loop:index") + "?state=overdue").content.decode()
    assert "Late one" in html and "Waiting one" not in html
    html = client.get(reverse("loop:index") + f"?programme={setup.stroke.pk}").content.decode()
    assert "Late one" not in html and "Waiting one" in html
    assert late.is_overdue(TODAY)


def test_the_public_pages_show_only_what_was_published_of_this_organisation(setup, client):
    p = setup.p
    shown = make_commitment(setup.programme, by=p.ellie, insight_items=[setup.answered], will_do="Internal words")
    publish(
        respond(shown, by=p.ellie, reason="the car park belongs to the council."),
        by=p.ellie,
        public_said="You said parking is hard.",
        public_did="We could not add spaces, because the car park is not ours.",
    )
    unpublished = make_commitment(setup.programme, by=p.ellie, insight_items=[setup.open_item])
    respond(unpublished, by=p.ellie, response="adopted", what_we_did="Secret draft")
    from baton.cycle.actions import publish_programme
    from baton.cycle.testing import make_insight, make_programme, make_run

    theirs = make_programme(p.other_org, by=p.oscar, name="Theirs", public_summary="Their work.")
    publish_programme(theirs, by=p.oscar)
    item = make_insight(make_run(theirs, "needs", owner=p.oscar), by=p.oscar)
    their = make_commitment(theirs, by=p.oscar, insight_items=[item], owner=p.oscar)
    publish(respond(their, by=p.oscar), by=p.oscar, public_said="Other shire said this.")

    for url in (
        reverse("loop:public_list", args=[p.org.public_slug]),
        reverse("loop:public_programme", args=[p.org.public_slug, setup.programme.pk]),
        reverse("loop:public_list", args=[p.org.public_slug]) + f"?programme={setup.programme.pk}",
    ):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "You said parking is hard." in html and "the car park is not ours" in html
        assert "Internal words" not in html and "Secret draft" not in html and "Other shire said" not in html
        assert "Priya" not in html and "Ellie" not in html  # no personal data
    # The unpublished programme has no public page; the organisation's page and the programme's link to it.
    assert client.get(reverse("loop:public_programme", args=[p.org.public_slug, setup.stroke.pk])).status_code == 404
    org_page = client.get(reverse("public:organisation", args=[p.org.public_slug])).content.decode()
    assert reverse("loop:public_list", args=[p.org.public_slug]) in org_page
    programme_page = client.get(
        reverse("public:programme", args=[p.org.public_slug, setup.programme.pk])
    ).content.decode()
    assert reverse("loop:public_programme", args=[p.org.public_slug, setup.programme.pk]) in programme_page


def test_the_programme_page_lists_its_commitments(setup, signed_in):
    p = setup.p
    make_commitment(setup.programme, by=p.ellie, insight_items=[setup.open_item], will_do="Pilot evening clinics")
    html = signed_in(p.bea).get(reverse("cycle:programme_detail", args=[setup.programme.pk])).content.decode()
    assert "You said, we did (1)" in html and "Pilot evening clinics" in html
    assert "Make a commitment" not in html
    html = signed_in(p.priya).get(reverse("cycle:programme_detail", args=[setup.programme.pk])).content.decode()
    assert reverse("loop:commitment_create", args=[setup.programme.pk]) in html


def _grow(setup, n):
    p = setup.p
    for i in range(n):
        c = make_commitment(setup.programme, by=p.ellie, insight_items=[setup.open_item, setup.answered])
        if i % 2:
            publish(respond(c, by=p.ellie), by=p.ellie)
        else:
            make_overdue(c)


def test_no_page_grows_its_queries_with_the_data(setup, signed_in, client):
    p = setup.p
    _grow(setup, 2)
    first = Commitment.objects.first()
    urls = [
        reverse("loop:index"),
        reverse("loop:index") + "?state=overdue",
        reverse("loop:commitment_detail", args=[first.pk]),
        reverse("cycle:programme_detail", args=[setup.programme.pk]),
        reverse("hub:index"),
    ]
    public = [
        reverse("loop:public_list", args=[p.org.public_slug]),
        reverse("loop:public_programme", args=[p.org.public_slug, setup.programme.pk]),
    ]
    staff = signed_in(p.ellie)
    few = [queries_for(staff, url) for url in urls]
    staff.logout()
    few_public = [queries_for(client, url) for url in public]
    _grow(setup, 12)
    staff = signed_in(p.ellie)
    assert [queries_for(staff, url) for url in urls] == few
    staff.logout()
    assert [queries_for(client, url) for url in public] == few_public
