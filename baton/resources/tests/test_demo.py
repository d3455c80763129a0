import pytest
from django.test.utils import override_settings

from baton.core.demo import load_demo
from baton.core.models import Organisation

from ..models import Budget, Claim, PaymentExport, RateCard, SpendItem
from ..spend import median_turnaround


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_demo_has_rate_cards_budgets_spend_and_claims_in_every_state():
    from django.utils import timezone

    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    assert RateCard.objects.for_org(org).count() == 2
    assert Budget.objects.for_org(org).count() >= 2
    assert SpendItem.objects.for_org(org).filter(category="training").exists()
    statuses = set(Claim.objects.filter(organisation=org).values_list("status", flat=True))
    assert statuses == {"submitted", "queried", "refused", "paid"}
    assert PaymentExport.objects.for_org(org).count() == 1
    assert median_turnaround(org, timezone.localdate()) is not None
    claims = Claim.objects.count()
    load_demo(password="demo-password-123")
    assert Claim.objects.count() == claims
