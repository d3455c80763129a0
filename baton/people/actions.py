"""The one door for changes to the people who take part: their records, consent, equality
monitoring, participation in activities and structures, and attendance at structures' meetings.
Every action follows `core.actions`' contract (lock, re-read, blockers, refuse, audited change).

Equality monitoring is special-category data: its audit events say which questions were answered,
never the answers, so the audit trail (which lay members read) cannot show them."""

from __future__ import annotations

import datetime as _dt
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.exceptions import ValidationError as _ValidationError
from django.db import transaction
from django.db import transaction as _transaction
from django.db.models import Q
from django.db.models import Q as _Q
from django.utils import timezone
from django.utils import timezone as _timezone

from baton.core import audit
from baton.core.actions import change_record, create_record, delete_record, locked, refuse
from baton.core.actions import change_record as _change_record
from baton.core.actions import create_record as _create_record
from baton.core.actions import delete_record as _delete_record
from baton.core.actions import locked as _locked
from baton.core.actions import refuse as _refuse
from baton.core.errors import RuleBroken as _RuleBroken
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


# Taking part, rights and retention ---------------------------------------------------------------
# (imports above are this section's: aliased so that they cannot clash with the rest of the file)

OPPORTUNITY_FIELDS = (
    "title",
    "summary",
    "activity",
    "structure",
    "where",
    "when",
    "access",
    "payment_offered",
    "role_level",
    "closes_on",
)
ERASED_NAME = "Erased person"
ERASED_VALUE = "[erased]"


def _check_links(organisation_id, fields: dict) -> None:
    """An opportunity's activity and structure are the organisation's own, and at most one of them."""
    activity, structure = fields.get("activity"), fields.get("structure")
    if activity is not None and structure is not None:
        raise _ValidationError({"structure": ["Choose an activity or a structure, not both."]})
    if activity is not None and not type(activity).objects.for_org(organisation_id).filter(pk=activity.pk).exists():
        raise _ValidationError({"activity": ["Choose an activity of your organisation."]})
    if structure is not None and not type(structure).objects.for_org(organisation_id).filter(pk=structure.pk).exists():
        raise _ValidationError({"structure": ["Choose a structure of your organisation."]})


def create_opportunity(organisation, *, by, **fields):
    """A chance to take part, as a draft: nobody outside sees it until it is published."""
    from .models import Opportunity

    _check_links(organisation.pk, fields)
    fields.pop("published", None)
    return _create_record(Opportunity(organisation=organisation, **fields), by=by, action="create_opportunity")


def update_opportunity(opportunity, changes: dict, *, by, expected_version: int | None = None):
    """Change an opportunity's details (published or not)."""
    merged = {name: changes.get(name, getattr(opportunity, name)) for name in ("activity", "structure")}
    _check_links(opportunity.organisation_id, merged)
    changes = {k: v for k, v in changes.items() if k in OPPORTUNITY_FIELDS}
    return _change_record(opportunity, changes, by=by, action="update_opportunity", expected_version=expected_version)


def publish_opportunity(opportunity, *, by, expected_version: int | None = None, today=None):
    """Show the opportunity on the organisation's public page. Refused when already published or closed."""
    today = today or _timezone.localdate()
    with _locked(opportunity, expected_version=expected_version) as current:
        reasons = []
        if current.published:
            reasons.append("This opportunity is already published.")
        if current.closes_on is not None and current.closes_on < today:
            reasons.append("This opportunity closed before today. Change its closing date before publishing it.")
        _refuse(reasons)
        return _change_record(current, {"published": True}, by=by, action="publish_opportunity")


def unpublish_opportunity(opportunity, *, by, expected_version: int | None = None):
    """Take the opportunity off the public page; its registrations stay."""
    with _locked(opportunity, expected_version=expected_version) as current:
        _refuse([] if current.published else ["This opportunity is not published."])
        return _change_record(current, {"published": False}, by=by, action="unpublish_opportunity")


def delete_opportunity(opportunity, *, by):
    """Delete an opportunity with its registrations (restorable from the audit trail)."""
    with _transaction.atomic():
        return _delete_record(opportunity, by=by, action="delete_opportunity")


# Registering interest (the public form) -----------------------------------------------------------

NEEDS = ("easy_read", "bsl", "large_print", "hearing_loop", "step_free")


