"""The one door for changes to the people who take part: their records, consent, equality
monitoring, participation in activities and structures, and attendance at structures' meetings.
Every action follows `core.actions`' contract (lock, re-read, blockers, refuse, audited change).

Equality monitoring is special-category data: its audit events say which questions were answered,
never the answers, so the audit trail (which lay members read) cannot show them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from baton.core import audit
from baton.core.actions import change_record, create_record, delete_record, locked, refuse
from baton.core.models import AuditEvent

from .models import Attendance, ConsentEvent, EqualityCode, EqualityRecord, Participation, Person, Purpose

PERSON_FIELDS = (
    "name",
    "kind",
    "email",
    "phone",
    "postcode",
    "easy_read",
    "bsl",
    "large_print",
    "hearing_loop",
    "step_free",
    "language",
    "other_needs",
    "account",
)
EQUALITY_FIELDS = tuple(EqualityCode.Category.values)
PARTICIPATION_FIELDS = ("activity", "structure", "role", "role_level", "starts_on", "ends_on", "hours")


def normalise_postcode(value: str) -> str:
    """Upper case with one space before the last three characters ('ls11ab' -> 'LS1 1AB')."""
    compact = "".join(value.split()).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def _check_account(person: Person) -> None:
    reasons = person.blockers_to_linking(person.account)
    if reasons:
        raise ValidationError({"account": reasons})


def _touch(person_id: int, day: date | None) -> None:
    """Keep `last_active_on` (which retention reads) at the latest day the person took part. A
    derived date, not a change anyone makes: not audited."""
    if day is not None:
        later = Q(last_active_on__isnull=True) | Q(last_active_on__lt=day)
        Person.objects.filter(later, pk=person_id).update(last_active_on=day)


# People ---------------------------------------------------------------------------------------------


def create_person(organisation, *, by, **fields) -> Person:
    """Add someone who takes part (a name or an alias is enough)."""
    if fields.get("postcode"):
        fields["postcode"] = normalise_postcode(fields["postcode"])
    person = Person(organisation=organisation, **fields)
    with transaction.atomic():
        _check_account(person)
        return create_record(person, by=by, action="create_person")


def update_person(person: Person, changes: dict, *, by, expected_version: int | None = None) -> Person:
    """Change a person's details or needs (consent has its own history: `record_consent`)."""
    if changes.get("postcode"):
        changes = {**changes, "postcode": normalise_postcode(changes["postcode"])}
    with transaction.atomic():
        if "account" in changes:
            probe = Person(pk=person.pk, organisation_id=person.organisation_id, account=changes["account"])
            _check_account(probe)
        return change_record(person, changes, by=by, action="update_person", expected_version=expected_version)


def delete_person(person: Person, *, by) -> AuditEvent:
    """Delete a person with their consent history, participation and attendance (restorable from
    the audit trail by an engagement lead)."""
    with transaction.atomic():
        return delete_record(person, by=by, action="delete_person")


# Consent --------------------------------------------------------------------------------------------


def record_consent(person: Person, *, purpose: str, given: bool, how: str, by, at=None) -> ConsentEvent:
    """A new consent event (never an edit): consent given, or withdrawn, for one purpose, when and
    how. Withdrawing consent for equality monitoring deletes the answers recorded under it."""
    with locked(person) as current:
        event = create_record(
            ConsentEvent(
                person=current, purpose=purpose, given=given, how=how, at=at or timezone.now(), recorded_by=by
            ),
            by=by,
            action="record_consent",
        )
        if purpose == Purpose.EQUALITY_MONITORING and not given:
            _erase_equality(current, by=by, action="delete_equality_on_withdrawal")
        return event


# Equality monitoring ------------------------------------------------------------------------------------


def answered_questions(record: EqualityRecord | None) -> dict:
    """What an audit event says about an equality record: which questions have an answer, never
    the answers."""
    if record is None:
        return {}
    fields = [f for f in EQUALITY_FIELDS if getattr(record, f)]
    if record.imd_decile is not None:
        fields.append("imd_decile")
    return {"answered": fields}


def check_codes(answers: dict) -> None:
    """Each answer is an active code of its category (NHS Data Dictionary), or blank."""
    errors = {}
    for category in EQUALITY_FIELDS:
        code = answers.get(category) or ""
        if code and not EqualityCode.objects.filter(category=category, code=code, active=True).exists():
            errors[category] = ["Choose one of the answers listed."]
    decile = answers.get("imd_decile")
    if decile is not None and not (1 <= int(decile) <= 10):
        errors["imd_decile"] = ["An IMD decile is a whole number from 1 to 10."]
    if errors:
        raise ValidationError(errors)


def lookup_decile(postcode: str) -> int | None:
    from .models import AreaLookup

    if not postcode:
        return None
    found = AreaLookup.objects.filter(postcode=normalise_postcode(postcode)).values_list("imd_decile", flat=True)
    return next(iter(found), None)


