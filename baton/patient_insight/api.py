"""The patient insight API: review samples, their reviews and agreement, and patient partners'
reports. Each operation takes the pages' steps through the same permission helpers and actions: 404
when not yours (a patient partner sees only his own samples and reports), 403 when not allowed, 422
for bad input, 409 when a rule refuses (a closed sample, a report already accepted). Lists paginate;
creates take an optional `Idempotency-Key`."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from ninja import Header, Path, Query, Router
from ninja.pagination import paginate

from baton.core.api_helpers import changes_of, created_once
from baton.core.permissions import require, require_member
from baton.core.schemas import MAX_ID, WRITE_ERRORS, Pages, responses
from baton.cycle.models import Programme, StageRun

from . import actions, framework
from .agreement import Agreement, measure, pair
from .models import FieldReport, Review, ReviewSample
from .permissions import (
    can_accept,
    can_edit_report,
    can_gather,
    can_give_samples,
    can_review,
    get_report_for_user,
    get_review_by_id,
    get_sample_for_user,
    patient_partners,
    reports_for,
    require_area,
    require_staff,
    samples_for,
)
from .schemas import (
    PatientInsightAccept,
    PatientInsightAgreementOut,
    PatientInsightReportFilter,
    PatientInsightReportIn,
    PatientInsightReportOut,
    PatientInsightReportPatch,
    PatientInsightReturn,
    PatientInsightReviewIn,
    PatientInsightReviewOut,
    PatientInsightSampleIn,
    PatientInsightSampleOut,
    PatientInsightVersion,
)

router = Router(tags=["patient insight"])

PK = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY = Header(
    None, alias="Idempotency-Key", max_length=64, description="Send the same key again: nothing is created twice."
)
R = "/patient-insight"


def _member(request):
    member = require_member(request.auth)
    require_area(request.auth)
    return member


def _samples(queryset):
    return queryset.annotate(reviewed=Count("reviews", filter=Q(reviews__reviewed_at__isnull=False))).order_by(
        "-created_at", "-pk"
    )


def _sample_out(pk):
    return _samples(ReviewSample.objects.filter(pk=pk)).get()


def _review_out(review: Review) -> dict:
    return {
        "id": review.pk,
        "sample_id": review.sample_id,
        "position": review.position,
        "comment_id": review.comment_id,
        "comment_text": review.comment.text,
        "machine_themes": review.machine_themes,
        "machine_sentiment": review.machine_sentiment,
        "reviewed": review.is_reviewed,
        "agreed": review.agreed,
        "themes": review.themes,
        "sentiment": review.sentiment,
        "note": review.note,
        "version": review.version,
    }


def _agreement_out(a: Agreement) -> dict:
    return {
        "reviewed": a.reviewed,
        "fully_agreed": a.fully_agreed,
        "fully_agreed_share": a.fully_agreed_share,
        "themes_agreed_share": a.themes_agreed_share,
        "sentiment_exact_share": a.sentiment_exact_share,
        "sentiment_within_one_share": a.sentiment_within_one_share,
        "themes": [t.__dict__ for t in a.themes],
    }


def _agreement(reviews) -> dict:
    rows = reviews.reviewed().values_list("machine_themes", "themes", "machine_sentiment", "sentiment")
    return _agreement_out(measure([pair(*row) for row in rows], framework.codes()))


# Samples ----------------------------------------------------------------------------------------------


@router.get(f"{R}/samples", response=responses({200: list[PatientInsightSampleOut]}), summary="List review samples")
@paginate(Pages)
def list_samples(request):
    """Staff: every sample of the organisation. A patient partner: only those given to him."""
    member = _member(request)
    return _samples(samples_for(request.auth, member.organisation_id))


@router.post(
    f"{R}/samples",
    response=responses({201: PatientInsightSampleOut, 200: PatientInsightSampleOut}, WRITE_ERRORS),
    summary="Give a patient partner a sample of comments to review",
)
def create_sample(request, payload: PatientInsightSampleIn, idempotency_key: str | None = IDEMPOTENCY):
    member = _member(request)
    require(can_give_samples(request.auth), "Only engagement leads and admins give samples to review.")
    fields = payload.dict()
    reviewer = patient_partners(member.organisation_id).filter(pk=fields.pop("reviewer_id")).first()
    if reviewer is None:
        raise ValidationError({"reviewer_id": ["Choose someone who is a patient partner in your organisation."]})
    if fields["theme"] and fields["theme"] not in framework.codes():
        raise ValidationError({"theme": ["Choose a theme of the framework."]})
    return created_once(
        request,
        idempotency_key,
        lambda: actions.make_sample(member.organisation, by=request.auth, reviewer=reviewer, **fields),
        _sample_out,
    )


@router.get(
    f"{R}/samples/{{sample_id}}", response=responses({200: PatientInsightSampleOut}), summary="Get a review sample"
)
def get_sample(request, sample_id: int = PK):
    return _sample_out(get_sample_for_user(request.auth, sample_id).pk)


@router.post(
    f"{R}/samples/{{sample_id}}/close",
    response=responses({200: PatientInsightSampleOut}, WRITE_ERRORS),
    summary="Close a review sample (its reviews can no longer change)",
)
def close_sample(request, payload: PatientInsightVersion, sample_id: int = PK):
    sample = get_sample_for_user(request.auth, sample_id)
    require(can_give_samples(request.auth), "Only engagement leads and admins close samples.")
    actions.close_sample(sample, by=request.auth, expected_version=payload.version)
    return _sample_out(sample.pk)


@router.get(
    f"{R}/samples/{{sample_id}}/agreement",
    response=responses({200: PatientInsightAgreementOut}, {**WRITE_ERRORS}),
    summary="Agreement with the machine in one sample",
)
def sample_agreement(request, sample_id: int = PK):
    sample = get_sample_for_user(request.auth, sample_id)
    require_staff(request.auth)
    return _agreement(Review.objects.filter(sample=sample))


@router.get(
    f"{R}/agreement",
    response=responses({200: PatientInsightAgreementOut}, {**WRITE_ERRORS}),
    summary="Agreement with the machine across all samples",
)
def agreement(request):
    member = _member(request)
    require_staff(request.auth)
    return _agreement(Review.objects.for_org(member.organisation_id))


# Reviews -------------------------------------------------------------------------------------------------


@router.get(
    f"{R}/samples/{{sample_id}}/reviews",
    response=responses({200: list[PatientInsightReviewOut]}),
    summary="The comments of a sample, with the machine's labels and the reviewer's",
)
@paginate(Pages)
def list_reviews(request, sample_id: int = PK):
    sample = get_sample_for_user(request.auth, sample_id)
    return [_review_out(r) for r in Review.objects.filter(sample=sample).select_related("comment")]


@router.patch(
    f"{R}/reviews/{{review_id}}",
    response=responses({200: PatientInsightReviewOut}, WRITE_ERRORS),
    summary="Review one comment: agree with the machine, or correct its themes and sentiment",
)
def save_review(request, payload: PatientInsightReviewIn, review_id: int = PK):
    review = get_review_by_id(request.auth, review_id)
    require(can_review(request.auth, review.sample), "Only the patient partner this sample was given to reviews it.")
    if not payload.agreed and set(payload.themes) - set(framework.codes()) - set(review.machine_themes):
        raise ValidationError({"themes": ["Choose themes of the framework."]})
    actions.save_review(
        review,
        by=request.auth,
        agreed=payload.agreed,
        themes=payload.themes,
        sentiment=payload.sentiment,
        note=payload.note,
        expected_version=payload.version,
    )
    return _review_out(Review.objects.select_related("comment").get(pk=review.pk))


# Reports --------------------------------------------------------------------------------------------------


def _links(member, fields: dict) -> dict:
    """The programme and stage run named by id: one of ours, else 422 on that field."""
    out = {}
    if "programme_id" in fields:
        pk = fields.pop("programme_id")
        out["programme"] = Programme.objects.for_org(member.organisation_id).filter(pk=pk).first() if pk else None
        if pk and out["programme"] is None:
            raise ValidationError({"programme_id": ["Choose one of your organisation's programmes."]})
    if "stage_run_id" in fields:
        pk = fields.pop("stage_run_id")
        out["stage_run"] = StageRun.objects.for_org(member.organisation_id).filter(pk=pk).first() if pk else None
        if pk and out["stage_run"] is None:
            raise ValidationError({"stage_run_id": ["Choose one of your organisation's stage runs."]})
    return {**fields, **out}


@router.get(f"{R}/reports", response=responses({200: list[PatientInsightReportOut]}), summary="List reports")
@paginate(Pages)
def list_reports(request, filters: Query[PatientInsightReportFilter]):
    """Staff: every report of the organisation. A patient partner: only his own."""
    member = _member(request)
    found = reports_for(request.auth, member.organisation_id).order_by("-submitted_at", "-pk")
    return found.filter(status=filters.status) if filters.status else found


@router.post(
    f"{R}/reports",
    response=responses({201: PatientInsightReportOut, 200: PatientInsightReportOut}, WRITE_ERRORS),
    summary="Record insight heard on a monitoring visit or in a community conversation",
)
def create_report(request, payload: PatientInsightReportIn, idempotency_key: str | None = IDEMPOTENCY):
    member = _member(request)
    fields = _links(member, payload.dict())  # our stage run is no choice of another organisation's
    require(can_gather(request.auth), "Only patient partners record reports here.")
    return created_once(
        request,
        idempotency_key,
        lambda: actions.submit_report(member.organisation, by=request.auth, **fields),
        lambda pk: FieldReport.objects.get(pk=pk),
    )


@router.get(f"{R}/reports/{{report_id}}", response=responses({200: PatientInsightReportOut}), summary="Get a report")
def get_report(request, report_id: int = PK):
    return get_report_for_user(request.auth, report_id)


@router.patch(
    f"{R}/reports/{{report_id}}",
    response=responses({200: PatientInsightReportOut}, WRITE_ERRORS),
    summary="Change your report (a returned one is sent again for review)",
)
def update_report(request, payload: PatientInsightReportPatch, report_id: int = PK):
    report = get_report_for_user(request.auth, report_id)
    require(can_edit_report(request.auth, report), "Only its author changes a report, until it is accepted.")
    member = _member(request)
    actions.edit_report(report, _links(member, changes_of(payload)), by=request.auth, expected_version=payload.version)
    return FieldReport.objects.get(pk=report.pk)


@router.post(
    f"{R}/reports/{{report_id}}/accept",
    response=responses({200: PatientInsightReportOut}, WRITE_ERRORS),
    summary="Accept a report as insight (one insight item on the stage run chosen)",
)
def accept_report(request, payload: PatientInsightAccept, report_id: int = PK):
    report = get_report_for_user(request.auth, report_id)
    require(can_accept(request.auth), "Only engagement leads and admins accept reports.")
    run = (
        StageRun.objects.for_org(report.organisation_id)
        .select_related("programme")
        .filter(pk=payload.stage_run_id)
        .first()
    )
    if run is None:
        raise ValidationError({"stage_run_id": ["Choose one of your organisation's stage runs."]})
    actions.accept_report(
        report,
        by=request.auth,
        stage_run=run,
        title=payload.title.strip(),
        sentiment=payload.sentiment,
        themes=payload.themes,
        expected_version=payload.version,
    )
    return FieldReport.objects.get(pk=report.pk)


@router.post(
    f"{R}/reports/{{report_id}}/return",
    response=responses({200: PatientInsightReportOut}, WRITE_ERRORS),
    summary="Return a report to its author with a note",
)
def return_report(request, payload: PatientInsightReturn, report_id: int = PK):
    report = get_report_for_user(request.auth, report_id)
    require(can_accept(request.auth), "Only engagement leads and admins return reports.")
    actions.return_report(report, by=request.auth, note=payload.note, expected_version=payload.version)
    return FieldReport.objects.get(pk=report.pk)
