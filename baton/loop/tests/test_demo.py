"""The demo shows the loop working: published answers (one not adopted, with its reason), one
overdue commitment, one waiting, and a few dropped batons of the loop; loaded twice, once."""

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from baton.core.demo import load_demo
from baton.core.models import Organisation
from baton.core.registry import financial_year_start

from ..indicators import dropped_insight
from ..models import Commitment


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_demo_has_commitments_in_every_state_and_some_dropped_batons(client):
    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    today = timezone.localdate()
    found = Commitment.objects.for_org(org)
    assert found.published().count() == 2
    assert found.filter(response="not_adopted").exclude(reason="").exists()
    assert found.overdue(today).count() == 1 and found.unanswered().count() == 2
    assert dropped_insight(org, financial_year_start(today)).count() >= 2
    html = client.get(f"/public/{org.public_slug}/you-said-we-did/").content.decode()
    assert "We could not move the service, because" in html
    count = Commitment.objects.count()
    load_demo(password="demo-password-123")
    assert Commitment.objects.count() == count
