"""The one door for changes to consultations, their materials, their Gunning checks and the
organisation's minimum duration.

Every action follows `core.actions`' contract: lock and re-read inside the transaction, ask the
model for its blockers, raise them, change through the audited door. The fairness rule (DESIGN.md
rule 3): a consultation opens only with its materials, its formative-stage statement and enough
time; it closes early only with a reason; its report is published only with how the responses were
considered and every Gunning check assessed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from baton.core.actions import change_record, create_record, delete_record, locked, refuse
from baton.core.models import AuditEvent, Organisation
from baton.core.permissions import has
from baton.core.roles import LEAD_ENGAGEMENT

from .models import Consultation, ConsultationMaterial, ConsultationSettings, GunningAssessment, GunningCheck
from .permissions import eligible_leads, eligible_programmes

PROPOSAL_FIELDS = ("proposal", "formative_statement", "opens_on")
COUNT_FIELDS = ("individual_responses", "organisation_responses", "event_participants")
REPORT_FIELDS = ("report", "report_summary")


def _check_choices(fields: dict, organisation, by, *, creating: bool = False) -> None:
    """One rule for every choice, for the pages and the API alike: the programme is one the person
    may consult on (a programme lead: one they lead), the lead someone who may own work."""
    if "programme" in fields or creating:
        programme = fields.get("programme")
        if programme is None:
            if not has(by, LEAD_ENGAGEMENT):
                raise ValidationError({"programme": ["Choose one of the programmes you lead."]})
        elif not eligible_programmes(by, organisation).filter(pk=programme.pk).exists():
            raise ValidationError({"programme": ["Choose one of the programmes you may consult on."]})
    lead = fields.get("lead")
    if lead is not None and not eligible_leads(organisation).filter(pk=lead.pk).exists():
        raise ValidationError({"lead": ["Choose someone in your organisation who can lead programmes and own work."]})


def _check_duration(consultation: Consultation) -> None:
    """A shorter consultation than the organisation's minimum needs its reason (Gunning check 3).
    Asked when an open consultation's closing date changes; a planned one is asked on opening."""
    minimum = consultation.minimum_settings()
    if consultation.shorter_than_minimum(minimum) and not consultation.short_duration_reason.strip():
        raise ValidationError(
            {
                "closes_on": [
                    f"The consultation would run for {consultation.duration_text}, less than the minimum of "
                    f"{minimum.minimum_weeks} weeks. Choose a later closing date, or record why a shorter "
                    "consultation is adequate."
                ]
            }
        )


# Consultations ------------------------------------------------------------------------------------


def create_consultation(organisation: Organisation, *, by, **fields) -> Consultation:
    """A planned consultation, with its four Gunning checks waiting to be assessed."""
    with transaction.atomic():
        _check_choices(fields, organisation, by, creating=True)
        consultation = create_record(
            Consultation(organisation=organisation, **fields), by=by, action="create_consultation"
        )
        for principle in GunningCheck.objects.order_by("number"):
            create_record(
                GunningAssessment(consultation=consultation, principle=principle), by=by, action="create_consultation"
            )
    return consultation


def update_consultation(
    consultation: Consultation, changes: dict, *, by, expected_version: int | None = None
) -> Consultation:
    """Change a consultation's details. Once it opens, the proposal, the formative-stage statement
    and the opening date are fixed (people responded to them); a reported one is the record."""
    with locked(consultation, expected_version=expected_version) as current:
        # The first that applies: a reported one is the record; then the proposal; then the report.
        reasons = current.blockers_to_changing()
        touched = {name for name in PROPOSAL_FIELDS if name in changes and changes[name] != getattr(current, name)}
        if touched and not reasons:
            reasons = current.blockers_to_changing_proposal()
        if any(name in changes for name in REPORT_FIELDS) and not reasons:
            reasons = current.blockers_to_drafting_report()
        if any(changes.get(name, getattr(current, name)) != getattr(current, name) for name in COUNT_FIELDS):
            reasons += [r for r in current.blockers_to_recording_responses() if r not in reasons]
        refuse(reasons)
        _check_choices(changes, current.organisation_id, by)
        if current.status == Consultation.Status.OPEN and "closes_on" in changes:
            if changes["closes_on"] <= timezone.localdate():
                raise ValidationError(
                    {"closes_on": ["An open consultation's closing date must be after today. To end it, close it."]}
                )
            trial = Consultation(
                organisation_id=current.organisation_id,
                opens_on=current.opens_on,
                closes_on=changes["closes_on"],
                short_duration_reason=changes.get("short_duration_reason", current.short_duration_reason),
            )
            _check_duration(trial)
        # The version was checked above, under the lock, before the rules: a stale edit is told
        # as such rather than as the rule the newer state breaks.
        return change_record(consultation, changes, by=by, action="update_consultation")


def delete_consultation(consultation: Consultation, *, by) -> AuditEvent:
    """Delete a planned consultation with its materials and checks; undoable from the audit trail.
    One that opened is part of the public record and stays."""
    with locked(consultation) as current:
        refuse(current.blockers_to_deleting())
        return delete_record(current, by=by, action="delete_consultation")


