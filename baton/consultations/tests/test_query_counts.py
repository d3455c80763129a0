"""Query discipline: the consultation list, a consultation's page, the public page, the API list
and the hub's work lists run the same number of queries with a few consultations as with many."""

import pytest
from django.urls import reverse

from baton.consultations.testing import make_closed, make_consultation, make_material, make_open, make_reported
from baton.core.testing import queries_for

pytestmark = pytest.mark.django_db


def _more(p, n, programme=None):
    for _ in range(n):
        make_open(p.org, by=p.ellie, lead=p.priya)
        make_reported(p.org, by=p.ellie, lead=p.priya)
        make_closed(p.org, by=p.ellie, lead=p.priya)
        make_consultation(p.org, by=p.ellie, lead=p.priya)


def test_the_pages_do_not_grow_with_the_consultations(personas, signed_in, client):
    p = personas
    _more(p, 1)
    one = make_open(p.org, by=p.ellie)
    client = signed_in(p.priya)
    urls = [
        reverse("consultations:consultation_list"),
        reverse("consultations:consultation_detail", args=[one.pk]),
        reverse("hub:index"),
        "/api/consultations",
    ]
    few = [queries_for(client, url) for url in urls]
    _more(p, 4)
    for n in range(6):
        make_material(one, by=p.ellie, title=f"Document {n}")
    many = [queries_for(client, url) for url in urls]
    assert few == many


def test_the_public_page_does_not_grow_with_the_consultations_or_their_documents(personas, client):
    p = personas
    _more(p, 1)
    url = reverse("consultations:public_list", args=[p.org.public_slug])
    few = queries_for(client, url)
    _more(p, 4)
    for c in p.org.consultations.filter(status="open"):
        make_material(c, by=p.ellie, title="Easy read")
    assert queries_for(client, url) == few
