"""API authentication: bearer tokens (hashed at rest), or the browser session."""

from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from . import permissions
from .models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = (
            ApiToken.objects.select_related("user")
            .filter(
                digest=ApiToken.hash(token),
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
                user__is_active=True,
            )
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 300:
            # Touch at most every five minutes: no write on every request.
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        # The token acts for the organisation it was issued for, and only while its user is a member.
        permissions.act_for(found.user, found.organisation_id)
        request.user = found.user
        return found.user


# A signed-in browser's write without its CSRF token: refused, in words a developer can act on.
CSRF_REFUSED = (
    "This request came from a signed-in browser session without a valid CSRF token, so it was refused. "
    "Send the token in the X-CSRFToken header (it is in the csrftoken cookie), or use an API token instead."
)


class MemberSessionAuth(SessionAuth):
    def _get_key(self, request):
        # The CSRF check protects a signed-in session from other sites' forms. Without a session
        # there is nothing to protect: the request has no credentials, which is a 401 (from the
        # API's authentication error), not ninja's 403 "CSRF check Failed".
        if not request.user.is_authenticated:
            return None
        try:
            return super()._get_key(request)
        except HttpError as exc:
            raise HttpError(403, CSRF_REFUSED) from exc

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user and permissions.membership(user) is not None else None
