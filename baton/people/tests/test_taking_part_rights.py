"""People's rights: an export of everything held (JSON and CSV; equality answers only in a
person's own export), and erasure on request: anonymised in place, every count and aggregate the
same after, and nothing personal left in any table or in the audit trail."""

import csv
import io
import json

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Count
from django.urls import reverse

from baton.core.models import ApiToken, AuditEvent
from baton.core.testing import refused

from .. import actions
from ..models import Attendance, ConsentEvent, EqualityRecord, Interest, Participation, Person
from ..testing_taking_part import make_activity_for, make_opportunity, register

pytestmark = pytest.mark.django_db

SECRETS = {
    "name": "Zebedee Quixotic",
    "email": "zebedee.quixotic@example.org",
    "phone": "07700 912345",
    "postcode": "ZZ9 9ZZ",
}


@pytest.fixture
def subject(personas):
    """A person who registered twice, was changed by staff, takes part, and has equality answers."""
    p = personas
    activity = make_activity_for(p.org, by=p.ellie)
    first = make_opportunity(p.org, by=p.ellie, activity=activity)
    interest = register(
        first,
        name=SECRETS["name"],
        email=SECRETS["email"],
        phone=SECRETS["phone"],
        message="I live at ZZ9 9ZZ with my mum.",
        language="Quenya",
    )
    register(make_opportunity(p.org, by=p.ellie), name=SECRETS["name"], email=SECRETS["email"])
    person = interest.person
    from baton.core.actions import change_record

    change_record(person, {"postcode": SECRETS["postcode"]}, by=p.ellie, action="update_person")
    actions.record_participation_from_interest(interest, by=p.ellie)
    EqualityRecord.objects.create(person=person, ethnic_category="A", sex="2", age_band="35")
    register(first, name="Other Person", email="other@example.org")
    gone = make_opportunity(p.org, by=p.ellie)
    register(gone, name=SECRETS["name"], email=SECRETS["email"], message="Ring me after my dialysis on Fridays.")
    actions.delete_opportunity(gone, by=p.ellie)  # the registration lives on in the deletion's audit event
    person.refresh_from_db()
    return person


def _aggregates(org):
    return {
        "people": Person.objects.for_org(org).count(),
        "participations": Participation.objects.for_org(org).count(),
        "attendance": Attendance.objects.for_org(org).count(),
        "interests": sorted(Interest.objects.for_org(org).values_list("status").annotate(n=Count("pk"))),
        "consents": sorted(
            ConsentEvent.objects.for_org(org).values_list("purpose", "given", "how").annotate(n=Count("pk"))
        ),
        "ethnicity": sorted(EqualityRecord.objects.for_org(org).values_list("ethnic_category").annotate(n=Count("pk"))),
        "by_level": sorted(Participation.objects.for_org(org).values_list("role_level").annotate(n=Count("pk"))),
    }


def _everywhere(needle: str) -> list[str]:
    """Every text or JSON value of every model that contains `needle` (ignoring case)."""
    found = []
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model._default_manager.values_list("pk", *text_fields):
            for name, value in zip(text_fields, row[1:]):
                text = json.dumps(value) if not isinstance(value, str) else value
                if value and needle.lower() in text.lower():
                    found.append(f"{model._meta.label}.{name} (pk {row[0]})")
    return found


def test_erasure_keeps_every_aggregate_and_leaves_nothing_personal(personas, subject):
    p = personas
    for value in SECRETS.values():
        assert _everywhere(value), f"the fixture should have stored {value}"
    assert _everywhere("dialysis on Fridays")  # in the deleted opportunity's audit event
    before = _aggregates(p.org)
    event = actions.erase_person(subject, by=p.ellie)
    assert _aggregates(p.org) == before
    for value in [*SECRETS.values(), "Quenya", "my mum", "dialysis on Fridays"]:
        assert _everywhere(value) == [], value
    subject.refresh_from_db()
    assert subject.name == "Erased person" and subject.erased_at is not None and subject.account is None
    assert EqualityRecord.objects.get(person=subject).ethnic_category == "A"  # an anonymous code, counted
    # The erasure is itself audited: who erased person N, when, without the erased data.
    assert (event.actor, event.action, event.model, event.object_id) == (
        p.ellie,
        "erase_person",
        "people.person",
        str(subject.pk),
    )
    assert event.before is None and set(event.after) == {"erased_at", "erased_by"}


def test_erasing_twice_is_refused(personas, subject):
    actions.erase_person(subject, by=personas.ellie)
    assert refused(actions.erase_person, subject, by=personas.ellie, apps=("people",)) == [
        "This person has already been erased."
    ]


