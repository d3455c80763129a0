"""The public side of taking part: an organisation's open opportunities, each with its accessible
details and a form to register interest without an account.

The form asks only what is needed (a name or an alias; an email or a phone; needs; consent per
purpose, contact about the activity being required). It is protected by Django's CSRF check, a
honeypot field (a program that fills every box is thanked and nothing is saved) and a limit of
`BATON_PUBLIC_FORM_LIMIT` sends an hour from one address (Django's cache: Redis in production).
Whatever happened (a new person, someone already known by that email, a second registration for
the same opportunity) the same thank-you page follows, so the form never tells anyone whether
someone is registered. Works without JavaScript."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from baton.core.errors import RuleBroken
from baton.core.models import Organisation
from baton.core.paging import paginate
from baton.people.actions import register_interest
from baton.people.models import Opportunity

from .forms_take_part import InterestForm

TOO_MANY = (
    "You have sent this form too many times in the last hour. Wait an hour, then try again, or contact us instead."
)
WINDOW = 60 * 60


def _open(org):
    return Opportunity.objects.for_org(org).open_on(timezone.localdate())


def _address(request) -> str:
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"


def over_limit(request) -> bool:
    """Count this send against the address; True once it is over the hour's limit."""
    key = f"baton:take-part:{_address(request)}"
    cache.add(key, 0, WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        count = 1
    return count > settings.BATON_PUBLIC_FORM_LIMIT


@login_not_required
@require_safe
def take_part(request, slug):
    org = get_object_or_404(Organisation, public_slug=slug)
    page = paginate(request, _open(org).order_by("closes_on", "pk"))
    return render(request, "public/take_part.jinja", {"org": org, "page": page})


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def opportunity(request, slug, pk):
    org = get_object_or_404(Organisation, public_slug=slug)
    item = get_object_or_404(_open(org).select_related("organisation"), pk=pk)
    form = InterestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        thanks = redirect("public:opportunity_thanks", slug, pk)
        if over_limit(request):
            form.is_valid()
            form.errors.clear()
            form.add_error(None, TOO_MANY)
            status = 429
        elif form.is_spam():
            return thanks
        elif form.is_valid():
            try:
                register_interest(item, **form.action_fields())
            except RuleBroken as exc:
                form.add_error(None, exc.reasons)
                status = 409
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return thanks
    days = settings.BATON_RETENTION_DAYS
    kept_for = f"{days // 365} years" if days % 365 == 0 and days >= 730 else f"{days:,} days"
    return render(
        request,
        "public/opportunity.jinja",
        {"org": org, "opportunity": item, "form": form, "kept_for": kept_for},
        status=status,
    )


@login_not_required
@require_safe
def opportunity_thanks(request, slug, pk):
    org = get_object_or_404(Organisation, public_slug=slug)
    item = get_object_or_404(Opportunity.objects.for_org(org).filter(published=True), pk=pk)
    return render(request, "public/opportunity_thanks.jinja", {"org": org, "opportunity": item})
