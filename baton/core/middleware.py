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
            lambda: request.user.membership.role
            if request.user.is_authenticated and hasattr(request.user, "membership")
            else None
        )
        return self.get_response(request)
