"""The partner pages: who reads, who keeps them, filters, bad input, refusals, and query counts
that do not grow with the data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baton.core.testing import queries_for
from baton.cycle.testing import make_programme

from ..models import CommsItem, Dialogue, FormatRequest, Partner, Promise
from ..testing import (
    make_comms_item,
    make_contact,
    make_dialogue,
    make_format_request,
    make_partner,
    make_promise,
    partner_type,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_the_register_filters_by_type_owner_and_health(personas, programme, signed_in):
    p = personas
    healthwatch = make_partner(p.org, by=p.ellie, name="Healthwatch NR", type_key="healthwatch")
    make_dialogue(healthwatch, programme, by=p.ellie)
    make_partner(p.org, by=p.ellie, name="Carers Centre", type_key="carers", owner=p.priya)
    make_partner(p.org, by=p.ellie, name="Council team", type_key="local_authority", owner=None)
    make_partner(p.other_org, by=p.oscar, name="Their Healthwatch")
    client = signed_in(p.bea)
    url = reverse("relationships:partner_list")

    def names(query=""):
        html = client.get(url + query).content.decode()
        return {n for n in ("Healthwatch NR", "Carers Centre", "Council team", "Their Healthwatch") if n in html}

    assert names() == {"Healthwatch NR", "Carers Centre", "Council team"}
    assert names(f"?type={partner_type('carers').pk}") == {"Carers Centre"}
    assert names(f"?owner={p.priya.pk}") == {"Carers Centre"}
    assert names("?owner=none") == {"Council team"}
    assert names("?health=flagged") == {"Carers Centre", "Council team"}
    assert names("?health=quiet") == {"Carers Centre", "Council team"}
    assert names("?health=unowned") == {"Council team"}
    assert names("?health=overdue") == set()
    assert names("?type=x&owner=y&health=z") == {"Healthwatch NR", "Carers Centre", "Council team"}
    html = client.get(url).content.decode()
    assert "No contact recorded yet" in html and "Nobody owns this relationship" in html
    assert "Add a partner" not in html  # Bea reads only


def test_a_patient_partner_is_refused_the_staff_pages_and_oscar_sees_nothing(personas, programme, signed_in):
    p = personas
    partner = make_partner(p.org, by=p.ellie)
    for url in (
        reverse("relationships:partner_list"),
        reverse("relationships:partner_detail", args=[partner.pk]),
        reverse("relationships:request_list"),
        reverse("relationships:comms_index"),
        reverse("relationships:programme_dialogue", args=[programme.pk]),
    ):
        assert signed_in(p.pat).get(url).status_code == 403, url
    assert signed_in(p.oscar).get(reverse("relationships:partner_detail", args=[partner.pk])).status_code == 404
    assert signed_in(p.nora).get(reverse("relationships:partner_detail", args=[partner.pk])).status_code == 200
    assert "Partners" not in signed_in(p.pat).get(reverse("hub:index")).content.decode().split("<main")[0]


def test_the_lead_adds_a_partner_and_bad_input_is_said_plainly(personas, signed_in):
    p = personas
    client = signed_in(p.priya)
    data = {"name": "Riverside Mind", "type": partner_type("vcse").pk, "ods_code": "8hv48", "owner": p.priya.pk}
    response = client.post(reverse("relationships:partner_create"), data)
    assert response.status_code == 302
    partner = Partner.objects.get()
    assert (partner.ods_code, partner.owner) == ("8HV48", p.priya)
    again = client.post(reverse("relationships:partner_create"), {**data, "name": "riverside MIND"}).content.decode()
    assert "There is already a partner with this name" in again
    bad = client.post(
        reverse("relationships:partner_create"), {"name": "X", "type": partner_type("vcse").pk, "ods_code": "R-1"}
    ).content.decode()
    assert "An ODS code is 3 to 6 capital letters and digits" in bad
    empty = client.post(reverse("relationships:partner_create"), {}).content.decode()
    assert "Enter the partner&#39;s name" in empty and "nhsuk-error-summary" in empty
    assert Partner.objects.count() == 1


def test_logging_a_call_with_a_promise_and_recording_it_kept(personas, programme, signed_in):
    p = personas
    partner = make_partner(p.org, by=p.ellie, name="Carers Centre", type_key="carers")
    contact = make_contact(partner, by=p.ellie, name="Margaret Doyle")
    client = signed_in(p.priya)
    url = reverse("relationships:dialogue_create", args=[partner.pk])
    form = client.get(url + f"?programme={programme.pk}&stage=plan").content.decode()
    assert "Margaret Doyle" in form and "What we promised" in form
    data = {
        "programme": programme.pk,
        "stage": "plan",
        "kind": "call",
        **_date("happened_on", TODAY),
        "summary": "Talked about evening sessions.",
        "staff": [p.priya.pk],
        "contacts": [contact.pk],
        "promise": "Send the dates",
    }
    missing = client.post(url, data).content.decode()
    assert "Enter the date the promise is due by" in missing and not Dialogue.objects.exists()
    future = client.post(url, {**data, **_date("happened_on", TODAY + timedelta(days=1))}).content.decode()
    assert "The date cannot be in the future" in future
    response = client.post(url, {**data, **_date("promise_due_on", TODAY - timedelta(days=1))})
    assert response.status_code == 302
    entry = Dialogue.objects.get()
    promise = Promise.objects.get()
    assert (entry.stage, entry.kind, list(entry.contacts.all())) == ("plan", "call", [contact])
    page = client.get(reverse("relationships:partner_detail", args=[partner.pk])).content.decode()
    assert (
        "One promise overdue" in page
        and "Send the dates" in page
        and "Diabetes pathway: Plan" in page
        and "Develop priorities" in page
    )
    edit = reverse("relationships:promise_edit", args=[promise.pk])
    kept = client.post(
        edit, {"text": "Send the dates", **_date("due_on", promise.due_on), "outcome": "kept", "version": 1}
    )
    assert kept.status_code == 302, kept.content.decode().split("error-summary__list")[-1][:600]
    page = client.get(reverse("relationships:partner_detail", args=[partner.pk])).content.decode()
    assert "One promise overdue" not in page and "Kept on" in page
    log = client.get(reverse("relationships:programme_dialogue", args=[programme.pk]) + "?stage=plan").content.decode()
    assert "Carers Centre" in log and "Talked about evening sessions." in log


def test_deleting_a_partner_with_dialogue_is_refused_with_the_reason(personas, programme, signed_in):
    p = personas
    partner = make_partner(p.org, by=p.ellie, name="Carers")
    make_dialogue(partner, programme, by=p.ellie)
    response = signed_in(p.ellie).post(reverse("relationships:partner_delete", args=[partner.pk]), {})
    assert response.status_code == 409 and "One dialogue entry is recorded with Carers" in response.content.decode()
    assert signed_in(p.bea).post(reverse("relationships:partner_delete", args=[partner.pk]), {}).status_code == 403


def test_communication_plan_and_format_requests(personas, programme, signed_in):
    p = personas
    client = signed_in(p.ellie)
    url = reverse("relationships:comms_create", args=[programme.pk])
    data = {
        "audience": "Carers",
        "channel": "newsletter",
        **_date("planned_on", TODAY),
        "accessible_formats": "Easy read",
    }
    assert client.post(url, data).status_code == 302
    plan = client.get(reverse("relationships:comms_plan", args=[programme.pk])).content.decode()
    assert "Carers" in plan and "Newsletter" in plan and "Easy read" in plan
    request_url = reverse("relationships:request_create")
    bad = client.post(
        request_url,
        {"format": "language", "material": "Survey", **_date("requested_on", TODAY), **_date("due_on", TODAY)},
    ).content.decode()
    assert "Enter the language they asked for" in bad and "Choose who asked" in bad
    made = client.post(
        request_url,
        {
            "format": "easy_read",
            "material": "Survey",
            "requester_name": "Margaret",
            **_date("requested_on", TODAY - timedelta(days=9)),
            **_date("due_on", TODAY - timedelta(days=1)),
            "owner": p.ellie.pk,
        },
    )
    assert made.status_code == 302
    found = FormatRequest.objects.get()
    listed = client.get(reverse("relationships:request_list") + "?show=overdue").content.decode()
    assert "Overdue" in listed and "Survey" in listed
    sent = client.post(reverse("relationships:request_fulfil", args=[found.pk]), {"version": found.version})
    assert sent.status_code == 302 and FormatRequest.objects.get().fulfilled_on == TODAY
    again = client.post(reverse("relationships:request_fulfil", args=[found.pk]), {})
    assert again.status_code == 409 and "already fulfilled" in again.content.decode()
    assert CommsItem.objects.count() == 1


def _grow(p, programme, n):
    for i in range(n):
        partner = make_partner(p.org, by=p.ellie, owner=p.priya if i % 2 else None)
        contact = make_contact(partner, by=p.ellie)
        entry = make_dialogue(
            partner, programme, ("needs", "plan")[i % 2], by=p.ellie, staff=[p.ellie], contacts=[contact]
        )
        make_promise(entry, by=p.ellie, due_on=TODAY - timedelta(days=i))
        make_comms_item(programme, by=p.ellie)
        make_format_request(p.org, by=p.ellie, due_on=TODAY + timedelta(days=i))


def test_no_list_grows_its_queries_with_the_data(personas, programme, signed_in):
    p = personas
    other = make_programme(p.org, by=p.ellie, name="Second")
    _grow(p, programme, 2)
    partner = Partner.objects.for_org(p.org).first()
    client = signed_in(p.ellie)
    urls = [
        reverse("relationships:partner_list"),
        reverse("relationships:partner_list") + "?health=flagged",
        reverse("relationships:partner_detail", args=[partner.pk]),
        reverse("relationships:programme_dialogue", args=[programme.pk]),
        reverse("relationships:programme_dialogue", args=[programme.pk]) + "?stage=needs",
        reverse("relationships:comms_index"),
        reverse("relationships:comms_plan", args=[programme.pk]),
        reverse("relationships:request_list"),
        reverse("relationships:request_list") + "?show=all",
        reverse("hub:index"),
    ]
    few = [queries_for(client, url) for url in urls]
    _grow(p, programme, 12)
    _grow(p, other, 3)
    for _ in range(6):  # the first partner's own page grows too
        make_dialogue(partner, programme, by=p.ellie, staff=[p.priya], contacts=[make_contact(partner, by=p.ellie)])
    many = [queries_for(client, url) for url in urls]
    assert few == many


def test_contacts_dialogue_comms_and_requests_are_changed_and_deleted_from_their_pages(personas, programme, signed_in):
    from baton.core.models import AuditEvent

    from ..models import Contact
    from ..testing import make_patient_leader

    p = personas
    client = signed_in(p.priya)
    partner = make_partner(p.org, by=p.ellie, name="Patient Leaders", type_key="patient_leaders")
    leader = make_patient_leader(p.org, name="Daniel Okafor")
    add = reverse("relationships:contact_create", args=[partner.pk])
    not_leader = client.post(add, {"name": "Daniel", "person": leader.pk}).content.decode()
    assert "Only a patient leader is linked to the people register" in not_leader
    assert client.post(add, {"name": "Daniel", "patient_leader": "on", "person": leader.pk}).status_code == 302
    contact = Contact.objects.get()
    assert contact.person == leader
    page = client.get(reverse("relationships:partner_detail", args=[partner.pk])).content.decode()
    assert "Patient leader (in the people register)" in page
    edit = reverse("relationships:contact_edit", args=[contact.pk])
    assert client.post(edit, {"name": "Daniel Okafor", "role": "Chair", "version": 1}).status_code == 302
    assert Contact.objects.get().role == "Chair"

    entry = make_dialogue(partner, programme, by=p.ellie, contacts=[contact])
    form = client.get(reverse("relationships:dialogue_edit", args=[entry.pk])).content.decode()
    assert "Daniel Okafor" in form and "What we promised" not in form
    data = {
        "programme": programme.pk,
        "stage": "monitor",
        "kind": "email",
        **_date("happened_on", entry.happened_on),
        "summary": "Changed.",
        "version": 1,
    }
    assert client.post(reverse("relationships:dialogue_edit", args=[entry.pk]), data).status_code == 302
    entry.refresh_from_db()
    assert (entry.stage, entry.kind, list(entry.contacts.all())) == ("monitor", "email", [])
    promise_url = reverse("relationships:promise_create", args=[entry.pk])
    assert client.post(promise_url, {"text": "Call back", **_date("due_on", TODAY)}).status_code == 302
    assert client.post(reverse("relationships:dialogue_delete", args=[entry.pk]), {}).status_code == 302
    assert not Dialogue.objects.exists() and not Promise.objects.exists()
    assert AuditEvent.objects.filter(action="delete_partner_dialogue").exists()

    item = make_comms_item(programme, by=p.ellie)
    changed = {"audience": "Young carers", "channel": "social", **_date("planned_on", TODAY), "version": 1}
    assert client.post(reverse("relationships:comms_edit", args=[item.pk]), changed).status_code == 302
    assert CommsItem.objects.get().get_channel_display() == "Social media"
    assert client.post(reverse("relationships:comms_delete", args=[item.pk]), {}).status_code == 302
    request = make_format_request(p.org, by=p.ellie)
    assert client.post(reverse("relationships:request_delete", args=[request.pk]), {}).status_code == 302
    assert not CommsItem.objects.exists() and not FormatRequest.objects.exists()
    assert client.post(reverse("relationships:contact_delete", args=[contact.pk]), {}).status_code == 302
    assert client.post(reverse("relationships:partner_delete", args=[partner.pk]), {}).status_code == 302
    assert not Partner.objects.exists()
    # Oscar cannot reach any of it, even to post.
    theirs = make_partner(p.org, by=p.ellie)
    assert signed_in(p.oscar).post(reverse("relationships:partner_edit", args=[theirs.pk]), {}).status_code == 404
