"""Learning's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py gathers
every area's `OPS` and runs `prepare(world)` first). A patient partner reads only his own learning
(403 on the registers); keepers (engagement leads, admins) keep offers and requirements; recorders
(programme leads too) record learning and support requests; anyone holding a role asks for support
for themselves."""

from datetime import timedelta

from django.utils import timezone

from baton.cycle.tests.test_api_permissions import Op

from ..testing import make_need, make_offer, make_person, make_record, make_requirement, make_role_kind

R = "/api/learning"
READERS_NOT = ("pat",)
KEEPERS_ONLY = ("priya", "bea", "larry", "pat", "nora", "fiona")
RECORDERS_ONLY = ("bea", "larry", "pat", "nora", "fiona")
DAY = str(timezone.localdate() - timedelta(days=3))


def prepare(w) -> None:
    """An offer for both audiences (required of tender panel members, done by Sam Jones), a staff
    offer no role requires yet, a spare offer nothing names, and an open support request."""
    p = w.p
    w.offer = make_offer(p.org, by=p.ellie, title="Procurement induction", audience="both")
    w.offer2 = make_offer(p.org, by=p.ellie, title="Board induction", audience="staff")
    w.spare_offer = make_offer(p.org, by=p.ellie, title="Entered in error")
    w.kind = make_role_kind(p.org, by=p.ellie, name="Tender panel member")
    w.requirement = make_requirement(p.org, w.offer, by=p.ellie, participation_role=w.kind)
    w.person = make_person(p.org, "Sam Jones")
    w.record = make_record(p.org, w.offer, by=p.ellie, person=w.person)
    w.need = make_need(p.org, by=p.ellie, person=w.person)


OPS = {
    ("get", f"{R}/offers"): Op(
        lambda w: ("/learning/offers", None),
        oscar="list",
        forbidden=READERS_NOT,
        bad=lambda w: ("/learning/offers?audience=nobody", None),
    ),
    ("post", f"{R}/offers"): Op(
        lambda w: ("/learning/offers", {"title": "Chairing skills", "kind": "coaching", "audience": "public"}),
        ok=201,
        forbidden=KEEPERS_ONLY,
        oscar="elsewhere",
        bad=lambda w: ("/learning/offers", {"title": " ", "kind": "coaching"}),
    ),
    ("get", f"{R}/offers/{{offer_id}}"): Op(
        lambda w: (f"/learning/offers/{w.offer.pk}", None),
        forbidden=READERS_NOT,
        bad=lambda w: ("/learning/offers/0", None),
    ),
    ("patch", f"{R}/offers/{{offer_id}}"): Op(
        lambda w: (f"/learning/offers/{w.offer.pk}", {"version": 1, "provider": "NHS England"}),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: (f"/learning/offers/{w.offer.pk}", {"version": 1, "title": "x" * 201}),
    ),
    ("delete", f"{R}/offers/{{offer_id}}"): Op(
        lambda w: (f"/learning/offers/{w.spare_offer.pk}", None),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: ("/learning/offers/-1", None),
    ),
    ("get", f"{R}/role-kinds"): Op(
        lambda w: ("/learning/role-kinds", None),
        oscar="list",
        forbidden=READERS_NOT,
        bad=lambda w: ("/learning/role-kinds?page=0", None),
    ),
    ("get", f"{R}/requirements"): Op(
        lambda w: ("/learning/requirements", None),
        oscar="list",
        forbidden=READERS_NOT,
        bad=lambda w: ("/learning/requirements?page=0", None),
    ),
    ("post", f"{R}/requirements"): Op(
        lambda w: (
            "/learning/requirements",
            {"offer_id": w.offer2.pk, "staff_role": "board_member", "renew_months": 12},
        ),
        ok=201,
        forbidden=KEEPERS_ONLY,
        oscar="choice:offer_id",
        bad=lambda w: ("/learning/requirements", {"offer_id": 0, "staff_role": "board_member"}),
    ),
    ("delete", f"{R}/requirements/{{requirement_id}}"): Op(
        lambda w: (f"/learning/requirements/{w.requirement.pk}", None),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: ("/learning/requirements/0", None),
    ),
    ("get", f"{R}/records"): Op(
        lambda w: ("/learning/records", None),
        oscar="list",
        forbidden=READERS_NOT,
        bad=lambda w: ("/learning/records?offer_id=0", None),
    ),
    ("post", f"{R}/records"): Op(
        lambda w: ("/learning/records", {"offer_id": w.offer.pk, "person_id": w.person.pk, "completed_on": DAY}),
        ok=201,
        forbidden=RECORDERS_ONLY,
        oscar="choice:offer_id",
        bad=lambda w: ("/learning/records", {"offer_id": w.offer.pk, "person_id": w.person.pk, "completed_on": "soon"}),
    ),
    ("delete", f"{R}/records/{{record_id}}"): Op(
        lambda w: (f"/learning/records/{w.record.pk}", None),
        forbidden=KEEPERS_ONLY,
        bad=lambda w: ("/learning/records/0", None),
    ),
    ("get", f"{R}/needs"): Op(
        lambda w: ("/learning/needs", None),
        oscar="list",
        forbidden=READERS_NOT,
        bad=lambda w: ("/learning/needs?status=nope", None),
    ),
    ("post", f"{R}/needs"): Op(
        lambda w: ("/learning/needs", {"what": "Coaching", "person_id": w.person.pk, "offer_id": w.offer.pk}),
        ok=201,
        forbidden=RECORDERS_ONLY,
        oscar="choice:offer_id",
        bad=lambda w: ("/learning/needs", {"what": "", "person_id": w.person.pk}),
    ),
    ("post", f"{R}/needs/{{need_id}}/close"): Op(
        lambda w: (f"/learning/needs/{w.need.pk}/close", {"version": 1, "status": "met", "outcome": "Booked."}),
        forbidden=RECORDERS_ONLY,
        bad=lambda w: (f"/learning/needs/{w.need.pk}/close", {"version": 1, "status": "maybe"}),
    ),
    ("get", f"{R}/me"): Op(
        lambda w: ("/learning/me", None),
        oscar="elsewhere",
        bad=lambda w: ("/learning/needs?status=nope", None),
    ),
    ("post", f"{R}/me/needs"): Op(
        lambda w: ("/learning/me/needs", {"what": "Coaching on chairing"}),
        ok=201,
        forbidden=("nora",),
        oscar="elsewhere",
        bad=lambda w: ("/learning/me/needs", {"what": ""}),
    ),
    ("get", f"{R}/capacity"): Op(
        lambda w: ("/learning/capacity", None),
        oscar="elsewhere",
        forbidden=READERS_NOT,
        bad=lambda w: ("/learning/records?person_id=0", None),
    ),
}
