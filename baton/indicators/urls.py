from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("indicators/", views.index, name="index"),
    path("indicators/<str:key>/", views.detail, name="detail"),
]