def register_interest(
    opportunity,
    *,
    name: str,
    email: str = "",
    phone: str = "",
    needs: tuple[str, ...] | list[str] = (),
    language: str = "",
    other_needs: str = "",
    message: str = "",
    consents: dict[str, bool],
    today: _dt.date | None = None,
):
    """A member of the public registers interest, without an account. Someone already known by
    this email in the organisation is matched, never changed (anyone may type an email); a second
    registration for the same opportunity adds nothing. Each consent answer becomes a
    `ConsentEvent` (how: online form); for a matched person only consents given are recorded, so
    that a stranger typing their email cannot withdraw them. Returns (interest, created); the
    public page says the same whatever happened."""
    from .models import ConsentEvent, Interest, Person, Purpose

    today = today or _timezone.localdate()
    now = _timezone.now()
    if not consents.get(Purpose.CONTACT_ACTIVITY):
        raise _ValidationError(
            {"consents": ["Agree to be contacted about this activity, so that we can reply to you."]}
        )
    if not (email or phone):
        raise _ValidationError({"email": ["Enter an email address or a phone number, so that we can contact you."]})
    with _locked(opportunity) as current:
        if not current.published or (current.closes_on is not None and current.closes_on < today):
            raise _RuleBroken("This opportunity is no longer open for registrations.")
        person = None
        if email:
            person = (
                Person.objects.for_org(current.organisation_id)
                .filter(email__iexact=email, erased_at__isnull=True)
                .order_by("pk")
                .first()
            )
        matched = person is not None
        if person is None:
            person = _create_record(
                Person(
                    organisation_id=current.organisation_id,
                    name=name,
                    email=email,
                    phone=phone,
                    language=language,
                    other_needs=other_needs,
                    last_active_on=today,
                    **{flag: flag in needs for flag in NEEDS},
                ),
                by=None,
                action="register_interest_person",
            )
        else:
            Person.objects.filter(pk=person.pk).update(last_active_on=today)
        for purpose in Purpose.values:
            given = bool(consents.get(purpose))
            if matched and not given:
                continue
            _create_record(
                ConsentEvent(person=person, purpose=purpose, given=given, at=now, how=ConsentEvent.How.ONLINE),
                by=None,
                action="record_consent_online",
            )
        existing = Interest.objects.filter(opportunity=current, person=person).first()
        if existing is not None:
            return existing, False
        interest = _create_record(
            Interest(opportunity=current, person=person, message=message), by=None, action="register_interest"
        )
        return interest, True


# Registrations: invite, not selected, participation ----------------------------------------------


def latest_consent(person, purpose) -> bool:
    """What the person consents to now for this purpose: their latest event (none: not given)."""
    from .models import ConsentEvent

    event = ConsentEvent.objects.filter(person=person, purpose=purpose).order_by("-at", "-pk").first()
    return bool(event and event.given)


def invite_person(interest, *, by, expected_version: int | None = None):
    """Invite a registered person to take part. They are emailed (after the change is saved) only
    if they consented to be contacted about this activity and gave an email address."""
    from . import notifications_taking_part
    from .models import Interest, Purpose

    with _locked(interest, expected_version=expected_version) as current:
        reasons = []
        if current.status == Interest.Status.INVITED:
            reasons.append("This person has already been invited.")
        elif current.status == Interest.Status.TAKING_PART:
            reasons.append("This person is already taking part.")
        elif current.status == Interest.Status.WITHDRAWN:
            reasons.append("This person has withdrawn their interest.")
        if current.person.erased_at is not None:
            reasons.append("This person's data has been erased, so they cannot be invited.")
        _refuse(reasons)
        changed = _change_record(
            current,
            {"status": Interest.Status.INVITED, "invited_at": _timezone.now()},
            by=by,
            action="invite_person",
        )
        if current.person.email and latest_consent(current.person, Purpose.CONTACT_ACTIVITY):
            _transaction.on_commit(lambda: notifications_taking_part.invitation(changed.pk))
        return changed


def mark_not_selected(interest, *, by, expected_version: int | None = None):
    """Record that the person was not selected this time (they are not emailed)."""
    from .models import Interest

    with _locked(interest, expected_version=expected_version) as current:
        reasons = []
        if current.status == Interest.Status.NOT_SELECTED:
            reasons.append("This person is already marked as not selected.")
        elif current.status == Interest.Status.TAKING_PART:
            reasons.append("This person is already taking part.")
        _refuse(reasons)
        return _change_record(current, {"status": Interest.Status.NOT_SELECTED}, by=by, action="mark_not_selected")


