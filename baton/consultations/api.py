"""The consultations REST API: consultations, their documents, Gunning checks, report and steps,
and the organisation's minimum duration.

Each operation follows the pages' four steps: access (`get_*_for_user`: 404 when not yours;
`can_*`: 403 when not allowed), bind (the schema: 422 for bad input, a refused file too), act (one
action from actions.py: 409 when a rule refuses), respond. Lists paginate and read from one
QuerySet with what they show joined, so the number of queries does not grow with the page. Creates
take an optional `Idempotency-Key` header. Documents are uploaded as multipart form data."""

from django.core.exceptions import ValidationError
from ninja import File, Form, Header, Path, Query, Router, UploadedFile
from ninja.pagination import paginate

from baton.core.api_helpers import changes_of, created_once
from baton.core.permissions import require, require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Pages, responses

from . import actions
from .models import Consultation, ConsultationMaterial, ConsultationSettings, GunningCheck
from .permissions import (
    can_change_settings,
    can_create_consultation,
    can_manage_consultation,
    eligible_leads,
    eligible_programmes,
    get_assessment_for_user,
    get_consultation_for_user,
    get_material_for_user,
)
from .schemas import (
    ConsultationBlockersOut,
    ConsultationCloseIn,
    ConsultationDocumentFilter,
    ConsultationDocumentIn,
    ConsultationDocumentOut,
    ConsultationFilter,
    ConsultationIn,
    ConsultationOut,
    ConsultationPatch,
    ConsultationReportIn,
    ConsultationReportOut,
    ConsultationSettingsIn,
    ConsultationSettingsOut,
    ConsultationVersionIn,
    GunningAssessmentOut,
    GunningAssessmentPatch,
    GunningCheckOut,
)
from .views import _serve

