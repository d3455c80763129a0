from django.urls import path

from . import views

app_name = "reach"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("population/", views.population, name="population"),
    path("population/<int:pk>/", views.profile_detail, name="profile_detail"),
    path("population/import/", views.population_import, name="population_import"),
    path("population/import/columns/", views.population_map, name="population_map"),
    path("activities/<int:pk>/", views.activity, name="activity"),
    path("stage-runs/<int:pk>/", views.stage_run, name="stage_run"),
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path("structures/<int:pk>/", views.structure, name="structure"),
]
