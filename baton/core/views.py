from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import audit, permissions
from . import tokens as tokens_actions
from .errors import RuleBroken
from .forms import ApiTokenForm, SignInForm
from .models import ApiToken, AuditEvent
from .paging import paginate


@login_not_required
def sign_in(request):
    return auth_views.LoginView.as_view(
        template_name="core/login.jinja", authentication_form=SignInForm, redirect_authenticated_user=True
    )(request)


def audit_log(request):
    member = permissions.require_member(request.user)
    permissions.require(permissions.can_view_audit(request.user))
    events = AuditEvent.objects.filter(organisation_id=member.organisation_id).select_related("actor")
    return render(request, "core/audit_log.jinja", {"page": paginate(request, events), "title": "Audit log"})


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


def token_list(request):
    permissions.require_member(request.user)
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True).order_by("-created_at")
    form = ApiTokenForm(request.POST or None)
    new_token = raw = None
    if request.method == "POST" and form.is_valid():
        new_token, raw = tokens_actions.issue_token(
            request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"], by=request.user
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
