"""The partner register's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py
gathers every area's `OPS` and runs `prepare(world)` first). A patient partner reads none of it
(403), as on the pages."""

from datetime import timedelta

from django.utils import timezone

from baton.cycle.tests.test_api_permissions import WRITERS_ONLY, Op

from ..testing import (
    ensure_partner_types,
    make_comms_item,
    make_contact,
    make_dialogue,
    make_format_request,
    make_partner,
    make_promise,
)

R = "/api/relationships"
READERS_NOT = ("pat",)
KEEPERS_ONLY = WRITERS_ONLY  # bea, larry, pat, nora


def prepare(w) -> None:
    """Healthwatch (a contact, a dialogue entry on the world's programme with a promise), a comms
    item and a format request; and Carers with no dialogue, which may be deleted."""
    ensure_partner_types()
    p = w.p
    w.partner = make_partner(p.org, by=p.ellie, name="Healthwatch NR", type_key="healthwatch")
    w.spare = make_partner(p.org, by=p.ellie, name="Carers Centre", type_key="carers")
    w.contact = make_contact(w.partner, by=p.ellie)
    w.dialogue = make_dialogue(w.partner, w.programme, by=p.ellie)
    w.promise = make_promise(w.dialogue, by=p.ellie)
    w.comms = make_comms_item(w.programme, by=p.ellie)
    w.request = make_format_request(p.org, by=p.ellie)


TODAY = timezone.localdate()
DAY = str(TODAY - timedelta(days=1))

