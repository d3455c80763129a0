from django.urls import path

from . import views

app_name = "cycle"

urlpatterns = [
    path("how-baton-works/", views.guide, name="guide"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/delete/", views.programme_delete, name="programme_delete"),
    path("programmes/<int:pk>/publish/", views.programme_publish, name="programme_publish"),
    path("programmes/<int:pk>/runs/new/", views.run_open, name="run_open"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/close/", views.run_close, name="run_close"),
    path("runs/<int:pk>/reopen/", views.run_reopen, name="run_reopen"),
    path("runs/<int:pk>/no-hand-over/", views.run_excuse, name="run_excuse"),
    path("runs/<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("runs/<int:pk>/insight/new/", views.insight_create, name="insight_create"),
    path("runs/<int:pk>/hand-over/", views.handover_create, name="handover_create"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("insight/<int:pk>/edit/", views.insight_edit, name="insight_edit"),
    path("insight/<int:pk>/delete/", views.insight_delete, name="insight_delete"),
    path("handovers/", views.handover_list, name="handover_list"),
    path("handovers/<int:pk>/", views.handover_detail, name="handover_detail"),
    path("handovers/<int:pk>/edit/", views.handover_edit, name="handover_edit"),
    path("handovers/<int:pk>/accept/", views.handover_accept, name="handover_accept"),
    path("handovers/<int:pk>/query/", views.handover_query, name="handover_query"),
    path("handovers/<int:pk>/answer/", views.handover_answer, name="handover_answer"),
]
