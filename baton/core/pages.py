"""What every area's views share. A view takes four steps: access (`get_*_for_user`: 404 when not
yours; `require(can_...)`: 403 when not allowed), bind (a form), act (one action, through `act`),
respond (`done` after a change; `render_page` otherwise; a partial for HTMX).

    def activity_create(request, pk):
        run = get_run_for_user(request.user, pk)
        require(can_work_on_run(request.user, run))
        form = ActivityForm(post_or_none(request))
        if request.method == "POST" and form.is_valid():
            ok, activity = act(form, actions.record_activity, run, by=request.user, **form.changes())
            if ok:
                return done(request, reverse(...), f"Recorded the activity {activity}.", form=form)
        return render_page(request, "cycle/record_form.jinja", {"form": form, ...})
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django_htmx.http import HttpResponseClientRedirect

from .actions import AlreadyDone, once
from .errors import RuleBroken
from .permissions import can_view_audit

TWICE = "You sent this twice; it was saved once."


def post_or_none(request):
    """The form's data on a POST, else None (an unbound form)."""
    return request.POST if request.method == "POST" else None


def render_page(request, template: str, context: dict, status: int = 200, **extra) -> HttpResponse:
    """Render a page (or an HTMX partial) with the context every page may use. A form shown again
    because a rule refused the change, or someone else changed the record first, answers 409 (the
    same as the API); one with bad input, 200 with its error summary."""
    form = context.get("form")
    if status == 200 and getattr(form, "refused", False):
        status = 409
    return render(request, template, {**extra, **context}, status=status)


def act(form, action, *args, **kwargs):
    """Run one action for a bound, valid form. A broken rule or a stale edit goes into the form's
    error summary and nothing is saved. A form with a one-time token (`once = True`) that was
    sent before gives the first result again instead of acting twice (`form.sent_twice`).
    Returns (done, result)."""
    key = form.submission_key() if hasattr(form, "submission_key") else None
    by = kwargs.get("by")
    try:
        with once(key, by=by, scope=f"form:{type(form).__name__}") as keep:
            result = action(*args, **kwargs)
            keep(result if hasattr(result, "_meta") else None)
            return True, result
    except AlreadyDone as first:
        form.sent_twice = True
        if first.result is None:
            form.add_error(None, "This form was sent twice. It was saved once: go back to the page to see it.")
            return False, None
        return True, first.result
    except RuleBroken as exc:
        form.refused = True
        form.add_error(None, exc.reasons)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    return False, None


def done(request, url: str, message: str, *, form=None):
    """A change worked: say so and go to `url` (a full redirect for HTMX too, so the page and its
    message are fresh)."""
    if form is not None and getattr(form, "sent_twice", False):
        message = f"{message} {TWICE}"
    messages.success(request, message)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def advise(request, record) -> None:
    """What areas above say about a record just saved (`core.registry.advice`: someone added to a
    tender panel without the procurement induction), shown as warnings on the next page."""
    from . import registry

    for sentence in registry.advice_for(record):
        messages.warning(request, sentence)


def deleted_message(request, what: str, event) -> str:
    """What a deletion says: where to undo it, for those who may."""
    if can_view_audit(request.user):
        return format_html(
            'Deleted {}. <a href="{}">Restore it from its audit record</a>.',
            what,
            reverse("core:audit_event", args=[event.pk]),
        )
    return f"Deleted {what}. An engagement lead can restore it from the audit log."
