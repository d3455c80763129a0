"""The changes of this area, each through core.actions' contract (lock, re-read, re-check, audit).

Issue #12: patient partners analyse feedback (review a fixed sample of machine-labelled comments)
and gather insight (reports from monitoring visits and community conversations, which count as
insight only once staff accept them)."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from baton.core.actions import change_record, create_record, locked, refuse
from baton.core.errors import RuleBroken
from baton.cycle.actions import record_insight
from baton.cycle.models import InsightItem
from baton.insight.models import FeedbackComment, FeedbackTheme

from . import framework, sampling
from .models import SAMPLE_MIN, FieldReport, Review, ReviewSample
from .permissions import patient_partners


def candidates(organisation, *, service: str = "", month=None, theme: str = ""):
    """Comments the machine has labelled (it gave a sentiment: a comment in another language is left
    unread) that match the filter."""
    found = FeedbackComment.objects.for_org(organisation).filter(sentiment__isnull=False)
    if service:
        found = found.filter(service=service)
    if month is not None:
        found = found.filter(received_on__year=month.year, received_on__month=month.month)
    if theme:
        found = found.filter(
            pk__in=FeedbackTheme.objects.filter(organisation=organisation, code=theme).values("comment")
        )
    return found


def make_sample(
    organisation,
    *,
    by,
    reviewer,
    title: str,
    size: int,
    service: str = "",
    month=None,
    theme: str = "",
    order: str = ReviewSample.Order.RANDOM,
    seed: int | None = None,
) -> ReviewSample:
    """Give a patient partner a sample of comments to review. The pick is made now and kept: random
    with the sample's seed (so it can be made again the same) or least confident first; never a
    comment twice. Each comment's machine labels are copied as they are now, so later relabelling
    does not move what the reviewer was shown."""
    if not patient_partners(organisation).filter(pk=reviewer.pk).exists():
        raise ValidationError({"reviewer": ["Choose someone who is a patient partner in your organisation."]})
    if month is not None:
        month = month.replace(day=1)
    seed = secrets.randbelow(2**31) if seed is None else seed
    found = candidates(organisation, service=service, month=month, theme=theme)
    if order == ReviewSample.Order.LOW_CONFIDENCE:
        ids = sampling.pick_least_confident(
            list(found.order_by("confidence", "pk")[:size].values_list("pk", "confidence")), size
        )
    else:
        ids = sampling.pick_random(list(found.values_list("pk", flat=True)), size, seed)
    if len(ids) < SAMPLE_MIN:
        refuse(
            [
                f"Only {len(ids)} labelled comment{'s' if len(ids) != 1 else ''} match{'es' if len(ids) == 1 else ''} "
                f"this choice; a sample needs at least {SAMPLE_MIN}. Choose a wider filter."
            ]
        )
    with transaction.atomic():
        sample = create_record(
            ReviewSample(
                organisation=organisation,
                title=title,
                reviewer=reviewer,
                size=len(ids),
                service=service,
                month=month,
                theme=theme,
                order=order,
                seed=seed,
                made_by=by,
            ),
            by=by,
            action="make_review_sample",
        )
        themes: dict[int, list[str]] = {pk: [] for pk in ids}
        for comment_id, code in FeedbackTheme.objects.filter(comment_id__in=ids).values_list("comment_id", "code"):
            themes[comment_id].append(code)
        sentiments = dict(FeedbackComment.objects.filter(pk__in=ids).values_list("pk", "sentiment"))
        Review.objects.bulk_create(
            Review(
                sample=sample,
                comment_id=pk,
                position=i,
                machine_themes=framework.in_framework_order(themes[pk])
                + sorted(set(themes[pk]) - set(framework.codes())),
                machine_sentiment=sentiments.get(pk),
            )
            for i, pk in enumerate(ids, start=1)
        )
    return sample


def save_review(
    review: Review, *, by, agreed: bool, themes=(), sentiment=None, note: str = "", expected_version=None
) -> Review:
    """The reviewer's answer for one comment: agreed (the machine's themes and sentiment, kept as
    they were) or corrected (the themes and sentiment they chose). Changeable until the sample is
    closed; each change audited."""
    with locked(review.sample) as sample:
        refuse(sample.blockers_to_reviewing())
        if agreed:
            themes, sentiment = review.machine_themes, review.machine_sentiment
        else:
            unknown = set(themes) - set(framework.codes()) - set(review.machine_themes)
            if unknown:
                raise ValidationError({"themes": ["Choose themes from the list."]})
            if not themes:
                raise ValidationError({"themes": ["Choose at least one theme, or say you agree with the machine."]})
            if sentiment is None:
                raise ValidationError({"sentiment": ["Choose the sentiment of the comment."]})
        changes = {
            "agreed": bool(agreed),
            "themes": framework.in_framework_order(themes) + sorted(set(themes) - set(framework.codes())),
            "sentiment": sentiment,
            "note": note,
            "reviewed_by": by,
            "reviewed_at": timezone.now(),
        }
        return change_record(review, changes, by=by, action="review_comment", expected_version=expected_version)


def close_sample(sample: ReviewSample, *, by, expected_version=None) -> ReviewSample:
    """Close a sample: its reviews are kept as they are and can no longer change."""
    with locked(sample, expected_version=expected_version) as current:
        refuse(["This sample is already closed."] if current.status == ReviewSample.Status.CLOSED else [])
        return change_record(
            sample,
            {"status": ReviewSample.Status.CLOSED, "closed_at": timezone.now()},
            by=by,
            action="close_review_sample",
        )


def reopen_sample(sample: ReviewSample, *, by, expected_version=None) -> ReviewSample:
    with locked(sample, expected_version=expected_version) as current:
        refuse(["This sample is already open."] if current.status == ReviewSample.Status.OPEN else [])
        return change_record(
            sample, {"status": ReviewSample.Status.OPEN, "closed_at": None}, by=by, action="reopen_review_sample"
        )


# Reports -------------------------------------------------------------------------------------------------

REPORT_FIELDS = ("kind", "happened_on", "place", "heard_from", "heard", "suggestions", "programme", "stage_run")


def _check_run(fields: dict) -> None:
    run, programme = fields.get("stage_run"), fields.get("programme")
    if run is not None and programme is not None and run.programme_id != programme.pk:
        raise ValidationError({"stage_run": ["Choose a stage run of the programme chosen, or no programme."]})


def submit_report(organisation, *, by, **fields) -> FieldReport:
    """A patient partner's report, waiting for staff to review it. Marked as theirs."""
    _check_run(fields)
    if fields.get("stage_run") is not None and fields.get("programme") is None:
        fields["programme"] = fields["stage_run"].programme
    return create_record(
        FieldReport(organisation=organisation, author=by, **fields), by=by, action="submit_field_report"
    )


