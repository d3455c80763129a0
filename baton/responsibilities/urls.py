from django.urls import path

from . import views

app_name = "responsibilities"

urlpatterns = [
    path("responsibilities/", views.role_list, name="role_list"),
    path("responsibilities/new/", views.role_create, name="role_create"),
    path("responsibilities/standard-roles/", views.adopt_standard, name="adopt_standard"),
    path("responsibilities/<int:pk>/", views.role_detail, name="role_detail"),
    path("responsibilities/<int:pk>/edit/", views.role_edit, name="role_edit"),
    path("responsibilities/<int:pk>/delete/", views.role_delete, name="role_delete"),
    path("responsibilities/<int:pk>/holders/new/", views.holder_create, name="holder_create"),
    path("responsibilities/holders/<int:pk>/edit/", views.holder_edit, name="holder_edit"),
    path("responsibilities/holders/<int:pk>/end/", views.holder_end, name="holder_end"),
    path("responsibilities/holders/<int:pk>/delete/", views.holder_delete, name="holder_delete"),
]
