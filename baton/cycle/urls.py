from django.urls import path

from . import views

app_name = "cycle"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("handovers/", views.handover_list, name="handover_list"),
    path("handovers/<int:pk>/", views.handover_detail, name="handover_detail"),
]
