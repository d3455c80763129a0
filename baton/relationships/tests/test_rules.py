"""The rules of the partner register, at their boundaries: relationship health (90 days, a promise
due yesterday or today, nobody owning), the one definition shared by `health()` and `flagged()`,
the constraints' sentences, the blockers, and the hub's question (stage runs with no community
partner)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.core.errors import RuleBroken
from baton.core.testing import refused
from baton.cycle.models import StageRun
from baton.cycle.testing import make_activity, make_programme, make_run

from .. import actions
from ..models import QUIET_DAYS, FormatRequest, Partner, Promise, counted, runs_without_community_partner
from ..testing import make_dialogue, make_format_request, make_partner, make_promise

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
APPS = ("relationships",)


def _health(partner, today=TODAY):
    return Partner.objects.with_health(today).get(pk=partner.pk).health(today)


def _flagged(p, today=TODAY):
    return set(Partner.objects.for_org(p.org).flagged(today).values_list("name", flat=True))


def test_small_numbers_are_said_in_words():
    assert [counted(n, "promise", "promises") for n in (0, 1, 2, 10, 11)] == [
        "No promises",
        "One promise",
        "Two promises",
        "Ten promises",
        "11 promises",
    ]


def test_health_no_contact_boundary_is_90_days(personas, programme):
    p = personas
    partner = make_partner(p.org, by=p.ellie, name="Carers")
    assert _health(partner) == ["No contact recorded yet"]
    assert _flagged(p) == {"Carers"}
    entry = make_dialogue(partner, programme, by=p.ellie, happened_on=TODAY - timedelta(days=QUIET_DAYS))
    assert _health(partner) == [] and _flagged(p) == set()
    actions.update_dialogue(entry, {"happened_on": TODAY - timedelta(days=QUIET_DAYS + 1)}, by=p.ellie)
    last = TODAY - timedelta(days=QUIET_DAYS + 1)
    assert _health(partner) == [f"No contact in 90 days (last on {last.day} {last:%B %Y})"]
    assert _flagged(p) == {"Carers"}
    # The latest entry counts, not the first.
    make_dialogue(partner, programme, by=p.ellie, happened_on=TODAY)
    assert _health(partner) == [] and _flagged(p) == set()


def test_health_a_promise_is_overdue_the_day_after_it_was_due(personas, programme):
    p = personas
    partner = make_partner(p.org, by=p.ellie, name="Carers")
    entry = make_dialogue(partner, programme, by=p.ellie, happened_on=TODAY - timedelta(days=20))
    due_today = make_promise(entry, by=p.ellie, due_on=TODAY)
    assert _health(partner) == []
    assert _health(partner, TODAY + timedelta(days=1)) == ["One promise overdue"]
    make_promise(entry, by=p.ellie, due_on=TODAY - timedelta(days=1))
    assert _health(partner) == ["One promise overdue"] and _flagged(p) == {"Carers"}
    make_promise(entry, by=p.ellie, due_on=TODAY - timedelta(days=5))
    assert _health(partner) == ["Two promises overdue"]
    # Kept or broken promises are never overdue.
    for promise in Promise.objects.filter(due_on__lt=TODAY):
        actions.update_promise(promise, {"outcome": "broken"}, by=p.ellie)
    assert _health(partner) == [] and _flagged(p) == set()
    annotated = Partner.objects.with_health(TODAY).get(pk=partner.pk)
    assert (annotated.open_promises, annotated.overdue_promises) == (1, 0)
    assert due_today.is_overdue(TODAY + timedelta(days=1)) and not due_today.is_overdue(TODAY)


def test_health_nobody_owning_and_all_flags_at_once(personas):
    p = personas
    partner = make_partner(p.org, by=p.ellie, name="Council", owner=None)
    assert _health(partner) == ["No contact recorded yet", "Nobody owns this relationship"]
    # Without the annotations, health() asks the database itself: the same answer.
    assert Partner.objects.get(pk=partner.pk).health(TODAY) == _health(partner)


def test_flagged_and_health_agree_over_every_shape(personas, programme):
    p = personas
    shapes = {
        "fresh": dict(days=1, owner=p.ellie, overdue=False),
        "edge": dict(days=QUIET_DAYS, owner=p.ellie, overdue=False),
        "cold": dict(days=QUIET_DAYS + 1, owner=p.ellie, overdue=False),
        "late": dict(days=1, owner=p.ellie, overdue=True),
        "orphan": dict(days=1, owner=None, overdue=False),
    }
    for name, shape in shapes.items():
        partner = make_partner(p.org, by=p.ellie, name=name, owner=shape["owner"])
        entry = make_dialogue(partner, programme, by=p.ellie, happened_on=TODAY - timedelta(days=shape["days"]))
        if shape["overdue"]:
            make_promise(entry, by=p.ellie, due_on=TODAY - timedelta(days=1))
    by_health = {x.name for x in Partner.objects.for_org(p.org).with_health(TODAY) if x.health(TODAY)}
    assert by_health == _flagged(p) == {"cold", "late", "orphan"}


def test_constraints_say_what_is_wrong(personas):
    p = personas
    make_partner(p.org, by=p.ellie, name="Healthwatch", ods_code="RXX01")
    cases = [
        (dict(name="Healthwatch"), "There is already a partner with this name. Choose another name."),
        (dict(name="Other", ods_code="RXX01"), "Another partner already has this ODS code."),
        (
            dict(name="Bad", ods_code="rx"),
            "An ODS code is 3 to 6 capital letters and digits, for example RXX or 8HV48.",
        ),
        (
            dict(name="Bad", ods_code="RX-01"),
            "An ODS code is 3 to 6 capital letters and digits, for example RXX or 8HV48.",
        ),
    ]
    for fields, message in cases:
        with pytest.raises(ValidationError) as error:
            make_partner(p.org, by=p.ellie, **fields)
        assert message in str(error.value), fields
    # The same name in another organisation is another partner.
    make_partner(p.other_org, by=p.oscar, name="Healthwatch", ods_code="RXX01")
    for ods in ("RXX", "8HV48", "Y12345"):
        make_partner(p.org, by=p.ellie, name=f"Shape {ods}", ods_code=ods)


def test_format_request_constraints(personas):
    p = personas
    cases = [
        (dict(format="language", language=""), "Name the language for a request in another language, and only then."),
        (dict(format="easy_read", language="Urdu"), "Name the language"),
        (dict(requester_name=""), "Say who asked: choose them from the people register or give a name."),
        (dict(due_on=TODAY - timedelta(days=10)), "The due date must be on or after the day it was requested."),
    ]
    for fields, message in cases:
        with pytest.raises(ValidationError) as error:
            make_format_request(p.org, by=p.ellie, **fields)
        assert message in str(error.value), fields
    assert not FormatRequest.objects.exists()


def test_promise_outcome_needs_its_date(personas, programme):
    p = personas
    entry = make_dialogue(make_partner(p.org, by=p.ellie), programme, by=p.ellie)
    promise = make_promise(entry, by=p.ellie)
    with pytest.raises(ValidationError, match="A promise kept or broken needs the date"):
        actions.make_promise(entry, by=p.ellie, text="x", due_on=TODAY, outcome="kept")
    kept = actions.update_promise(promise, {"outcome": "kept"}, by=p.ellie)
    assert kept.outcome_on == TODAY and kept.state(TODAY) == f"Kept on {TODAY.day} {TODAY:%B %Y}"
    reopened = actions.update_promise(promise, {"outcome": "open"}, by=p.ellie)
    assert reopened.outcome_on is None and reopened.state(TODAY) == "Open"


def test_blockers_in_words(personas, programme):
    p = personas
    partner = make_partner(p.org, by=p.ellie, name="Carers")
    entry = make_dialogue(partner, programme, by=p.ellie, happened_on=TODAY - timedelta(days=5))
    assert refused(actions.delete_partner, partner, by=p.ellie, apps=APPS) == [
        "One dialogue entry is recorded with Carers. Delete them first, or keep the partner: it is part of the "
        "programmes' history."
    ]
    assert refused(
        actions.log_dialogue,
        partner,
        by=p.ellie,
        programme=programme,
        stage="needs",
        happened_on=TODAY + timedelta(days=1),
        summary="Tomorrow",
        apps=APPS,
    ) == ["Dialogue is logged after it happens: the date cannot be in the future."]
    promise = make_promise(entry, by=p.ellie)
    assert refused(
        actions.update_promise,
        promise,
        {"outcome": "kept", "outcome_on": TODAY + timedelta(days=1)},
        by=p.ellie,
        apps=APPS,
    ) == ["A promise is kept or broken on a day that has come: the date cannot be in the future."]
    before = TODAY - timedelta(days=6)
    made = TODAY - timedelta(days=5)
    assert refused(
        actions.update_promise, promise, {"outcome": "broken", "outcome_on": before}, by=p.ellie, apps=APPS
    ) == [f"The promise was made on {made.day} {made:%B %Y}: it cannot be settled before."]
    request = make_format_request(p.org, by=p.ellie)
    assert refused(actions.fulfil_format_request, request, by=p.ellie, on=TODAY + timedelta(days=1), apps=APPS) == [
        "A request is fulfilled on a day that has come: the date cannot be in the future."
    ]
    actions.fulfil_format_request(request, by=p.ellie)
    assert refused(actions.fulfil_format_request, request, by=p.ellie, apps=APPS) == [
        f"This request was already fulfilled on {TODAY.day} {TODAY:%B %Y}."
    ]
    with pytest.raises(RuleBroken):
        actions.update_format_request(request, {"fulfilled_on": TODAY + timedelta(days=2)}, by=p.ellie)


def test_format_request_overdue_the_day_after_it_was_due(personas):
    p = personas
    request = make_format_request(p.org, by=p.ellie, requested_on=TODAY - timedelta(days=5), due_on=TODAY)
    assert not request.is_overdue(TODAY) and request.state(TODAY) == "Open"
    assert request.is_overdue(TODAY + timedelta(days=1))
    assert list(FormatRequest.objects.overdue(TODAY + timedelta(days=1))) == [request]
    assert not FormatRequest.objects.overdue(TODAY).exists()


def test_stage_runs_with_no_community_partner(personas, programme):
    p = personas
    needs = StageRun.objects.get(programme=programme, stage="needs")
    other = make_programme(p.org, by=p.ellie, name="Stroke")
    make_run(other, "plan", owner=p.priya, by=p.ellie)
    assert {(r.programme.name, r.stage) for r in runs_without_community_partner(p.org)} == {
        ("Diabetes pathway", "needs"),
        ("Stroke", "plan"),
    }
    council = make_partner(p.org, by=p.ellie, type_key="local_authority")
    make_dialogue(council, programme, "needs", by=p.ellie)  # a statutory partner is not the community
    make_dialogue(make_partner(p.org, by=p.ellie), programme, "plan", by=p.ellie)  # another stage
    assert needs in runs_without_community_partner(p.org)
    make_dialogue(make_partner(p.org, by=p.ellie, type_key="healthwatch"), programme, "needs", by=p.ellie)
    assert needs not in runs_without_community_partner(p.org)
    stroke_run = StageRun.objects.get(programme=other)
    make_activity(stroke_run, by=p.ellie, partners="")
    assert stroke_run in runs_without_community_partner(p.org)
    make_activity(stroke_run, by=p.ellie, partners="Age UK")
    assert not runs_without_community_partner(p.org).exists()
    assert not runs_without_community_partner(p.other_org).exists()


def test_a_run_still_awaiting_its_hand_over_is_not_listed(personas, programme):
    from baton.cycle.testing import make_handover

    p = personas
    needs = StageRun.objects.get(programme=programme, stage="needs")
    make_handover(needs, by=p.priya, next_owner=p.priya)
    planned = StageRun.objects.get(programme=programme, status=StageRun.Status.PLANNED)
    assert planned.stage == "plan"
    assert list(runs_without_community_partner(p.org)) == [needs]
