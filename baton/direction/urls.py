from django.urls import path

from . import views

app_name = "direction"

urlpatterns = [
    path("direction/", views.index, name="index"),
    path("direction/coverage/", views.coverage, name="coverage"),
    path("direction/principles/", views.principle_list, name="principle_list"),
    path("direction/principles/adopt/", views.principle_adopt, name="principle_adopt"),
    path("direction/adoptions/<int:pk>/edit/", views.adoption_edit, name="adoption_edit"),
    path("direction/adoptions/<int:pk>/withdraw/", views.adoption_delete, name="adoption_delete"),
    path("direction/plans/", views.plan_list, name="plan_list"),
    path("direction/plans/new/", views.plan_create, name="plan_create"),
    path("direction/plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("direction/plans/<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("direction/strategy/<int:pk>/objectives/new/", views.objective_create, name="objective_create"),
    path("direction/objectives/<int:pk>/edit/", views.objective_edit, name="objective_edit"),
    path("direction/objectives/<int:pk>/delete/", views.objective_delete, name="objective_delete"),
    path("public/<slug:slug>/vision/", views.public_vision, name="public_vision"),
    path("public/<slug:slug>/vision/versions/<int:number>/", views.public_vision, name="public_vision_version"),
]

for kind in ("vision", "strategy"):
    urlpatterns += [
        path(f"direction/{kind}/", views.version_list, {"kind": kind}, name=f"{kind}_list"),
        path(f"direction/{kind}/new/", views.version_start, {"kind": kind}, name=f"{kind}_start"),
        path(f"direction/{kind}/<int:pk>/", views.version_detail, {"kind": kind}, name=f"{kind}_detail"),
        path(f"direction/{kind}/<int:pk>/edit/", views.version_edit, {"kind": kind}, name=f"{kind}_edit"),
        path(f"direction/{kind}/<int:pk>/approve/", views.version_approve, {"kind": kind}, name=f"{kind}_approve"),
        path(f"direction/{kind}/<int:pk>/delete/", views.version_delete, {"kind": kind}, name=f"{kind}_delete"),
    ]