def record_equality(person: Person, answers: dict, *, by, look_up_decile: bool = True) -> EqualityRecord:
    """Record equality monitoring answers (codes). Each answer given replaces the one recorded; a
    question left out keeps what was recorded before. With no decile given, it is looked up from
    the person's postcode if the area table has it. Refused without the person's current consent
    for equality monitoring."""
    check_codes(answers)
    with locked(person) as current:
        refuse(current.blockers_to_recording_equality())
        record = EqualityRecord.objects.select_for_update().filter(person=current).first()
        before = answered_questions(record)
        if record is None:
            record = EqualityRecord(person=current)
        for category in EQUALITY_FIELDS:
            if answers.get(category):
                setattr(record, category, answers[category])
        if answers.get("imd_decile") is not None:
            record.imd_decile = answers["imd_decile"]
        elif look_up_decile and record.imd_decile is None:
            record.imd_decile = lookup_decile(current.postcode)
        record.full_clean()
        created = record.pk is None
        if not created:
            record.version += 1
        record.save()
        audit.record(
            record,
            AuditEvent.Verb.CREATE if created else AuditEvent.Verb.UPDATE,
            by=by,
            action="record_equality_monitoring",
            before=None if created else before,
            after=answered_questions(record),
        )
        return record


def _erase_equality(person: Person, *, by, action: str) -> bool:
    record = EqualityRecord.objects.filter(person=person).first()
    if record is None:
        return False
    audit.record(record, AuditEvent.Verb.DELETE, by=by, action=action, before=answered_questions(record))
    record.delete()
    return True


def delete_equality(person: Person, *, by) -> None:
    """Delete a person's equality monitoring answers (not restorable: the audit trail never keeps
    them)."""
    with locked(person) as current:
        if not _erase_equality(current, by=by, action="delete_equality_monitoring"):
            refuse([f"No equality monitoring is recorded for {current.name}."])


# Participation ------------------------------------------------------------------------------------


def _check_participation(person: Person, fields: dict) -> None:
    """In one activity or one structure of the person's own organisation."""
    activity, structure = fields.get("activity"), fields.get("structure")
    if (activity is None) == (structure is None):
        raise ValidationError({"activity": ["Choose either an activity or a structure."]})
    if activity is not None and activity.stage_run.programme.organisation_id != person.organisation_id:
        raise ValidationError({"activity": ["Choose an activity of your organisation."]})
    if structure is not None and structure.organisation_id != person.organisation_id:
        raise ValidationError({"structure": ["Choose a structure of your organisation."]})


def _active_day(participation: Participation) -> date | None:
    today = timezone.localdate()
    if participation.starts_on > today:
        return None
    return min(participation.ends_on or today, today)


def record_participation(person: Person, *, by, **fields) -> Participation:
    """Record that a person takes part in an activity or a structure (role, role level, dates,
    hours). Their last active day moves on to it."""
    with locked(person) as current:
        _check_participation(current, fields)
        participation = create_record(Participation(person=current, **fields), by=by, action="record_participation")
        _touch(current.pk, _active_day(participation))
        return participation


def update_participation(
    participation: Participation, changes: dict, *, by, expected_version: int | None = None
) -> Participation:
    with transaction.atomic():
        merged = {f: changes.get(f, getattr(participation, f)) for f in ("activity", "structure")}
        _check_participation(participation.person, merged)
        saved = change_record(
            participation, changes, by=by, action="update_participation", expected_version=expected_version
        )
        _touch(saved.person_id, _active_day(saved))
        return saved


def end_participation(
    participation: Participation, *, ends_on: date | None = None, by, expected_version: int | None = None
) -> Participation:
    """End a participation (a term of office) today unless said."""
    today = timezone.localdate()
    ends_on = ends_on or today
    with locked(participation, expected_version=expected_version) as current:
        refuse(current.blockers_to_ending(ends_on, today))
        saved = change_record(participation, {"ends_on": ends_on}, by=by, action="end_participation")
        _touch(saved.person_id, _active_day(saved))
        return saved


def delete_participation(participation: Participation, *, by) -> AuditEvent:
    """Delete a participation recorded in error (restorable from the audit trail)."""
    with transaction.atomic():
        return delete_record(participation, by=by, action="delete_participation")


# Attendance -----------------------------------------------------------------------------------------


def record_attendance(meeting, person: Person, *, status: str, hours: Decimal | None = None, by) -> Attendance:
    """Record whether a person attended a structure's meeting (attended, sent apologies, absent)
    and for how long; recording again changes what was recorded. Attending moves their last active
    day on to the meeting's day."""
    if meeting.structure.organisation_id != person.organisation_id:
        raise ValidationError({"person": ["Choose someone in your organisation."]})
    hours = Decimal(0) if hours is None else hours
    if not (Decimal(0) <= hours <= Decimal(24)):
        raise ValidationError({"hours": ["Hours must be from 0 to 24."]})
    with locked(person) as current:
        existing = Attendance.objects.filter(meeting=meeting, person=current).first()
        if existing is None:
            attendance = create_record(
                Attendance(meeting=meeting, person=current, status=status, hours=hours),
                by=by,
                action="record_attendance",
            )
        else:
            attendance = change_record(existing, {"status": status, "hours": hours}, by=by, action="update_attendance")
        if status == Attendance.Status.ATTENDED and meeting.held_on <= timezone.localdate():
            _touch(current.pk, meeting.held_on)
        return attendance


def delete_attendance(attendance: Attendance, *, by) -> AuditEvent:
    with transaction.atomic():
        return delete_record(attendance, by=by, action="delete_attendance")
