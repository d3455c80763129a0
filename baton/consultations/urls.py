from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("consultations/minimum-duration/", views.settings_edit, name="settings_edit"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation_edit"),
    path("consultations/<int:pk>/delete/", views.consultation_delete, name="consultation_delete"),
    path("consultations/<int:pk>/open/", views.consultation_open, name="consultation_open"),
    path("consultations/<int:pk>/close/", views.consultation_close, name="consultation_close"),
    path("consultations/<int:pk>/responses/", views.consultation_responses, name="consultation_responses"),
    path("consultations/<int:pk>/report/", views.consultation_report, name="consultation_report"),
    path("consultations/<int:pk>/report/file/", views.report_download, name="report_download"),
    path(
        "consultations/<int:pk>/report/publish/", views.consultation_publish_report, name="consultation_publish_report"
    ),
    path("consultations/<int:pk>/documents/new/", views.material_create, name="material_create"),
    path("consultation-documents/<int:pk>/", views.material_download, name="material_download"),
    path("consultation-documents/<int:pk>/delete/", views.material_delete, name="material_delete"),
    path("gunning-checks/<int:pk>/", views.assessment_edit, name="assessment_edit"),
    path("public/<slug:slug>/consultations/", views.public_list, name="public_list"),
    path("public/<slug:slug>/consultations/documents/<int:pk>/", views.public_material, name="public_material"),
    path("public/<slug:slug>/consultations/<int:pk>/report/", views.public_report, name="public_report"),
]
