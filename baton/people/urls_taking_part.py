"""Taking part's staff pages, included by `people/urls.py` (namespace `people`)."""

from django.urls import path

from . import views_taking_part as views

urlpatterns = [
    path("people/opportunities/", views.opportunity_list, name="opportunity_list"),
    path("people/opportunities/new/", views.opportunity_create, name="opportunity_create"),
    path("people/opportunities/<int:pk>/", views.opportunity_detail, name="opportunity_detail"),
    path("people/opportunities/<int:pk>/edit/", views.opportunity_edit, name="opportunity_edit"),
    path("people/opportunities/<int:pk>/publish/", views.opportunity_publish, name="opportunity_publish"),
    path("people/opportunities/<int:pk>/unpublish/", views.opportunity_unpublish, name="opportunity_unpublish"),
    path("people/opportunities/<int:pk>/delete/", views.opportunity_delete, name="opportunity_delete"),
    path("people/registrations/<int:pk>/invite/", views.interest_invite, name="interest_invite"),
    path("people/registrations/<int:pk>/not-selected/", views.interest_not_selected, name="interest_not_selected"),
    path("people/registrations/<int:pk>/participation/", views.interest_participation, name="interest_participation"),
    path("people/<int:person_id>/rights/", views.person_rights, name="person_rights"),
    path("people/<int:person_id>/export/", views.person_export, name="person_export"),
    path("people/<int:person_id>/erase/", views.person_erase, name="person_erase"),
    path("people/my-data/", views.my_data, name="my_data"),
    path("people/my-data/export/", views.my_data_export, name="my_data_export"),
    path("people/retention/", views.retention_runs, name="retention_runs"),
    path("people/export/", views.people_export, name="people_export"),
    path("people/import/", views.import_upload, name="import_upload"),
    path("people/import/columns/", views.import_map, name="import_map"),
]