OPS = {
    ("get", f"{R}/types"): Op(
        lambda w: ("/relationships/types", None),
        oscar="elsewhere",
        forbidden=READERS_NOT,
        bad=lambda w: ("/relationships/partners?health=poorly", None),
    ),
    ("get", f"{R}/partners"): Op(
        lambda w: ("/relationships/partners", None),
        oscar="list",
        forbidden=READERS_NOT,
        bad=lambda w: ("/relationships/partners?health=poorly", None),
    ),
    ("post", f"{R}/partners"): Op(
        lambda w: ("/relationships/partners", {"name": "Age UK Riverside", "type_key": "vcse", "ods_code": "ab123"}),
        ok=201,
        forbidden=KEEPERS_ONLY,
        oscar="elsewhere",
        bad=lambda w: ("/relationships/partners", {"name": " ", "type_key": "vcse"}),
    ),
    ("get", f"{R}/partners/{{partner_id}}"): Op(
        lambda w: (f"/relationships/partners/{w.partner.pk}", None),
        forbidden=READERS_NOT,
        bad=lambda w: ("/relationships/partners/0", None),
    ),
    ("patch", f"{R}/partners/{{partner_id}}"): Op(
        lambda w: (f"/relationships/partners/{w.partner.pk}", {"version": 1, "owner_id": w.p.priya.pk}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"/relationships/partners/{w.partner.pk}", {"version": 1, "name": "x" * 201}),
    ),
    ("delete", f"{R}/partners/{{partner_id}}"): Op(
        lambda w: (f"/relationships/partners/{w.spare.pk}", None),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: ("/relationships/partners/-1", None),
    ),
    ("get", f"{R}/partners/{{partner_id}}/contacts"): Op(
        lambda w: (f"/relationships/partners/{w.partner.pk}/contacts", None),
        forbidden=READERS_NOT,
        bad=lambda w: ("/relationships/partners/0/contacts", None),
    ),
    ("post", f"{R}/partners/{{partner_id}}/contacts"): Op(
        lambda w: (f"/relationships/partners/{w.partner.pk}/contacts", {"name": "Hana Hussain", "role": "Chair"}),
        ok=201,
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"/relationships/partners/{w.partner.pk}/contacts", {"name": "Hana", "email": "not an email"}),
    ),
    ("patch", f"{R}/contacts/{{contact_id}}"): Op(
        lambda w: (f"/relationships/contacts/{w.contact.pk}", {"version": 1, "role": "Chief executive"}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"/relationships/contacts/{w.contact.pk}", {"version": 1, "name": ""}),
    ),
    ("delete", f"{R}/contacts/{{contact_id}}"): Op(
        lambda w: (f"/relationships/contacts/{w.contact.pk}", None),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: ("/relationships/contacts/0", None),
    ),
    ("get", f"{R}/dialogue"): Op(
        lambda w: ("/relationships/dialogue", None),
        oscar="list",
        forbidden=READERS_NOT,
        bad=lambda w: ("/relationships/dialogue?stage=design", None),
    ),
    ("post", f"{R}/dialogue"): Op(
        lambda w: (
            "/relationships/dialogue",
            {
                "partner_id": w.partner.pk,
                "programme_id": w.programme.pk,
                "stage": "needs",
                "kind": "call",
                "happened_on": DAY,
                "summary": "Talked about the survey.",
                "staff_ids": [w.p.priya.pk],
                "contact_ids": [w.contact.pk],
            },
        ),
        ok=201,
        forbidden=KEEPERS_ONLY,
        oscar="choice:partner_id",
        bad=lambda w: (
            "/relationships/dialogue",
            {
                "partner_id": w.partner.pk,
                "programme_id": w.programme.pk,
                "stage": "design",
                "happened_on": DAY,
                "summary": "x",
            },
        ),
    ),
    ("patch", f"{R}/dialogue/{{dialogue_id}}"): Op(
        lambda w: (f"/relationships/dialogue/{w.dialogue.pk}", {"version": 1, "summary": "Better summary."}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"/relationships/dialogue/{w.dialogue.pk}", {"version": 1, "kind": "letter"}),
    ),
    ("delete", f"{R}/dialogue/{{dialogue_id}}"): Op(
        lambda w: (f"/relationships/dialogue/{w.dialogue.pk}", None),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: ("/relationships/dialogue/0", None),
    ),
    ("get", f"{R}/promises"): Op(
        lambda w: ("/relationships/promises", None),
        oscar="list",
        forbidden=READERS_NOT,
        bad=lambda w: ("/relationships/promises?overdue=perhaps", None),
    ),
    ("post", f"{R}/promises"): Op(
        lambda w: ("/relationships/promises", {"dialogue_id": w.dialogue.pk, "text": "Send the notes", "due_on": DAY}),
        ok=201,
        forbidden=KEEPERS_ONLY,
        oscar="choice:dialogue_id",
        bad=lambda w: ("/relationships/promises", {"dialogue_id": w.dialogue.pk, "text": "", "due_on": DAY}),
    ),
    ("patch", f"{R}/promises/{{promise_id}}"): Op(
        lambda w: (f"/relationships/promises/{w.promise.pk}", {"version": 1, "outcome": "kept"}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"/relationships/promises/{w.promise.pk}", {"version": 1, "outcome": "forgotten"}),
    ),
    ("delete", f"{R}/promises/{{promise_id}}"): Op(
        lambda w: (f"/relationships/promises/{w.promise.pk}", None),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: ("/relationships/promises/0", None),
    ),
    ("get", f"{R}/comms"): Op(
        lambda w: ("/relationships/comms", None),
        oscar="list",
        forbidden=READERS_NOT,
        bad=lambda w: ("/relationships/comms?programme_id=0", None),
    ),
    ("post", f"{R}/comms"): Op(
        lambda w: (
            "/relationships/comms",
            {"programme_id": w.programme.pk, "audience": "Carers", "channel": "letter", "planned_on": DAY},
        ),
        ok=201,
        forbidden=KEEPERS_ONLY,
        oscar="choice:programme_id",
        bad=lambda w: (
            "/relationships/comms",
            {"programme_id": w.programme.pk, "audience": "Carers", "channel": "pigeon", "planned_on": DAY},
        ),
    ),
    ("patch", f"{R}/comms/{{item_id}}"): Op(
        lambda w: (f"/relationships/comms/{w.comms.pk}", {"version": 1, "languages": "Urdu"}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"/relationships/comms/{w.comms.pk}", {"version": 1, "planned_on": "1999-01-01"}),
    ),
    ("delete", f"{R}/comms/{{item_id}}"): Op(
        lambda w: (f"/relationships/comms/{w.comms.pk}", None),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: ("/relationships/comms/0", None),
    ),
    ("get", f"{R}/format-requests"): Op(
        lambda w: ("/relationships/format-requests", None),
        oscar="list",
        forbidden=READERS_NOT,
        bad=lambda w: ("/relationships/format-requests?show=late", None),
    ),
    ("post", f"{R}/format-requests"): Op(
        lambda w: (
            "/relationships/format-requests",
            {
                "format": "easy_read",
                "material": "The survey",
                "requester_name": "Margaret",
                "requested_on": DAY,
                "due_on": str(TODAY + timedelta(days=7)),
            },
        ),
        ok=201,
        forbidden=KEEPERS_ONLY,
        oscar="elsewhere",
        bad=lambda w: (
            "/relationships/format-requests",
            {"format": "smoke signals", "material": "x", "requester_name": "M", "requested_on": DAY, "due_on": DAY},
        ),
    ),
    ("patch", f"{R}/format-requests/{{request_id}}"): Op(
        lambda w: (f"/relationships/format-requests/{w.request.pk}", {"version": 1, "fulfilled_on": str(TODAY)}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"/relationships/format-requests/{w.request.pk}", {"version": 1, "fulfilled_on": "soon"}),
    ),
    ("delete", f"{R}/format-requests/{{request_id}}"): Op(
        lambda w: (f"/relationships/format-requests/{w.request.pk}", None),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: ("/relationships/format-requests/0", None),
    ),
}
