from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from . import permissions

SESSION_ORGANISATION = "baton_organisation_id"
# Paths a person with several organisations may reach before choosing one.
BEFORE_CHOOSING = ("/account/organisation/", "/sign-out/", "/sign-in/", "/static/", "/public/", "/api/", "/oidc/")


class OrganisationMiddleware:
    """Says which organisation the request acts for: the session's choice (a person working for
    several organisations chooses after signing in), else their only membership. Sets
    `request.organisation` (lazily) and sends someone with several organisations and no choice yet
    to choose one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        chosen = request.session.get(SESSION_ORGANISATION) if hasattr(request, "session") else None
        if chosen is not None and user.is_authenticated:
            permissions.act_for(user, chosen)
            if permissions.membership(user) is None:  # no longer a member there: choose again
                del request.session[SESSION_ORGANISATION]
                permissions.act_for(user, None)
        request.organisation = SimpleLazyObject(lambda: _organisation(request))
        if (
            user.is_authenticated
            and not request.path_info.startswith(BEFORE_CHOOSING)
            and permissions.membership(user) is None
            and len(permissions.memberships_of(user)) > 1
        ):
            return redirect(f"{reverse('core:choose_organisation')}?next={request.get_full_path()}")
        return self.get_response(request)


def _organisation(request):
    member = permissions.membership(request.user)
    return member.organisation if member else None


class BatonLoginRequiredMiddleware:
    """Django's LoginRequiredMiddleware, except for the API, which answers 401 itself (bearer
    token or session) instead of redirecting a program to a sign-in page."""

    def __new__(cls, get_response):
        from django.contrib.auth.middleware import LoginRequiredMiddleware

        class _Middleware(LoginRequiredMiddleware):
            def process_view(self, request, view_func, view_args, view_kwargs):
                if request.path_info.startswith("/api/"):
                    return None
                return super().process_view(request, view_func, view_args, view_kwargs)

        return _Middleware(get_response)
