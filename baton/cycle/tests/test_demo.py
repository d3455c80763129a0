import pytest
from django.test.utils import override_settings

from baton.core.demo import load_demo
from baton.core.models import Organisation, User
from baton.cycle import stages
from baton.cycle.models import Handover, InsightItem, Programme, StageRun


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_demo_has_every_stage_a_sign_in_per_role_and_dropped_batons():
    logins = load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    assert {role for _u, roles, _n in logins for role in roles.split(" and ")} >= {
        "Engagement lead",
        "Programme lead",
        "Lay member for involvement",
        "Board member",
        "Patient partner",
        "System administrator",
    }
    assert org.programmes.count() == 8
    live = set(StageRun.objects.for_org(org).exclude(status="closed").values_list("stage", flat=True))
    assert live >= set(stages.KEYS)
    assert Handover.objects.overdue(org).exists()
    assert StageRun.objects.for_org(org).closed_without_handover().exists()
    assert InsightItem.objects.for_org(org).dropped().exists()
    assert Programme.objects.for_org(org).published().exists()
    assert Programme.objects.for_org(org).filter(published_at__isnull=True).exists()  # drafts stay private
    assert InsightItem.objects.for_org(org).filter(status="answered").exclude(resolution="").exists()
    # Chris works for two organisations and chooses at sign-in.
    assert User.objects.get(username="chris").memberships.count() == 2
    # Running it again changes nothing.
    load_demo(password="demo-password-123")
    assert org.programmes.count() == 8
