"""The door every action changes records through (`core.actions`): what a person is told when the
record changed or went away since they opened it, or when someone beat them to a unique name,
and that nothing is saved then. Cases that `scripts/mutation` found no test for."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from baton.core.actions import AlreadyDone, once
from baton.core.errors import RuleBroken, StaleEdit
from baton.core.models import AuditEvent
from baton.cycle.actions import create_programme, delete_programme, update_handover, update_programme
from baton.cycle.models import Handover, Programme
from baton.cycle.testing import make_handover, make_insight, make_programme, make_run

pytestmark = pytest.mark.django_db


def test_a_record_deleted_since_it_was_opened_is_refused_by_name(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes")
    delete_programme(Programme.objects.get(pk=programme.pk), by=p.ellie)
    with pytest.raises(RuleBroken) as refusal:
        update_programme(programme, {"condition": "diabetes"}, by=p.ellie)
    assert refusal.value.reasons == ["This programme has been deleted since you opened it."]
    assert not Programme.objects.exists()


def test_a_stale_edit_says_what_changed_and_saves_nothing(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes")
    update_programme(Programme.objects.get(pk=programme.pk), {"condition": "diabetes"}, by=p.priya)
    with pytest.raises(StaleEdit) as refusal:
        update_programme(programme, {"condition": "stroke"}, by=p.ellie, expected_version=programme.version)
    assert refusal.value.reasons == [
        "Someone else changed this programme after you opened it. Nothing was saved. "
        "Reload the page to see their changes, then make yours again."
    ]
    assert Programme.objects.get().condition == "diabetes"


def test_a_name_taken_at_the_same_moment_gets_the_constraints_sentence(personas, monkeypatch):
    """Two people create a programme of one name at once: both pass the check, the database's
        unique name lets one in, and the other is told why (tests/test_faults.py runs the real race on
        PostgreSQL). Here the other person's programme lands between the check and the save (in the same
    transaction, so both go when the refusal rolls it back)."""
    p = personas
    check = Programme.full_clean

    def checked_then_beaten(self, *args, **kwargs):
        check(self, *args, **kwargs)
        monkeypatch.setattr(Programme, "full_clean", check)
        create_programme(p.org, by=p.priya, name=self.name)

    monkeypatch.setattr(Programme, "full_clean", checked_then_beaten)
    with pytest.raises(ValidationError) as refusal:
        create_programme(p.org, by=p.ellie, name="Diabetes")
    assert refusal.value.messages == ["There is already a programme with this name. Choose another name."]


def test_a_conflict_no_declared_constraint_explains_is_refused_in_plain_words(personas, caplog):
    """A constraint only the database knows (none declared on the model to name it) refuses the
    save: the person is told plainly, nothing is saved, and the log says what the database said."""
    p = personas

    def refused_by_the_database(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith('INSERT INTO "CYCLE_PROGRAMME"'):
            raise IntegrityError("a constraint only the database has")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refused_by_the_database), pytest.raises(RuleBroken) as refusal:
        create_programme(p.org, by=p.ellie, name="Diabetes")
    assert refusal.value.reasons == [
        "Someone else saved a change to this programme at the same moment, so nothing was saved. "
        "Reload the page and try again."
    ]
    assert not Programme.objects.exists()
    assert [r.getMessage() for r in caplog.records if r.name == "baton.core.actions"] == [
        "Integrity error not explained by a declared constraint on cycle.Programme: a constraint only the database has"
    ]


def test_a_change_is_audited_with_who_made_it_what_it_was_and_what_it_became(personas):
    """One event a change, with the person, the action and the fields before and after. The
    version goes up by one a change, and the caller's copy holds what was saved."""
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes")
    made = AuditEvent.objects.get(verb=AuditEvent.Verb.CREATE, model="cycle.programme")
    assert (made.actor, made.action, made.after["name"]) == (p.ellie, "create_programme", "Diabetes")
    start = programme.version
    update_programme(programme, {"condition": "diabetes"}, by=p.priya, expected_version=start)
    update_programme(programme, {"condition": "type 2 diabetes"}, by=p.priya, expected_version=start + 1)
    assert programme.version == Programme.objects.get().version == start + 2
    assert programme.condition == "type 2 diabetes"
    changed = AuditEvent.objects.filter(verb=AuditEvent.Verb.UPDATE).order_by("pk")
    assert [(e.actor, e.action, [c for c in e.changes() if c[0] != "updated_at"]) for e in changed] == [
        (p.priya, "update_programme", [("condition", "", "diabetes"), ("version", start, start + 1)]),
        (
            p.priya,
            "update_programme",
            [("condition", "diabetes", "type 2 diabetes"), ("version", start + 1, start + 2)],
        ),
    ]


def test_links_made_with_a_record_or_changed_later_are_saved_and_audited(personas):
    """Many-to-many links (the insight a hand-over carries) go in with the record, and a change
    of them is one audit event like any other field's."""
    p = personas
    run = make_run(make_programme(p.org, by=p.ellie), owner=p.priya)
    first = make_insight(run, by=p.priya)
    handover = make_handover(run, by=p.priya, next_owner=p.ellie)
    second = make_insight(run, by=p.priya)
    assert list(handover.carried_insight.values_list("pk", flat=True)) == [first.pk]
    made = AuditEvent.objects.get(verb=AuditEvent.Verb.CREATE, model="cycle.handover")
    assert (made.actor, made.after["carried_insight"]) == (p.priya, [first.pk])
    update_handover(handover, {"carried_insight": [first, second]}, by=p.ellie)
    assert sorted(Handover.objects.get().carried_insight.values_list("pk", flat=True)) == [first.pk, second.pk]
    changed = AuditEvent.objects.get(verb=AuditEvent.Verb.UPDATE, model="cycle.handover")
    assert changed.actor == p.ellie
    assert ("carried_insight", [first.pk], [first.pk, second.pk]) in changed.changes()


def test_a_request_sent_twice_gets_what_the_first_made_or_nothing_if_it_made_nothing(personas):
    """`once()`: the second run with a key does nothing and is given the first run's record (the
    form shows it; the API answers it), or nothing when the first kept none."""
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes")
    for key, kept in [("made-a-programme", programme), ("made-nothing", None)]:
        with once(key, by=p.ellie, scope="form:Test") as keep:
            keep(kept)
        with pytest.raises(AlreadyDone) as again, once(key, by=p.ellie, scope="form:Test"):
            pytest.fail("done twice")
        assert again.value.result == kept, key
