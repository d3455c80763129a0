"""Who may do what with review samples and patient partners' reports. Pages, the API and templates
all ask here.

- Staff of the organisation (anyone with a membership who is not there only as a patient partner)
  read every sample, its reviews and the agreement figures, and every report.
- Engagement leads and admins (`give_review_samples`) give a patient partner a sample, and close or
  reopen it; they (`accept_field_reports`) accept a report as insight or return it.
- A patient partner (`review_comments`) sees only the samples given to him: anyone else's is 404;
  he reviews their comments while the sample is open. He (`gather_insight`) records reports, sees
  only his own (anyone else's is 404) and changes one until it is accepted.
- Another organisation's samples and reports are 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from baton.core.models import Role, RoleAssignment, User
from baton.core.permissions import get_for_user, has, membership, require, roles_of

from .models import FieldReport, Review, ReviewSample

GIVE_SAMPLES = "give_review_samples"
REVIEW_COMMENTS = "review_comments"
GATHER = "gather_insight"
ACCEPT_REPORTS = "accept_field_reports"


def is_staff(user) -> bool:
    """Anyone with a membership who is not there only as a patient partner (a member whose role has
    ended included: they read, and change nothing)."""
    if membership(user) is None:
        return False
    held = roles_of(user)
    return not held or held != {Role.PATIENT_PARTNER}


def can_give_samples(user) -> bool:
    return has(user, GIVE_SAMPLES)


def can_accept(user) -> bool:
    return has(user, ACCEPT_REPORTS)


def can_gather(user) -> bool:
    return has(user, GATHER)


def can_review(user, sample: ReviewSample) -> bool:
    """The sample's own reviewer, while he holds the patient partner role."""
    return sample.reviewer_id == user.pk and has(user, REVIEW_COMMENTS)


def can_edit_report(user, report: FieldReport) -> bool:
    return report.author_id == user.pk and has(user, GATHER) and not report.blockers_to_editing()


def uses_area(user) -> bool:
    """Someone with something here: staff, or a patient partner."""
    return is_staff(user) or has(user, REVIEW_COMMENTS) or has(user, GATHER)


def require_area(user) -> None:
    require(uses_area(user), "These pages are for staff and patient partners.")


def require_staff(user) -> None:
    require(is_staff(user), "These pages are for staff of the organisation.")


def get_sample_for_user(user, pk) -> ReviewSample:
    """A sample: staff read any of their organisation's; its reviewer reads his own; anyone else 404."""
    found = get_for_user(ReviewSample, user, pk, select_related=("organisation", "reviewer"))
    if is_staff(user) or found.reviewer_id == user.pk:
        return found
    raise Http404("Not found")


def get_review_for_user(user, sample_pk, position) -> Review:
    """One comment of a sample, to review: its reviewer only (staff 403, anyone else 404)."""
    sample = get_sample_for_user(user, sample_pk)
    require(can_review(user, sample), "Only the patient partner this sample was given to reviews its comments.")
    try:
        review = Review.objects.select_related("comment").get(sample=sample, position=position)
    except (Review.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found") from None
    review.sample = sample
    return review


def get_review_by_id(user, pk) -> Review:
    """The API's door to one review: the sample's rules."""
    found = get_for_user(Review, user, pk, select_related=("sample", "comment"))
    if not (is_staff(user) or found.sample.reviewer_id == user.pk):
        raise Http404("Not found")
    return found


def get_report_for_user(user, pk) -> FieldReport:
    """A report: staff read any of their organisation's; its author reads his own; anyone else 404."""
    found = get_for_user(FieldReport, user, pk, select_related=("organisation", "author", "stage_run", "programme"))
    if is_staff(user) or found.author_id == user.pk:
        return found
    raise Http404("Not found")


def patient_partners(organisation) -> QuerySet[User]:
    """Who may be given a sample: active users holding the patient partner role today."""
    assignments = RoleAssignment.objects.current().filter(
        membership__organisation=organisation, role=Role.PATIENT_PARTNER
    )
    return (
        User.objects.filter(is_active=True, memberships__in=assignments.values("membership"))
        .distinct()
        .order_by("first_name", "last_name", "username", "pk")
    )


def samples_for(user, organisation_id) -> QuerySet[ReviewSample]:
    found = ReviewSample.objects.for_org(organisation_id)
    return found if is_staff(user) else found.filter(reviewer=user)


def reports_for(user, organisation_id) -> QuerySet[FieldReport]:
    found = FieldReport.objects.for_org(organisation_id)
    return found if is_staff(user) else found.filter(author=user)
