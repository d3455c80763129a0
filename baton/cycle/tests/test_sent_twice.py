"""A form or API request sent twice does its work once (`core.actions.once`): a form's one-time
token, an API client's Idempotency-Key. A key is one person's and one operation's."""

import pytest
from django.urls import reverse

from baton.cycle.actions import delete_programme
from baton.cycle.models import HandoverMessage, Programme, StageRun
from baton.cycle.testing import make_handover, make_programme, make_run

from .api_helpers import api  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_a_query_sent_twice_is_asked_once(personas, signed_in):
    p = personas
    run = make_run(make_programme(p.org, by=p.ellie), "needs", owner=p.priya)
    handover = make_handover(run, by=p.priya, next_owner=p.ellie)
    form = {"note": "Which groups?", "version": handover.version, "submission": "d4e5f6"}
    client = signed_in(p.ellie)
    for _ in range(2):
        assert client.post(reverse("cycle:handover_query", args=[handover.pk]), form).status_code == 302
    assert list(HandoverMessage.objects.values_list("kind", "text")) == [("query", "Which groups?")]


def _post(client, path, body, key):
    client.headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(path, body)


def test_an_api_request_sent_twice_with_one_key_creates_once(personas, api):
    p = personas
    ellie = api(p.ellie)
    first = _post(ellie, "/programmes", {"name": "Maternity voices"}, "key-1")
    again = _post(ellie, "/programmes", {"name": "Maternity voices"}, "key-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert list(Programme.objects.values_list("name", flat=True)) == ["Maternity voices"]


def test_a_key_is_one_persons(personas, api):
    p = personas
    assert _post(api(p.ellie), "/programmes", {"name": "Maternity voices"}, "key-1").status_code == 201
    assert _post(api(p.priya), "/programmes", {"name": "Stroke care"}, "key-1").status_code == 201
    assert sorted(Programme.objects.values_list("name", flat=True)) == ["Maternity voices", "Stroke care"]


def test_a_key_used_for_another_operation_is_refused(personas, api):
    p = personas
    ellie = api(p.ellie)
    made = _post(ellie, "/programmes", {"name": "Maternity voices"}, "key-1").json()
    response = _post(ellie, f"/programmes/{made['id']}/runs", {"stage": "needs"}, "key-1")
    assert response.status_code == 409
    assert response.json()["detail"] == ["This key was already used for a different request. Use a new key."]
    assert not StageRun.objects.exists()


def test_a_key_whose_record_has_gone_is_refused_with_the_reason(personas, api):
    p = personas
    ellie = api(p.ellie)
    made = _post(ellie, "/programmes", {"name": "Maternity voices"}, "key-1").json()
    delete_programme(Programme.objects.get(pk=made["id"]), by=p.ellie)
    response = _post(ellie, "/programmes", {"name": "Maternity voices"}, "key-1")
    assert response.status_code == 409
    assert response.json()["detail"] == [
        "This request was done before with the same key; what it made is no longer there."
    ]
    assert not Programme.objects.exists()
