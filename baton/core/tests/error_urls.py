"""Baton's URLs plus one that breaks, for the 500 page's tests."""

from django.urls import path

from baton.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom), *urlpatterns]
