from django.urls import include, path

from . import views

app_name = "people"

urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/me/", views.me, name="me"),
    path("people/equality/", views.equality_aggregates, name="equality"),
    path("people/areas/", views.import_areas, name="import_areas"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/delete/", views.person_delete, name="person_delete"),
    path("people/<int:pk>/consent/", views.consent_add, name="consent_add"),
    path("people/<int:pk>/equality/", views.equality_record, name="equality_record"),
    path("people/<int:pk>/equality/delete/", views.equality_delete, name="equality_delete"),
    path("people/<int:pk>/taking-part/new/", views.participation_create, name="participation_create"),
    path("people/taking-part/<int:pk>/edit/", views.participation_edit, name="participation_edit"),
    path("people/taking-part/<int:pk>/end/", views.participation_end, name="participation_end"),
    path("people/taking-part/<int:pk>/delete/", views.participation_delete, name="participation_delete"),
    path("people/structures/<int:pk>/members/", views.structure_members, name="structure_members"),
    path("people/structures/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("people/structure-meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("people/attendance/<int:pk>/delete/", views.attendance_delete, name="attendance_delete"),
    path("", include("baton.people.urls_taking_part")),
]
