"""The REST API at /api/: each app's router mounted here, one auth, one error shape.

Bad input: 422 with field errors (django-ninja's validation). A domain rule that refuses the change
or a stale edit: 409 with the reasons. Not yours: 404. Not allowed: 403."""

import json

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.http.request import RawPostDataException
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as InputError
from ninja.responses import NinjaJSONEncoder

from baton.core.api_auth import MemberSessionAuth, TokenAuth
from baton.core.errors import RuleBroken, StaleEdit


class BatonAPI(NinjaAPI):
    """NinjaAPI that builds its OpenAPI document once per address prefix, not on every request for
    /api/openapi.json: the routes are fixed once the apps are loaded. Each caller gets its own copy,
    so nothing that edits the document (a test tool, say) changes what the next one is given: the
    document is kept as JSON text and parsed for each caller, which is about fifteen times quicker
    than copying the dictionary (4 ms against 57 ms for 200 operations)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        key = path_prefix if path_prefix is not None else self.get_root_path(path_params or {})
        cache = self.__dict__.setdefault("_openapi_by_prefix", {})
        if key not in cache:
            cache[key] = json.dumps(super().get_openapi_schema(path_prefix=key), cls=NinjaJSONEncoder)
        return json.loads(cache[key])


api = BatonAPI(
    title="Baton API",
    version="1",
    description="Plan and track engagement round the Engagement Cycle. Authenticate with `Authorization: Bearer <token>` "
    "(create a token under Account > API tokens).",
    auth=[TokenAuth(), MemberSessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    """401: no token, or one that is wrong, revoked or expired (and no signed-in session)."""
    response = api.create_response(
        request,
        {
            "detail": "Send a valid API token as 'Authorization: Bearer <token>'. This one is missing, wrong, "
            "revoked or expired: create a new one under API tokens."
        },
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="Baton API"'
    return response


@api.exception_handler(StaleEdit)
def stale_edit(request, exc):
    return api.create_response(request, {"detail": exc.reasons, "code": "stale_edit"}, status=409)


@api.exception_handler(RuleBroken)
def rule_broken(request, exc):
    return api.create_response(request, {"detail": exc.reasons, "code": "rule_broken"}, status=409)


@api.exception_handler(InputError)
def input_validation(request, exc):
    """django-ninja's 422, with the body parameter's name left out of `loc` (["body", "reach"], not
    ["body", "payload", "reach"]) so that schema errors and model errors point at fields alike."""
    detail = []
    for error in exc.errors:
        loc = list(error.get("loc", ()))
        if len(loc) > 1 and loc[0] == "body" and loc[1] == "payload":
            del loc[1]
        detail.append({**error, "loc": loc})
    return api.create_response(request, {"detail": detail}, status=422)


def _body_keys(request) -> set[str]:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RawPostDataException):  # a multipart upload was read as a stream
        return set(request.POST) | set(request.FILES) if request.method == "POST" else set()
    return set(body) if isinstance(body, dict) else set()


def _api_name(field: str, sent: set[str]) -> str:
    """The name the client used for a model field: `lead` was sent as `lead_id`, `insight` as
    `insight_ids`."""
    for name in (field, f"{field}_id", f"{field}_ids"):
        if name in sent:
            return name
    return field


@api.exception_handler(ValidationError)
def model_validation(request, exc):
    if hasattr(exc, "message_dict"):
        sent = _body_keys(request)
        # Errors of the whole record (NON_FIELD_ERRORS, e.g. a unique name) point at the body itself.
        detail = [
            {
                "loc": ["body"] if field == NON_FIELD_ERRORS else ["body", _api_name(field, sent)],
                "msg": msg,
                "type": "value_error",
            }
            for field, msgs in exc.message_dict.items()
            for msg in msgs
        ]
    else:
        detail = [{"loc": ["body"], "msg": msg, "type": "value_error"} for msg in exc.messages]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "You do not have permission to do this."}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


def _mount_each_apps_router() -> None:
    """Every Baton app with an `api.py` that has a `router` is mounted here, bottom to top
    (INSTALLED_APPS order), so a new area's API needs no change to this file."""
    from baton.core.registry import app_module, baton_apps

    for config in baton_apps():
        module = app_module(config, "api")
        if module is not None and hasattr(module, "router"):
            api.add_router("/", module.router)


# The insight bank's search (#12) is a router of its own beside the insight app's `api.py`; mounted
# first, so that /insight/bank is not taken for cycle's /insight/{item_id}.
api.add_router("/", "baton.insight.api_bank.router")
_mount_each_apps_router()


@api.get("/", auth=None, include_in_schema=False)
def index(request):
    """/api/ itself: a browser goes to the docs; a program gets where everything is."""
    from django.shortcuts import redirect
    from django.urls import reverse

    docs = reverse("api:openapi-view")
    if "text/html" in request.headers.get("Accept", ""):
        return redirect(docs)
    return {
        "title": api.title,
        "version": api.version,
        "docs": docs,
        "openapi": reverse("api:openapi-json"),
        "authentication": "Send 'Authorization: Bearer <token>'; create a token under API tokens "
        f"({reverse('core:token_list')}).",
    }
