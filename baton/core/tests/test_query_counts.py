"""Query discipline on core's lists: the audit log, a record's history and the tokens page run the
same number of queries with a few rows as with ten times as many."""

import pytest
from django.urls import reverse

from baton.core.models import ApiToken
from baton.core.testing import queries_for
from baton.cycle.actions import update_programme
from baton.cycle.testing import make_programme

pytestmark = pytest.mark.django_db


def _changes(p, programme, n):
    for i in range(n):
        programme.refresh_from_db()
        update_programme(programme, {"condition": f"condition {programme.version} {i}"}, by=p.ellie)


def test_the_audit_log_and_a_records_history_do_not_grow_with_the_trail(personas, signed_in):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway")
    _changes(p, programme, 2)
    client = signed_in(p.larry)
    urls = [reverse("core:audit_log"), reverse("core:record_history", args=["cycle.programme", programme.pk])]
    few = [queries_for(client, url) for url in urls]
    _changes(p, programme, 30)
    for n in range(5):
        make_programme(p.org, by=p.priya, name=f"More {n}")
    many = [queries_for(client, url) for url in urls]
    assert few == many


def test_the_tokens_page_does_not_grow_with_the_tokens(personas, signed_in):
    client = signed_in(personas.ellie)
    ApiToken.issue(personas.ellie, "first")
    few = queries_for(client, reverse("core:token_list"))
    for n in range(20):
        ApiToken.issue(personas.ellie, f"token {n}")
    assert queries_for(client, reverse("core:token_list")) == few
