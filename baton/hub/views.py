"""The hub dashboard: what waits for me, every dropped baton and the ten elements, each part
contributed by the area that holds its data (core.registry)."""

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from baton.core import registry
from baton.core.models import User
from baton.core.pages import render_page
from baton.core.permissions import require_member

from . import elements


def hub_context(request: HttpRequest) -> registry.HubContext:
    member = require_member(request.user)  # 404 unless signed in and acting for an organisation
    return registry.HubContext(
        organisation=member.organisation,
        user=cast(User, request.user),
        today=timezone.localdate(),
        now=timezone.now(),
    )


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    ctx = hub_context(request)
    # Each area's section of the page, rendered with its own template and context.
    panels = [
        # Our own templates, autoescaped when they were rendered: safe to include as they are.
        mark_safe(render_to_string(panel.template, panel.context(request, ctx), request=request))
        for panel in registry.hub_panels()
    ]
    return render_page(
        request,
        "hub/hub.jinja",
        {
            "organisation": ctx.organisation,
            "work": registry.work_lists(ctx),
            "panels": panels,
            "elements": elements.statuses(ctx),
        },
    )
