from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.index, name="index"),
    path("activities/<int:pk>/assess/", views.assess, name="assess"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", views.assessment_edit, name="assessment_edit"),
    path("assessments/<int:pk>/delete/", views.assessment_delete, name="assessment_delete"),
    path("programmes/<int:programme_id>/", views.programme_rollup, name="programme_rollup"),
]
