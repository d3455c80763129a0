import pytest
from django.test.utils import override_settings

from baton.core.demo import load_demo
from baton.core.models import Organisation
from baton.insight import bank
from baton.insight.models import FeedbackComment, FeedbackTheme


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_demo_gives_the_bank_comments_with_themes_to_find_beside_the_cycles_insight():
    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    # The imported FFT export (320) and patient insight's examples; the bank adds its 60 only where
    # there is no feedback.
    made = FeedbackComment.objects.filter(organisation=org).count()
    assert made >= 320
    assert FeedbackTheme.objects.filter(organisation=org).exists()
    found = bank.search(org, "staff")
    assert found.comments_found > 0
    assert bank.search(org, "", bank.Filters(kind=bank.ITEM)).items_found > 0
    load_demo(password="demo-password-123")
    assert FeedbackComment.objects.filter(organisation=org).count() == made