def record_participation_from_interest(
    interest, *, by, starts_on: _dt.date | None = None, role: str = "Participant", expected_version: int | None = None
):
    """The person takes part: a `Participation` in the opportunity's activity or structure (at its
    role level, from `starts_on`), and the registration's status becomes taking part."""
    from .models import Interest, Participation, Person

    starts_on = starts_on or _timezone.localdate()
    with _locked(interest, expected_version=expected_version) as current:
        opportunity = current.opportunity
        reasons = []
        if current.status == Interest.Status.TAKING_PART:
            reasons.append("This person is already taking part.")
        if opportunity.activity_id is None and opportunity.structure_id is None:
            reasons.append(
                "This opportunity is not linked to an activity or a structure, so there is nowhere to record "
                "the participation. Link it to one first."
            )
        if current.person.erased_at is not None:
            reasons.append("This person's data has been erased.")
        _refuse(reasons)
        participation = _create_record(
            Participation(
                person=current.person,
                activity_id=opportunity.activity_id,
                structure_id=opportunity.structure_id,
                role=role or "Participant",
                role_level=opportunity.role_level,
                starts_on=starts_on,
            ),
            by=by,
            action="record_participation",
        )
        _change_record(current, {"status": Interest.Status.TAKING_PART}, by=by, action="record_participation")
        Person.objects.filter(pk=current.person_id).update(last_active_on=max(starts_on, _timezone.localdate()))
        return participation


# Rights: erasure -----------------------------------------------------------------------------------


def _scrub(value, secrets: list[str]):
    """`value` (from a JSON snapshot) with every secret replaced, ignoring case."""
    if isinstance(value, str):
        out = value
        for secret in secrets:
            if secret.lower() in out.lower():
                import re

                out = re.sub(re.escape(secret), ERASED_VALUE, out, flags=re.IGNORECASE)
        return out
    if isinstance(value, list):
        return [_scrub(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, secrets) for k, v in value.items()}
    return value


def _about(event, person_id: int) -> bool:
    """Is this audit event about the person or one of their rows (consent, interest, participation...)?"""
    if event.model == "people.person" and event.object_id == str(person_id):
        return True
    for snap in (event.before, event.after):
        if isinstance(snap, dict) and person_id in (snap.get("person_id"), snap.get("person")):
            return True
    for row in event.deleted_rows or []:
        fields = row.get("fields", {}) if isinstance(row, dict) else {}
        if (row.get("model") == "people.person" and row.get("pk") == person_id) or fields.get("person") == person_id:
            return True
    return False


def scrub_audit_trail(organisation_id, person_id: int, secrets: list[str]) -> int:
    """Remove the secrets (a person's name, contact details...) from the before and after
    snapshots, the deleted rows and the descriptions of earlier audit events about that person.
    Returns how many events changed."""
    from baton.core.models import AuditEvent

    secrets = sorted({s for s in secrets if s and len(s.strip()) >= 2}, key=len, reverse=True)
    if not secrets:
        return 0
    changed = 0
    events = AuditEvent.objects.filter(organisation_id=organisation_id).filter(
        _Q(model__startswith="people.") | _Q(deleted_rows__isnull=False)
    )
    for event in events.iterator():
        if not _about(event, person_id):
            continue
        before, after = _scrub(event.before, secrets), _scrub(event.after, secrets)
        rows, described = _scrub(event.deleted_rows, secrets), _scrub(event.object_repr, secrets)
        if event.model == "people.interest":  # what they wrote when registering, even if deleted since
            for snap in (before, after):
                if isinstance(snap, dict) and snap.get("person_id") == person_id and snap.get("message"):
                    snap["message"] = ""
        for row in rows or []:  # the same, in a registration deleted since (with its opportunity)
            fields = row.get("fields", {}) if isinstance(row, dict) else {}
            if row.get("model") == "people.interest" and fields.get("person") == person_id and fields.get("message"):
                fields["message"] = ""
        if (before, after, rows, described) != (event.before, event.after, event.deleted_rows, event.object_repr):
            AuditEvent.objects.filter(pk=event.pk).update(
                before=before, after=after, deleted_rows=rows, object_repr=described[:200]
            )
            changed += 1
    return changed


