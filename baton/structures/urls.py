from django.urls import path

from . import views

app_name = "structures"

urlpatterns = [
    path("structures/", views.structure_list, name="structure_list"),
    path("structures/new/", views.structure_create, name="structure_create"),
    path("structures/<int:pk>/", views.structure_detail, name="structure_detail"),
    path("structures/<int:pk>/edit/", views.structure_edit, name="structure_edit"),
    path("structures/<int:pk>/review/", views.structure_review, name="structure_review"),
    path("structures/<int:pk>/delete/", views.structure_delete, name="structure_delete"),
    path("structures/<int:pk>/terms/", views.terms_download, name="terms_download"),
    path("structures/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("structures/meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("structures/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("structures/meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("structures/meetings/<int:pk>/minutes/", views.minutes_download, name="minutes_download"),
    path("structures/meetings/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("structures/actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("structures/actions/<int:pk>/done/", views.action_complete, name="action_complete"),
    path("structures/actions/<int:pk>/delete/", views.action_delete, name="action_delete"),
]
