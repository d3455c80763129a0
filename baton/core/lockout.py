"""Sign-in throttling, with django-axes doing the counting and the locking (settings: AXES_*).

The policy (docs/deploy.md, "Sign-in throttling"):

- **By account.** BATON_SIGN_IN_ACCOUNT_LIMIT (10, as the NCSC's password guidance suggests)
  wrong passwords for one username, from anywhere, lock that username from every address, so an
  attacker gains nothing by moving address.
- **By address.** BATON_SIGN_IN_ADDRESS_LIMIT (30) failures from one address, whatever the
  usernames, lock that address (password spraying). The limit is higher than the account's because
  a whole NHS site can reach Baton through one address: a few people mistyping must not lock them
  all out. Another address is not locked by an address lock.
- Either lock lasts BATON_SIGN_IN_COOLOFF_MINUTES (15) from the failure that set it; attempts
  during the lock are refused without extending it, so the wait we tell people is true.
- Only the sign-in form (and the admin's) counts. API tokens never pass through
  `authenticate()`, so a locked account's tokens still work.

What is recorded: for a username that belongs to someone with an organisation, an AuditEvent in
that organisation (`sign_in_locked_out`, on the user) when the lock starts. An unknown username has
no organisation to hold an audit event: axes' own AccessAttempt (the lock) and AccessFailureLog
(every failure) are the record there, in the admin, and a warning goes to the log."""

import logging

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from . import audit, permissions
from .forms import SignInForm
from .models import AuditEvent

log = logging.getLogger(__name__)


def cool_off_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out_message() -> str:
    return (
        "You cannot sign in for now because of too many attempts with a wrong password. "
        f"Wait {cool_off_minutes()} minutes, then try again. If you have forgotten your password, "
        "or cannot wait, ask your Baton administrator: they can unlock your account."
    )


class SignInThrottle(AxesDatabaseHandler):
    """axes' database handler, with a separate limit for an address (see the module's docstring).
    Every lock decision axes makes goes through get_failures: it returns the account's failures,
    or the address's scaled to the account's limit, whichever is nearer its own limit."""

    def get_failures(self, request, credentials=None) -> int:
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))

        def failures(**match) -> int:
            return recent.filter(**match).aggregate(n=Sum("failures_since_start"))["n"] or 0

        username = get_client_username(request, credentials)
        # No username (an OIDC sign-in): only the address counts. Counting "no username" as an
        # account would let anyone's failed OIDC sign-ins lock everyone else's.
        by_account = failures(username=username) if username else 0
        by_address = failures(ip_address=request.axes_ip_address)
        return max(by_account, by_address * settings.AXES_FAILURE_LIMIT // settings.BATON_SIGN_IN_ADDRESS_LIMIT)


class LockedOutSignInForm(SignInForm):
    """The sign-in form as the person filled it in, refused with the lock-out message without
    checking the password again (that would count as another attempt)."""

    def clean(self):
        raise ValidationError(locked_out_message(), code="locked_out")


def locked_out_response(request, original_response=None, credentials=None):
    """axes' AXES_LOCKOUT_CALLABLE: the sign-in page with the message in its error summary."""
    form = LockedOutSignInForm(request, data=request.POST)
    response = render(request, "core/login.jinja", {"form": form}, status=settings.AXES_HTTP_RESPONSE_CODE)
    add_never_cache_headers(response)  # as Django's sign-in page itself
    return response


@receiver(user_locked_out)
def record_lock_out(sender, request, username, ip_address, **kwargs):
    # axes sends this when a lock starts and again for each attempt refused during it; only the
    # start set axes_failures_since_start.
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    user = get_user_model()._default_manager.filter(username=username).first() if username else None
    organisations = [m.organisation for m in permissions.memberships_of(user)] if user else []
    if not organisations:
        # Neither the username nor the address goes to the log (people type passwords into the
        # username box); they are in axes' AccessAttempt and AccessFailureLog, in the admin.
        log.warning(
            "Sign-in locked for %s minutes after %s failures, for a username of no one in a Baton "
            "organisation. The record is in the admin: Axes > Access attempts and Access failures.",
            cool_off_minutes(),
            failures,
        )
        return
    for organisation in organisations:  # each organisation the person works for sees it in its audit log
        audit.record(
            user,
            AuditEvent.Verb.ACTION,
            by=None,
            action="sign_in_locked_out",
            after={"username": username, "ip_address": ip_address, "failures": failures, "minutes": cool_off_minutes()},
            organisation=organisation,
        )
