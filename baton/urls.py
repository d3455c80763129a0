from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("", include("baton.hub.urls")),
    path("", include("baton.cycle.urls")),
    path("", include("baton.core.urls")),
    path("public/", include("baton.public.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
