"""Pages for refusals, missing pages, server errors and failed CSRF checks: NHS.UK-styled, in plain
English, each with a way back (the hub when signed in, the public pages when not). Under /api/
the same events answer JSON in the API's error shape, so a program never gets a web page.

The 500 page must render when the database is down, so it touches nothing that could query: not
request.user, not request.organisation, not the messages. Its template stands alone."""

from django.http import JsonResponse
from django.shortcuts import render


def _api(request) -> bool:
    return request.path_info.startswith("/api/")


def _signed_in(request) -> bool:
    try:
        return request.user.is_authenticated
    except Exception:  # the database behind the session is unreachable: treat as signed out
        return False


def _page(request, template: str, status: int, **context):
    context["signed_in"] = _signed_in(request)
    return render(request, template, context, status=status)


def forbidden(request, exception=None):
    """handler403: a person who may not do this. The reason, when the code gave one, is shown."""
    reason = str(exception or "").strip() or "You do not have permission to do this."
    if _api(request):
        return JsonResponse({"detail": reason}, status=403)
    return _page(request, "core/errors/403.jinja", 403, reason=reason)


def not_found(request, exception=None):
    """handler404: no such page, or a record of another organisation (which, for this person,
    does not exist)."""
    if _api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return _page(request, "core/errors/404.jinja", 404)


def server_error(request):
    """handler500: something broke. No database access here (see the module docstring)."""
    if _api(request):
        return JsonResponse({"detail": "Something went wrong on our side. Try again later."}, status=500)
    return render(request, "core/errors/500.jinja", {}, status=500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without its security token, or with an old one (the page
    was open a long time, the person signed out in another tab, cookies are blocked). Django logs
    the reason on django.security.csrf."""
    if _api(request):
        return JsonResponse({"detail": "The CSRF check failed. Send the X-CSRFToken header."}, status=403)
    return _page(request, "core/errors/csrf.jinja", 403)
