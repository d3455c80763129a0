"""API authentication: bearer tokens (hashed at rest), or the browser session."""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from . import permissions
from .models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.hash(token), revoked_at__isnull=True, user__is_active=True)
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


class MemberSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user and permissions.membership(user) is not None else None
