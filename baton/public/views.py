"""Pages anyone can read without signing in: what each organisation is working on, where it is in
the Engagement Cycle, and how to take part. Only what an engagement lead published (a
programme's published summary, never its draft) is shown."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe
from markupsafe import Markup

from baton.core import registry
from baton.core.models import Organisation
from baton.core.paging import paginate
from baton.cycle import stages
from baton.cycle.models import Programme
from baton.direction.models import VisionVersion


def _published(organisation):
    """Only what an engagement lead published: a draft never shows here."""
    return Programme.objects.for_org(organisation).published().with_current_stage()


def _sections(request, record) -> list[Markup]:
    """What areas above add to a public page (`registry.public_section`: "you said, we did")."""
    return [
        Markup(render_to_string(template, context, request=request))  # noqa: S704  rendered by the template engine, escaped
        for template, context in registry.public_sections(request, record)
    ]


@login_not_required
@require_safe
def index(request):
    organisations = Organisation.objects.order_by("name")
    return render(request, "public/index.jinja", {"page": paginate(request, organisations)})


@login_not_required
@require_safe
def organisation(request, slug):
    org = get_object_or_404(Organisation, public_slug=slug)
    page = paginate(request, _published(org))
    has_vision = VisionVersion.objects.for_org(org).approved().exists()
    return render(
        request,
        "public/organisation.jinja",
        {
            "org": org,
            "page": page,
            "stages": stages.STAGES,
            "has_vision": has_vision,
            "sections": _sections(request, org),
        },
    )


@login_not_required
@require_safe
def programme(request, slug, pk):
    org = get_object_or_404(Organisation, public_slug=slug)
    item = get_object_or_404(_published(org), pk=pk)
    return render(
        request,
        "public/programme.jinja",
        {"org": org, "programme": item, "stages": stages.STAGES, "sections": _sections(request, item)},
    )