def erase_person(person, *, by, today: _dt.date | None = None):
    """Erase a person on request: anonymise them in place (name, contact details, postcode, needs,
    account link, import key; what they wrote when registering interest), so every count and
    aggregate stays right (their consents, equality codes, participations, attendance and interests
    stay, with nothing identifying), and remove their personal values from earlier audit events.
    Audited without the erased data. Cannot be undone."""
    from baton.core import audit
    from baton.core.models import AuditEvent

    from .models import Interest, Person

    today = today or _timezone.localdate()
    with _locked(person) as current:
        _refuse(["This person has already been erased."] if current.erased_at is not None else [])
        secrets = [current.name, current.email, current.phone, current.postcode, current.language, current.other_needs]
        secrets += list(Interest.objects.filter(person=current).exclude(message="").values_list("message", flat=True))
        Person.objects.filter(pk=current.pk).update(
            name=ERASED_NAME,
            email="",
            phone="",
            postcode="",
            easy_read=False,
            bsl=False,
            large_print=False,
            hearing_loop=False,
            step_free=False,
            language="",
            other_needs="",
            account=None,
            import_key="",
            contact_removed_on=today,
            erased_at=_timezone.now(),
            version=current.version + 1,
        )
        Interest.objects.filter(person=current).exclude(message="").update(message="")
        scrub_audit_trail(current.organisation_id, current.pk, secrets)
        current.refresh_from_db()
        return audit.record(
            current,
            AuditEvent.Verb.UPDATE,
            by=by,
            action="erase_person",
            after={"erased_at": current.erased_at.isoformat(), "erased_by": getattr(by, "pk", None)},
        )


# Retention -----------------------------------------------------------------------------------------


def people_past_retention(organisation_id, *, days: int, today: _dt.date):
    """People not erased, with contact details still held, inactive for more than `days`: their
    last day taking part or in touch (or, never active, the day they were added) is before the cut-off."""
    from .models import Person

    cutoff = today - _dt.timedelta(days=days)
    cutoff_start = _timezone.make_aware(_dt.datetime.combine(cutoff, _dt.time.min))
    inactive = _Q(last_active_on__lt=cutoff) | _Q(last_active_on__isnull=True, created_at__lt=cutoff_start)
    has_contact = ~_Q(email="") | ~_Q(phone="") | ~_Q(postcode="")
    return Person.objects.for_org(organisation_id).filter(erased_at__isnull=True).filter(inactive).filter(has_contact)


def apply_retention(organisation, *, days: int, today: _dt.date | None = None, by=None):
    """Remove the contact details (email, phone, postcode) of the organisation's people inactive
    for more than `days`, and from earlier audit events about them; each person's removal audited
    without the values; the run recorded as a `RetentionRun`. A second run removes nothing more."""
    from baton.core import audit
    from baton.core.models import AuditEvent

    from .models import Person, RetentionRun

    today = today or _timezone.localdate()
    with _locked(organisation):
        removed = 0
        for person in people_past_retention(organisation.pk, days=days, today=today).select_for_update():
            secrets = [person.email, person.phone, person.postcode]
            Person.objects.filter(pk=person.pk).update(
                email="", phone="", postcode="", contact_removed_on=today, version=person.version + 1
            )
            scrub_audit_trail(organisation.pk, person.pk, secrets)
            audit.record(
                person,
                AuditEvent.Verb.UPDATE,
                by=by,
                action="retention_remove_contact",
                after={"contact_removed_on": today.isoformat(), "inactive_days": days},
            )
            removed += 1
        run = RetentionRun.objects.create(organisation=organisation, inactive_days=days, removed=removed)
        audit.record(
            run,
            AuditEvent.Verb.CREATE,
            by=by,
            action="retention_run",
            after={"inactive_days": days, "removed": removed},
        )
        return run


# Imports of people ---------------------------------------------------------------------------------


def import_people(organisation, rows, *, by):
    """Import checked rows (`imports.prepare`) all or nothing: any row with a problem refuses the
    whole import, with every problem. A row whose `import_key` the organisation already has (an
    earlier import of the same file or row, or a repeat in this file) is skipped, so importing again
    adds nobody twice. Each consent column becomes a `ConsentEvent` (how: imported).
    Returns (added, skipped)."""
    from .models import ConsentEvent, Person

    problems = [problem for row in rows for problem in row.problems]
    if problems:
        shown = problems[:20]
        if len(problems) > len(shown):
            shown.append(f"And {len(problems) - len(shown):,} more problems. Nothing was imported.")
        raise _RuleBroken(["Nothing was imported: correct these rows and import the file again.", *shown])
    now = _timezone.now()
    with _locked(organisation):
        known = set(Person.objects.for_org(organisation.pk).exclude(import_key="").values_list("import_key", flat=True))
        added = skipped = 0
        for row in rows:
            if row.key in known:
                skipped += 1
                continue
            known.add(row.key)
            person = _create_record(
                Person(organisation=organisation, import_key=row.key, **row.fields), by=by, action="import_person"
            )
            for purpose, given in row.consents.items():
                _create_record(
                    ConsentEvent(
                        person=person,
                        purpose=purpose,
                        given=given,
                        at=now,
                        how=ConsentEvent.How.IMPORTED,
                        recorded_by=by,
                    ),
                    by=by,
                    action="import_consent",
                )
            added += 1
        return added, skipped
