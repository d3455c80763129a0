"""The people API: people, their consent (new events only), equality monitoring (recorded, never
read back one person at a time; read only as suppressed, audited counts), participation and
attendance. Each operation takes the pages' four steps through the same permission helpers and
actions: 404 when not yours, 403 when not allowed, 422 for bad input, 409 when a rule refuses.
Lists paginate; creates take an optional `Idempotency-Key`."""

from django.core.exceptions import ValidationError
from ninja import Header, Path, Query, Router
from ninja.pagination import paginate

from baton.core import registry
from baton.core.api_helpers import changes_of, created_once
from baton.core.permissions import get_for_user, require, require_member
from baton.core.schemas import MAX_ID, READ_ERRORS, WRITE_ERRORS, Message, Pages, responses
from baton.cycle.models import EngagementActivity
from baton.structures.models import Structure, StructureMeeting

from . import actions, equality
from .forms import patient_partner_accounts
from .models import Attendance, ConsentEvent, EqualityCode, Participation, Person
from .permissions import (
    can_delete_people,
    can_keep_people,
    can_view_equality,
    get_attendance_to_keep,
    get_participation_to_keep,
    get_person_for_user,
    get_person_to_keep,
)
from .schemas import (
    AttendanceFilter,
    AttendanceIn,
    AttendanceOut,
    ConsentIn,
    ConsentOut,
    Deleted,
    EndIn,
    EqualityCodeOut,
    EqualityIn,
    EqualityOut,
    EqualityRecorded,
    EqualityScope,
    ParticipationIn,
    ParticipationOut,
    ParticipationPatch,
    ParticipationRecorded,
    PersonFilter,
    PersonIn,
    PersonPatch,
    PersonRecordOut,
)

