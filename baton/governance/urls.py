from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("governance/", views.case_list, name="index"),
    path("governance/cases/new/", views.case_create, name="case_create"),
    path("governance/cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("governance/cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("governance/cases/<int:pk>/delete/", views.case_delete, name="case_delete"),
    path("governance/cases/<int:pk>/screening/", views.case_screening, name="case_screening"),
    path("governance/cases/<int:pk>/assessment/", views.case_ehia, name="case_ehia"),
    path("governance/cases/<int:pk>/plan/", views.case_plan, name="case_plan"),
    path("governance/cases/<int:pk>/assure/", views.case_assure, name="case_assure"),
    path("governance/cases/<int:pk>/sign-off/", views.case_sign_off, name="case_sign_off"),
    path("governance/conditions/<int:pk>/close/", views.condition_close, name="condition_close"),
    path("governance/boards/", views.board_list, name="board_list"),
    path("governance/boards/new/", views.board_create, name="board_create"),
    path("governance/boards/<int:pk>/", views.board_detail, name="board_detail"),
    path("governance/boards/<int:pk>/edit/", views.board_edit, name="board_edit"),
    path("governance/boards/<int:pk>/delete/", views.board_delete, name="board_delete"),
    path("governance/boards/<int:pk>/members/new/", views.member_add, name="member_add"),
    path("governance/boards/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("governance/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("governance/meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("governance/meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("governance/meetings/<int:pk>/papers/new/", views.paper_add, name="paper_add"),
    path("governance/papers/<int:pk>/document/", views.paper_download, name="paper_download"),
    path("governance/papers/<int:pk>/delete/", views.paper_delete, name="paper_delete"),
    path("governance/decisions/", views.decision_list, name="decision_list"),
    path("governance/decisions/new/", views.decision_create, name="decision_create"),
    path("governance/decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("governance/decisions/<int:pk>/edit/", views.decision_edit, name="decision_edit"),
    path("governance/decisions/<int:pk>/delete/", views.decision_delete, name="decision_delete"),
]
