"""The demo has a pack issued to the board for Bea to read (with the demo's own figures in it) and
one ready to issue; loaded twice, once."""

import pytest
from django.test.utils import override_settings

from baton.boardpack.models import BoardPack
from baton.core.demo import load_demo
from baton.core.models import Organisation, User


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_demo_has_an_issued_pack_and_one_ready(client):
    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    packs = BoardPack.objects.for_org(org)
    assert sorted(packs.values_list("status", flat=True)) == ["issued", "ready"]
    issued = packs.get(status="issued")
    assert "Dropped batons" in issued.content.html and "You said, we did" in issued.content.html
    client.force_login(User.objects.get(username="bea"))
    page = client.get(f"/board-pack/{issued.pk}/")
    assert page.status_code == 200 and "Download the pack as a PDF" in page.content.decode()
    load_demo(password="demo-password-123")
    assert BoardPack.objects.for_org(org).count() == 2
