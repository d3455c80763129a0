from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.me, name="me"),
    path("me/support/", views.me_need, name="me_need"),
    path("offers/", views.offer_list, name="offer_list"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/delete/", views.offer_delete, name="offer_delete"),
    path("requirements/", views.requirement_list, name="requirement_list"),
    path("requirements/new/", views.requirement_create, name="requirement_create"),
    path("requirements/<int:pk>/edit/", views.requirement_edit, name="requirement_edit"),
    path("requirements/<int:pk>/delete/", views.requirement_delete, name="requirement_delete"),
    path("roles/new/", views.role_kind_create, name="role_kind_create"),
    path("roles/<int:pk>/", views.role_kind, name="role_kind"),
    path("roles/<int:pk>/edit/", views.role_kind_edit, name="role_kind_edit"),
    path("roles/<int:pk>/delete/", views.role_kind_delete, name="role_kind_delete"),
    path("roles/staff/", views.staff_role, name="staff_role"),
    path("capacity/", views.capacity, name="capacity"),
    path("records/", views.record_list, name="record_list"),
    path("records/new/", views.record_create, name="record_create"),
    path("records/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path("records/<int:pk>/certificate/", views.record_certificate, name="record_certificate"),
    path("support/", views.need_list, name="need_list"),
    path("support/new/", views.need_create, name="need_create"),
    path("support/<int:pk>/close/", views.need_close, name="need_close"),
]
