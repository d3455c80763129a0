from django.utils.functional import SimpleLazyObject


def _organisation(request):
    user = request.user
    if not user.is_authenticated:
        return None
    membership = getattr(user, "membership", None)
    return membership.organisation if membership else None


class OrganisationMiddleware:
    """Sets request.organisation and request.role from the signed-in user's membership."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organisation = SimpleLazyObject(lambda: _organisation(request))
        request.role = SimpleLazyObject(
            lambda: (
                request.user.membership.role
                if request.user.is_authenticated and hasattr(request.user, "membership")
                else None
            )
        )
        return self.get_response(request)


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