def edit_report(report: FieldReport, changes: dict, *, by, expected_version=None) -> FieldReport:
    """The author changes his report; a returned one goes back for review (sent again)."""
    with locked(report, expected_version=expected_version) as current:
        refuse(current.blockers_to_editing())
        changes = {k: v for k, v in changes.items() if k in REPORT_FIELDS}
        _check_run(
            {
                "programme": changes.get("programme", current.programme),
                "stage_run": changes.get("stage_run", current.stage_run),
            }
        )
        changes["status"] = FieldReport.Status.SUBMITTED
        return change_record(report, changes, by=by, action="edit_field_report")


def return_report(report: FieldReport, *, by, note: str, expected_version=None) -> FieldReport:
    """Send a report back to its author with a note saying what to change."""
    if not note.strip():
        raise ValidationError({"note": ["Say what the author should change."]})
    with locked(report, expected_version=expected_version) as current:
        refuse(current.blockers_to_returning())
        return change_record(
            report,
            {
                "status": FieldReport.Status.RETURNED,
                "return_note": note.strip(),
                "reviewed_by": by,
                "reviewed_at": timezone.now(),
            },
            by=by,
            action="return_field_report",
        )


def accept_report(
    report: FieldReport, *, by, stage_run, title: str, sentiment=None, themes: str = "", expected_version=None
) -> FieldReport:
    """Accept a report as insight: one cycle insight item on the chosen stage run (source: an
    engagement activity for a monitoring visit, other for a community conversation), crediting the
    patient partner in its detail, linked back. The report is locked and re-read, so two people
    accepting at once make one insight item; the second is refused (409)."""
    if stage_run is None:
        raise ValidationError({"stage_run": ["Choose the stage run this insight belongs to."]})
    with locked(report, expected_version=expected_version, related=("author",)) as current:
        refuse(current.blockers_to_accepting())
        if stage_run.programme.organisation_id != current.organisation_id:
            raise ValidationError({"stage_run": ["Choose one of your organisation's stage runs."]})
        item = record_insight(
            stage_run,
            by=by,
            title=title,
            detail=credit(current),
            source=InsightItem.Source.ACTIVITY
            if current.kind == FieldReport.Kind.MONITORING_VISIT
            else InsightItem.Source.OTHER,
            themes=themes,
            sentiment=sentiment,
            population_segment=current.heard_from[:200],
        )
        if item is None:  # pragma: no cover - record_insight always returns the item
            raise RuleBroken("The insight item could not be made.")
        return change_record(
            report,
            {
                "status": FieldReport.Status.ACCEPTED,
                "insight_item": item,
                "stage_run": stage_run,
                "programme": stage_run.programme,
                "reviewed_by": by,
                "reviewed_at": timezone.now(),
            },
            by=by,
            action="accept_field_report",
        )


def credit(report: FieldReport) -> str:
    """The insight item's detail: who gathered it, where and when, what they heard and suggest."""
    who = report.author.get_full_name() or report.author.username
    lines = [
        f"Gathered by {who}, patient partner, on a {report.get_kind_display().split(' (')[0].lower()} "
        f"at {report.place} on {report.happened_on:%-d %B %Y}.",
        f"Heard from: {report.heard_from}",
        "",
        "What they heard:",
        report.heard,
    ]
    if report.suggestions:
        lines += ["", "What they suggest:", report.suggestions]
    return "\n".join(lines)
