import pytest
from django.test.utils import override_settings

from baton.core.demo import load_demo
from baton.core.models import Organisation
from baton.governance.models import Board, BusinessCase, Decision


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_demo_shows_every_state_of_the_gate_and_the_register():
    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    assert set(Board.objects.for_org(org).values_list("kind", flat=True)) == {"board", "committee"}
    assert all(b.members.exists() and b.meetings.exists() for b in Board.objects.for_org(org))
    cases = BusinessCase.objects.for_org(org)
    assert cases.filter(signed_off_at__isnull=False).count() == 1
    assert any(c.blockers_to_signing_off() and not c.is_signed_off for c in cases)
    decisions = Decision.objects.for_org(org)
    assert decisions.flagged().count() == 1
    assert decisions.exclude(engagement_influence="").exists()
    assert org.boards.first().meetings.filter(papers__isnull=False).exists() or any(
        m.papers.exists() for b in org.boards.all() for m in b.meetings.all()
    )
