from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.organisation, name="organisation"),
    path("<slug:slug>/programmes/<int:pk>/", views.programme, name="programme"),
]
