"""Cache-Control: no-store on answers that belong to one person, so that no browser history, shared
computer or proxy keeps a copy: every page a signed-in person gets, and every API answer. Public
pages (to someone signed out) and static files (served before this, by WhiteNoise) may be cached."""

from django.utils.cache import add_never_cache_headers


def _private(request) -> bool:
    if request.path_info.startswith("/api/"):
        return True
    try:
        return request.user.is_authenticated
    except Exception:  # the session could not be read (database down): assume someone's page
        return True


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _private(request):
            add_never_cache_headers(response)
        return response
