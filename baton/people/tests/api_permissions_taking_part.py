"""Taking part's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py
gathers every area's `OPS` from `people/tests/api_permissions.py`, which takes these)."""

from baton.cycle.tests.test_api_permissions import Op

from ..models import Person
from ..testing_taking_part import make_opportunity, register

R = "/api/people"
MANAGERS_ONLY = ("priya", "bea", "larry", "pat", "nora")
INVITERS_ONLY = ("bea", "larry", "pat", "nora")
READERS_ONLY = ("pat", "nora")


def prepare(w) -> None:
    """A published opportunity linked to the world's activity, with a registration; a draft; Pat's
    own record."""
    p = w.p
    w.tp_opportunity = make_opportunity(p.org, by=p.ellie, activity=w.activity, title="Diabetes listening event")
    w.tp_draft = make_opportunity(p.org, by=p.ellie, published=False, title="Draft panel")
    w.tp_interest = register(w.tp_opportunity, name="Amira", email="amira@example.org")
    w.tp_person = w.tp_interest.person
    w.tp_own = Person.objects.filter(account=p.pat).first() or Person.objects.create(
        organisation=p.org, name="Pat Price", account=p.pat
    )


def _o(w):
    return w.tp_opportunity


OPS = {
    ("get", f"{R}/opportunities"): Op(
        lambda w: ("/people/opportunities", None),
        oscar="list",
        forbidden=READERS_ONLY,
        bad=lambda w: ("/people/opportunities?page=0", None),
    ),
    ("post", f"{R}/opportunities"): Op(
        lambda w: (
            "/people/opportunities",
            {"title": "Youth forum", "summary": "Young people advise us.", "where": "Online", "when": "Monthly"},
        ),
        ok=201,
        forbidden=MANAGERS_ONLY,
        oscar="elsewhere",
        bad=lambda w: ("/people/opportunities", {"title": " ", "summary": "x", "where": "x", "when": "x"}),
    ),
    ("get", f"{R}/opportunities/{{opportunity_id}}"): Op(
        lambda w: (f"/people/opportunities/{_o(w).pk}", None),
        forbidden=READERS_ONLY,
        bad=lambda w: ("/people/opportunities/0", None),
    ),
    ("patch", f"{R}/opportunities/{{opportunity_id}}"): Op(
        lambda w: (f"/people/opportunities/{_o(w).pk}", {"version": _o(w).version, "title": "Diabetes: listening"}),
        forbidden=MANAGERS_ONLY,
        bad=lambda w: (f"/people/opportunities/{_o(w).pk}", {"version": _o(w).version, "title": "x" * 201}),
    ),
    ("delete", f"{R}/opportunities/{{opportunity_id}}"): Op(
        lambda w: (f"/people/opportunities/{_o(w).pk}", None),
        forbidden=MANAGERS_ONLY,
        bad=lambda w: ("/people/opportunities/-1", None),
    ),
    ("post", f"{R}/opportunities/{{opportunity_id}}/publish"): Op(
        lambda w: (f"/people/opportunities/{w.tp_draft.pk}/publish", {"version": w.tp_draft.version}),
        forbidden=MANAGERS_ONLY,
        bad=lambda w: (f"/people/opportunities/{w.tp_draft.pk}/publish", {"version": -1}),
    ),
    ("post", f"{R}/opportunities/{{opportunity_id}}/unpublish"): Op(
        lambda w: (f"/people/opportunities/{_o(w).pk}/unpublish", {"version": _o(w).version}),
        forbidden=MANAGERS_ONLY,
        bad=lambda w: (f"/people/opportunities/{_o(w).pk}/unpublish", {"version": "x"}),
    ),
    ("get", f"{R}/opportunities/{{opportunity_id}}/interests"): Op(
        lambda w: (f"/people/opportunities/{_o(w).pk}/interests", None),
        forbidden=INVITERS_ONLY,
        bad=lambda w: (f"/people/opportunities/{_o(w).pk}/interests?status=maybe", None),
    ),
    ("post", f"{R}/interests/{{interest_id}}/invite"): Op(
        lambda w: (f"/people/interests/{w.tp_interest.pk}/invite", {}),
        forbidden=INVITERS_ONLY,
        bad=lambda w: (f"/people/interests/{w.tp_interest.pk}/invite", {"version": "x"}),
    ),
    ("post", f"{R}/interests/{{interest_id}}/not-selected"): Op(
        lambda w: (f"/people/interests/{w.tp_interest.pk}/not-selected", {}),
        forbidden=INVITERS_ONLY,
        bad=lambda w: (f"/people/interests/{w.tp_interest.pk}/not-selected", {"version": 0}),
    ),
    ("post", f"{R}/interests/{{interest_id}}/participation"): Op(
        lambda w: (f"/people/interests/{w.tp_interest.pk}/participation", {"role": "Participant"}),
        ok=201,
        forbidden=INVITERS_ONLY,
        bad=lambda w: (f"/people/interests/{w.tp_interest.pk}/participation", {"starts_on": "not a date"}),
    ),
    ("get", f"{R}/{{person_id}}/export"): Op(
        lambda w: (f"/people/{w.tp_person.pk}/export", None),
        forbidden=MANAGERS_ONLY,
        bad=lambda w: ("/people/0/export", None),
        audited=True,
    ),
    ("post", f"{R}/{{person_id}}/erase"): Op(
        lambda w: (f"/people/{w.tp_person.pk}/erase", None),
        forbidden=MANAGERS_ONLY,
        bad=lambda w: ("/people/-1/erase", None),
    ),
}