def open_consultation(consultation: Consultation, *, by, expected_version: int | None = None) -> Consultation:
    """Open the consultation: it appears on the public pages with its materials."""
    with locked(consultation, expected_version=expected_version) as current:
        refuse(current.blockers_to_opening())
        return change_record(
            consultation,
            {"status": Consultation.Status.OPEN, "opened_at": timezone.now()},
            by=by,
            action="open_consultation",
        )


def close_consultation(
    consultation: Consultation, *, by, early_reason: str = "", expected_version: int | None = None
) -> Consultation:
    """Close the consultation. Before its closing date only with the reason for closing early,
    which is kept on the consultation (evidence for Gunning check 3)."""
    with locked(consultation, expected_version=expected_version) as current:
        refuse(current.blockers_to_closing(early_reason))
        early = timezone.localdate() < current.closes_on
        return change_record(
            consultation,
            {
                "status": Consultation.Status.CLOSED,
                "closed_at": timezone.now(),
                "early_close_reason": early_reason.strip() if early else "",
            },
            by=by,
            action="close_consultation",
        )


def record_responses(consultation: Consultation, counts: dict, *, by, expected_version: int | None = None):
    """How many responded: while the consultation is open or closed, before its report."""
    unknown = set(counts) - set(COUNT_FIELDS)
    if unknown:
        raise ValueError(f"Not a response count: {sorted(unknown)}")
    with locked(consultation, expected_version=expected_version) as current:
        refuse(current.blockers_to_recording_responses())
        return change_record(consultation, counts, by=by, action="record_responses")


def save_report(consultation: Consultation, changes: dict, *, by, expected_version: int | None = None):
    """Upload the report and write how the responses were considered (a draft until published)."""
    unknown = set(changes) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"Not part of the report: {sorted(unknown)}")
    with locked(consultation, expected_version=expected_version) as current:
        refuse(current.blockers_to_drafting_report())
        return change_record(consultation, changes, by=by, action="save_report")


def publish_report(consultation: Consultation, *, by, expected_version: int | None = None) -> Consultation:
    """Publish the report: the consultation is reported, shown as such on the public pages, and a
    decision on its proposal may now be recorded (if every Gunning check is met)."""
    with locked(consultation, expected_version=expected_version) as current:
        refuse(current.blockers_to_reporting())
        return change_record(
            consultation,
            {"status": Consultation.Status.REPORTED, "reported_at": timezone.now(), "reported_by": by},
            by=by,
            action="publish_report",
        )


# Materials -----------------------------------------------------------------------------------------


def add_material(consultation: Consultation, *, title: str, file, by) -> ConsultationMaterial:
    """A document of the consultation, while it is planned or open."""
    with locked(consultation) as current:
        refuse(current.blockers_to_changing_materials())
        return create_record(
            ConsultationMaterial(consultation=current, title=title, file=file, added_by=by),
            by=by,
            action="add_material",
        )


def remove_material(material: ConsultationMaterial, *, by) -> AuditEvent:
    """Remove a document of a planned consultation; undoable from the audit trail."""
    with locked(material.consultation) as current:
        refuse(current.blockers_to_removing_material())
        return delete_record(material, by=by, action="remove_material")


# Gunning checks ------------------------------------------------------------------------------------


def assess_check(
    assessment: GunningAssessment, *, outcome: str, evidence: str = "", by, expected_version: int | None = None
) -> GunningAssessment:
    """Record whether the consultation meets one Gunning check, with the evidence."""
    if outcome not in GunningAssessment.Outcome.values:
        raise ValidationError({"outcome": ["Choose met, not met or not yet assessed."]})
    evidence = (evidence or "").strip()
    if outcome != GunningAssessment.Outcome.NOT_YET and not evidence:
        raise ValidationError({"evidence": ["Give the evidence for the assessment."]})
    with locked(assessment.consultation) as current:
        refuse(current.blockers_to_assessing())
        assessed = outcome != GunningAssessment.Outcome.NOT_YET
        return change_record(
            assessment,
            {
                "outcome": outcome,
                "evidence": evidence,
                "assessed_by": by if assessed else None,
                "assessed_at": timezone.now() if assessed else None,
            },
            by=by,
            action="assess_gunning_check",
            expected_version=expected_version,
        )


# The organisation's minimum duration -----------------------------------------------------------------


def change_settings(
    organisation: Organisation, *, minimum_weeks: int, by, expected_version: int | None = None
) -> ConsultationSettings:
    """Change the organisation's minimum duration. The row is made the first time (two leads doing
    so at once: the second is told, never a 500)."""
    with transaction.atomic():
        found = ConsultationSettings.objects.select_for_update().filter(organisation=organisation).first()
        if found is None:
            return create_record(
                ConsultationSettings(organisation=organisation, minimum_weeks=minimum_weeks),
                by=by,
                action="change_consultation_settings",
            )
        return change_record(
            found,
            {"minimum_weeks": minimum_weeks},
            by=by,
            action="change_consultation_settings",
            expected_version=expected_version,
        )
