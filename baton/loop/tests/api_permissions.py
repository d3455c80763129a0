"""The loop's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py gathers
every area's `OPS` and runs `prepare(world)` first). A patient partner reads none of it (403), as
on the pages; lay and board members read; the engagement lead and the programme's lead write."""

from datetime import timedelta

from django.utils import timezone

from baton.cycle.tests.test_api_permissions import WRITERS_ONLY, Op

from ..testing import make_commitment, respond

R = "/api/loop/commitments"
READERS_NOT = ("pat",)
DUE = str(timezone.localdate() + timedelta(days=20))


def prepare(w) -> None:
    """A commitment waiting for its response (owner Priya) and one answered, not yet published,
    both from the world's insight item."""
    p = w.p
    w.commitment = make_commitment(w.programme, by=p.ellie, insight_items=[w.insight], owner=p.priya)
    w.answered = respond(make_commitment(w.programme, by=p.ellie, insight_items=[w.insight]), by=p.ellie)


def _new(w, **overrides):
    body = {
        "programme_id": w.programme.pk,
        "insight_item_ids": [w.insight.pk],
        "will_do": "Pilot evening clinics",
        "owner_id": w.p.priya.pk,
        "due_on": DUE,
    }
    return ("/loop/commitments", {**body, **overrides})


OPS = {
    ("get", R): Op(
        lambda w: ("/loop/commitments", None),
        oscar="list",
        forbidden=READERS_NOT,
        bad=lambda w: ("/loop/commitments?state=late", None),
    ),
    ("post", R): Op(
        _new,
        ok=201,
        forbidden=WRITERS_ONLY,
        oscar="choice:programme_id",
        bad=lambda w: _new(w, will_do=""),
    ),
    ("get", f"{R}/{{commitment_id}}"): Op(
        lambda w: (f"/loop/commitments/{w.commitment.pk}", None),
        forbidden=READERS_NOT,
        bad=lambda w: ("/loop/commitments/0", None),
    ),
    ("patch", f"{R}/{{commitment_id}}"): Op(
        lambda w: (f"/loop/commitments/{w.commitment.pk}", {"version": w.commitment.version, "will_do": "Changed"}),
        forbidden=WRITERS_ONLY,
        bad=lambda w: (
            f"/loop/commitments/{w.commitment.pk}",
            {"version": w.commitment.version, "will_do": "x" * 2001},
        ),
    ),
    ("delete", f"{R}/{{commitment_id}}"): Op(
        lambda w: (f"/loop/commitments/{w.commitment.pk}", None),
        forbidden=WRITERS_ONLY,
        bad=lambda w: ("/loop/commitments/0", None),
    ),
    ("post", f"{R}/{{commitment_id}}/respond"): Op(
        lambda w: (
            f"/loop/commitments/{w.commitment.pk}/respond",
            {"version": w.commitment.version, "response": "not_adopted", "reason": "the lease is too dear."},
        ),
        forbidden=WRITERS_ONLY,
        bad=lambda w: (
            f"/loop/commitments/{w.commitment.pk}/respond",
            {"version": w.commitment.version, "response": "not_adopted", "reason": ""},
        ),
    ),
    ("post", f"{R}/{{commitment_id}}/publish"): Op(
        lambda w: (
            f"/loop/commitments/{w.answered.pk}/publish",
            {"version": w.answered.version, "public_said": "You said.", "public_did": "We did."},
        ),
        forbidden=WRITERS_ONLY,
        bad=lambda w: (
            f"/loop/commitments/{w.answered.pk}/publish",
            {"version": w.answered.version, "public_said": "", "public_did": "We did."},
        ),
    ),
}
