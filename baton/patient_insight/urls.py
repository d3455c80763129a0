from django.urls import path

from . import views

app_name = "patient_insight"

urlpatterns = [
    path("", views.index, name="index"),
    path("samples/", views.sample_list, name="sample_list"),
    path("samples/new/", views.sample_create, name="sample_create"),
    path("samples/<int:pk>/", views.sample_detail, name="sample_detail"),
    path("samples/<int:pk>/close/", views.sample_close, name="sample_close"),
    path("samples/<int:pk>/comments/<int:position>/", views.review, name="review"),
    path("agreement/", views.agreement, name="agreement"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
]
