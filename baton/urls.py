from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from .api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("baton.hub.urls")),
    path("", include("baton.structures.urls")),
    path("", include("baton.assessment.urls")),
    path("", include("baton.governance.urls")),
    path("", include("baton.people.urls")),
    path("", include("baton.relationships.urls")),
    path("", include("baton.resources.urls")),
    path("", include("baton.insight.urls")),
    path("", include("baton.indicators.urls")),
    path("", include("baton.loop.urls")),
    path("", include("baton.responsibilities.urls")),
    path("", include("baton.direction.urls")),
    path("", include("baton.consultations.urls")),
    path("", include("baton.cycle.urls")),
    path("insight/bank/", include("baton.insight.urls_bank")),  # the insight bank (#12), apart from insight's pages
    path("", include("baton.core.urls")),
    path("learning/", include("baton.learning.urls")),
    path("patient-insight/", include("baton.patient_insight.urls")),
    path("evaluation/", include("baton.evaluation.urls")),
    path("reach/", include("baton.reach.urls")),
    path("public/", include("baton.public.urls")),
    path("board-pack/", include("baton.boardpack.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# NHS.UK-styled pages for refusals and errors (JSON under /api/): baton/core/error_pages.py.
handler403 = "baton.core.error_pages.forbidden"
handler404 = "baton.core.error_pages.not_found"
handler500 = "baton.core.error_pages.server_error"
