"""Sign-in with an organisation account through OpenID Connect (Microsoft Entra ID, or any
standards-compliant provider): only people who already have an active Baton account (matched by
email) and a membership may come in; OIDC never creates accounts or grants roles.

mozilla-django-oidc does the protocol. This module gives it the provider's endpoints (from
settings, or from the provider's discovery document on first use), turns a refusal into a message
on Baton's sign-in page, and builds the provider's sign-out address (RP-initiated logout)."""

import logging
import time
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)

# Where each endpoint sits in a provider's discovery document (OpenID Connect Discovery 1.0, 3;
# RP-Initiated Logout 1.0, 2.1).
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
DISCOVERY_MAX_AGE = 3600  # seconds a discovery document is kept; providers change endpoints rarely
_discovered: dict[str, tuple[float, dict]] = {}

REFUSAL_SESSION_KEY = "baton_oidc_refusal"
NOT_A_BATON_ACCOUNT = (
    "Your organisation account ({email}) does not match a Baton account. Ask your Baton administrator "
    "to give you access with this email address, or sign in with a Baton username and password."
)
DID_NOT_WORK = (
    "Signing in with your organisation account did not work. Try again, or sign in with a Baton username and password."
)


def discovery_document(url: str) -> dict:
    """The provider's discovery document, fetched at most once an hour per process. Raises
    requests.RequestException when the provider cannot be reached."""
    fetched = _discovered.get(url)
    if fetched and time.monotonic() - fetched[0] < DISCOVERY_MAX_AGE:
        return fetched[1]
    response = requests.get(url, timeout=import_from_settings("OIDC_TIMEOUT", None))
    response.raise_for_status()
    document = response.json()
    _discovered[url] = (time.monotonic(), document)
    return document


def forget_discovery_documents() -> None:
    """Fetch every discovery document afresh on next use (tests; a provider that moved)."""
    _discovered.clear()


def provider_setting(name: str, *default):
    """mozilla-django-oidc's settings lookup, with the endpoints settings leave as None filled in
    from the provider's discovery document (OIDC_OP_DISCOVERY_URL)."""
    value = import_from_settings(name, *default)
    discovery_url = getattr(settings, "OIDC_OP_DISCOVERY_URL", "")
    if value is None and name in DISCOVERED and discovery_url:
        return discovery_document(discovery_url).get(DISCOVERED[name])
    return value


def claimed_email(claims: dict) -> str:
    return (claims.get("email") or claims.get("preferred_username") or "").strip()


class BatonOIDCBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(provider_setting)

    def __init__(self, *args, **kwargs):
        # Django builds every backend for every sign-in and for every request of someone signed in
        # through OIDC (get_user). The provider's endpoints, which may need its discovery document,
        # are looked up only in authenticate(): a provider that cannot be reached must not stop
        # local sign-in or the pages of people already signed in.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or "code" not in request.GET:
            return None  # not the provider's answer (a local sign-in, say)
        super().__init__()
        return super().authenticate(request, **kwargs)

    def filter_users_by_claims(self, claims):
        email = claimed_email(claims)
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True, memberships__isnull=False).distinct()

    def get_or_create_user(self, access_token, id_token, payload):
        """The one active Baton account with a membership that the provider's email claim names,
        or None with the reason kept for the sign-in page. Never creates an account: an
        administrator gives people access (OIDC_CREATE_USER is off)."""
        claims = self.get_userinfo(access_token, id_token, payload)
        users = list(self.filter_users_by_claims(claims)[:2]) if self.verify_claims(claims) else []
        if len(users) == 1:
            return users[0]
        email = claimed_email(claims)
        logger.warning("OIDC sign-in refused: %s Baton accounts match %r", len(users) or "no", email)
        request = getattr(self, "request", None)
        if email and not users and request is not None:
            request.oidc_refusal = NOT_A_BATON_ACCOUNT.format(email=email)
        return None


class AuthenticationRequestView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(provider_setting)


class CallbackView(OIDCAuthenticationCallbackView):
    def get(self, request):
        try:
            return super().get(request)
        except requests.RequestException:
            logger.exception("OIDC sign-in failed: a request to the provider failed")
            return self.login_failure()

    def login_failure(self):
        """Back to Baton's sign-in page, which says why (never the default redirect to "/",
        which would only send an anonymous person back to sign in without a word)."""
        self.request.session[REFUSAL_SESSION_KEY] = getattr(self.request, "oidc_refusal", DID_NOT_WORK)
        return redirect("core:login")


def provider_logout_url(request) -> str:
    """Where sign-out sends the browser: for someone who signed in through OIDC, the provider's
    end_session_endpoint (OpenID Connect RP-Initiated Logout 1.0), which ends their session there
    too and sends them back to Baton's public pages; otherwise straight to the public pages. Call
    it before the Baton session ends: it reads the ID token kept in the session."""
    after = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    if not (settings.OIDC_ENABLED and id_token):
        return after
    try:
        endpoint = provider_setting("OIDC_OP_LOGOUT_ENDPOINT", None)
    except requests.RequestException:
        logger.exception("OIDC sign-out: the provider did not answer; only the Baton session ends")
        return after
    if not endpoint:
        return after
    query = {
        "id_token_hint": id_token,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(after),
    }
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"
