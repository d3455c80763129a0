import logging

import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from . import audit, oidc, permissions
from . import tokens as tokens_actions
from .errors import RuleBroken
from .forms import ApiTokenForm, SignInForm
from .middleware import SESSION_ORGANISATION
from .models import ApiToken, AuditEvent
from .paging import paginate

logger = logging.getLogger(__name__)


@login_not_required
def sign_in(request):
    return auth_views.LoginView.as_view(
        template_name="core/login.jinja",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
        extra_context={"oidc_refusal": request.session.pop(oidc.REFUSAL_SESSION_KEY, None)},
    )(request)


@login_not_required
def oidc_start(request):
    """Off to the organisation's identity provider (OIDC authorisation code flow)."""
    if not settings.OIDC_ENABLED:
        raise Http404("Sign-in with an organisation account is not set up")
    try:
        return oidc.AuthenticationRequestView.as_view()(request)
    except requests.RequestException:
        logger.exception("OIDC sign-in failed: the provider's discovery document could not be read")
        request.session[oidc.REFUSAL_SESSION_KEY] = oidc.DID_NOT_WORK
        return redirect("core:login")


@login_not_required
def oidc_callback(request):
    """The provider's answer: signs in the person it names if Baton knows them, else back to the
    sign-in page with the reason."""
    if not settings.OIDC_ENABLED:
        raise Http404("Sign-in with an organisation account is not set up")
    return oidc.CallbackView.as_view()(request)


@require_POST
@never_cache
def sign_out(request):
    """Ends the Baton session and, for someone who signed in through OIDC, the provider's session
    too (it then sends them back to the public pages)."""
    destination = oidc.provider_logout_url(request)
    auth.logout(request)
    return redirect(destination)


@require_safe
def audit_log(request):
    member = permissions.require_member(request.user)
    permissions.require(permissions.can_view_audit(request.user))
    events = AuditEvent.objects.filter(organisation_id=member.organisation_id).select_related("actor")
    return render(request, "core/audit_log.jinja", {"page": paginate(request, events), "title": "Audit log"})


@require_safe
def record_history(request, model, object_id):
    member = permissions.require_member(request.user)
    permissions.require(permissions.can_view_audit(request.user))
    events = AuditEvent.objects.filter(
        organisation_id=member.organisation_id, model=model, object_id=object_id
    ).select_related("actor")
    page = paginate(request, events)
    if not page.object_list:
        raise Http404("No history")
    return render(
        request, "core/audit_log.jinja", {"page": page, "title": f"History of {page.object_list[0].object_repr}"}
    )


@require_safe
def audit_event(request, pk):
    member = permissions.require_member(request.user)
    permissions.require(permissions.can_view_audit(request.user))
    event = get_object_or_404(AuditEvent.objects.select_related("actor"), pk=pk, organisation_id=member.organisation_id)
    return render(request, "core/audit_event.jinja", {"event": event, "error": None})


@require_POST
def restore(request, pk):
    member = permissions.require_member(request.user)
    event = get_object_or_404(AuditEvent, pk=pk, organisation_id=member.organisation_id)
    permissions.require(permissions.can_restore(request.user))
    try:
        audit.restore_deleted(event, by=request.user)
    except audit.CannotRestore as exc:
        return render(request, "core/audit_event.jinja", {"event": event, "error": str(exc)}, status=409)
    messages.success(request, f"Restored {event.object_repr}.")
    return redirect("core:audit_event", pk=event.pk)


def choose_organisation(request):
    """Someone who works for several organisations chooses which one to act for; everything they
    then see and do is that organisation's alone, until they choose again."""
    mine = permissions.memberships_of(request.user)
    if not mine:
        raise Http404("No organisation")
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    error = None
    if request.method == "POST":
        chosen = next((m for m in mine if str(m.organisation_id) == request.POST.get("organisation")), None)
        if chosen is None:
            error = "Choose the organisation you are working for"
        else:
            request.session[SESSION_ORGANISATION] = chosen.organisation_id
            messages.success(request, f"You are working for {chosen.organisation}.")
            return redirect(next_url)
    current = permissions.membership(request.user)
    return render(
        request,
        "core/choose_organisation.jinja",
        {"memberships": mine, "current": current, "next": next_url, "error": error},
        status=400 if error else 200,
    )


def token_list(request):
    member = permissions.require_member(request.user)
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True).order_by("-created_at")
    form = ApiTokenForm(request.POST or None)
    new_token = raw = None
    if request.method == "POST" and form.is_valid():
        new_token, raw = tokens_actions.issue_token(
            request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            by=request.user,
            organisation=member.organisation,
        )
    context = {"page": paginate(request, tokens), "form": form, "raw": raw, "new_token": new_token}
    return render(request, "core/tokens.jinja", context)


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        tokens_actions.revoke_token(token, by=request.user)
    except RuleBroken as exc:
        messages.info(request, " ".join(exc.reasons))
    else:
        messages.success(request, f"Revoked the token '{token.name}'.")
    return redirect("core:token_list")
