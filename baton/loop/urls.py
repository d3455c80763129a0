from django.urls import path

from . import views

app_name = "loop"

urlpatterns = [
    path("loop/", views.index, name="index"),
    path("loop/programmes/<int:pk>/new/", views.commitment_create, name="commitment_create"),
    path("loop/commitments/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("loop/commitments/<int:pk>/edit/", views.commitment_edit, name="commitment_edit"),
    path("loop/commitments/<int:pk>/respond/", views.commitment_respond, name="commitment_respond"),
    path("loop/commitments/<int:pk>/publish/", views.commitment_publish, name="commitment_publish"),
    path("loop/commitments/<int:pk>/withdraw/", views.commitment_withdraw, name="commitment_withdraw"),
    path("loop/commitments/<int:pk>/delete/", views.commitment_delete, name="commitment_delete"),
    path("public/<slug:slug>/you-said-we-did/", views.public_list, name="public_list"),
    path("public/<slug:slug>/programmes/<int:pk>/you-said-we-did/", views.public_programme, name="public_programme"),
]
