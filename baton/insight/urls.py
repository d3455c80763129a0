from django.urls import path

from . import views

app_name = "insight"

urlpatterns = [
    path("insight/feedback/", views.comment_list, name="comment_list"),
    path("insight/feedback/to-check/", views.to_check, name="to_check"),
    path("insight/feedback/charts/", views.charts, name="charts"),
    path("insight/feedback/export.csv", views.export, {"format": "csv"}, name="export_csv"),
    path("insight/feedback/export.xlsx", views.export, {"format": "xlsx"}, name="export_xlsx"),
    path("insight/feedback/<int:pk>/", views.comment_detail, name="comment_detail"),
    path("insight/feedback/<int:pk>/check/", views.comment_check, name="comment_check"),
    path("insight/imports/", views.import_list, name="import_list"),
    path("insight/imports/new/", views.import_new, name="import_new"),
    path("insight/imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("insight/imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
]
