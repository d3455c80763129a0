"""The demo imports the illustrative population profile once, and its reach page shows it."""

import pytest
from django.test.utils import override_settings

from baton.core.demo import load_demo
from baton.core.models import Organisation, User

from ..models import PopulationProfile


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_demo_has_a_population_profile_made_once(client):
    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    profile = PopulationProfile.objects.for_org(org).get()
    assert "Illustrative" in profile.source and profile.groups.count() == 32
    client.force_login(User.objects.get(username="ellie"))
    assert "Version 1" in client.get("/reach/population/").content.decode()
    assert client.get("/reach/").status_code == 200
    load_demo(password="demo-password-123")
    assert PopulationProfile.objects.for_org(org).count() == 1
