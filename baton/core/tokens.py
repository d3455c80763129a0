"""API tokens: issuing and revoking them, the two actions on a token. Each writes one audit event
in the owner's organisation, so the audit log shows who could reach the API, from when, and until
when. (The token's own rules, its hash and its lifetimes, are on `ApiToken`.)"""

from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format

from . import audit
from .errors import RuleBroken
from .models import ApiToken, AuditEvent


def _snapshot(token: ApiToken) -> dict:
    # The digest verifies the secret; it has no business in an audit trail others may read.
    data = audit.snapshot(token)
    data.pop("digest", None)
    return data


def issue_token(
    user, *, name: str, days: int = ApiToken.DEFAULT_LIFETIME, by, organisation=None
) -> tuple[ApiToken, str]:
    """A new API token for `user`, valid for `days`: one of ApiToken.Lifetime, at most a year, so a
    forgotten or leaked token stops working by itself. Returns the token and its secret, which is
    shown once and never stored. The token acts for `organisation` (default: the one the user acts
    for now), and only while the user is a member there. Audited as issue_api_token."""
    if days not in ApiToken.Lifetime.values:
        raise RuleBroken("Choose how long the token lasts: 30 days, 90 days, 180 days or 1 year.")
    with transaction.atomic():
        token, raw = ApiToken.issue(user, name, days=days, organisation=organisation)
        audit.record(
            token,
            AuditEvent.Verb.CREATE,
            by=by,
            action="issue_api_token",
            after=_snapshot(token),
            organisation=token.organisation,
        )
    return token, raw


def revoke_token(token: ApiToken, *, by) -> ApiToken:
    """Stop a token working now. Revoking a revoked token changes nothing: the first revocation's
    date stands (it is when access ended) and RuleBroken says so. Audited as revoke_api_token."""
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().get(pk=token.pk)
        if current.revoked_at is not None:
            when = date_format(timezone.localtime(current.revoked_at), r"j F Y \a\t H:i")
            raise RuleBroken(f"The token '{current.name}' was already revoked on {when}. Nothing changed.")
        before = _snapshot(current)
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        audit.record(
            current,
            AuditEvent.Verb.UPDATE,
            by=by,
            action="revoke_api_token",
            before=before,
            after=_snapshot(current),
            organisation=current.organisation,
        )
    token.revoked_at = current.revoked_at
    return current