def test_erasure_page_says_it_cannot_be_undone_and_is_for_leads(personas, subject, signed_in):
    url = reverse("people:person_erase", args=[subject.pk])
    assert "cannot be undone" in signed_in(personas.ellie).get(url).content.decode()
    assert signed_in(personas.priya).post(url, {}).status_code == 403
    assert signed_in(personas.oscar).get(url).status_code == 404
    response = signed_in(personas.ellie).post(url, {})
    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.erased_at is not None


def test_a_staff_export_has_everything_but_equality_answers(personas, subject, signed_in):
    client = signed_in(personas.ellie)
    url = reverse("people:person_export", args=[subject.pk])
    data = json.loads(client.get(url + "?format=json").content)
    assert data["person"]["email"] == SECRETS["email"]
    assert len(data["interests"]) == 2 and len(data["participations"]) == 1 and len(data["consents"]) >= 4
    assert "equality" not in data
    rows = list(csv.reader(io.StringIO(client.get(url + "?format=csv").content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "item", "field", "value"]
    assert ["person", "1", "email", SECRETS["email"]] in rows


def test_pat_sees_and_exports_only_his_own_data_with_his_equality_answers(personas, subject, signed_in):
    p = personas
    own = Person.objects.create(organisation=p.org, name="Pat Price", email="pat@example.org", account=p.pat)
    EqualityRecord.objects.create(person=own, ethnic_category="B")
    client = signed_in(p.pat)
    page = client.get(reverse("people:my_data")).content.decode()
    assert "Pat Price" in page and SECRETS["name"] not in page
    data = json.loads(client.get(reverse("people:my_data_export") + "?format=json").content)
    assert data["person"]["name"] == "Pat Price" and data["equality"]["ethnic_category"] == "B"
    assert client.get(reverse("people:person_rights", args=[own.pk])).status_code == 200
    assert client.get(reverse("people:person_export", args=[subject.pk])).status_code == 403
    assert client.get(reverse("people:person_rights", args=[subject.pk])).status_code == 403
    assert signed_in(p.oscar).get(reverse("people:person_export", args=[own.pk])).status_code == 404


def test_someone_with_no_record_gets_an_empty_export(personas, signed_in):
    response = signed_in(personas.larry).get(reverse("people:my_data_export"))
    assert response.json()["person"] is None
    assert "holds no record of you" in signed_in(personas.larry).get(reverse("people:my_data")).content.decode()


def test_an_erased_persons_old_audit_events_keep_their_shape(personas, subject):
    events = AuditEvent.objects.filter(model="people.person", object_id=str(subject.pk)).count()
    actions.erase_person(subject, by=personas.ellie)
    assert AuditEvent.objects.filter(model="people.person", object_id=str(subject.pk)).count() == events + 1
    created = AuditEvent.objects.filter(model="people.person", object_id=str(subject.pk), verb="create").first()
    assert created.after["name"] == "[erased]" and created.after["email"] == "[erased]"


def test_every_copy_of_a_persons_data_is_audited_without_the_data(personas, subject, signed_in):
    """A subject access copy is itself a processing of personal data: who took it, when, in which
    format is on the trail; what it held is not."""
    p = personas
    url = reverse("people:person_export", args=[subject.pk])
    signed_in(p.ellie).get(url + "?format=csv")
    _token, raw = ApiToken.issue(p.ellie, "test")
    signed_in(p.ellie).get(f"/api/people/{subject.pk}/export", HTTP_AUTHORIZATION=f"Bearer {raw}")
    events = AuditEvent.objects.filter(action="export_person_data", object_id=str(subject.pk)).order_by("pk")
    assert [(e.actor, e.after["format"]) for e in events] == [(p.ellie, "csv"), (p.ellie, "json")]
    for event in events:
        assert SECRETS["email"] not in json.dumps(event.after) and event.before is None
    assert signed_in(p.ellie).get(url + "?format=pdf").status_code == 404
    assert events.count() == 2  # an unknown format is refused before anything is recorded


def test_the_people_register_export_is_audited(personas, signed_in):
    client = signed_in(personas.ellie)
    b"".join(client.get(reverse("people:people_export") + "?format=csv").streaming_content)
    client.get(reverse("people:people_export") + "?format=xlsx")
    events = AuditEvent.objects.filter(action="export_people_register").order_by("pk")
    assert [(e.actor, e.organisation, e.after) for e in events] == [
        (personas.ellie, personas.org, {"format": "csv"}),
        (personas.ellie, personas.org, {"format": "xlsx"}),
    ]
    assert signed_in(personas.priya).get(reverse("people:people_export")).status_code == 403
    assert events.count() == 2
