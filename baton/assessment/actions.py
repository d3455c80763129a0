"""The one door for changes to self-assessments, following `core.actions`' contract (lock,
re-read, blockers, refuse, audited change). A completed assessment is read-only: every change to
it, its ratings or their actions is refused with the reason."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.core.actions import change_record, create_record, delete_record, locked, refuse
from baton.core.models import AuditEvent

from .models import Action, Assessment, Item, Rating
from .permissions import eligible_owners


def create_assessment(organisation, *, by, **fields) -> Assessment:
    """A new period's assessment, in draft."""
    return create_record(Assessment(organisation=organisation, **fields), by=by, action="create_assessment")


def update_assessment(assessment: Assessment, changes: dict, *, by, expected_version: int | None = None):
    """Change the period, its end or the summary of a draft."""
    with locked(assessment, expected_version=expected_version) as current:
        refuse(current.blockers_to_changing())
        return change_record(assessment, changes, by=by, action="update_assessment")


def delete_assessment(assessment: Assessment, *, by) -> AuditEvent:
    """Delete a draft with its ratings and actions (restorable from the audit trail)."""
    with locked(assessment) as current:
        refuse(current.blockers_to_deleting())
        return delete_record(current, by=by, action="delete_assessment")


def complete_assessment(assessment: Assessment, *, by, expected_version: int | None = None) -> Assessment:
    """Completing makes the assessment the period's record: read-only from then on, compared in
    the trend. Refused until every item is scored with evidence and every low score has an action."""
    with locked(assessment, expected_version=expected_version) as current:
        refuse(current.blockers_to_completing())
        return change_record(
            assessment,
            {"status": Assessment.Status.COMPLETED, "completed_at": timezone.now(), "completed_by": by},
            by=by,
            action="complete_assessment",
        )


def _check_evidence(item: Item, evidence: str) -> None:
    """The CCG indicator allowed at most three pieces of evidence a domain (the framework's
    `max_evidence`, reference data)."""
    limit = item.framework.max_evidence
    pieces = [line for line in (evidence or "").splitlines() if line.strip()]
    if limit is not None and len(pieces) > limit:
        raise ValidationError({"evidence": [f"Give at most {limit} pieces of evidence for {item}, one a line."]})


def _check_score(item: Item, score) -> None:
    if score is not None and not item.framework.levels.filter(score=score).exists():
        scores = ", ".join(str(s) for s in item.framework.levels.values_list("score", flat=True))
        raise ValidationError({"score": [f"Choose a score of {scores}."]})


def rate(assessment: Assessment, item: Item, *, score, evidence: str = "", by) -> Rating:
    """Score one item of a draft assessment, with its evidence: the first time creates the rating,
    later times change it. The assessment is locked, so two people rating the same item at once
    make one rating."""
    with locked(assessment) as current:
        refuse(current.blockers_to_changing())
        _check_score(item, score)
        _check_evidence(item, evidence)
        existing = Rating.objects.filter(assessment=current, item=item).first()
        if existing is None:
            rating = Rating(assessment=current, item=item, score=score, evidence=evidence)
            return create_record(rating, by=by, action="rate_item")
        return change_record(existing, {"score": score, "evidence": evidence}, by=by, action="rate_item")


def add_action(rating: Rating, *, by, **fields) -> Action:
    """An action a rating leads to: what, who owns it (someone in the organisation), when due."""
    with locked(rating.assessment) as current:
        refuse(current.blockers_to_changing())
        owner = fields.get("owner")
        if owner is None or not eligible_owners(current.organisation_id).filter(pk=owner.pk).exists():
            raise ValidationError({"owner": ["Choose someone in your organisation to own the action."]})
        return create_record(Action(rating=rating, **fields), by=by, action="add_assessment_action")


def update_action(action: Action, changes: dict, *, by, expected_version: int | None = None) -> Action:
    with locked(action.rating.assessment) as current:
        refuse(current.blockers_to_changing())
        owner = changes.get("owner", action.owner)
        if owner is None or not eligible_owners(current.organisation_id).filter(pk=owner.pk).exists():
            raise ValidationError({"owner": ["Choose someone in your organisation to own the action."]})
        return change_record(
            action, changes, by=by, action="update_assessment_action", expected_version=expected_version
        )


def delete_action(action: Action, *, by) -> AuditEvent:
    with locked(action.rating.assessment) as current:
        refuse(current.blockers_to_changing())
        return delete_record(action, by=by, action="delete_assessment_action")
