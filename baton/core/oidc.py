"""Sign-in through Microsoft Entra ID: only people who already have a Baton account (matched by
email) and a membership may come in; OIDC never creates accounts or grants roles."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class BatonOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or claims.get("preferred_username") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True, memberships__isnull=False).distinct()