router = Router(tags=["consultations"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)

# A download's 200: the file itself (PDF, Word, OpenDocument or an image), as an attachment.
FILE = {
    "responses": {
        "200": {
            "description": "The file, as an attachment named as it was uploaded.",
            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _consultations(member):
    return (
        Consultation.objects.for_org(member.organisation_id)
        .select_related("lead")
        .prefetch_related("assessments__principle", "assessments__assessed_by")
    )


def _choices(request, member, fields: dict) -> dict:
    """programme_id and lead_id as records: only the choices the pages offer (422 otherwise)."""
    if "programme_id" in fields:
        pk = fields.pop("programme_id")
        programme = None
        if pk is not None:
            programme = eligible_programmes(request.auth, member.organisation_id).filter(pk=pk).first()
            if programme is None:
                raise ValidationError({"programme_id": ["Choose one of the programmes you may consult on."]})
        fields["programme"] = programme
    if "lead_id" in fields:
        pk = fields.pop("lead_id")
        lead = None
        if pk is not None:
            lead = eligible_leads(member.organisation_id).filter(pk=pk).first()
            if lead is None:
                raise ValidationError({"lead_id": ["Choose someone in your organisation who can own work."]})
        fields["lead"] = lead
    return fields


def _managed(request, consultation_id) -> Consultation:
    consultation = get_consultation_for_user(request.auth, consultation_id)
    require(can_manage_consultation(request.auth, consultation))
    return consultation


# Consultations -------------------------------------------------------------------------------------


@router.get("/consultations", response=responses({200: list[ConsultationOut]}), summary="List consultations")
@paginate(Pages)
def list_consultations(request, filters: Query[ConsultationFilter]):
    return filters.filter(_consultations(require_member(request.auth))).order_by("-opens_on", "-pk")


@router.post(
    "/consultations",
    response=responses({201: ConsultationOut, 200: ConsultationOut}, WRITE_ERRORS),
    summary="Plan a consultation",
)
def create_consultation(request, payload: ConsultationIn, idempotency_key: str | None = IDEMPOTENCY):
    member = require_member(request.auth)
    require(can_create_consultation(request.auth))
    fields = _choices(request, member, payload.dict())
    if fields["closes_on"] <= fields["opens_on"]:
        raise ValidationError({"closes_on": ["The closing date must be after the opening date."]})
    return created_once(
        request,
        idempotency_key,
        lambda: actions.create_consultation(member.organisation, by=request.auth, **fields),
        lambda pk: _consultations(member).get(pk=pk),
    )


@router.get(
    "/consultations/{consultation_id}", response=responses({200: ConsultationOut}), summary="Get a consultation"
)
def get_consultation(request, consultation_id: int = PK):
    member = require_member(request.auth)
    get_consultation_for_user(request.auth, consultation_id)
    return _consultations(member).get(pk=consultation_id)


@router.patch(
    "/consultations/{consultation_id}",
    response=responses({200: ConsultationOut}, WRITE_ERRORS),
    summary="Change a consultation",
)
def update_consultation(request, payload: ConsultationPatch, consultation_id: int = PK):
    """Details while planned; once open, the proposal, formative-stage statement and opening date
    are fixed (409). Response counts while open or closed; the report summary once closed."""
    member = require_member(request.auth)
    consultation = _managed(request, consultation_id)
    changes = _choices(request, member, changes_of(payload))
    opens = changes.get("opens_on", consultation.opens_on)
    closes = changes.get("closes_on", consultation.closes_on)
    if opens and closes and closes <= opens:
        raise ValidationError({"closes_on": ["The closing date must be after the opening date."]})
    actions.update_consultation(consultation, changes, by=request.auth, expected_version=payload.version)
    return _consultations(member).get(pk=consultation.pk)


@router.delete(
    "/consultations/{consultation_id}",
    response=responses({200: dict}, WRITE_ERRORS),
    summary="Delete a planned consultation",
)
def delete_consultation(request, consultation_id: int = PK):
    consultation = _managed(request, consultation_id)
    event = actions.delete_consultation(consultation, by=request.auth)
    return {"audit_event_id": event.pk}


@router.get(
    "/consultations/{consultation_id}/blockers",
    response=responses({200: list[ConsultationBlockersOut]}),
    summary="What stands in the way of each next step",
)
def consultation_blockers(request, consultation_id: int = PK):
    c = get_consultation_for_user(request.auth, consultation_id)
    return [
        {"step": "open", "blockers": c.blockers_to_opening()},
        {"step": "close", "blockers": c.blockers_to_closing(early_reason="-")},
        {"step": "publish_report", "blockers": c.blockers_to_reporting()},
        {"step": "decide", "blockers": c.blockers_to_deciding()},
    ]


def _step(request, consultation_id, action, **kwargs):
    member = require_member(request.auth)
    consultation = _managed(request, consultation_id)
    action(consultation, by=request.auth, **kwargs)
    return _consultations(member).get(pk=consultation.pk)


@router.post(
    "/consultations/{consultation_id}/open",
    response=responses({200: ConsultationOut}, WRITE_ERRORS),
    summary="Open a consultation",
)
def open_consultation(request, payload: ConsultationVersionIn | None = None, consultation_id: int = PK):
    """Refused (409, with the reasons) without documents, the formative-stage statement, how to take
    part, or enough time (the organisation's minimum, or a recorded reason)."""
    return _step(
        request, consultation_id, actions.open_consultation, expected_version=payload.version if payload else None
    )


@router.post(
    "/consultations/{consultation_id}/close",
    response=responses({200: ConsultationOut}, WRITE_ERRORS),
    summary="Close a consultation",
)
def close_consultation(request, payload: ConsultationCloseIn | None = None, consultation_id: int = PK):
    """Before the closing date only with `early_reason` (409 otherwise)."""
    payload = payload or ConsultationCloseIn(early_reason="")
    return _step(
        request,
        consultation_id,
        actions.close_consultation,
        early_reason=payload.early_reason,
        expected_version=payload.version,
    )


@router.post(
    "/consultations/{consultation_id}/report",
    response=responses({200: ConsultationOut}, WRITE_ERRORS),
    summary="Upload the report and say how the responses were considered",
)
def save_report(
    request,
    form: Form[ConsultationReportIn],
    consultation_id: int = PK,
    report: UploadedFile | None = File(None),  # noqa: B008  (django-ninja declares parameters so)
):
    """Multipart form data: `report` (a PDF, Word or OpenDocument file, up to 25 MB; optional to
    keep the one uploaded) and `report_summary`. Only once the consultation has closed."""
    member = require_member(request.auth)
    consultation = _managed(request, consultation_id)
    changes: dict = {"report_summary": form.report_summary}
    if report is not None:
        changes["report"] = report
    actions.save_report(consultation, changes, by=request.auth, expected_version=form.version)
    return _consultations(member).get(pk=consultation.pk)


@router.post(
    "/consultations/{consultation_id}/publish-report",
    response=responses({200: ConsultationOut}, WRITE_ERRORS),
    summary="Publish the consultation report",
)
def publish_report(request, payload: ConsultationVersionIn | None = None, consultation_id: int = PK):
    """Refused (409) without the report, the summary of how responses were considered, or every
    Gunning check assessed."""
    return _step(
        request, consultation_id, actions.publish_report, expected_version=payload.version if payload else None
    )


@router.get(
    "/consultation-reports",
    response=responses({200: list[ConsultationReportOut]}),
    summary="List published consultation reports",
)
@paginate(Pages)
def list_consultation_reports(request):
    """Reported consultations, the latest first: how the responses were considered, and the report."""
    member = require_member(request.auth)
    return (
        Consultation.objects.for_org(member.organisation_id)
        .filter(status=Consultation.Status.REPORTED)
        .order_by("-reported_at", "-pk")
    )


@router.get(
    "/consultation-reports/{consultation_id}/file",
    response=responses({}),
    openapi_extra=FILE,
    summary="Download a consultation's report",
)
def consultation_report_file(request, consultation_id: int = PK):
    """The report file of a consultation (uploaded, published or not yet), for anyone in the organisation."""
    return _serve(get_consultation_for_user(request.auth, consultation_id).report)


# Documents -------------------------------------------------------------------------------------------


@router.get(
    "/consultations/{consultation_id}/documents",
    response=responses({200: list[ConsultationDocumentOut]}),
    summary="List a consultation's documents",
)
@paginate(Pages)
def list_documents(request, consultation_id: int = PK):
    consultation = get_consultation_for_user(request.auth, consultation_id)
    return ConsultationMaterial.objects.filter(consultation=consultation).order_by("created_at", "pk")


@router.post(
    "/consultations/{consultation_id}/documents",
    response=responses({201: ConsultationDocumentOut, 200: ConsultationDocumentOut}, WRITE_ERRORS),
    summary="Add a document",
)
def add_document(
    request,
    form: Form[ConsultationDocumentIn],
    file: File[UploadedFile],
    consultation_id: int = PK,
    idempotency_key: str | None = IDEMPOTENCY,
):
    """Multipart form data: `title` and `file` (PDF, Word, OpenDocument or an image, up to 25 MB;
    anything else is refused with 422). While the consultation is planned or open."""
    consultation = _managed(request, consultation_id)
    return created_once(
        request,
        idempotency_key,
        lambda: actions.add_material(consultation, title=form.title, file=file, by=request.auth),
        lambda pk: ConsultationMaterial.objects.get(pk=pk),
    )


@router.get(
    "/consultation-documents",
    response=responses({200: list[ConsultationDocumentOut]}),
    summary="List consultation documents",
)
@paginate(Pages)
def list_consultation_documents(request, filters: Query[ConsultationDocumentFilter]):
    member = require_member(request.auth)
    return filters.filter(ConsultationMaterial.objects.for_org(member.organisation_id)).order_by("created_at", "pk")


@router.get(
    "/consultation-documents/{document_id}/file",
    response=responses({}),
    openapi_extra=FILE,
    summary="Download a document",
)
def consultation_document_file(request, document_id: int = PK):
    return _serve(get_material_for_user(request.auth, document_id).file)


@router.delete(
    "/consultation-documents/{document_id}",
    response=responses({200: dict}, WRITE_ERRORS),
    summary="Remove a document of a planned consultation",
)
def remove_document(request, document_id: int = PK):
    material = get_material_for_user(request.auth, document_id)
    require(can_manage_consultation(request.auth, material.consultation))
    event = actions.remove_material(material, by=request.auth)
    return {"audit_event_id": event.pk}


# Gunning checks ----------------------------------------------------------------------------------------


@router.get("/gunning-checks", response=responses({200: list[GunningCheckOut]}), summary="The four Gunning checks")
def list_checks(request):
    require_member(request.auth)
    return list(GunningCheck.objects.order_by("number"))


@router.patch(
    "/gunning-assessments/{assessment_id}",
    response=responses({200: GunningAssessmentOut}, WRITE_ERRORS),
    summary="Assess a consultation against a Gunning check",
)
def assess_check(request, payload: GunningAssessmentPatch, assessment_id: int = PK):
    assessment = get_assessment_for_user(request.auth, assessment_id)
    require(can_manage_consultation(request.auth, assessment.consultation))
    actions.assess_check(
        assessment,
        outcome=payload.outcome,
        evidence=payload.evidence,
        by=request.auth,
        expected_version=payload.version,
    )
    return get_assessment_for_user(request.auth, assessment_id)


# The organisation's minimum duration ---------------------------------------------------------------------


@router.get(
    "/consultation-settings", response=responses({200: ConsultationSettingsOut}), summary="The minimum duration"
)
def get_settings(request):
    member = require_member(request.auth)
    found = ConsultationSettings.for_organisation(member.organisation_id)
    return {"minimum_weeks": found.minimum_weeks, "version": found.version}


@router.put(
    "/consultation-settings",
    response=responses({200: ConsultationSettingsOut}, WRITE_ERRORS),
    summary="Change the minimum duration (engagement leads)",
)
def put_settings(request, payload: ConsultationSettingsIn):
    member = require_member(request.auth)
    require(can_change_settings(request.auth))
    if payload.minimum_weeks < 1:
        raise ValidationError({"minimum_weeks": ["The minimum duration must be at least 1 week."]})
    saved = actions.change_settings(
        member.organisation, minimum_weeks=payload.minimum_weeks, by=request.auth, expected_version=payload.version
    )
    return {"minimum_weeks": saved.minimum_weeks, "version": saved.version}
