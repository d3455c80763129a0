import pytest
from django.test.utils import override_settings

from baton.core.demo import load_demo
from baton.core.models import Organisation, User

from ..models import Attendance, ConsentEvent, EqualityRecord, Participation, Person


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_demo_has_about_forty_people_with_needs_consent_equality_and_participation():
    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    people = Person.objects.for_org(org)
    assert 38 <= people.count() <= 45
    assert people.with_needs().count() >= 15
    assert ConsentEvent.objects.filter(person__organisation=org, given=False).exists()
    assert EqualityRecord.objects.filter(person__organisation=org).count() >= 20
    assert Participation.objects.filter(person__organisation=org, activity__isnull=False).exists()
    pat = people.get(account=User.objects.get(username="pat"))
    assert pat.name == "Pat Price"
    if Participation.objects.filter(person__organisation=org, structure__isnull=False).exists():
        assert Attendance.objects.filter(person__organisation=org).exists()  # with the structures demo
    load_demo(password="demo-password-123")
    assert Person.objects.for_org(org).count() == people.count()
