"""The demo: a first-time user of `scripts/demo` finds activities assessed (some with patient
partners), some left to assess, and the hub's measure of the part "assessments" filled in;
loading it twice adds nothing."""

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from baton.core import registry
from baton.core.demo import load_demo
from baton.core.models import Organisation, User

from ..hub import assessment_work, assessments_status
from ..models import ActivityAssessment


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_demo_has_assessments_and_activities_left_to_assess():
    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    assessed = ActivityAssessment.objects.for_org(org)
    assert assessed.count() >= 3
    assert assessed.filter(with_patient_partners=True).exists()
    assert {a.outcomes_rating for a in assessed} >= {1, 3, 4}
    ctx = registry.HubContext(org, User.objects.get(username="ellie"), timezone.localdate(), timezone.now())
    (work,) = assessment_work(ctx)
    assert work.count >= 1
    assert "assessed" in assessments_status(ctx).headline
    n = assessed.count()
    load_demo(password="demo-password-123")
    assert ActivityAssessment.objects.for_org(org).count() == n
