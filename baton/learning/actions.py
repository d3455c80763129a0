"""The one door for changes to learning offers, participation roles, requirements, records and
support requests. Every action follows `core.actions`' contract (lock, re-read, blockers, refuse,
audited change); every deletion is kept in the audit trail so it can be restored."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from baton.core.actions import change_record, create_record, delete_record, locked, refuse
from baton.core.models import AuditEvent

from .models import LearningNeed, LearningOffer, LearningRecord, LearningRequirement, ParticipationRole
from .permissions import staff_members


def _check_subject(fields: dict, organisation_id) -> None:
    user, person = fields.get("user"), fields.get("person")
    if (user is None) == (person is None):
        raise ValidationError({"person": ["Choose either a member of staff or a person who takes part."]})
    if user is not None and not staff_members(organisation_id).filter(pk=user.pk).exists():
        raise ValidationError({"user": ["Choose someone in your organisation."]})
    if person is not None and person.organisation_id != organisation_id:
        raise ValidationError({"person": ["Choose someone in your organisation's people register."]})


def _check_offer(offer, organisation_id) -> None:
    if offer is not None and offer.organisation_id != organisation_id:
        raise ValidationError({"offer": ["Choose one of your organisation's learning offers."]})


# Offers --------------------------------------------------------------------------------------------


def _unique(model, organisation_id, field: str, value, exclude_pk, message: str) -> None:
    """A title or name unique in the organisation, ignoring case (the constraint's sentence)."""
    taken = model.objects.for_org(organisation_id).filter(**{f"{field}__iexact": (value or "").strip()})
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({field: [message]})


OFFER_TAKEN = "There is already an offer with this title. Choose another title."
ROLE_TAKEN = "There is already a participation role with this name. Choose another name."


def create_offer(organisation, *, by, **fields) -> LearningOffer:
    """Learning or support the organisation offers."""
    _unique(LearningOffer, organisation.pk, "title", fields.get("title"), None, OFFER_TAKEN)
    return create_record(LearningOffer(organisation=organisation, **fields), by=by, action="create_learning_offer")


def update_offer(offer: LearningOffer, changes: dict, *, by, expected_version: int | None = None) -> LearningOffer:
    """Change an offer, or retire it (it stays on the records of those who did it)."""
    if "title" in changes:
        _unique(LearningOffer, offer.organisation_id, "title", changes["title"], offer.pk, OFFER_TAKEN)
    return change_record(offer, changes, by=by, action="update_learning_offer", expected_version=expected_version)


def delete_offer(offer: LearningOffer, *, by) -> AuditEvent:
    """Delete an offer entered in error (restorable). Refused while a record or requirement names it."""
    with locked(offer) as current:
        refuse(current.blockers_to_deleting())
        return delete_record(current, by=by, action="delete_learning_offer")


# Participation roles ---------------------------------------------------------------------------------


def create_role_kind(organisation, *, by, **fields) -> ParticipationRole:
    """A kind of role people who take part hold, said by what its participations have."""
    _unique(ParticipationRole, organisation.pk, "name", fields.get("name"), None, ROLE_TAKEN)
    return create_record(
        ParticipationRole(organisation=organisation, **fields), by=by, action="create_participation_role"
    )


def update_role_kind(
    kind: ParticipationRole, changes: dict, *, by, expected_version: int | None = None
) -> ParticipationRole:
    if "name" in changes:
        _unique(ParticipationRole, kind.organisation_id, "name", changes["name"], kind.pk, ROLE_TAKEN)
    return change_record(kind, changes, by=by, action="update_participation_role", expected_version=expected_version)


def delete_role_kind(kind: ParticipationRole, *, by) -> AuditEvent:
    with locked(kind) as current:
        refuse(current.blockers_to_deleting())
        return delete_record(current, by=by, action="delete_participation_role")


# Requirements ---------------------------------------------------------------------------------------


def _check_requirement(fields: dict, organisation_id) -> None:
    _check_offer(fields.get("offer"), organisation_id)
    kind = fields.get("participation_role")
    if kind is not None and kind.organisation_id != organisation_id:
        raise ValidationError({"participation_role": ["Choose one of your organisation's participation roles."]})


def set_requirement(organisation, *, by, **fields) -> LearningRequirement:
    """Require an offer of everyone in a staff role or a participation role. Refused for a retired
    offer, or one meant for the other audience."""
    _check_requirement(fields, organisation.pk)
    with transaction.atomic():
        offer = fields["offer"]
        with locked(offer) as current_offer:
            requirement = LearningRequirement(organisation=organisation, **{**fields, "offer": current_offer})
            refuse(requirement.blockers_to_saving())
            return create_record(requirement, by=by, action="set_learning_requirement")


def update_requirement(
    requirement: LearningRequirement, changes: dict, *, by, expected_version: int | None = None
) -> LearningRequirement:
    _check_requirement(changes, requirement.organisation_id)
    with locked(requirement, expected_version=expected_version) as current:
        for name, value in changes.items():
            setattr(current, name, value)
        refuse(current.blockers_to_saving())
        return change_record(
            requirement, changes, by=by, action="update_learning_requirement", expected_version=expected_version
        )


def delete_requirement(requirement: LearningRequirement, *, by) -> AuditEvent:
    with transaction.atomic():
        return delete_record(requirement, by=by, action="delete_learning_requirement")


# Records -------------------------------------------------------------------------------------------


def record_learning(organisation, *, by, **fields) -> LearningRecord:
    """Someone completed a piece of learning, on a day not in the future, with any evidence."""
    _check_subject(fields, organisation.pk)
    _check_offer(fields.get("offer"), organisation.pk)
    record = LearningRecord(organisation=organisation, recorded_by=by if getattr(by, "pk", None) else None, **fields)
    refuse(record.blockers_to_recording(timezone.localdate()))
    return create_record(record, by=by, action="record_learning")


def delete_learning_record(record: LearningRecord, *, by) -> AuditEvent:
    """Delete a record entered in error (restorable from the audit trail)."""
    with transaction.atomic():
        return delete_record(record, by=by, action="delete_learning_record")


# Support requests -------------------------------------------------------------------------------------


def raise_need(organisation, *, by, **fields) -> LearningNeed:
    """Someone needs learning or support: asked by themselves, their manager or an engagement lead."""
    _check_subject(fields, organisation.pk)
    _check_offer(fields.get("offer"), organisation.pk)
    need = LearningNeed(organisation=organisation, raised_by=by if getattr(by, "pk", None) else None, **fields)
    return create_record(need, by=by, action="raise_learning_need")


def close_need(
    need: LearningNeed, *, by, status: str, outcome: str = "", expected_version: int | None = None
) -> LearningNeed:
    """Record a support request met, or closed (a closed request says why)."""
    if status not in (LearningNeed.Status.MET, LearningNeed.Status.CLOSED):
        raise ValidationError({"status": ["Choose met or closed."]})
    if status == LearningNeed.Status.CLOSED and not outcome.strip():
        raise ValidationError({"outcome": ["Say why the request is closed without being met."]})
    with locked(need, expected_version=expected_version) as current:
        refuse(current.blockers_to_closing())
        return change_record(
            need,
            {"status": status, "outcome": outcome.strip(), "closed_on": timezone.localdate()},
            by=by,
            action="close_learning_need",
        )
