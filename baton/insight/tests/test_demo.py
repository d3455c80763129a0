import pytest
from django.test.utils import override_settings

from baton.core.demo import load_demo
from baton.core.models import Organisation

from ..models import FeedbackComment, FeedbackImport, FeedbackTheme


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_demo_imports_its_fft_export_through_the_importer_labelled_by_the_engine():
    from django.utils import timezone

    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    imp = FeedbackImport.objects.for_org(org).get()
    assert imp.status == "done", imp.problems
    assert (imp.rows_added, imp.rows_repeated) == (320, 0)
    comments = FeedbackComment.objects.for_org(org).filter(feedback_import=imp)  # patient insight adds its own too
    assert comments.count() == 320
    assert comments.filter(needs_check=True).exists() and comments.filter(needs_check=False).exists()
    assert FeedbackTheme.objects.filter(organisation=org).values("code").distinct().count() > 10
    newest = comments.order_by("-received_on").first()
    assert newest is not None and (timezone.localdate() - newest.received_on).days == 3
    made = FeedbackComment.objects.count()
    load_demo(password="demo-password-123")
    assert FeedbackComment.objects.count() == made