router = Router(tags=["people"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)
P = "/people"
READ = {**READ_ERRORS, 403: Message}


def _people(member):
    return Person.objects.for_org(member.organisation_id).active().with_consent().order_by("name", "pk")


def _account(member, user_id):
    if user_id is None:
        return None
    user = patient_partner_accounts(member.organisation_id).filter(pk=user_id).first()
    if user is None:
        raise ValidationError({"account_id": ["Choose the account of a patient partner in your organisation."]})
    return user


def _keeper(request):
    member = require_member(request.auth)
    require(can_keep_people(request.auth), "Only staff who keep the people register can do this.")
    return member


# People ---------------------------------------------------------------------------------------------


@router.get(f"{P}/persons", response=responses({200: list[PersonRecordOut]}, READ), summary="List people")
@paginate(Pages)
def list_people(request, filters: Query[PersonFilter]):
    member = _keeper(request)
    people = _people(member)
    if filters.q:
        people = people.filter(name__icontains=filters.q.strip())
    if filters.kind:
        people = people.filter(kind=filters.kind)
    if filters.need == "language":
        people = people.exclude(language="")
    elif filters.need == "other":
        people = people.exclude(other_needs="")
    elif filters.need:
        people = people.filter(**{filters.need: True})
    if filters.consent:
        people = people.consenting(filters.consent)
    return people


@router.post(
    f"{P}/persons",
    response=responses({201: PersonRecordOut, 200: PersonRecordOut}, WRITE_ERRORS),
    summary="Add a person",
)
def create_person(request, payload: PersonIn, idempotency_key: str | None = IDEMPOTENCY):
    member = _keeper(request)
    fields = payload.dict()
    fields["account"] = _account(member, fields.pop("account_id"))
    return created_once(
        request,
        idempotency_key,
        lambda: actions.create_person(member.organisation, by=request.auth, **fields),
        lambda pk: _people(member).get(pk=pk),
    )


@router.get(f"{P}/persons/{{person_id}}", response=responses({200: PersonRecordOut}, READ), summary="Get a person")
def get_person(request, person_id: int = PK):
    member = require_member(request.auth)
    get_person_for_user(request.auth, person_id)
    return _people(member).get(pk=person_id)


@router.patch(
    f"{P}/persons/{{person_id}}", response=responses({200: PersonRecordOut}, WRITE_ERRORS), summary="Change a person"
)
def update_person(request, payload: PersonPatch, person_id: int = PK):
    member = require_member(request.auth)
    person = get_person_to_keep(request.auth, person_id)
    changes = changes_of(payload)
    if "account_id" in changes:
        changes["account"] = _account(member, changes.pop("account_id"))
    actions.update_person(person, changes, by=request.auth, expected_version=payload.version)
    return _people(member).get(pk=person.pk)


@router.delete(
    f"{P}/persons/{{person_id}}", response=responses({200: Deleted}, WRITE_ERRORS), summary="Delete a person"
)
def delete_person(request, person_id: int = PK):
    """With their consent history, participation and attendance; restorable from the audit trail."""
    person = get_person_to_keep(request.auth, person_id)
    require(can_delete_people(request.auth))
    event = actions.delete_person(person, by=request.auth)
    return {"audit_event_id": event.pk}


# Consent and equality monitoring -----------------------------------------------------------------------


@router.get(
    f"{P}/persons/{{person_id}}/consents",
    response=responses({200: list[ConsentOut]}, READ),
    summary="A person's consent history, latest first",
)
@paginate(Pages)
def list_consents(request, person_id: int = PK):
    person = get_person_for_user(request.auth, person_id)
    return ConsentEvent.objects.filter(person=person).order_by("-at", "-pk")


@router.post(
    f"{P}/persons/{{person_id}}/consents",
    response=responses({201: ConsentOut, 200: ConsentOut}, WRITE_ERRORS),
    summary="Record consent given or withdrawn",
)
def add_consent(request, payload: ConsentIn, person_id: int = PK, idempotency_key: str | None = IDEMPOTENCY):
    """A new event (the history is never edited). Withdrawing consent for equality monitoring
    deletes the answers recorded."""
    person = get_person_to_keep(request.auth, person_id)
    return created_once(
        request,
        idempotency_key,
        lambda: actions.record_consent(person, by=request.auth, **payload.dict()),
        lambda pk: ConsentEvent.objects.get(pk=pk),
    )


@router.get(f"{P}/equality-codes", response=responses({200: list[EqualityCodeOut]}, READ), summary="Equality codes")
@paginate(Pages)
def list_equality_codes(request):
    """The NHS Data Dictionary codes equality monitoring answers use (reference data)."""
    require_member(request.auth)
    return EqualityCode.objects.filter(active=True).order_by("category", "position", "code")


@router.post(
    f"{P}/persons/{{person_id}}/equality",
    response=responses({200: EqualityRecorded}, WRITE_ERRORS),
    summary="Record equality monitoring answers",
)
def record_equality(request, payload: EqualityIn, person_id: int = PK):
    """Answers as codes; a question left out keeps its answer. 409 without the person's consent
    for equality monitoring. The answer says which questions are answered, never the answers."""
    person = get_person_to_keep(request.auth, person_id)
    answers = {k: v for k, v in payload.dict().items() if v not in (None, "")}
    record = actions.record_equality(person, answers, by=request.auth)
    return actions.answered_questions(record)


@router.post(
    f"{P}/equality-reports",
    response=responses({200: EqualityOut}, WRITE_ERRORS),
    summary="Equality monitoring, as suppressed counts",
)
def equality_report(request, payload: EqualityScope):
    """For the organisation, a structure's current members (`structure_id`) or an activity's
    participants (`activity_id`). Counts from 1 to 4 are null, and the next smallest where only one
    would be hidden. Engagement leads and admins only. A POST because each call is recorded in the
    audit log (who, when, which group), as each view of the page is."""
    member = require_member(request.auth)
    require(can_view_equality(request.auth), "Only engagement leads and admins may see equality monitoring.")
    org = member.organisation
    if payload.structure_id is not None:
        structure = get_for_user(Structure, request.auth, payload.structure_id)
        report = equality.report(equality.structure_members(structure), f"current members of {structure.name}")
        scope, record = f"structure-{structure.pk}", structure
    elif payload.activity_id is not None:
        activity = get_for_user(EngagementActivity, request.auth, payload.activity_id)
        report = equality.report(equality.activity_people(activity), f"people taking part in {activity.title}")
        scope, record = f"activity-{activity.pk}", activity
    else:
        report = equality.report(equality.organisation_people(org.pk), org.name)
        scope, record = "organisation", org
    equality.audit_view(record, by=request.auth, organisation=org, scope=scope, shown=report)
    return report


# Participation --------------------------------------------------------------------------------------


def _where(member, fields: dict) -> dict:
    activity_id, structure_id = fields.pop("activity_id", None), fields.pop("structure_id", None)
    if activity_id is not None:
        activity = EngagementActivity.objects.filter(
            pk=activity_id, stage_run__programme__organisation=member.organisation_id
        ).first()
        if activity is None:
            raise ValidationError({"activity_id": ["Choose an activity of your organisation."]})
        fields["activity"] = activity
    if structure_id is not None:
        structure = Structure.objects.for_org(member.organisation_id).filter(pk=structure_id).first()
        if structure is None:
            raise ValidationError({"structure_id": ["Choose a structure of your organisation."]})
        fields["structure"] = structure
    return fields


@router.get(
    f"{P}/persons/{{person_id}}/participations",
    response=responses({200: list[ParticipationOut]}, READ),
    summary="What a person takes part in",
)
@paginate(Pages)
def list_participations(request, person_id: int = PK):
    person = get_person_for_user(request.auth, person_id)
    return Participation.objects.filter(person=person).order_by("-starts_on", "-pk")


@router.post(
    f"{P}/persons/{{person_id}}/participations",
    response=responses({201: ParticipationRecorded, 200: ParticipationRecorded}, WRITE_ERRORS),
    summary="Record taking part in an activity or a structure",
)
def create_participation(
    request, payload: ParticipationIn, person_id: int = PK, idempotency_key: str | None = IDEMPOTENCY
):
    member = require_member(request.auth)
    person = get_person_to_keep(request.auth, person_id)
    fields = _where(member, payload.dict())
    return created_once(
        request,
        idempotency_key,
        lambda: actions.record_participation(person, by=request.auth, **fields),
        lambda pk: _advised(Participation.objects.get(pk=pk)),
    )


def _advised(participation: Participation) -> Participation:
    """With what other areas say about it (core.registry.advice): learning the role needs."""
    participation.advice = registry.advice_for(participation)  # type: ignore[attr-defined]
    return participation


@router.patch(
    f"{P}/participations/{{participation_id}}",
    response=responses({200: ParticipationOut}, WRITE_ERRORS),
    summary="Change a participation",
)
def update_participation(request, payload: ParticipationPatch, participation_id: int = PK):
    participation = get_participation_to_keep(request.auth, participation_id)
    actions.update_participation(participation, changes_of(payload), by=request.auth, expected_version=payload.version)
    return Participation.objects.get(pk=participation.pk)


@router.post(
    f"{P}/participations/{{participation_id}}/end",
    response=responses({200: ParticipationOut}, WRITE_ERRORS),
    summary="End a participation (a term of office)",
)
def end_participation(request, payload: EndIn, participation_id: int = PK):
    participation = get_participation_to_keep(request.auth, participation_id)
    actions.end_participation(participation, ends_on=payload.ends_on, by=request.auth, expected_version=payload.version)
    return Participation.objects.get(pk=participation.pk)


@router.delete(
    f"{P}/participations/{{participation_id}}",
    response=responses({200: Deleted}, WRITE_ERRORS),
    summary="Delete a participation recorded in error",
)
def delete_participation(request, participation_id: int = PK):
    participation = get_participation_to_keep(request.auth, participation_id)
    event = actions.delete_participation(participation, by=request.auth)
    return {"audit_event_id": event.pk}


# Attendance -----------------------------------------------------------------------------------------


@router.get(f"{P}/attendance", response=responses({200: list[AttendanceOut]}, READ), summary="Attendance at meetings")
@paginate(Pages)
def list_attendance(request, filters: Query[AttendanceFilter]):
    """Who attended structures' meetings, latest meeting first; `meeting_id` or `person_id` narrow it."""
    member = _keeper(request)
    found = Attendance.objects.filter(meeting__structure__organisation=member.organisation_id)
    if filters.meeting_id is not None:
        found = found.filter(meeting_id=filters.meeting_id)
    if filters.person_id is not None:
        found = found.filter(person_id=filters.person_id)
    return found.order_by("-meeting__held_on", "person__name", "pk")


@router.post(
    f"{P}/attendance",
    response=responses({200: AttendanceOut}, WRITE_ERRORS),
    summary="Record a person's attendance at a structure's meeting",
)
def record_attendance(request, payload: AttendanceIn):
    """Attended, sent apologies or absent, and hours; recording again changes what was recorded."""
    member = _keeper(request)
    meeting = (
        StructureMeeting.objects.filter(pk=payload.meeting_id, structure__organisation=member.organisation_id)
        .select_related("structure")
        .first()
    )
    if meeting is None:
        raise ValidationError({"meeting_id": ["Choose a meeting of one of your organisation's structures."]})
    person = Person.objects.for_org(member.organisation_id).active().filter(pk=payload.person_id).first()
    if person is None:
        raise ValidationError({"person_id": ["Choose someone in your organisation."]})
    return actions.record_attendance(meeting, person, status=payload.status, hours=payload.hours, by=request.auth)


@router.delete(
    f"{P}/attendance/{{attendance_id}}",
    response=responses({200: Deleted}, WRITE_ERRORS),
    summary="Delete attendance recorded in error",
)
def delete_attendance(request, attendance_id: int = PK):
    record = get_attendance_to_keep(request.auth, attendance_id)
    event = actions.delete_attendance(record, by=request.auth)
    return {"audit_event_id": event.pk}


# Taking part's operations (opportunities, registrations, a person's export and erasure).
from .api_taking_part import router as taking_part_router  # noqa: E402

router.add_router("/", taking_part_router)
