from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("assessments/", views.assessment_list, name="assessment_list"),
    path("assessments/new/", views.assessment_create, name="assessment_create"),
    path("assessments/trend/", views.trend_page, name="trend"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", views.assessment_edit, name="assessment_edit"),
    path("assessments/<int:pk>/delete/", views.assessment_delete, name="assessment_delete"),
    path("assessments/<int:pk>/complete/", views.assessment_complete, name="assessment_complete"),
    path("assessments/<int:pk>/items/<int:item_pk>/", views.rate_item, name="rate_item"),
    path("assessments/ratings/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("assessments/actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("assessments/actions/<int:pk>/delete/", views.action_delete, name="action_delete"),
]
